/// <reference types="node" />
/**
 * `restdb-client/mock/node`: the reference server over real HTTP, for the demo, browser tests and any client that
 * cannot use msw. The restdb API is served at `http://127.0.0.1:<port>`, the dev identity provider at
 * `http://localhost:<idpPort>`, and an optional static app at `http://localhost:<appPort>` (same host name as the
 * IdP, so the IdP's session cookie is same-site for silent login; another origin than the database, so CORS and
 * token scoping are exercised). Everything listens on loopback only.
 *
 * @example
 * ```ts
 * import { startMockServer } from 'restdb-client/mock/node';
 *
 * const server = await startMockServer({ port: 0, idpPort: 0, collections: { todos: [] } });
 * const code = await server.signIdToken({ email: 'ann@example.com' });
 * // ... POST `${server.url}/auth/token` with {code}, then call `${server.url}/rest/todos` ...
 * await server.close();
 * ```
 *
 * @packageDocumentation
 */
import { createMockCore, type MockCore, type RestdbMockControl } from './core';
import { toRequestListener } from './node/adapter';
import { listenIPv4, listenLocalhost, type Listening } from './node/listen';
import { createStaticHandler } from './node/static';
import { DEFAULT_API_KEY, type MockOptions } from './options';

/** Options of {@link startMockServer}: the mock's options (origins come from the ports) plus ports and an app. */
export interface MockServerOptions extends Omit<MockOptions, 'url' | 'idpUrl'> {
  /** Port of the restdb API on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Port of the dev IdP on localhost; 0 picks a free one. @default 0 */
  idpPort?: number;
  /** Serve this directory as an app on a third origin, `http://localhost:<appPort>`. */
  staticDir?: string;
  /** Port of the app origin (only with `staticDir`); 0 picks a free one. @default 0 */
  appPort?: number;
}

/** A running mock server. */
export interface MockServer {
  /** restdb API origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Dev IdP origin, `http://localhost:<idpPort>`: the Auth0 `domain`. */
  readonly idpUrl: string;
  /** App origin `http://localhost:<appPort>` when `staticDir` was given. */
  readonly appUrl: string | undefined;
  /** Auth0 client id. */
  readonly clientId: string;
  /** Full-access API key. */
  readonly apiKey: string;
  /** Signs an id_token that `POST /auth/token` accepts (for tests that skip the browser login). */
  signIdToken(claims?: Record<string, unknown>): Promise<string>;
  /** Store, faults, request log, token revocation and the fake Auth0 client of this server. */
  readonly mock: RestdbMockControl;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Path on the app origin that describes the mock, so a static app can find its database and IdP. */
export const APP_CONFIG_PATH = '/restdb-mock.json';

function checkPort(value: number | undefined, name: string): number {
  const port = value ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`${name} must be a port number, got ${port}`);
  return port;
}

/**
 * Starts the reference server.
 *
 * @param options - ports, static app, and every {@link MockOptions} except the origins.
 * @returns the running server; call `close()` when done.
 * @throws TypeError for invalid options; the listen error when a port is taken.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  let core: MockCore | undefined;
  const notReady = (): Response => Response.json({ message: 'Starting' }, { status: 503 });
  const opened: Listening[] = [];
  const closeOpened = async (): Promise<void> => {
    await Promise.all(opened.map((l) => l.close()));
  };
  try {
    const db = await listenIPv4(toRequestListener((r) => (core ? core.dispatch('restdb', r) : Promise.resolve(notReady()))), checkPort(options.port, 'port'));
    opened.push(db);
    const idp = await listenLocalhost(toRequestListener((r) => (core ? core.dispatch('idp', r) : Promise.resolve(notReady()))), checkPort(options.idpPort, 'idpPort'));
    opened.push(idp);
    const url = `http://127.0.0.1:${db.port}`;
    const idpUrl = `http://localhost:${idp.port}`;
    let appUrl: string | undefined;
    if (options.staticDir !== undefined) {
      const serveFile = createStaticHandler(options.staticDir);
      const app = await listenLocalhost(
        toRequestListener(async (request) => {
          const { pathname } = new URL(request.url);
          const response =
            pathname === APP_CONFIG_PATH && core
              ? Response.json({ url, idpUrl, clientId: core.control.clientId })
              : await serveFile(request);
          core?.log('app', request, response.status);
          return response;
        }),
        checkPort(options.appPort, 'appPort'),
      );
      opened.push(app);
      appUrl = `http://localhost:${app.port}`;
    }
    const { port: _port, idpPort: _idpPort, staticDir: _staticDir, appPort: _appPort, ...mockOptions } = options;
    // Post-login Actions (e.g. the user-sync Action) need this database's origin and key, which are only known
    // once it listens: fill them in unless the caller chose other values.
    const actionSecrets = {
      RESTDB_URL: url,
      RESTDB_API_KEY: mockOptions.apiKey ?? DEFAULT_API_KEY,
      ...mockOptions.actionSecrets,
    };
    core = createMockCore({ ...mockOptions, url, idpUrl, actionSecrets });
    const control = core.control;
    return {
      url,
      idpUrl,
      appUrl,
      clientId: control.clientId,
      apiKey: control.apiKey,
      signIdToken: (claims) => control.signIdToken(claims),
      mock: control,
      close: closeOpened,
    };
  } catch (error) {
    await closeOpened();
    throw error;
  }
}

export type { RestdbMockControl, MockStore } from './core';
export type { MockOptions, TrustedIssuer } from './options';
export type { FaultRule, Faults } from './faults';
export type { MockRequest, MockOrigin, RequestLog } from './request-log';
export type { MockRecord, SeedData } from './store/store';
export type { FakeAuth0Client, FakeAuth0Controls, FakeAuth0User } from './auth0-fake';
