import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AuthorizeRequest } from './authorize-request';
import { buildPostLoginEvent } from './events';
import type { IdpSession } from './grants';
import { respondAuthorization } from './respond';
import { runPostLoginActions } from './run-actions';
import { CODE_TTL_MS, SESSION_COOKIE, nowSeconds, type IdpState } from './state';
import type { DevUser } from './users';

/**
 * Finishes a login transaction: runs the post-login Actions, then issues a code bound to the request
 * (client, redirect_uri, PKCE challenge, nonce, scope, audience, user, session) and answers through the
 * response mode. An interactive login (`session` absent) counts a login and starts a new IdP session; its cookie
 * is set only when the login succeeds.
 */
export async function completeLogin(
  c: Context,
  state: IdpState,
  request: AuthorizeRequest,
  user: DevUser,
  session?: IdpSession,
): Promise<Response> {
  const nowMs = state.now();
  const authTime = session?.authTime ?? nowSeconds(state);
  if (!session) state.users.recordLogin(user, nowMs);
  const outcome = await runPostLoginActions(state.actions, user, (u) =>
    buildPostLoginEvent(c, state, u, {
      query: request.query,
      authTime,
      transaction: {
        protocol: 'oidc-basic-profile',
        requested_scopes: request.scope.split(' '),
        redirect_uri: request.redirectUri,
        response_mode: request.responseMode,
        response_type: ['code'],
        state: request.state ?? '',
        ...(request.prompt.length ? { prompt: [...request.prompt] } : {}),
      },
    }),
  );
  if (!outcome.ok) {
    return respondAuthorization(c, request, { error: outcome.error, error_description: outcome.description });
  }
  let active = session;
  if (!active) {
    const replaced = getCookie(c, SESSION_COOKIE);
    if (replaced) state.grants.sessions.delete(replaced);
    active = state.grants.createSession(user.user_id, authTime);
    setCookie(c, SESSION_COOKIE, active.sid, { httpOnly: true, sameSite: 'Lax', path: '/' });
  }
  state.grants.sweep(nowMs);
  const code = state.grants.issueCode({
    context: {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      scope: request.scope,
      ...(request.audience === undefined ? {} : { audience: request.audience }),
      ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
      sub: user.user_id,
      sid: active.sid,
      authTime,
      idTokenClaims: outcome.idTokenClaims,
      accessTokenClaims: outcome.accessTokenClaims,
    },
    codeChallenge: request.codeChallenge,
    expiresAt: nowMs + CODE_TTL_MS,
  });
  return respondAuthorization(c, request, { code });
}
