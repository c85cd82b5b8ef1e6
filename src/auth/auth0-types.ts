import type {
  GetTokenSilentlyOptions,
  LogoutOptions,
  PopupConfigOptions,
  PopupLoginOptions,
  RedirectLoginOptions,
} from '@auth0/auth0-spa-js';

/**
 * The part of `Auth0Client` (from `@auth0/auth0-spa-js`) the SDK uses. Pass an existing client (or a fake in
 * tests) as `options.auth0` and the SDK never loads `@auth0/auth0-spa-js` itself.
 */
export interface Auth0Like {
  /** Starts a redirect login. */
  loginWithRedirect(options?: RedirectLoginOptions<unknown>): Promise<void>;
  /** Opens a login popup and waits for it. */
  loginWithPopup(options?: PopupLoginOptions, config?: PopupConfigOptions): Promise<void>;
  /** Completes a redirect login on the callback page. */
  handleRedirectCallback(url?: string): Promise<{
    /** The `appState` given to `loginWithRedirect`. */
    appState?: unknown;
  }>;
  /** Returns the id_token claims, or undefined without a session. */
  getIdTokenClaims(): Promise<
    | {
        /** The encoded id_token: what the database accepts at `POST /auth/token`. */
        __raw: string;
      }
    | undefined
  >;
  /** Gets tokens without interaction; rejects with `login_required` when Auth0 has no session. */
  getTokenSilently(options?: GetTokenSilentlyOptions): Promise<unknown>;
  /** Whether Auth0 holds a session. */
  isAuthenticated(): Promise<boolean>;
  /** The Auth0 user profile. */
  getUser(): Promise<unknown>;
  /** Silently restores Auth0's session on page load. */
  checkSession(options?: GetTokenSilentlyOptions): Promise<void>;
  /** Logs out of Auth0 (`openUrl: false` for local only). */
  logout(options?: LogoutOptions): Promise<void>;
}

/** The Auth0Client methods the SDK calls: an injected client (or fake) must have them all. */
export const AUTH0_METHODS = [
  'loginWithRedirect',
  'loginWithPopup',
  'handleRedirectCallback',
  'getIdTokenClaims',
  'getTokenSilently',
  'isAuthenticated',
  'getUser',
  'checkSession',
  'logout',
] as const;

/**
 * The {@link Auth0Like} methods `value` lacks (all of them for a non-object).
 * @param value - the `auth0` option
 */
export function missingAuth0Methods(value: unknown): string[] {
  return AUTH0_METHODS.filter((m) => typeof (value as Record<string, unknown> | null)?.[m] !== 'function');
}

/**
 * True when `value` has every method of {@link Auth0Like} (an existing Auth0 client or a fake).
 * @param value - the `auth0` option
 */
export function isAuth0Like(value: unknown): value is Auth0Like {
  return !missingAuth0Methods(value).length;
}
