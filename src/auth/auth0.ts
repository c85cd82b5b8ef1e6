import type { Auth0ClientOptions } from '@auth0/auth0-spa-js';
import { isAuth0Like, type Auth0Like } from './auth0-types';
import { expiresWithin } from './jwt';
import { RestdbAuthError } from '../errors/RestdbAuthError';
import type { RestdbAuthErrorCode } from '../errors/RestdbError';

/** Lazily provides the Auth0 client: the injected one, or one built from options on first need. */
export type Auth0Provider = () => Promise<Auth0Like>;

/**
 * Creates the provider. With options, `@auth0/auth0-spa-js` is loaded by a dynamic `import()` on the first
 * call only (login, callback, restore, re-exchange, logout), so bundlers put it in its own chunk.
 * @param option - Auth0 client options or an Auth0Like client
 */
export function auth0Provider(option: Auth0ClientOptions | Auth0Like): Auth0Provider {
  if (isAuth0Like(option)) return async () => option;
  let loading: Promise<Auth0Like> | undefined;
  return () =>
    (loading ??= import('@auth0/auth0-spa-js')
      // The constructor throws too (e.g. spa-js refuses an insecure origin): the catch wraps both.
      .then((m) => new m.Auth0Client(option) as unknown as Auth0Like)
      .catch((error: unknown) => {
        loading = undefined;
        throw new RestdbAuthError('Could not load @auth0/auth0-spa-js', 'interaction_required', error);
      }));
}

/**
 * Maps an Auth0 error (`{ error: 'login_required' }` etc.) to a {@link RestdbAuthError}.
 * @param error - what Auth0 threw
 * @param what - the operation, for the message
 */
export function fromAuth0Error(error: unknown, what: string): RestdbAuthError {
  if (error instanceof RestdbAuthError) return error;
  const key = (error as { error?: unknown } | null)?.error;
  const code: RestdbAuthErrorCode = typeof key !== 'string' ? 'exchange_failed'
    : key === 'cancelled' ? 'popup_closed'
    : /login_required|consent_required|invalid_grant|refresh_token/.test(key) ? 'login_required'
    : 'interaction_required';
  return new RestdbAuthError(`Auth0 ${what} failed${typeof key === 'string' ? `: ${key}` : ''}`, code, error);
}

/**
 * Reads the encoded Auth0 id_token the database accepts as `{"code": ...}`. When it is within 60 s of its
 * `exp` (or `fresh` is set), first asks Auth0 silently for new tokens.
 * @param a0 - the Auth0 client
 * @param nowMs - current epoch ms
 * @param fresh - renew silently first, bypassing Auth0's token cache (used when the database refused a refresh)
 * @throws {@link RestdbAuthError} `login_required` when Auth0 has no session
 */
export async function readIdToken(a0: Auth0Like, nowMs: number, fresh = false): Promise<string> {
  try {
    if (fresh) await a0.getTokenSilently({ cacheMode: 'off' });
    let raw = (await a0.getIdTokenClaims())?.__raw;
    if (raw && expiresWithin(raw, 60, nowMs)) {
      await a0.getTokenSilently({ cacheMode: 'off' });
      raw = (await a0.getIdTokenClaims())?.__raw;
    }
    if (!raw) throw new RestdbAuthError('No Auth0 session: call login()', 'login_required');
    return raw;
  } catch (error) {
    throw fromAuth0Error(error, 'silent authentication');
  }
}
