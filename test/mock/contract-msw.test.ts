/**
 * The restdb contract against the in-process msw handlers of `createRestdbMock`.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe } from 'vitest';
import { createRestdbMock } from '../../src/mock/index';
import { restdbContract } from './contract/restdb-contract';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let counter = 0;

describe('restdb contract over msw', () => {
  restdbContract(async (options = {}) => {
    counter += 1;
    const mock = createRestdbMock({ ...options, url: `https://db-${counter}.restdb.test`, idpUrl: `https://idp-${counter}.restdb.test` });
    server.use(...mock.handlers);
    return { url: mock.url, idpUrl: mock.idpUrl, clientId: mock.clientId, apiKey: mock.apiKey, mock, close: async () => undefined };
  });
});
