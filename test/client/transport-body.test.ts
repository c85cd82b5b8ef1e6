import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRestdbMock } from '../../src/mock/index';
import { RestdbClient, RestdbTimeoutError } from '../../src/index';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A server that sends the headers and the start of a body, then stalls; `closed` resolves when the client hangs up. */
async function stallingServer(): Promise<{ url: string; closed: Promise<void> }> {
  let hungUp!: () => void;
  const closed = new Promise<void>((r) => (hungUp = r));
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    req.socket.on('close', hungUp);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closed };
}

const auth0 = createRestdbMock().auth0Client();

describe('transport: the deadline during the body', () => {
  it.each([
    ['the default fetch', undefined],
    // A wrapper that passes only the Request on: the deadline must reach it through the Request's own signal.
    ['a fetch option that passes only the Request on', ((input: RequestInfo | URL) => fetch(input)) as typeof fetch],
  ])('with %s, a deadline while the body streams rejects on time and aborts the body (the connection is closed)', async (_label, wrapper) => {
    const { url, closed } = await stallingServer();
    const client = new RestdbClient({ url, auth0, apiKey: 'k', onWarning: () => undefined, ...(wrapper && { fetch: wrapper }) });
    const started = Date.now();
    const error = await client.collection('todos').find(undefined, { timeout: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestdbTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    const hungUp = await Promise.race([closed.then(() => true), new Promise((r) => setTimeout(() => r(false), 1000))]);
    expect(hungUp).toBe(true);
  });
});
