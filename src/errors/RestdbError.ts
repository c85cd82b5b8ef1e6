/**
 * Stable error codes. Branch on `code`, not on the message.
 *
 * - `http`: the server answered with a non-2xx status ({@link RestdbHttpError}).
 * - `network`, `timeout`, `aborted`: the request did not complete.
 * - `config`, `invalid_argument`: the SDK was given options or input it cannot use.
 * - `disposed`: the client was disposed.
 * - auth codes ({@link RestdbAuthError}): `login_required`, `exchange_failed`, `refresh_failed`,
 *   `session_expired`, `interaction_required`, `popup_closed`.
 */
export type RestdbErrorCode =
  | 'http'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'config'
  | 'invalid_argument'
  | 'disposed'
  | RestdbAuthErrorCode;

/** Codes carried by {@link RestdbAuthError}. */
export type RestdbAuthErrorCode =
  | 'login_required'
  | 'exchange_failed'
  | 'refresh_failed'
  | 'session_expired'
  | 'interaction_required'
  | 'popup_closed';

/** Cross-realm brand: `Symbol.for` is shared by every realm of the agent (iframes, workers' copies). */
export const ERROR_BRAND: unique symbol = Symbol.for('restdb-client.error');

/**
 * The base class of every error the SDK throws. Messages never contain a token.
 *
 * @example
 * ```ts
 * try { await todos.get(id) } catch (e) { if (isRestdbError(e) && e.code === 'network') retryLater() }
 * ```
 */
export class RestdbError extends Error {
  /** A stable, machine-readable code. */
  readonly code: RestdbErrorCode;

  /**
   * @param message - human-readable text naming the operation (never a token)
   * @param code - the stable code
   * @param cause - the underlying error, if any
   */
  constructor(message: string, code: RestdbErrorCode, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RestdbError';
    this.code = code;
    // Brand read by the guards, so they work across realms and duplicated copies of the package.
    (this as unknown as Record<symbol, boolean>)[ERROR_BRAND] = true;
  }

  /** A loggable form: name, code and message only (no request headers, no cause chain). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}
