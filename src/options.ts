import type { Auth0ClientOptions } from '@auth0/auth0-spa-js';
import { AUTH0_METHODS, missingAuth0Methods, type Auth0Like } from './auth/auth0-types';
import type { RestdbStorageOption } from './auth/storage';
import type { RestdbTabsOptions } from './auth/tabs';
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

/** A problem the SDK reports without throwing. */
export interface RestdbWarning {
  /**
   * `storage_unavailable` (the storage threw; the session is kept in memory), `restore_failed` (restore could not
   * reach Auth0 or the database; the client is signed out), `listener_failed` (an `onAuthStateChange` listener threw).
   */
  code: 'storage_unavailable' | 'restore_failed' | 'listener_failed';
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
   * Tabs of the app share one session: one tab refreshes (Web Locks) and the others receive the token over a
   * `BroadcastChannel` (never through storage); logout signs out every tab; a new tab joins without Auth0.
   * `false`: this client works alone. Inject `locks`/`channel` where the globals are missing (tests, workers).
   * @default the page's `navigator.locks` and `BroadcastChannel` (alone when either is missing, and outside a page)
   */
  tabs?: RestdbTabsOptions | false;
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
  /** The database origin (`url` normalised: no trailing slash). */
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

/** Throws a config error unless `ok`; the message names the option and what it must be. */
const need = (ok: unknown, message: string): void => {
  if (!ok) throw new RestdbConfigError(`RestdbClient: ${message}`);
};

const positive = (n: unknown): boolean => Number.isFinite(n) && (n as number) >= 0;

/**
 * Validates options and applies defaults.
 * @param options - what the app passed
 * @throws {@link RestdbConfigError} naming the option to fix
 */
export function validateOptions(options: RestdbClientOptions): ResolvedOptions {
  const { url, auth0, apiKey, timeout = 10_000, refreshMarginSeconds, storage = 'memory', retry, fetch } = options ?? {};
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    // reported below
  }
  need(u && /^https?:$/.test(u.protocol) && u.href === `${u.origin}/`, '`url` must be the database origin, e.g. https://mydb-1234.restdb.io');
  const o = auth0 as Partial<Auth0ClientOptions> | undefined;
  const missing = missingAuth0Methods(auth0);
  need(
    !missing.length || (o?.domain && o.clientId && typeof o.domain == 'string'),
    // An object with some of the methods is meant as a client (often a hand-written fake): name what it lacks.
    `\`auth0\` must be Auth0 client options ({ domain, clientId }) or an Auth0Client${missing.length < AUTH0_METHODS.length ? ` (it lacks ${missing.join(', ')})` : ''}`,
  );
  need(!(o as { clientSecret?: unknown })?.clientSecret, '`auth0.clientSecret` must not be in a browser app (a SPA is a public client)');
  need(apiKey === undefined || (apiKey && typeof apiKey == 'string'), '`apiKey` must be a non-empty string');
  need(positive(timeout) && timeout > 0 && timeout < 2 ** 31, '`timeout` must be a positive number of ms');
  need(refreshMarginSeconds === undefined || positive(refreshMarginSeconds), '`refreshMarginSeconds` must be >= 0');
  need(
    ['memory', 'sessionStorage', 'localStorage'].includes(storage as string) || ['get', 'set', 'remove'].every((m) => typeof (storage as unknown as Record<string, unknown>)?.[m] == 'function'),
    "`storage` must be 'memory', 'sessionStorage', 'localStorage' or {get, set, remove}",
  );
  need(fetch === undefined || typeof fetch == 'function', '`fetch` must be a function');
  const limit = retry === false ? 0 : retry?.limit ?? 2;
  need(Number.isInteger(limit) && limit >= 0, '`retry.limit` must be an integer >= 0');
  const origin = (u as URL).origin;
  return {
    origin,
    auth0,
    apiKey,
    // Looked up per call, so a fetch patched after construction (msw, tests) is honoured.
    fetch: fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeout,
    refreshMarginSeconds,
    storage,
    retry: { limit, methods: (retry && retry.methods) || ['get', 'head'] },
    onWarning: options.onWarning ?? ((w) => console.warn(`[restdb-client] ${w.message}`)),
  };
}
