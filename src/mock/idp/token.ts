import type { Context, Hono } from 'hono';
import type { CodeGrant, LoginContext, RefreshGrant } from './grants';
import { buildPostLoginEvent } from './events';
import { verifyPkce } from './pkce';
import { runPostLoginActions } from './run-actions';
import { REFRESH_REUSE_INTERVAL_MS, REFRESH_TTL_MS, type IdpState } from './state';
import { issueTokens } from './tokens';

type Status = 400 | 401 | 403;

/** Token-endpoint responses are never cached; errors are JSON like Auth0's (CORS comes from the middleware). */
function oauthError(c: Context, status: Status, error: string, description: string): Response {
  return c.json({ error, error_description: description }, status, { 'cache-control': 'no-store' });
}

/** Reads a form-urlencoded or JSON body into string fields; `undefined` when it cannot be parsed. */
async function readParams(c: Context): Promise<Record<string, string> | undefined> {
  const type = c.req.header('content-type') ?? '';
  try {
    const raw: Record<string, unknown> = type.includes('application/json')
      ? ((await c.req.json()) as Record<string, unknown>)
      : await c.req.parseBody();
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') out[key] = value;
    return out;
  } catch {
    return undefined;
  }
}

const BAD_CODE = 'Invalid authorization code';
const BAD_REFRESH = 'Unknown or invalid refresh token.';

/** Issues a token response for `context`, minting a refresh token when `offline_access` was granted. */
async function respondTokens(
  c: Context,
  state: IdpState,
  context: LoginContext,
  nonce: string | undefined,
  newRefresh: (() => string) | undefined,
): Promise<Response> {
  const user = state.users.bySub(context.sub);
  if (!user) return oauthError(c, 403, 'invalid_grant', 'User not found');
  const offline = context.scope.split(' ').includes('offline_access');
  // Build (sign) the response before any rotation is recorded, so a signing failure consumes nothing.
  const body = await issueTokens(state, context, user, { ...(nonce === undefined ? {} : { nonce }) });
  if (offline && newRefresh) body.refresh_token = newRefresh();
  return c.json(body, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
}

async function codeGrant(c: Context, state: IdpState, params: Record<string, string>): Promise<Response> {
  const code = params['code'];
  const grant: CodeGrant | undefined = code ? state.grants.codes.get(code) : undefined;
  const nowMs = state.now();
  if (!grant || grant.context.clientId !== params['client_id']) return oauthError(c, 403, 'invalid_grant', BAD_CODE);
  if (grant.usedAt !== undefined) {
    // A replayed code revokes what it produced (RFC 9700 §4.5); a second exchange never succeeds.
    if (grant.family) state.grants.revokeFamily(grant.family);
    return oauthError(c, 403, 'invalid_grant', BAD_CODE);
  }
  grant.usedAt = nowMs;
  if (grant.expiresAt <= nowMs) return oauthError(c, 403, 'invalid_grant', BAD_CODE);
  if ((params['redirect_uri'] ?? '') !== grant.context.redirectUri) {
    return oauthError(c, 403, 'invalid_grant', 'The redirect_uri does not match the one used at /authorize');
  }
  if (!(await verifyPkce(params['code_verifier'], grant.codeChallenge))) {
    return oauthError(c, 403, 'invalid_grant', 'Failed to verify code verifier');
  }
  const family = globalThis.crypto.randomUUID();
  grant.family = family;
  const mint = (): string =>
    state.grants.issueRefreshToken({
      context: grant.context,
      family,
      createdAt: nowMs,
      expiresAt: nowMs + REFRESH_TTL_MS,
      revoked: false,
    });
  return respondTokens(c, state, grant.context, grant.context.nonce, mint);
}

async function refreshGrant(c: Context, state: IdpState, params: Record<string, string>): Promise<Response> {
  const token = params['refresh_token'];
  const grant: RefreshGrant | undefined = token ? state.grants.refreshTokens.get(token) : undefined;
  const nowMs = state.now();
  if (!grant || grant.revoked || grant.expiresAt <= nowMs || grant.context.clientId !== params['client_id']) {
    return oauthError(c, 403, 'invalid_grant', BAD_REFRESH);
  }
  let successor = grant.rotatedTo;
  if (successor !== undefined && grant.rotatedAt !== undefined) {
    if (nowMs - grant.rotatedAt > REFRESH_REUSE_INTERVAL_MS) {
      // Reuse of a rotated token after the grace window: treat as theft and revoke the whole chain (Auth0 does).
      state.grants.revokeFamily(grant.family);
      return oauthError(c, 403, 'invalid_grant', BAD_REFRESH);
    }
    const next = state.grants.refreshTokens.get(successor);
    if (!next || next.revoked) return oauthError(c, 403, 'invalid_grant', BAD_REFRESH);
  }
  const user = state.users.bySub(grant.context.sub);
  if (!user) return oauthError(c, 403, 'invalid_grant', BAD_REFRESH);
  // Auth0 runs post-login Actions on refresh-token exchanges too (transaction.protocol 'oauth2-refresh-token'):
  // their claims are recomputed, and a denial fails the exchange.
  const outcome = await runPostLoginActions(state.actions, user, (u) =>
    buildPostLoginEvent(c, state, u, {
      query: {},
      authTime: grant.context.authTime,
      transaction: { protocol: 'oauth2-refresh-token', requested_scopes: grant.context.scope.split(' ') },
      refreshToken: {
        id: grant.id,
        client_id: grant.context.clientId,
        session_id: grant.context.sid,
        created_at: new Date(grant.createdAt).toISOString(),
        expires_at: new Date(grant.expiresAt).toISOString(),
      },
    }),
  );
  if (!outcome.ok) return oauthError(c, 403, 'access_denied', outcome.description);
  // The refreshed context drops the nonce: refresh id_tokens carry none.
  const { nonce: _nonce, ...loginContext } = grant.context;
  const context = { ...loginContext, idTokenClaims: outcome.idTokenClaims, accessTokenClaims: outcome.accessTokenClaims };
  const rotate = (): string => {
    // Within the grace window a retry (or a concurrent request that got here first) gets the same successor,
    // so one chain stays alive. This runs synchronously after the last await, so the check-and-set is atomic.
    successor = grant.rotatedTo ?? successor;
    successor ??= state.grants.issueRefreshToken({
      context,
      family: grant.family,
      createdAt: nowMs,
      expiresAt: grant.expiresAt,
      revoked: false,
    });
    grant.rotatedTo = successor;
    grant.rotatedAt ??= nowMs;
    return successor;
  };
  return respondTokens(c, state, context, undefined, rotate);
}

/**
 * Mounts `POST /oauth/token` (authorization_code with PKCE S256, refresh_token with rotation) and
 * `POST /oauth/revoke`. Bodies may be form-urlencoded or JSON; every answer is JSON (auth0-dev-idp.md §4).
 */
export function mountToken(app: Hono, state: IdpState): void {
  app.post('/oauth/token', async (c) => {
    const params = await readParams(c);
    if (!params) return oauthError(c, 400, 'invalid_request', 'The request body must be form-urlencoded or JSON');
    if (params['client_id'] !== state.clientId) {
      return oauthError(c, 401, 'invalid_client', params['client_id'] ? 'Unknown client.' : 'Missing client_id');
    }
    const grantType = params['grant_type'];
    if (grantType === 'authorization_code') return codeGrant(c, state, params);
    if (grantType === 'refresh_token') return refreshGrant(c, state, params);
    if (!grantType) return oauthError(c, 400, 'invalid_request', 'Missing required parameter: grant_type');
    return oauthError(c, 400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  });

  app.post('/oauth/revoke', async (c) => {
    const params = await readParams(c);
    if (!params) return oauthError(c, 400, 'invalid_request', 'The request body must be form-urlencoded or JSON');
    if (params['client_id'] !== state.clientId) return oauthError(c, 401, 'invalid_client', 'Unknown client.');
    const token = params['token'];
    if (!token) return oauthError(c, 400, 'invalid_request', 'Missing required parameter: token');
    const grant = state.grants.refreshTokens.get(token);
    // RFC 7009: unknown tokens are not an error. Revoking one token revokes its rotation chain.
    if (grant && grant.context.clientId === params['client_id']) state.grants.revokeFamily(grant.family);
    return c.body(null, 200);
  });
}
