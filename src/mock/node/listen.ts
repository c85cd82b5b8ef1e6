/// <reference types="node" />
/**
 * Loopback-only listening. The database origin binds 127.0.0.1; the origins named `localhost` (IdP, app) bind
 * 127.0.0.1 and ::1 on the same port, because `localhost` resolves to ::1 first on some systems (Node 17+, Chromium)
 * and to 127.0.0.1 on others.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Servers answering one origin, all on the same port. */
export interface Listening {
  port: number;
  close(): Promise<void>;
}

function listenOne(listener: RequestListener, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(listener);
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function closeAll(servers: Server[]): () => Promise<void> {
  return async () => {
    await Promise.all(servers.map(closeServer));
  };
}

/** Listens on 127.0.0.1 only (`port` 0 = a free port). */
export async function listenIPv4(listener: RequestListener, port: number): Promise<Listening> {
  const server = await listenOne(listener, '127.0.0.1', port);
  return { port: (server.address() as AddressInfo).port, close: closeAll([server]) };
}

/**
 * Listens on 127.0.0.1 and, where the machine has IPv6 loopback, on ::1 with the same port, so
 * `http://localhost:<port>` reaches it whichever address `localhost` resolves to.
 */
export async function listenLocalhost(listener: RequestListener, port: number): Promise<Listening> {
  for (let attempt = 0; ; attempt += 1) {
    const v4 = await listenOne(listener, '127.0.0.1', port);
    const actual = (v4.address() as AddressInfo).port;
    try {
      const v6 = await listenOne(listener, '::1', actual);
      return { port: actual, close: closeAll([v4, v6]) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') return { port: actual, close: closeAll([v4]) };
      await closeServer(v4);
      // A free IPv4 port can be taken on ::1 by someone else; with port 0, try another one.
      if (port !== 0 || attempt >= 5) throw error;
    }
  }
}
