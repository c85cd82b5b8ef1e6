import { ERROR_BRAND, type RestdbError } from './RestdbError';
import type { RestdbHttpError } from './RestdbHttpError';
import type { RestdbAuthError } from './RestdbAuthError';

const AUTH_CODES = ['login_required', 'exchange_failed', 'refresh_failed', 'session_expired', 'interaction_required', 'popup_closed'];

/**
 * True for any error thrown by this SDK, also across realms and duplicated copies of the package
 * (checks a `Symbol.for` brand, not only `instanceof`).
 * @param error - anything caught
 */
export function isRestdbError(error: unknown): error is RestdbError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[ERROR_BRAND] === true;
}

/**
 * True for an HTTP status error; narrows to {@link RestdbHttpError} (`status`, `body`).
 * @param error - anything caught
 */
export function isRestdbHttpError(error: unknown): error is RestdbHttpError {
  return isRestdbError(error) && error.code === 'http';
}

/**
 * True for a sign-in / exchange / refresh error; narrows to {@link RestdbAuthError}.
 * @param error - anything caught
 */
export function isRestdbAuthError(error: unknown): error is RestdbAuthError {
  return isRestdbError(error) && AUTH_CODES.includes(error.code);
}
