import { base64url } from 'jose';
import { createDevIdp, type DevIdp, type IdpConfig } from '../../src/mock/idp/app';

/** Origins used by the Node-level IdP tests (nothing listens there: requests go to `app.fetch`). */
export const IDP = 'http://localhost:4011';
export const APP = 'http://localhost:5173';
export const CALLBACK = `${APP}/callback`;
export const CLIENT_ID = 'dev-client';

/** A dev IdP with test defaults; `clock.ms` can be moved to simulate time passing. */
export function makeIdp(overrides: Partial<IdpConfig> = {}): { idp: DevIdp; clock: { ms: number } } {
  const clock = { ms: Date.UTC(2026, 0, 1) };
  const idp = createDevIdp({ issuerUrl: IDP, clientId: CLIENT_ID, now: () => clock.ms, ...overrides });
  return { idp, clock };
}

/** A PKCE pair like spa-js makes (43-char verifier, S256 challenge). */
export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url.encode(crypto.getRandomValues(new Uint8Array(32))).slice(0, 43);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url.encode(new Uint8Array(digest)) };
}

/** spa-js style state/nonce: standard base64 with `+`, `/` and `=` (the characters that break naive encoding). */
export const STATE = 'ab+/cd==';
export const NONCE = 'n+o/n=ce==';

/** /authorize parameters as spa-js sends them for a redirect login. */
export function authorizeParams(challenge: string, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    scope: 'openid profile email',
    response_type: 'code',
    response_mode: 'query',
    state: STATE,
    nonce: NONCE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    auth0Client: 'eyJuYW1lIjoiYXV0aDAtc3BhLWpzIn0=',
    ...extra,
  });
}

/** GET /authorize with an optional session cookie. */
export function getAuthorize(idp: DevIdp, params: URLSearchParams, cookie?: string): Promise<Response> {
  return Promise.resolve(
    idp.app.fetch(new Request(`${IDP}/authorize?${params}`, cookie ? { headers: { cookie } } : {})),
  );
}

/** Submits the sign-in form (POST /authorize with the original query string). */
export function postLogin(
  idp: DevIdp,
  params: URLSearchParams,
  form: { email: string; name?: string },
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    idp.app.fetch(
      new Request(`${IDP}/authorize?${params}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ email: form.email, name: form.name ?? '' }),
      }),
    ),
  );
}

/** The `name=value` of the session cookie a response sets, or undefined. */
export function sessionCookie(response: Response): string | undefined {
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('devidp_session='));
  return setCookie?.split(';')[0];
}

/** Query parameters of a 302 `Location`. */
export function redirectParams(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location).searchParams;
}

/** POST /oauth/token (form-urlencoded by default, JSON with `json: true`). */
export function token(
  idp: DevIdp,
  body: Record<string, string>,
  options: { json?: boolean; origin?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    origin: options.origin ?? APP,
    'auth0-client': 'eyJuYW1lIjoiYXV0aDAtc3BhLWpzIn0=',
    'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
  };
  return Promise.resolve(
    idp.app.fetch(
      new Request(`${IDP}/oauth/token`, {
        method: 'POST',
        headers,
        body: options.json ? JSON.stringify(body) : new URLSearchParams(body),
      }),
    ),
  );
}

/** Full interactive login + code exchange; returns the token response body and the session cookie. */
export async function loginAndExchange(
  idp: DevIdp,
  options: { email?: string; name?: string; extra?: Record<string, string> } = {},
): Promise<{ body: Record<string, unknown>; cookie: string | undefined; status: number }> {
  const { verifier, challenge } = await pkce();
  const res = await postLogin(idp, authorizeParams(challenge, options.extra), {
    email: options.email ?? 'ada@example.com',
    name: options.name ?? 'Ada Lovelace',
  });
  const code = redirectParams(res).get('code') ?? '';
  const tokenRes = await token(idp, {
    client_id: CLIENT_ID,
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: CALLBACK,
  });
  return { body: (await tokenRes.json()) as Record<string, unknown>, cookie: sessionCookie(res), status: tokenRes.status };
}
