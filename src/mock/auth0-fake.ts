/**
 * A fake of `@auth0/auth0-spa-js`'s Auth0Client for Node tests: the same method names and result shapes, backed by
 * the dev IdP's signing key, so the id_tokens it hands out are accepted by the mock's `POST /auth/token`.
 * Test controls (`controls`) make silent authentication fail, sign users in or out, and count calls.
 */
import { decodeJwt } from 'jose';

/** The user a fake client signs in: id_token claims, `email` selecting the dev IdP user. */
export interface FakeAuth0User {
  /** Selects (or signs up) the dev IdP user, so `sub` is stable per email. @default 'dev.user@example.com' */
  email?: string;
  /** `name` claim, also stored as the dev IdP user's display name. @default 'Dev User' */
  name?: string;
  /** `picture` claim (avatar URL); without it, the dev IdP's initials avatar (an SVG data URI). */
  picture?: string;
  [claim: string]: unknown;
}

/** Errors thrown like spa-js's `GenericError`: `error` is the OAuth error code, e.g. `login_required`. */
export class FakeAuth0Error extends Error {
  /** Always `'GenericError'`, the name of spa-js's OAuth error class, so name-based guards treat both alike. */
  override readonly name: string = 'GenericError';
  /** OAuth error code. */
  readonly error: string;
  /** Human-readable description. */
  readonly error_description: string;
  constructor(error: string, description: string) {
    super(description);
    this.error = error;
    this.error_description = description;
  }
}

/** Names of the fake's Auth0 methods (keys of `controls.calls`). */
export type FakeAuth0Method =
  | 'loginWithRedirect'
  | 'loginWithPopup'
  | 'handleRedirectCallback'
  | 'getIdTokenClaims'
  | 'getTokenSilently'
  | 'isAuthenticated'
  | 'getUser'
  | 'checkSession'
  | 'logout';

/** Test controls of a fake client. */
export interface FakeAuth0Controls {
  /** How often each method was called. */
  readonly calls: Record<FakeAuth0Method, number>;
  /** Make `getTokenSilently` throw this OAuth error (e.g. 'login_required'); `null` stops failing. */
  failSilentAuth(error?: string | null): void;
  /** Make the next logins (redirect callback or popup) fail with this error (e.g. 'access_denied'); `null` stops. */
  failLogin(error?: string | null): void;
  /** Sign in as `user` at once (a new id_token), or sign out with `undefined`. */
  setUser(user: FakeAuth0User | undefined): Promise<void>;
  /** True while a user is signed in. */
  readonly signedIn: boolean;
}

/** `getTokenSilently({detailedResponse: true})` result. */
export interface FakeTokenResponse {
  /** The token plain `getTokenSilently()` returns: an opaque `fake-access-token-<n>`, new on every call. */
  access_token: string;
  /** The current id_token, a JWT signed with the dev IdP's key. */
  id_token: string;
  /** Access token lifetime in seconds; always 86400 (24 h). */
  expires_in: number;
  /** Granted scopes, space-separated; always `openid profile email`. */
  scope: string;
}

/** The Auth0Client surface the SDK uses, plus `controls`. */
export interface FakeAuth0Client {
  /**
   * Starts a redirect login without navigating: remembers `appState` for the next `handleRedirectCallback`.
   * `authorizationParams` are ignored.
   */
  loginWithRedirect(options?: { appState?: unknown; authorizationParams?: Record<string, unknown> }): Promise<void>;
  /** Signs the current user in at once (a fresh id_token); throws the `controls.failLogin` error if one is set. */
  loginWithPopup(options?: { authorizationParams?: Record<string, unknown> }, config?: Record<string, unknown>): Promise<void>;
  /**
   * Completes the pending `loginWithRedirect` and signs the user in; `url` is ignored.
   * Throws `missing_transaction` without a pending login, or the `controls.failLogin` error.
   */
  handleRedirectCallback(url?: string): Promise<{
    /** The `appState` given to `loginWithRedirect`; absent when none was given. */
    appState?: unknown;
  }>;
  /** The current id_token's decoded claims plus `__raw`, or `undefined` while signed out. */
  getIdTokenClaims(): Promise<
    | (Record<string, unknown> & {
        /** The encoded id_token (compact JWS) the claims were decoded from. */
        __raw: string;
      })
    | undefined
  >;
  /**
   * A new opaque access token, or a {@link FakeTokenResponse} with `detailedResponse: true`. Re-signs the id_token
   * when `cacheMode` is `'off'` or it expires within 60 s. Throws `login_required` while signed out, or the
   * `controls.failSilentAuth` error.
   */
  getTokenSilently(options?: { cacheMode?: 'on' | 'off' | 'cache-only'; detailedResponse?: boolean }): Promise<string | FakeTokenResponse>;
  /** True while the fake holds an id_token. */
  isAuthenticated(): Promise<boolean>;
  /** The id_token's profile claims (without protocol claims such as `iss`, `exp`, `sid`); `undefined` while signed out. */
  getUser(): Promise<Record<string, unknown> | undefined>;
  /** Only counts the call: never throws and never changes the session (spa-js swallows `login_required` here). */
  checkSession(options?: Record<string, unknown>): Promise<void>;
  /**
   * Signs out locally (drops the id_token), then awaits `openUrl` with the dev IdP's `/v2/logout` URL when it is a
   * function; never navigates. `logoutParams` are ignored.
   */
  logout(options?: { openUrl?: false | ((url: string) => void | Promise<void>); logoutParams?: Record<string, unknown> }): Promise<void>;
  /** Test controls. */
  readonly controls: FakeAuth0Controls;
}

const PROTOCOL_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'nonce', 'auth_time', 'at_hash', 'c_hash', 'acr', 'amr', 'sid', 'cnf']);

/**
 * Creates a fake Auth0 client.
 *
 * @param deps.signIdToken - signs id_tokens as the dev IdP.
 * @param deps.now - epoch-ms clock (token expiry).
 * @param deps.logoutUrl - the URL `logout({openUrl})` is given.
 * @param user - who logs in. @default the dev IdP's default user
 */
export function createFakeAuth0Client(
  deps: { signIdToken: (claims: Record<string, unknown>) => Promise<string>; now: () => number; logoutUrl: string },
  user: FakeAuth0User = {},
): FakeAuth0Client {
  const calls: Record<FakeAuth0Method, number> = {
    loginWithRedirect: 0,
    loginWithPopup: 0,
    handleRedirectCallback: 0,
    getIdTokenClaims: 0,
    getTokenSilently: 0,
    isAuthenticated: 0,
    getUser: 0,
    checkSession: 0,
    logout: 0,
  };
  let current: FakeAuth0User = user;
  let idToken: string | undefined;
  let silentError: string | null = null;
  let loginError: string | null = null;
  let pending: { appState?: unknown } | undefined;
  let accessCounter = 0;

  const signIn = async (who: FakeAuth0User): Promise<void> => {
    current = who;
    idToken = await deps.signIdToken({ ...who });
  };
  const claims = (): Record<string, unknown> | undefined => (idToken ? { ...decodeJwt(idToken) } : undefined);
  const failLoginIfAsked = (): void => {
    if (loginError) throw new FakeAuth0Error(loginError, `Login failed: ${loginError}`);
  };

  const client: FakeAuth0Client = {
    async loginWithRedirect(options) {
      calls.loginWithRedirect += 1;
      pending = options && 'appState' in options ? { appState: options.appState } : {};
    },
    async loginWithPopup() {
      calls.loginWithPopup += 1;
      failLoginIfAsked();
      await signIn(current);
    },
    async handleRedirectCallback() {
      calls.handleRedirectCallback += 1;
      const transaction = pending;
      pending = undefined;
      if (!transaction) throw new FakeAuth0Error('missing_transaction', 'Invalid state');
      failLoginIfAsked();
      await signIn(current);
      return transaction;
    },
    async getIdTokenClaims() {
      calls.getIdTokenClaims += 1;
      const decoded = claims();
      return decoded && idToken ? { ...decoded, __raw: idToken } : undefined;
    },
    async getTokenSilently(options = {}) {
      calls.getTokenSilently += 1;
      if (silentError) throw new FakeAuth0Error(silentError, `Silent authentication failed: ${silentError}`);
      if (!idToken) throw new FakeAuth0Error('login_required', 'Login required');
      const exp = Number(claims()?.['exp'] ?? 0);
      if (options.cacheMode === 'off' || exp * 1000 - 60_000 <= deps.now()) await signIn(current);
      accessCounter += 1;
      const accessToken = `fake-access-token-${accessCounter}`;
      if (options.detailedResponse) {
        return { access_token: accessToken, id_token: idToken as string, expires_in: 86_400, scope: 'openid profile email' };
      }
      return accessToken;
    },
    async isAuthenticated() {
      calls.isAuthenticated += 1;
      return idToken !== undefined;
    },
    async getUser() {
      calls.getUser += 1;
      const decoded = claims();
      if (!decoded) return undefined;
      return Object.fromEntries(Object.entries(decoded).filter(([k]) => !PROTOCOL_CLAIMS.has(k)));
    },
    async checkSession() {
      calls.checkSession += 1;
      // spa-js swallows login_required and friends in checkSession.
    },
    async logout(options = {}) {
      calls.logout += 1;
      idToken = undefined;
      if (typeof options.openUrl === 'function') await options.openUrl(deps.logoutUrl);
    },
    controls: {
      calls,
      failSilentAuth(error = 'login_required') {
        silentError = error;
      },
      failLogin(error = 'access_denied') {
        loginError = error;
      },
      async setUser(who) {
        if (who) await signIn(who);
        else idToken = undefined;
      },
      get signedIn() {
        return idToken !== undefined;
      },
    },
  };
  return client;
}
