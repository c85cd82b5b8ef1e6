import type { RestdbSession } from './exchange';

/**
 * Where the client is: `unknown` until restore has finished (render neither the app nor the login screen yet),
 * `signedOut`, `signingIn` (an exchange is in flight), `signedIn`, or `refreshing` (signed in, a refresh is
 * in flight and the current token is still used).
 */
export type RestdbAuthStatus = 'unknown' | 'signedOut' | 'signingIn' | 'signedIn' | 'refreshing';

/**
 * Auth state events: `INITIAL_SESSION` once restore has finished (session or null), `SIGNED_IN` after a login
 * or callback exchange, `TOKEN_REFRESHED` after a refresh or a silent re-exchange, `SIGNED_OUT` (see the reason).
 */
export type RestdbAuthEvent = 'INITIAL_SESSION' | 'SIGNED_IN' | 'TOKEN_REFRESHED' | 'SIGNED_OUT';

/**
 * Why a session ended: `logout` (the app called `logout()`), `refresh_failed` (the database refused the refresh
 * and Auth0 could not renew silently), `revoked` (the database refused a freshly renewed Auth0 login),
 * `expired` (as `refresh_failed`, but the token had already expired, e.g. after a long sleep offline).
 */
export type RestdbSignOutReason = 'logout' | 'refresh_failed' | 'revoked' | 'expired';

/** Extra information with an event. */
export interface RestdbAuthEventDetails {
  /** Set on `SIGNED_OUT`. */
  reason?: RestdbSignOutReason;
  /** The error that ended the session, on `SIGNED_OUT` with a reason other than `logout`. */
  error?: unknown;
}

/**
 * Receives auth state events. Called after the state is committed (so `client.status` and `getSession()`
 * already reflect the event), outside any in-flight exchange; a throwing listener does not affect others.
 */
export type RestdbAuthListener = (event: RestdbAuthEvent, session: RestdbSession | null, details: RestdbAuthEventDetails) => void;
