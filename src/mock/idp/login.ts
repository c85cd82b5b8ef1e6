import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { PostLoginEvent, PostLoginUser } from './actions';
import type { AuthorizeRequest } from './authorize-request';
import { randomToken, type IdpSession } from './grants';
import { respondAuthorization } from './respond';
import { runPostLoginActions } from './run-actions';
import { CODE_TTL_MS, CONNECTION, SESSION_COOKIE, nowSeconds, type IdpState } from './state';
import type { DevUser } from './users';

/** Duck-typed @hono/node-server binding, to read the peer address without importing node:*. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

function clientIp(c: Context): string {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  const env = c.env as NodeBindings | undefined;
  const remote = env?.incoming?.socket?.remoteAddress;
  return remote ? remote.replace(/^::ffff:/, '') : '127.0.0.1';
}

function eventUser(user: DevUser): PostLoginUser {
  return structuredClone({
    user_id: user.user_id,
    email: user.email,
    email_verified: user.email_verified,
    name: user.name,
    nickname: user.nickname,
    picture: user.picture,
    created_at: user.created_at,
    updated_at: user.updated_at,
    ...(user.last_login === undefined ? {} : { last_login: user.last_login }),
    identities: [
      { connection: CONNECTION.name, provider: 'auth0', user_id: user.user_id.replace(/^auth0\|/, ''), isSocial: false },
    ],
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
  });
}

function buildEvent(c: Context, state: IdpState, request: AuthorizeRequest, user: DevUser, authTime: number): PostLoginEvent {
  const language = c.req.header('accept-language')?.split(',')[0]?.trim();
  return {
    user: eventUser(user),
    stats: { logins_count: user.logins_count },
    request: {
      ip: clientIp(c),
      user_agent: c.req.header('user-agent') ?? '',
      hostname: new URL(c.req.url).hostname,
      query: { ...request.query },
      ...(language ? { language } : {}),
    },
    client: { client_id: state.clientId, name: state.clientName, metadata: {} },
    connection: { id: 'con_devidp', name: CONNECTION.name, strategy: CONNECTION.strategy, metadata: {} },
    secrets: { ...state.secrets },
    transaction: {
      id: randomToken(16),
      protocol: 'oidc-basic-profile',
      requested_scopes: request.scope.split(' '),
      redirect_uri: request.redirectUri,
      response_mode: request.responseMode,
      response_type: ['code'],
      state: request.state ?? '',
      locale: language?.split('-')[0] ?? 'en',
      ...(request.prompt.length ? { prompt: [...request.prompt] } : {}),
    },
    authentication: { methods: [{ name: 'pwd', timestamp: new Date(authTime * 1000).toISOString() }] },
    tenant: { id: 'devidp' },
  };
}

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
  const outcome = await runPostLoginActions(state.actions, user, (u) => buildEvent(c, state, request, u, authTime));
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
