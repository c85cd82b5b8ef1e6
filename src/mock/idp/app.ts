import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { JSONWebKeySet } from 'jose';
import type { PostLoginAction } from './actions';
import { mountAuthorize } from './authorize';
import { mountDiscovery } from './discovery';
import { GrantStore } from './grants';
import { createSigningKeys } from './keys';
import { mountLogout } from './logout';
import { nowSeconds, type IdpState } from './state';
import { mountToken } from './token';
import { profileClaims } from './tokens';
import { UserStore } from './users';

/** Configuration of one dev identity provider instance. */
export interface IdpConfig {
  /** Origin the IdP is served from, without trailing slash, e.g. `http://localhost:4011`. Pass it as spa-js `domain`. */
  issuerUrl: string;
  /** The one client (application) this IdP knows; any other `client_id` is rejected. */
  clientId: string;
  /** Clock in epoch milliseconds, used for every `iat`/`exp` and expiry check. */
  now: () => number;
  /** id_token lifetime in seconds. @default 36000 */
  idTokenTtlSeconds?: number;
  /** Access-token lifetime in seconds (the `expires_in` of token responses). @default 86400 */
  accessTokenTtlSeconds?: number;
  /** Application name shown on the sign-in page and given to Actions as `event.client.name`. @default 'Dev App' */
  clientName?: string;
  /** Auth0 post-login Actions, run in order on every login (interactive and silent) before a code is issued. */
  postLoginActions?: PostLoginAction[];
  /** `event.secrets` of the Actions. */
  actionSecrets?: Record<string, string>;
}

/** A running dev identity provider: a Hono app plus helpers for tests and for the restdb side. */
export interface DevIdp {
  /** Serves every IdP route; dispatch with `app.fetch(request)`. Mount at the origin root (no path prefix). */
  app: Hono;
  /** `issuerUrl + '/'`: the `iss` of every token. */
  issuer: string;
  /** Public signing keys (what `/.well-known/jwks.json` serves). */
  jwks(): Promise<JSONWebKeySet>;
  /**
   * Signs an id_token as a login would (RS256, `kid`, iss/aud/sub/iat/exp/profile claims of a dev user),
   * with `claims` overriding any default. A given `email` selects (or signs up) that user, so `sub` is stable.
   */
  signIdToken(claims?: Record<string, unknown>): Promise<string>;
}

/** Email of the user {@link DevIdp.signIdToken} signs for when no `email` claim is given. */
export const DEFAULT_DEV_EMAIL = 'dev.user@example.com';

/**
 * Creates an Auth0-compatible development identity provider that the unmodified `@auth0/auth0-spa-js` 2.x can log
 * in against (see `auth0-dev-idp.md`). All state (users, sessions, codes, refresh tokens, keys) lives in this
 * instance's memory. Runs anywhere WebCrypto does (Node, browsers, msw); imports nothing from `node:*`.
 *
 * @example
 * ```ts
 * const idp = createDevIdp({ issuerUrl: 'http://localhost:4011', clientId: 'dev-client', now: Date.now });
 * const response = await idp.app.fetch(new Request('http://localhost:4011/.well-known/jwks.json'));
 * ```
 */
export function createDevIdp(config: IdpConfig): DevIdp {
  const origin = config.issuerUrl.replace(/\/+$/, '');
  const state: IdpState = {
    origin,
    issuer: `${origin}/`,
    clientId: config.clientId,
    clientName: config.clientName ?? 'Dev App',
    now: config.now,
    idTokenTtlSeconds: config.idTokenTtlSeconds ?? 36_000,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds ?? 86_400,
    actions: config.postLoginActions ?? [],
    secrets: { ...config.actionSecrets },
    keys: createSigningKeys(),
    users: new UserStore(),
    grants: new GrantStore(),
  };

  const app = new Hono();
  // Token, revoke, discovery and userinfo are fetched cross-origin; the headers are set before the handler runs,
  // so error responses carry them too (handlers return JSON errors instead of throwing).
  const api = cors({ origin: (o) => o || '*', allowMethods: ['GET', 'POST', 'OPTIONS'], maxAge: 600 });
  app.use('/oauth/*', api);
  app.use('/.well-known/*', api);
  app.use('/userinfo', api);
  // Handlers answer errors themselves; this only catches bugs, still as JSON with the CORS headers already prepared.
  app.onError((error, c) => c.json({ error: 'server_error', error_description: error.message || 'Internal error' }, 500));
  mountDiscovery(app, state);
  mountAuthorize(app, state);
  mountToken(app, state);
  mountLogout(app, state);

  return {
    app,
    issuer: state.issuer,
    jwks: () => state.keys.jwks(),
    async signIdToken(claims = {}) {
      const email = typeof claims['email'] === 'string' ? claims['email'] : DEFAULT_DEV_EMAIL;
      const name = typeof claims['name'] === 'string' ? claims['name'] : 'Dev User';
      const user = state.users.upsert({ email, name }, state.now());
      const iat = nowSeconds(state);
      return state.keys.sign({
        iss: state.issuer,
        sub: user.user_id,
        aud: state.clientId,
        iat,
        exp: iat + state.idTokenTtlSeconds,
        auth_time: iat,
        ...profileClaims(user),
        ...claims,
      });
    },
  };
}
