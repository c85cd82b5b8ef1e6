/** Turns any error thrown by the SDK (or the browser) into a sentence a person can act on. */

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  message?: unknown;
  cause?: unknown;
  /** Auth0's error key and description (auth0-spa-js errors, kept by the SDK as `cause`). */
  error?: unknown;
  error_description?: unknown;
}

function field(err: unknown, key: keyof ErrorLike): unknown {
  return typeof err === 'object' && err !== null ? (err as ErrorLike)[key] : undefined;
}

/** True for a deliberate cancellation (AbortSignal), which needs no message. */
export function isAbort(err: unknown): boolean {
  const name = String(field(err, 'name') ?? '');
  const code = String(field(err, 'code') ?? '');
  return name === 'AbortError' || code === 'aborted';
}

/** The reason part of a message, without the leading action. */
export function reasonOf(err: unknown): string {
  const status = field(err, 'status');
  const code = String(field(err, 'code') ?? '').toLowerCase();
  const name = String(field(err, 'name') ?? '').toLowerCase();
  const message = String(field(err, 'message') ?? err ?? 'unknown error');

  if (typeof status === 'number') {
    if (status === 401 || status === 403) return 'the database no longer accepts your session. Please log in again.';
    if (status === 404) return 'it no longer exists (deleted elsewhere?).';
    if (status === 409) return 'it was changed elsewhere at the same time. Reload and try again.';
    if (status === 429) return 'too many requests. Wait a moment and try again.';
    if (status >= 500) return `the database had a problem (HTTP ${status}). Try again in a moment.`;
    if (status === 400) return `the database rejected the request (HTTP 400): ${message}`;
  }
  switch (code) {
    case 'timeout':
      return 'the database took too long to answer. Try again.';
    case 'network':
      return 'the database cannot be reached. Check your connection and try again.';
    case 'popup_closed':
      return 'the login window was closed before sign-in finished.';
    case 'login_required':
    case 'session_expired':
    case 'refresh_failed':
      return 'your session has ended. Please log in again.';
    case 'interaction_required':
      return identityProviderReason(field(err, 'cause'));
    case 'exchange_failed':
      return `the database did not accept the login (${message}).`;
    default:
      break;
  }
  if (name.includes('timeout')) return 'the request took too long. Try again.';
  if (message === 'Failed to fetch' || name.includes('network')) {
    return 'the server cannot be reached. Check your connection and try again.';
  }
  return message;
}

/** What Auth0 (or the dev IdP) said, e.g. an Action's `api.access.deny(reason)`, in words. */
function identityProviderReason(cause: unknown): string {
  const key = field(cause, 'error');
  const description = field(cause, 'error_description');
  if (key === 'state_mismatch' || key === 'missing_transaction') return 'this sign-in link was already used or has expired. Please log in again.';
  if (typeof description === 'string' && description !== '' && description !== key) {
    return `the identity provider said: ${description}`;
  }
  return 'the identity provider needs you to log in again.';
}

/** "Couldn't add the to-do: the database cannot be reached…" */
export function describeError(action: string, err: unknown): string {
  return `${action}: ${reasonOf(err)}`;
}
