/**
 * The fake Auth0 client of `createRestdbMock().auth0Client()`: spa-js method shapes, id_tokens the mock's
 * /auth/token accepts, and the test controls.
 */
import { describe, expect, it } from 'vitest';
import { createRestdbMock, FakeAuth0Error, type RestdbMock } from '../../src/mock/index';

function exchange(mock: RestdbMock, code: string): Promise<Response> {
  return mock.fetch(
    new Request(`${mock.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }),
  );
}

describe('fake Auth0 client', () => {
  it('redirect login: appState comes back, the raw id_token is accepted by /auth/token', async () => {
    const mock = createRestdbMock();
    const auth0 = mock.auth0Client({ email: 'ann@example.com', name: 'Ann' });
    expect(await auth0.isAuthenticated()).toBe(false);
    expect(await auth0.getIdTokenClaims()).toBeUndefined();
    await auth0.loginWithRedirect({ appState: { returnTo: '/todos' } });
    expect(await auth0.handleRedirectCallback()).toEqual({ appState: { returnTo: '/todos' } });
    expect(await auth0.isAuthenticated()).toBe(true);
    const claims = await auth0.getIdTokenClaims();
    expect(claims).toMatchObject({ email: 'ann@example.com', name: 'Ann', aud: mock.clientId });
    const reply = await exchange(mock, claims?.__raw ?? '');
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ token: expect.any(String), iat: expect.any(Number), exp: expect.any(Number) });
  });

  it('a callback without a login in progress fails like spa-js ("Invalid state")', async () => {
    const auth0 = createRestdbMock().auth0Client();
    await expect(auth0.handleRedirectCallback()).rejects.toThrow('Invalid state');
  });

  it('getTokenSilently: login_required when signed out, controllable failures, fresh id_token with cacheMode off', async () => {
    const mock = createRestdbMock();
    const auth0 = mock.auth0Client({ email: 'bob@example.com' });
    const signedOut = await auth0.getTokenSilently().catch((e: unknown) => e);
    expect(signedOut).toBeInstanceOf(FakeAuth0Error);
    expect((signedOut as FakeAuth0Error).error).toBe('login_required');
    await auth0.loginWithPopup();
    const first = (await auth0.getIdTokenClaims())?.__raw;
    expect(typeof (await auth0.getTokenSilently())).toBe('string');
    expect((await auth0.getIdTokenClaims())?.__raw).toBe(first);
    auth0.controls.failSilentAuth('consent_required');
    await expect(auth0.getTokenSilently()).rejects.toMatchObject({ error: 'consent_required' });
    auth0.controls.failSilentAuth(null);
    const detailed = await auth0.getTokenSilently({ cacheMode: 'off', detailedResponse: true });
    expect(detailed).toMatchObject({ access_token: expect.any(String), id_token: expect.any(String), expires_in: 86400 });
    const second = (await auth0.getIdTokenClaims())?.__raw;
    expect(typeof detailed === 'object' && detailed.id_token).toBe(second);
    expect((await exchange(mock, second ?? '')).status).toBe(200);
  });

  it('re-signs an id_token that is about to expire', async () => {
    let now = Date.now();
    const mock = createRestdbMock({ now: () => now });
    const auth0 = mock.auth0Client();
    await auth0.loginWithPopup();
    const before = await auth0.getIdTokenClaims();
    now = (Number(before?.['exp']) - 30) * 1000;
    await auth0.getTokenSilently();
    const after = await auth0.getIdTokenClaims();
    expect(Number(after?.['exp'])).toBeGreaterThan(Number(before?.['exp']));
  });

  it('getUser drops protocol claims; logout signs out and opens the IdP logout URL', async () => {
    const mock = createRestdbMock();
    const auth0 = mock.auth0Client({ email: 'cid@example.com', name: 'Cid' });
    await auth0.loginWithPopup();
    const user = await auth0.getUser();
    expect(user).toMatchObject({ email: 'cid@example.com', name: 'Cid', sub: expect.any(String) });
    for (const claim of ['iss', 'aud', 'exp', 'iat']) expect(user).not.toHaveProperty(claim);
    const opened: string[] = [];
    await auth0.logout({ openUrl: (url) => void opened.push(url) });
    expect(opened).toEqual([expect.stringContaining(`${mock.idpUrl}/v2/logout`)]);
    expect(await auth0.isAuthenticated()).toBe(false);
    expect(await auth0.getUser()).toBeUndefined();
  });

  it('controls: failLogin, setUser, signedIn and call counters', async () => {
    const auth0 = createRestdbMock().auth0Client();
    auth0.controls.failLogin('access_denied');
    await expect(auth0.loginWithPopup()).rejects.toMatchObject({ error: 'access_denied' });
    auth0.controls.failLogin(null);
    await auth0.controls.setUser({ email: 'dee@example.com' });
    expect(auth0.controls.signedIn).toBe(true);
    expect((await auth0.getUser())?.['email']).toBe('dee@example.com');
    await auth0.checkSession();
    await auth0.controls.setUser(undefined);
    expect(auth0.controls.signedIn).toBe(false);
    expect(auth0.controls.calls).toMatchObject({ loginWithPopup: 1, getUser: 1, checkSession: 1, logout: 0 });
  });
});
