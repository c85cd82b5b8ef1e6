import type { Auth0ClientOptions } from '@auth0/auth0-spa-js';
import { isAuth0Like, AUTH0_METHODS, type Auth0Like } from './auth/auth0-types';
import type { RestdbStorageOption } from './auth/storage';
import { RestdbConfigError } from './errors/RestdbConfigError';

/** HTTP methods ky may retry automatically. */
export type RestdbRetryMethod = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

/** Automatic retry of failed calls (network errors, 429 honouring `Retry-After`, 503). */
export interface RestdbRetryOptions {
  /**
   * Retries after the first attempt.
   * @default 2
   */
  limit?: number;
  /**
   * Methods that may be retried. Writes are not retried by default: a network error can hide a write the
   * server applied, so retrying could apply it twice.
   * @default ['get', 'head']
   */
  methods?: RestdbRetryMethod[];
}

/** A warning the SDK reports without throwing (e.g. storage unavailable, restore failed). */
export interface RestdbWarning {
  /** `storage_unavailable` or `restore_failed`. */
  code: 'storage_unavailable' | 'restore_failed';
  /** Human-readable text (never a token). */
  message: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Options of {@link RestdbClient}.
 *
 * @example
 * ```ts
 * const db = await createRestdbClient<MySchema>({
 *   url: 'https://mydb-1234.restdb.io',
 *   auth0: { domain: 'me.eu.auth0.com', clientId: '...', authorizationParams: { redirect_uri: location.origin } },
 * });
 * ```
 */
export interface RestdbClientOptions {
  /** The database origin, e.g. `https://mydb-1234.restdb.io`. Must be an absolute http(s) URL without a path. */
  url: string;
  /**
   * Auth0 client options (the SDK creates the `Auth0Client`, loading `@auth0/auth0-spa-js` only when a login,
   * callback or silent restore needs it), or an existing client object with the {@link Auth0Like} methods.
   */
  auth0: Auth0ClientOptions | Auth0Like;
  /** A CORS (web) API key, sent as `x-apikey` on calls made while signed out. Never a full-access key. */
  apiKey?: string;
  /** A `fetch` implementation. @default globalThis.fetch, looked up at call time */
  fetch?: typeof fetch;
  /**
   * Deadline of each call in milliseconds, covering waiting for a token, the request, retries and a replay.
   * @default 10000
   */
  timeout?: number;
  /**
   * Seconds before expiry at which the database token is refreshed.
   * @default the smaller of 60 s and 10% of the token's lifetime
   */
  refreshMarginSeconds?: number;
  /**
   * Where the database session is kept. Storage that throws (quota, private mode) degrades to memory with a
   * `storage_unavailable` warning.
   * @default 'memory'
   */
  storage?: RestdbStorageOption;
  /**
   * Automatic retries, or `false` for none.
   * @default { limit: 2, methods: ['get', 'head'] }
   */
  retry?: RestdbRetryOptions | false;
  /**
   * Receives non-fatal warnings.
   * @default console.warn
   */
  onWarning?: (warning: RestdbWarning) => void;
}

/** Options after validation and defaults. */
export interface ResolvedOptions {
  url: string;
  origin: string;
  auth0: Auth0ClientOptions | Auth0Like;
  apiKey: string | undefined;
  fetch: typeof fetch;
  timeout: number;
  refreshMarginSeconds: number | undefined;
  storage: RestdbStorageOption;
  retry: { limit: number; methods: RestdbRetryMethod[] };
  onWarning: (warning: RestdbWarning) => void;
}

const fail = (message: string): never => {
  throw new RestdbConfigError(message);
};

/**
 * Validates options and applies defaults.
 * @param options - what the app passed
 * @throws {@link RestdbConfigError} naming the option to fix
 */
export function validateOptions(options: RestdbClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('RestdbClient: options must be an object with `url` and `auth0`.');
  const { url, auth0, apiKey, timeout = 10_000, refreshMarginSeconds, storage = 'memory', retry } = options;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password || parsed.search || parsed.hash) {
    fail(`RestdbClient: \`url\` must be the absolute http(s) origin of the database, e.g. 'https://mydb-1234.restdb.io' (got ${JSON.stringify(url)}).`);
  }
  const u = parsed as URL;
  if (u.pathname !== '/' && u.pathname !== '') fail('RestdbClient: `url` must be the database origin without a path (the SDK adds /rest and /auth).');
  if (typeof auth0 !== 'object' || auth0 === null) fail('RestdbClient: `auth0` is required: Auth0 client options ({ domain, clientId }) or an Auth0Client.');
  const like = isAuth0Like(auth0);
  if (!like) {
    const o = auth0 as Partial<Auth0ClientOptions>;
    if (typeof o.domain !== 'string' || typeof o.clientId !== 'string' || !o.domain || !o.clientId) {
      fail(`RestdbClient: \`auth0\` must be Auth0 client options with \`domain\` and \`clientId\`, or an object with the methods ${AUTH0_METHODS.join(', ')}.`);
    }
  }
  if (apiKey !== undefined && (typeof apiKey !== 'string' || !apiKey)) fail('RestdbClient: `apiKey` must be a non-empty string (a CORS web API key).');
  if (!(Number.isFinite(timeout) && timeout > 0 && timeout <= 2_147_483_647)) fail('RestdbClient: `timeout` must be a positive number of milliseconds.');
  if (refreshMarginSeconds !== undefined && !(Number.isFinite(refreshMarginSeconds) && refreshMarginSeconds >= 0)) {
    fail('RestdbClient: `refreshMarginSeconds` must be a number of seconds >= 0.');
  }
  const storageOk = storage === 'memory' || storage === 'sessionStorage' || storage === 'localStorage'
    || (typeof storage === 'object' && storage !== null && ['get', 'set', 'remove'].every((m) => typeof (storage as unknown as Record<string, unknown>)[m] === 'function'));
  if (!storageOk) fail("RestdbClient: `storage` must be 'memory', 'sessionStorage', 'localStorage' or an object with get/set/remove.");
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail('RestdbClient: `fetch` must be a function.');
  const limit = retry === false ? 0 : retry?.limit ?? 2;
  if (!(Number.isInteger(limit) && limit >= 0)) fail('RestdbClient: `retry.limit` must be an integer >= 0.');
  const userFetch = options.fetch;
  return {
    url: u.origin,
    origin: u.origin,
    auth0,
    apiKey,
    // Looked up per call, so a fetch patched after construction (msw, tests) is honoured.
    fetch: userFetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeout,
    refreshMarginSeconds,
    storage,
    retry: { limit, methods: (retry && retry.methods) || ['get', 'head'] },
    onWarning: options.onWarning ?? ((w) => console.warn(`[restdb-client] ${w.message}`)),
  };
}
