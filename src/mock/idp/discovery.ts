import type { Hono } from 'hono';
import { jwtVerify } from 'jose';
import type { IdpState } from './state';
import { profileClaims } from './tokens';

/**
 * Mounts `/.well-known/openid-configuration`, `/.well-known/jwks.json` and `/userinfo`, so a backend can
 * discover the IdP, verify its tokens, and read the profile behind an access token.
 */
export function mountDiscovery(app: Hono, state: IdpState): void {
  app.get('/.well-known/openid-configuration', (c) =>
    c.json({
      issuer: state.issuer,
      authorization_endpoint: `${state.origin}/authorize`,
      token_endpoint: `${state.origin}/oauth/token`,
      userinfo_endpoint: `${state.origin}/userinfo`,
      jwks_uri: `${state.origin}/.well-known/jwks.json`,
      revocation_endpoint: `${state.origin}/oauth/revoke`,
      end_session_endpoint: `${state.origin}/v2/logout`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'web_message'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['none'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: [
        'aud', 'auth_time', 'email', 'email_verified', 'exp', 'iat', 'iss', 'name', 'nickname', 'nonce',
        'picture', 'sid', 'sub', 'updated_at',
      ],
    }),
  );

  app.get('/.well-known/jwks.json', async (c) => c.json(await state.keys.jwks()));

  app.get('/userinfo', async (c) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return c.json({ error: 'invalid_request', error_description: 'Missing bearer token' }, 401);
    try {
      const { payload } = await jwtVerify(match[1], await state.keys.publicKey(), {
        issuer: state.issuer,
        algorithms: ['RS256'],
        currentDate: new Date(state.now()),
      });
      const user = typeof payload.sub === 'string' ? state.users.bySub(payload.sub) : undefined;
      if (!user) return c.json({ error: 'invalid_token', error_description: 'Unknown user' }, 401);
      const scope = typeof payload['scope'] === 'string' ? payload['scope'] : '';
      return c.json({ sub: user.user_id, ...profileClaims(user, scope) });
    } catch {
      return c.json({ error: 'invalid_token', error_description: 'Invalid or expired access token' }, 401);
    }
  });
}
