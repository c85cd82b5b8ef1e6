import type { LoginContext } from './grants';
import { nowSeconds, type IdpState } from './state';
import type { DevUser } from './users';

/** Claims a post-login Action may not override (protocol claims spa-js or a backend relies on). */
const PROTECTED_CLAIMS: ReadonlySet<string> = new Set([
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'nonce', 'auth_time', 'sid', 'at_hash', 'c_hash',
  'scope', 'gty', 'org_id', 'org_name',
]);

/** True when an Action may set `name` as a custom claim. */
export function isSettableClaim(name: string): boolean {
  return name.length > 0 && !PROTECTED_CLAIMS.has(name);
}

/**
 * The profile claims Auth0 puts in an id_token for the requested scope (`profile` and `email`); with no scope
 * (tokens minted directly by tests) both sets are included.
 */
export function profileClaims(user: DevUser, scope?: string): Record<string, unknown> {
  const scopes = scope === undefined ? undefined : new Set(scope.split(' '));
  const claims: Record<string, unknown> = {};
  if (!scopes || scopes.has('profile')) {
    Object.assign(claims, { nickname: user.nickname, name: user.name, picture: user.picture, updated_at: user.updated_at });
  }
  if (!scopes || scopes.has('email')) {
    Object.assign(claims, { email: user.email, email_verified: user.email_verified });
  }
  return claims;
}

/** The JSON body of a successful /oauth/token response. */
export interface TokenResponseBody {
  access_token: string;
  id_token: string;
  scope: string;
  expires_in: number;
  token_type: 'Bearer';
  refresh_token?: string;
}

/**
 * Signs the id_token and access token for a login context. `nonce` is passed only for the code exchange;
 * refresh responses omit it, as Auth0 does.
 */
export async function issueTokens(
  state: IdpState,
  context: LoginContext,
  user: DevUser,
  options: { nonce?: string; refreshToken?: string },
): Promise<TokenResponseBody> {
  const iat = nowSeconds(state);
  const idToken = await state.keys.sign({
    ...context.idTokenClaims,
    ...profileClaims(user, context.scope),
    iss: state.issuer,
    sub: user.user_id,
    aud: context.clientId,
    iat,
    exp: iat + state.idTokenTtlSeconds,
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    auth_time: context.authTime,
    sid: context.sid,
  });
  const userinfo = `${state.issuer}userinfo`;
  const aud: string | string[] = context.audience ? [context.audience, userinfo] : userinfo;
  const accessToken = await state.keys.sign(
    {
      ...context.accessTokenClaims,
      iss: state.issuer,
      sub: user.user_id,
      aud,
      iat,
      exp: iat + state.accessTokenTtlSeconds,
      scope: context.scope,
      azp: context.clientId,
      jti: globalThis.crypto.randomUUID(),
    },
    'at+jwt',
  );
  return {
    access_token: accessToken,
    id_token: idToken,
    scope: context.scope,
    expires_in: state.accessTokenTtlSeconds,
    token_type: 'Bearer',
    ...(options.refreshToken === undefined ? {} : { refresh_token: options.refreshToken }),
  };
}
