import { RestdbError, type RestdbAuthErrorCode } from './RestdbError';

/**
 * Signing in, exchanging or refreshing failed. `code` says which:
 * `login_required` (no session; call `login()`), `exchange_failed` (the database refused or garbled the
 * token exchange), `refresh_failed` (the session ended because it could not be renewed), `session_expired` (the same,
 * after the token had already expired), `interaction_required` (Auth0 needs the user), `popup_closed`.
 */
export class RestdbAuthError extends RestdbError {
  declare readonly code: RestdbAuthErrorCode;

  /**
   * @param message - what failed
   * @param code - the auth error code
   * @param cause - the underlying error (an Auth0 error, an HTTP error...)
   */
  constructor(message: string, code: RestdbAuthErrorCode, cause?: unknown) {
    super(message, code, cause);
    this.name = 'RestdbAuthError';
  }
}
