import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { PostLoginAction, PostLoginEvent } from '../../src/mock/idp/actions';
import { runPostLoginActions } from '../../src/mock/idp/run-actions';
import { UserStore } from '../../src/mock/idp/users';
import {
  APP, CALLBACK, CLIENT_ID, STATE, authorizeParams, getAuthorize, loginAndExchange, makeIdp, pkce, postLogin,
  redirectParams, sessionCookie, token,
} from '../support/idp';

function recorder(): { events: PostLoginEvent[]; action: PostLoginAction } {
  const events: PostLoginEvent[] = [];
  return { events, action: (event) => void events.push(event) };
}

describe('dev IdP post-login Actions', () => {
  it('adds custom claims to the id_token and access token, and keeps them on refresh', async () => {
    const { idp } = makeIdp({
      postLoginActions: [
        (event, api) => {
          api.idToken.setCustomClaim('https://app.test/roles', ['editor']).idToken.setCustomClaim('plan', 'pro');
          api.accessToken.setCustomClaim('https://app.test/tenant', event.user.email.split('@')[1]);
          api.idToken.setCustomClaim('sub', 'hijacked').idToken.setCustomClaim('iss', 'evil'); // protected: ignored
        },
      ],
    });
    const { body } = await loginAndExchange(idp, { extra: { scope: 'openid profile email offline_access' } });
    const claims = decodeJwt(String(body['id_token']));
    expect(claims['https://app.test/roles']).toEqual(['editor']);
    expect(claims['plan']).toBe('pro');
    expect(claims.sub).toMatch(/^auth0\|/);
    expect(claims.iss).toBe(idp.issuer);
    expect(decodeJwt(String(body['access_token']))['https://app.test/tenant']).toBe('example.com');
    const refreshed = (await (
      await token(idp, { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: String(body['refresh_token']) })
    ).json()) as Record<string, unknown>;
    expect(decodeJwt(String(refreshed['id_token']))['plan']).toBe('pro');
  });

  it('fails the login with access_denied and the reason when an Action denies, without a session or later Actions', async () => {
    let laterRan = false;
    const { idp } = makeIdp({
      postLoginActions: [
        (event, api) => {
          if (event.user.email.endsWith('@blocked.test')) api.access.deny('Your domain is not allowed');
        },
        () => {
          laterRan = true;
        },
      ],
    });
    const { challenge } = await pkce();
    const res = await postLogin(idp, authorizeParams(challenge), { email: 'eve@blocked.test' });
    expect(res.status).toBe(302);
    expect(Object.fromEntries(redirectParams(res))).toEqual({
      error: 'access_denied',
      error_description: 'Your domain is not allowed',
      state: STATE,
    });
    expect(sessionCookie(res)).toBeUndefined();
    expect(laterRan).toBe(false);
    // Through web_message (popup) the same error is posted to the opener.
    const popup = await postLogin(idp, authorizeParams(challenge, { response_mode: 'web_message' }), { email: 'eve@blocked.test' });
    const html = await popup.text();
    expect(html).toContain('"error":"access_denied"');
    expect(html).toContain('"error_description":"Your domain is not allowed"');
    // Allowed users pass and the second Action runs.
    await postLogin(idp, authorizeParams(challenge), { email: 'bob@ok.test' });
    expect(laterRan).toBe(true);
  });

  it('turns a throwing Action into access_denied with the exception message', async () => {
    const { idp } = makeIdp({
      postLoginActions: [
        () => {
          throw new Error('restdb exploded');
        },
      ],
    });
    const { challenge } = await pkce();
    const res = await postLogin(idp, authorizeParams(challenge), { email: 'ada@example.com' });
    expect(redirectParams(res).get('error')).toBe('access_denied');
    expect(redirectParams(res).get('error_description')).toBe('restdb exploded');
  });

  it('counts logins per user (1 on the first), runs on silent logins too without counting them', async () => {
    const { events, action } = recorder();
    const { idp } = makeIdp({ postLoginActions: [action] });
    const { challenge } = await pkce();
    const first = await postLogin(idp, authorizeParams(challenge), { email: 'ada@example.com' });
    await postLogin(idp, authorizeParams(challenge), { email: 'ada@example.com' });
    await postLogin(idp, authorizeParams(challenge), { email: 'bob@example.com' });
    const silent = await getAuthorize(idp, authorizeParams(challenge, { prompt: 'none' }), sessionCookie(first));
    expect(redirectParams(silent).get('code')).toBeTruthy();
    expect(events.map((e) => [e.user.email, e.stats.logins_count])).toEqual([
      ['ada@example.com', 1],
      ['ada@example.com', 2],
      ['bob@example.com', 1],
      ['ada@example.com', 2], // silent: Action ran, count unchanged
    ]);
    expect(events[3]?.transaction.prompt).toEqual(['none']);
  });

  it('denies a silent login through the response mode, never with UI', async () => {
    let deny = false;
    const { idp } = makeIdp({ postLoginActions: [(_e, api) => void (deny && api.access.deny('suspended'))] });
    const { challenge } = await pkce();
    const cookie = sessionCookie(await postLogin(idp, authorizeParams(challenge), { email: 'ada@example.com' }));
    deny = true;
    const res = await getAuthorize(idp, authorizeParams(challenge, { prompt: 'none', response_mode: 'web_message' }), cookie);
    const html = await res.text();
    expect(html).not.toContain('<form');
    expect(html).toContain('"error":"access_denied"');
  });

  it('passes secrets, client, connection, request and transaction details in the event', async () => {
    const { events, action } = recorder();
    const { idp } = makeIdp({
      postLoginActions: [action],
      actionSecrets: { RESTDB_URL: 'http://127.0.0.1:4010', RESTDB_API_KEY: 'k' },
      clientName: 'Todo demo',
    });
    const { challenge } = await pkce();
    await postLogin(idp, authorizeParams(challenge, { audience: 'https://api.test' }), { email: 'Ada@Example.com', name: 'Ada L' }, {
      'user-agent': 'TestAgent/1.0',
      'x-forwarded-for': '203.0.113.9, 10.0.0.1',
      'accept-language': 'de-DE,de;q=0.9',
    });
    const event = events[0];
    expect(event?.secrets).toEqual({ RESTDB_URL: 'http://127.0.0.1:4010', RESTDB_API_KEY: 'k' });
    expect(event?.client).toEqual({ client_id: CLIENT_ID, name: 'Todo demo', metadata: {} });
    expect(event?.connection).toMatchObject({ name: 'Username-Password-Authentication', strategy: 'auth0' });
    expect(event?.request).toMatchObject({
      ip: '203.0.113.9',
      user_agent: 'TestAgent/1.0',
      hostname: 'localhost',
      language: 'de-DE',
    });
    expect(event?.request.query['audience']).toBe('https://api.test');
    expect(event?.transaction).toMatchObject({
      protocol: 'oidc-basic-profile',
      requested_scopes: ['openid', 'profile', 'email'],
      redirect_uri: CALLBACK,
      response_mode: 'query',
      state: STATE,
      locale: 'de',
    });
    expect(event?.user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada L',
      email_verified: true,
      app_metadata: {},
      user_metadata: {},
      identities: [{ provider: 'auth0', connection: 'Username-Password-Authentication', isSocial: false }],
    });
    expect(event?.user.user_id).toMatch(/^auth0\|/);
    expect(event?.user.identities[0]?.user_id).toBe(event?.user.user_id.replace('auth0|', ''));
    expect(Date.parse(event?.user.created_at ?? '')).not.toBeNaN();
  });

  it('persists app/user metadata for later Actions and later logins; mutating event.user changes nothing', async () => {
    const seen: unknown[] = [];
    const { idp } = makeIdp({
      postLoginActions: [
        (event, api) => {
          if (!event.user.app_metadata['synced']) api.user.setAppMetadata('synced', true).user.setUserMetadata('theme', 'dark');
          event.user.app_metadata['tampered'] = true;
          event.user.email = 'changed@example.com';
        },
        (event) => void seen.push(structuredClone(event.user.app_metadata), event.user.user_metadata['theme'], event.user.email),
      ],
    });
    await loginAndExchange(idp);
    const second = await loginAndExchange(idp);
    expect(seen).toEqual([{ synced: true }, 'dark', 'ada@example.com', { synced: true }, 'dark', 'ada@example.com']);
    expect(decodeJwt(String(second.body['id_token']))['email']).toBe('ada@example.com');
  });

  it('runs again on refresh-token exchanges (protocol oauth2-refresh-token), recomputing claims; a denial fails the refresh', async () => {
    const { events, action } = recorder();
    let runs = 0;
    let blocked = false;
    const { idp } = makeIdp({
      postLoginActions: [
        action,
        (event, api) => {
          runs += 1;
          api.idToken.setCustomClaim('run', runs);
          if (blocked && event.transaction.protocol === 'oauth2-refresh-token') api.access.deny('Session revoked by policy');
        },
      ],
    });
    const { body } = await loginAndExchange(idp, { extra: { scope: 'openid profile email offline_access' } });
    expect(decodeJwt(String(body['id_token']))['run']).toBe(1);
    const refresh = (rt: string) =>
      token(idp, { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: rt }, { origin: APP });
    const r1 = (await (await refresh(String(body['refresh_token']))).json()) as Record<string, unknown>;
    expect(decodeJwt(String(r1['id_token']))['run']).toBe(2);
    const refreshEvent = events[1];
    expect(refreshEvent?.transaction).toMatchObject({ protocol: 'oauth2-refresh-token', requested_scopes: ['openid', 'profile', 'email', 'offline_access'] });
    expect(refreshEvent?.transaction.redirect_uri).toBeUndefined();
    expect(refreshEvent?.stats.logins_count).toBe(1); // a refresh is not a login
    expect(refreshEvent?.refresh_token).toMatchObject({ client_id: CLIENT_ID, id: expect.any(String) });
    blocked = true;
    const denied = await refresh(String(r1['refresh_token']));
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBe(APP);
    expect(await denied.json()).toEqual({ error: 'access_denied', error_description: 'Session revoked by policy' });
    blocked = false;
    expect((await refresh(String(r1['refresh_token']))).status).toBe(200); // a denial does not consume the token
  });

  it('fails a login whose Action hangs past the time limit', async () => {
    const users = new UserStore();
    const user = users.upsert({ email: 'slow@example.com' }, 0);
    const outcome = await runPostLoginActions([() => new Promise<void>(() => undefined)], user, () => ({}) as PostLoginEvent, 50);
    expect(outcome).toEqual({ ok: false, error: 'access_denied', description: 'Script execution time exceeded' });
  });

  it('lets an async Action finish before the code is issued', async () => {
    const { idp } = makeIdp({
      postLoginActions: [
        async (_e, api) => {
          await new Promise((r) => setTimeout(r, 20));
          api.idToken.setCustomClaim('late', APP);
        },
      ],
    });
    const { body } = await loginAndExchange(idp);
    expect(decodeJwt(String(body['id_token']))['late']).toBe(APP);
  });
});
