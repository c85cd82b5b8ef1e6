/**
 * Composition of one mock: a store, the restdb API app and the dev IdP app, with fault injection and a request
 * log in front of both. Shared by the msw entry (`index.ts`) and the Node server (`node.ts`); imports neither msw nor
 * anything from `node:*`.
 */
import type { Hono } from 'hono';
import { createFakeAuth0Client, type FakeAuth0Client, type FakeAuth0User } from './auth0-fake';
import { createFaults, type Faults } from './faults';
import { createDevIdp } from './idp/app';
import { resolveMockOptions, type MockOptions } from './options';
import { createRequestLog, snapshotBody, type MockOrigin, type RequestLog } from './request-log';
import { USERS_COLLECTION } from './restdb/access';
import { createRestdbApp, EXPOSED_HEADERS } from './restdb/app';
import { createDbTokens } from './restdb/db-token';
import { createIdTokenVerifier } from './restdb/id-token';
import type { MockRecord, SeedData } from './store/store';
import { createStore } from './store/store';

/** Control over a mock's data. Every read returns copies. */
export interface MockStore {
  /** Adds records (valid `_id`s and `_createdby` are kept; system fields are filled in). */
  seed(data: SeedData): void;
  /** Empties every collection, then loads the `collections` option again. */
  reset(): void;
  /** Every record of a collection, with system fields, in insertion order. */
  list(collection: string): MockRecord[];
  /** One record with system fields, or undefined. */
  get(collection: string, id: string): MockRecord | undefined;
  /** Names of the existing collections. */
  collections(): string[];
}

/** A mock without its msw handlers: what both `createRestdbMock` and `startMockServer` give. */
export interface RestdbMockControl {
  /** restdb API origin. */
  readonly url: string;
  /** Dev IdP origin (the Auth0 `domain`). */
  readonly idpUrl: string;
  /** Auth0 client id the IdP knows and id_tokens must be issued for. */
  readonly clientId: string;
  /** The full-access API key. */
  readonly apiKey: string;
  /** Answers a request for either origin (404 JSON for any other origin); never rejects. */
  fetch(request: Request): Promise<Response>;
  /** Signs an id_token as the dev IdP would after a login; `claims` override the defaults (`email` picks the user). */
  signIdToken(claims?: Record<string, unknown>): Promise<string>;
  /** A fake Auth0 client for Node tests, signing in `user` through the dev IdP's key. */
  auth0Client(user?: FakeAuth0User): FakeAuth0Client;
  /** Seed, reset and read the data. */
  readonly store: MockStore;
  /** Inject faults per route. */
  readonly faults: Faults;
  /** Every request seen, with its status. */
  readonly requests: RequestLog;
  /** Revokes every database token issued so far, like a server restart. */
  revokeAll(): void;
}

/** A mock plus the per-face dispatcher its servers use. */
export interface MockCore {
  control: RestdbMockControl;
  /** Answers a request on one face regardless of its URL's origin (the Node server dispatches by port). */
  dispatch(face: 'restdb' | 'idp', request: Request): Promise<Response>;
  /** Records a request answered outside the two faces (the static app server). */
  log: (origin: MockOrigin, request: Request, status: number) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/**
 * Creates the mock core.
 *
 * @throws TypeError for invalid options.
 */
export function createMockCore(options: MockOptions = {}): MockCore {
  const resolved = resolveMockOptions(options);
  const { now } = resolved;
  const store = createStore({ now, initial: resolved.collections, predefined: [USERS_COLLECTION] });
  const tokens = createDbTokens({ issuer: resolved.url, ttlSeconds: resolved.tokenTtlSeconds, now });
  const idp = createDevIdp({
    issuerUrl: resolved.idpUrl,
    clientId: resolved.clientId,
    now,
    postLoginActions: resolved.postLoginActions,
    actionSecrets: resolved.actionSecrets,
  });
  const trusted = resolved.trustedIssuer;
  const verifyIdToken = createIdTokenVerifier({
    issuer: trusted ? trusted.issuer : idp.issuer,
    audience: trusted?.audience ?? resolved.clientId,
    keys: trusted ? { kind: 'remote', jwksUrl: trusted.jwksUrl } : { kind: 'local', jwks: () => idp.jwks() },
    now,
  });
  const restdb = createRestdbApp({ options: resolved, store, tokens, verifyIdToken });
  const apps: Record<'restdb' | 'idp', Hono> = { restdb, idp: idp.app };
  const faults = createFaults();
  const requests = createRequestLog();

  const entryOf = (origin: MockOrigin, request: Request, body: unknown, status: number) => {
    const url = new URL(request.url);
    return {
      method: request.method,
      origin,
      url: request.url,
      path: url.pathname,
      search: url.search,
      headers: Object.fromEntries(request.headers),
      body,
      status,
      time: now(),
    };
  };

  const dispatch = async (face: 'restdb' | 'idp', request: Request): Promise<Response> => {
    const body = await snapshotBody(request, resolved.bodyLimitBytes);
    let status = 0;
    try {
      const path = new URL(request.url).pathname;
      const fault = faults.take(face, request.method, path);
      if (fault?.delayMs) await sleep(fault.delayMs);
      let response: Response;
      if (fault?.networkError) response = Response.error();
      else if (fault?.status !== undefined) {
        const origin = request.headers.get('origin');
        response = jsonResponse(fault.status, fault.body ?? { message: 'Injected fault' }, {
          'access-control-allow-origin': origin ?? '*',
          'access-control-expose-headers': [...EXPOSED_HEADERS, ...Object.keys(fault.headers ?? {})].join(', '),
          ...fault.headers,
        });
      } else response = await apps[face].fetch(request);
      status = response.type === 'error' ? 0 : response.status;
      return response;
    } catch {
      status = 500;
      return jsonResponse(500, { message: 'Internal server error' });
    } finally {
      requests.add(entryOf(face, request, body, status));
    }
  };

  const control: RestdbMockControl = {
    url: resolved.url,
    idpUrl: resolved.idpUrl,
    clientId: resolved.clientId,
    apiKey: resolved.apiKey,
    fetch(request) {
      const origin = new URL(request.url).origin;
      if (origin === resolved.url) return dispatch('restdb', request);
      if (origin === resolved.idpUrl) return dispatch('idp', request);
      return Promise.resolve(jsonResponse(404, { message: `The mock does not serve ${origin}` }));
    },
    signIdToken: (claims) => idp.signIdToken(claims),
    auth0Client: (user) =>
      createFakeAuth0Client(
        { signIdToken: (claims) => idp.signIdToken(claims), now, logoutUrl: `${resolved.idpUrl}/v2/logout?client_id=${encodeURIComponent(resolved.clientId)}` },
        user,
      ),
    store: {
      seed: (data) => store.seed(data),
      reset: () => store.reset(),
      list: (collection) => structuredClone([...store.all(collection)]),
      get: (collection, id) => {
        const record = store.find(collection, id);
        return record ? structuredClone(record) : undefined;
      },
      collections: () => store.collections(),
    },
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    requests: { entries: () => requests.entries(), clear: () => requests.clear() },
    revokeAll: () => tokens.revokeAll(),
  };

  return {
    control,
    dispatch,
    log: (origin, request, status) => requests.add(entryOf(origin, request, undefined, status)),
  };
}
