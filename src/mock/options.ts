/**
 * Options of the reference server ({@link createRestdbMock} and `startMockServer`) and their defaults.
 */
import type { PostLoginAction } from './idp/actions';
import type { SeedData } from './store/store';

/** Another identity provider the restdb side trusts instead of the dev IdP, as a real database trusts an Auth0 tenant. */
export interface TrustedIssuer {
  /** Exact `iss` of its id_tokens, e.g. `https://tenant.eu.auth0.com/`. */
  issuer: string;
  /** URL of its JSON Web Key Set, e.g. `https://tenant.eu.auth0.com/.well-known/jwks.json`. */
  jwksUrl: string;
  /** Required `aud` of its id_tokens. @default the mock's `clientId` */
  audience?: string;
}

/** Options of the in-process mock (`restdb-client/mock`); `startMockServer` takes these plus ports. */
export interface MockOptions {
  /** Origin of the restdb API the msw handlers answer. @default 'https://db.restdb.test' */
  url?: string;
  /** Origin of the dev identity provider the msw handlers answer. @default 'https://idp.restdb.test' */
  idpUrl?: string;
  /** The Auth0 client id: the `aud` id_tokens must carry. @default 'dev-client' */
  clientId?: string;
  /** Lifetime of database tokens issued by `POST /auth/token`, in seconds. @default 3600 */
  tokenTtlSeconds?: number;
  /** Seed records by collection name, loaded at start and again by `store.reset()`. */
  collections?: SeedData;
  /** Collections with restdb's "private data" on: signed-in users see and change only records they created. */
  privateCollections?: string[];
  /** The full-access API key (`x-apikey` or `?apikey=`). @default 'mock-full-access-key' */
  apiKey?: string;
  /** Trust this identity provider's id_tokens instead of the dev IdP's. */
  trustedIssuer?: TrustedIssuer;
  /** Auth0 post-login Actions the dev IdP runs on every login. */
  postLoginActions?: PostLoginAction[];
  /**
   * `event.secrets` for the post-login Actions. `startMockServer` adds `RESTDB_URL` (its own database origin) and
   * `RESTDB_API_KEY` (its full-access key) unless given here, so the user-sync Action works without setup.
   */
  actionSecrets?: Record<string, string>;
  /** Epoch-millisecond clock used for every token and timestamp. @default Date.now */
  now?: () => number;
  /** Largest accepted request body in bytes; larger ones get 413. @default 1048576 */
  bodyLimitBytes?: number;
}

/** {@link MockOptions} with every default filled in. */
export interface ResolvedMockOptions {
  url: string;
  idpUrl: string;
  clientId: string;
  tokenTtlSeconds: number;
  collections: SeedData;
  privateCollections: ReadonlySet<string>;
  apiKey: string;
  trustedIssuer: TrustedIssuer | undefined;
  postLoginActions: PostLoginAction[];
  actionSecrets: Record<string, string>;
  now: () => number;
  bodyLimitBytes: number;
}

/** Default restdb API origin of the in-process mock. */
export const DEFAULT_MOCK_URL = 'https://db.restdb.test';
/** Default dev IdP origin of the in-process mock. */
export const DEFAULT_IDP_URL = 'https://idp.restdb.test';
/** Default Auth0 client id. */
export const DEFAULT_CLIENT_ID = 'dev-client';
/** Default full-access API key. */
export const DEFAULT_API_KEY = 'mock-full-access-key';

function origin(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${name} must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  return url.origin;
}

/**
 * Fills in defaults and validates.
 *
 * @throws TypeError when a URL is not absolute or a number is out of range.
 */
export function resolveMockOptions(options: MockOptions = {}): ResolvedMockOptions {
  const ttl = options.tokenTtlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new TypeError(`tokenTtlSeconds must be a positive integer, got ${ttl}`);
  const limit = options.bodyLimitBytes ?? 1024 * 1024;
  if (!Number.isInteger(limit) || limit <= 0) throw new TypeError(`bodyLimitBytes must be a positive integer, got ${limit}`);
  return {
    url: origin(options.url ?? DEFAULT_MOCK_URL, 'url'),
    idpUrl: origin(options.idpUrl ?? DEFAULT_IDP_URL, 'idpUrl'),
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    tokenTtlSeconds: ttl,
    collections: options.collections ?? {},
    privateCollections: new Set(options.privateCollections ?? []),
    apiKey: options.apiKey ?? DEFAULT_API_KEY,
    trustedIssuer: options.trustedIssuer,
    postLoginActions: options.postLoginActions ?? [],
    actionSecrets: options.actionSecrets ?? {},
    now: options.now ?? (() => Date.now()),
    bodyLimitBytes: limit,
  };
}
