import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  APP, CALLBACK, CLIENT_ID, IDP, NONCE, authorizeParams, getAuthorize, loginAndExchange, makeIdp, pkce, postLogin,
  redirectParams, sessionCookie, token,
} from '../support/idp';

async function codeFor(idp: ReturnType<typeof makeIdp>['idp'], extra: Record<string, string> = {}) {
  const { verifier, challenge } = await pkce();
  const res = await postLogin(idp, authorizeParams(challenge, extra), { email: 'ada@example.com', name: 'Ada' });
  return { code: redirectParams(res).get('code') ?? '', verifier, cookie: sessionCookie(res) };
}

function exchange(idp: ReturnType<typeof makeIdp>['idp'], code: string, verifier: string, extra: Record<string, string> = {}) {
  return token(idp, {
    client_id: CLIENT_ID,
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: CALLBACK,
    ...extra,
  });
}

describe('dev IdP /oauth/token', () => {
  it('exchanges a code with PKCE for tokens whose id_token passes every spa-js check (§5)', async () => {
    const { idp, clock } = makeIdp();
    const { code, verifier } = await codeFor(idp);
    const res = await exchange(idp, code, verifier);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['token_type']).toBe('Bearer');
    expect(body['expires_in']).toBe(86_400);
    expect(body['scope']).toBe('openid profile email');
    expect(typeof body['access_token']).toBe('string');
    expect(body['refresh_token']).toBeUndefined(); // no offline_access requested
    const idToken = String(body['id_token']);
    expect(idToken.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(idToken).alg).toBe('RS256');
    const { payload } = await jwtVerify(idToken, createLocalJWKSet(await idp.jwks()), {
      currentDate: new Date(clock.ms),
    });
    expect(payload.iss).toBe(`${IDP}/`);
    expect(payload.aud).toBe(CLIENT_ID);
    expect(payload['nonce']).toBe(NONCE); // byte for byte, with + / =
    expect(payload.sub).toMatch(/^auth0\|/);
    expect(payload.iat).toBe(clock.ms / 1000);
    expect(payload.exp).toBe(clock.ms / 1000 + 36_000);
    expect(payload['auth_time']).toBe(clock.ms / 1000);
    expect(payload['sid']).toEqual(expect.any(String));
    expect(payload).toMatchObject({ email: 'ada@example.com', email_verified: true, name: 'Ada', nickname: 'ada' });
    const access = decodeJwt(String(body['access_token']));
    expect(access).toMatchObject({ iss: `${IDP}/`, sub: payload.sub, scope: 'openid profile email', azp: CLIENT_ID });
  });

  it('accepts a JSON body (useFormData:false) and limits profile claims to the granted scope', async () => {
    const { idp } = makeIdp();
    const second = await codeFor(idp, { scope: 'openid email' });
    const json = await token(
      idp,
      { client_id: CLIENT_ID, grant_type: 'authorization_code', code: second.code, code_verifier: second.verifier, redirect_uri: CALLBACK },
      { json: true },
    );
    expect(json.status).toBe(200);
    const claims = decodeJwt(String(((await json.json()) as Record<string, unknown>)['id_token']));
    expect(claims['email']).toBe('ada@example.com');
    expect(claims['name']).toBeUndefined();
  });

  it('rejects a PKCE mismatch with 403 invalid_grant, and the code is spent afterwards', async () => {
    const { idp } = makeIdp();
    const { code, verifier } = await codeFor(idp);
    const other = await pkce();
    const bad = await exchange(idp, code, other.verifier);
    expect(bad.status).toBe(403);
    expect(await bad.json()).toEqual({ error: 'invalid_grant', error_description: 'Failed to verify code verifier' });
    expect(bad.headers.get('access-control-allow-origin')).toBe(APP);
    expect((await exchange(idp, code, verifier)).status).toBe(403);
  });

  it('makes codes single-use and revokes the refresh tokens of a replayed code', async () => {
    const { idp } = makeIdp();
    const { code, verifier } = await codeFor(idp, { scope: 'openid profile email offline_access' });
    const first = (await (await exchange(idp, code, verifier)).json()) as Record<string, string>;
    expect(first['refresh_token']).toMatch(/^v1\./);
    const replay = await exchange(idp, code, verifier);
    expect(replay.status).toBe(403);
    expect(await replay.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid authorization code' });
    const refresh = await token(idp, { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: first['refresh_token'] ?? '' });
    expect(refresh.status).toBe(403);
  });

  it('expires codes after a short TTL and binds them to redirect_uri', async () => {
    const { idp, clock } = makeIdp();
    const late = await codeFor(idp);
    clock.ms += 61_000;
    expect((await exchange(idp, late.code, late.verifier)).status).toBe(403);
    const wrong = await codeFor(idp);
    const res = await exchange(idp, wrong.code, wrong.verifier, { redirect_uri: `${APP}/elsewhere` });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Record<string, string>)['error']).toBe('invalid_grant');
  });

  it('rejects an unknown client (401 invalid_client), a bad grant type (400) and an unreadable body, all as JSON with CORS', async () => {
    const { idp } = makeIdp();
    const { code, verifier } = await codeFor(idp);
    const unknown = await exchange(idp, code, verifier, { client_id: 'someone-else' });
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as Record<string, string>)['error']).toBe('invalid_client');
    expect(unknown.headers.get('access-control-allow-origin')).toBe(APP);
    // The unknown-client attempt did not burn the code.
    expect((await exchange(idp, code, verifier)).status).toBe(200);
    const grant = await token(idp, { client_id: CLIENT_ID, grant_type: 'password', username: 'x' });
    expect(grant.status).toBe(400);
    expect(((await grant.json()) as Record<string, string>)['error']).toBe('unsupported_grant_type');
    expect(grant.headers.get('access-control-allow-origin')).toBe(APP);
    const broken = await idp.app.fetch(
      new Request(`${IDP}/oauth/token`, { method: 'POST', headers: { origin: APP, 'content-type': 'application/json' }, body: '{nope' }),
    );
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/application\/json/);
    expect(broken.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('answers the CORS preflight with 204 allowing auth0-client', async () => {
    const { idp } = makeIdp();
    const res = await idp.app.fetch(
      new Request(`${IDP}/oauth/token`, {
        method: 'OPTIONS',
        headers: {
          origin: APP,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'auth0-client,content-type',
        },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('auth0-client');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('rotates refresh tokens, sends an id_token and a refresh_token on every refresh, and tolerates a retry', async () => {
    const { idp, clock } = makeIdp();
    const { body } = await loginAndExchange(idp, { extra: { scope: 'openid profile email offline_access', audience: 'https://api.test' } });
    const rt1 = String(body['refresh_token']);
    clock.ms += 5_000;
    const refresh = (rt: string, extra: Record<string, string> = {}) =>
      token(idp, { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: rt, redirect_uri: APP, ...extra });
    const r1 = await refresh(rt1);
    expect(r1.status).toBe(200);
    const b1 = (await r1.json()) as Record<string, unknown>;
    const rt2 = String(b1['refresh_token']);
    expect(rt2).not.toBe(rt1);
    expect(b1['scope']).toBe('openid profile email offline_access'); // remembered, not sent
    expect(b1['expires_in']).toBe(86_400);
    const claims = decodeJwt(String(b1['id_token']));
    expect(claims.iss).toBe(`${IDP}/`);
    expect(claims['nonce']).toBeUndefined();
    expect(claims.iat).toBe(clock.ms / 1000);
    expect(decodeJwt(String(b1['access_token'])).aud).toEqual(['https://api.test', `${IDP}/userinfo`]);
    // A retry of the same request (lost response) gets the same successor.
    const retry = (await (await refresh(rt1)).json()) as Record<string, unknown>;
    expect(retry['refresh_token']).toBe(rt2);
    // The successor works and rotates again.
    const b2 = (await (await refresh(rt2)).json()) as Record<string, unknown>;
    expect(b2['refresh_token']).toEqual(expect.stringMatching(/^v1\./));
    // Reusing rt1 after the grace window is treated as theft: the whole chain dies.
    clock.ms += 31_000;
    const stolen = await refresh(rt1);
    expect(stolen.status).toBe(403);
    expect(await stolen.json()).toEqual({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    expect((await refresh(String(b2['refresh_token']))).status).toBe(403);
  });

  it('gives concurrent refreshes with one token the same successor (one live chain)', async () => {
    const { idp } = makeIdp();
    const { body } = await loginAndExchange(idp, { extra: { scope: 'openid offline_access' } });
    const rt = String(body['refresh_token']);
    const responses = await Promise.all(
      [1, 2, 3].map(() => token(idp, { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: rt })),
    );
    const successors = await Promise.all(responses.map(async (r) => ((await r.json()) as Record<string, string>)['refresh_token']));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(successors).size).toBe(1);
  });

  it('rejects unknown, foreign-client and revoked refresh tokens; /oauth/revoke kills a chain', async () => {
    const { idp } = makeIdp();
    const { body } = await loginAndExchange(idp, { extra: { scope: 'openid offline_access' } });
    const rt = String(body['refresh_token']);
    const refresh = (value: string, clientId = CLIENT_ID) =>
      token(idp, { client_id: clientId, grant_type: 'refresh_token', refresh_token: value });
    expect((await refresh('v1.made-up')).status).toBe(403);
    expect((await refresh(rt, 'other')).status).toBe(401);
    const revoke = await idp.app.fetch(
      new Request(`${IDP}/oauth/revoke`, {
        method: 'POST',
        headers: { origin: APP, 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: CLIENT_ID, token_type_hint: 'refresh_token', token: rt }),
      }),
    );
    expect(revoke.status).toBe(200);
    expect(revoke.headers.get('access-control-allow-origin')).toBe(APP);
    const after = await refresh(rt);
    expect(after.status).toBe(403);
  });

  it('keeps refresh tokens alive across /v2/logout but not the session', async () => {
    const { idp } = makeIdp();
    const { body, cookie } = await loginAndExchange(idp, { extra: { scope: 'openid offline_access' } });
    await idp.app.fetch(new Request(`${IDP}/v2/logout?client_id=${CLIENT_ID}`, { headers: { cookie: cookie ?? '' } }));
    const { challenge } = await pkce();
    expect(redirectParams(await getAuthorize(idp, authorizeParams(challenge, { prompt: 'none' }), cookie)).get('error')).toBe(
      'login_required',
    );
    const refresh = await token(idp, { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: String(body['refresh_token']) });
    expect(refresh.status).toBe(200);
  });

  it('gives the same sub to the same email across logins and serves /userinfo for its access token', async () => {
    const { idp } = makeIdp();
    const a = await loginAndExchange(idp, { email: 'Grace@Example.com' });
    const b = await loginAndExchange(idp, { email: 'grace@example.com' });
    const c = await loginAndExchange(idp, { email: 'other@example.com' });
    const sub = (r: typeof a) => decodeJwt(String(r.body['id_token'])).sub;
    expect(sub(a)).toBe(sub(b));
    expect(sub(c)).not.toBe(sub(a));
    const info = await idp.app.fetch(
      new Request(`${IDP}/userinfo`, { headers: { authorization: `Bearer ${String(a.body['access_token'])}` } }),
    );
    expect(await info.json()).toMatchObject({ sub: sub(a), email: 'grace@example.com' });
    expect((await idp.app.fetch(new Request(`${IDP}/userinfo`, { headers: { authorization: 'Bearer x.y.z' } }))).status).toBe(401);
  });
});
