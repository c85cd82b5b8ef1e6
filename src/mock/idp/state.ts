import type { PostLoginAction } from './actions';
import type { GrantStore } from './grants';
import type { SigningKeys } from './keys';
import type { UserStore } from './users';

/** The resolved configuration and the in-memory state of one dev IdP instance, shared by its route modules. */
export interface IdpState {
  /** Origin without trailing slash, e.g. `http://localhost:4011`. */
  readonly origin: string;
  /** `origin + '/'`, the `iss` spa-js expects. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientName: string;
  readonly now: () => number;
  readonly idTokenTtlSeconds: number;
  readonly accessTokenTtlSeconds: number;
  readonly actions: readonly PostLoginAction[];
  readonly secrets: Readonly<Record<string, string>>;
  readonly keys: SigningKeys;
  readonly users: UserStore;
  readonly grants: GrantStore;
}

/** Authorization codes live this long (Auth0 documents a short, single-use code). */
export const CODE_TTL_MS = 60_000;
/** Absolute refresh-token lifetime (Auth0's default absolute expiry is 30 days). */
export const REFRESH_TTL_MS = 2_592_000_000; // 30 days
/**
 * A rotated refresh token may be replayed within this window and gets the same successor, so a request whose
 * response was lost (spa-js retries up to 3 times) stays safe. After it, a replay revokes the whole family.
 */
export const REFRESH_REUSE_INTERVAL_MS = 30_000;
/** Name of the IdP session cookie. Never `auth0.*`: cookies are shared between ports of one host. */
export const SESSION_COOKIE = 'devidp_session';
/** The connection every dev user belongs to (Auth0's default database connection). */
export const CONNECTION: { readonly name: 'Username-Password-Authentication'; readonly strategy: 'auth0' } = {
  name: 'Username-Password-Authentication',
  strategy: 'auth0',
};

/** Epoch seconds of the IdP clock. */
export function nowSeconds(state: IdpState): number {
  return Math.floor(state.now() / 1000);
}
