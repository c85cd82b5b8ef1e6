import { createServer, type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/** A port that was free a moment ago (listen on 0, read, close). Prefer {@link serveFetch}, which has no race. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A running test HTTP server. */
export interface TestServer {
  port: number;
  /** `http://localhost:<port>` (Chromium treats localhost as a secure context, which spa-js requires). */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a fetch handler on 127.0.0.1 at a free port. The handler is looked up per request, so it may be created
 * after the port is known (e.g. an IdP whose issuer must contain the port).
 */
export function serveFetch(handler: () => (request: Request) => Response | Promise<Response>): Promise<TestServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: (request) => handler()(request), port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        port: info.port,
        url: `http://localhost:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
