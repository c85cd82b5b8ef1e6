/**
 * The restdb contract against the real HTTP server of `startMockServer` on free loopback ports.
 */
import { describe } from 'vitest';
import { startMockServer } from '../../src/mock/node';
import { restdbContract } from './contract/restdb-contract';

describe('restdb contract over HTTP', () => {
  restdbContract(async (options = {}) => {
    const server = await startMockServer({ ...options, port: 0, idpPort: 0 });
    return { url: server.url, idpUrl: server.idpUrl, clientId: server.clientId, apiKey: server.apiKey, mock: server.mock, close: () => server.close() };
  });
});
