import { describe, expect, it } from 'vitest';
import { createRestdbClient, RestdbAuthError, RestdbClient } from '../../src/index';
import { newClient, newMock, recordEvents, requestsTo, signedIn, useMsw } from './support';

const msw = useMsw();

describe('login and exchange', () => {
  it('redirect login: handleRedirectCallback exchanges the Auth0 id_token at POST /auth/token {code}', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = newClient(mock, auth0);
    const events = recordEvents(client);
    await client.login({ appState: { returnTo: '/todos' } });
    expect(auth0.controls.calls.loginWithRedirect).toBe(1);
    const { appState, session } = await client.handleRedirectCallback<{ returnTo: string }>('https://app.test/cb?code=1&state=2');
    expect(appState).toEqual({ returnTo: '/todos' });
    const [exchange] = requestsTo(mock, '/auth/token', 'POST');
    const idToken = (await auth0.getIdTokenClaims())?.__raw;
    expect(exchange?.body).toEqual({ code: idToken });
    expect(session.token).toBeTruthy();
    expect(session.exp - session.iat).toBe(3600);
    expect(client.status).toBe('signedIn');
    expect(client.getSession()).toEqual(session);
    expect(events.map((e) => e.event)).toEqual(['SIGNED_IN']);
    expect(await client.getToken()).toBe(session.token);
  });

  it('login({signup: true}) asks Auth0 for the sign-up screen and passes other params through', async () => {
    const { mock, auth0 } = newMock(msw);
    const seen: unknown[] = [];
    const spy = { ...auth0, loginWithRedirect: async (o?: unknown) => void seen.push(o) };
    const client = newClient(mock, spy);
    await client.login({ signup: true, authorizationParams: { ui_locales: 'de' }, appState: 1 });
    expect(seen).toEqual([{ appState: 1, authorizationParams: { ui_locales: 'de', screen_hint: 'signup' } }]);
  });

  it('popup login exchanges and emits SIGNED_IN; a closed popup is popup_closed', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = newClient(mock, auth0);
    const events = recordEvents(client);
    const session = await client.loginWithPopup();
    expect(session.token).toBe(client.getSession()?.token);
    expect(events.map((e) => e.event)).toEqual(['SIGNED_IN']);

    const closed = newClient(mock, { ...auth0, loginWithPopup: () => Promise.reject(Object.assign(new Error('Popup closed'), { error: 'cancelled' })) });
    await expect(closed.loginWithPopup()).rejects.toMatchObject({ name: 'RestdbAuthError', code: 'popup_closed' });
    expect(closed.status).toBe('unknown');
  });

  it('a refused exchange rejects with exchange_failed and leaves the client signed out', async () => {
    const { mock, auth0 } = newMock(msw);
    mock.faults.add({ path: '/auth/token', status: 403, body: { message: 'Invalid id_token' } });
    const client = newClient(mock, auth0);
    await client.login();
    const error = await client.handleRedirectCallback('https://app.test/cb?code=1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestdbAuthError);
    expect(error).toMatchObject({ code: 'exchange_failed' });
    expect((error as Error).message).toContain('POST /auth/token failed: 403');
    expect(client.status).toBe('signedOut');
    expect(client.getSession()).toBeNull();
  });

  it.each([
    ['a non-JSON body', 'not json', 'not a JSON object'],
    ['no exp', { token: 'x', iat: 1 }, 'no exp'],
    ['exp before iat', { token: 'x', iat: 100, exp: 50 }, 'bad iat/exp'],
    ['exp equal to iat', { token: 'x', iat: 100, exp: 100 }, 'bad iat/exp'],
    ['no token', { iat: 1, exp: 2 }, 'no token'],
  ])('a 200 reply with %s is exchange_failed with a cause, never a session', async (_label, body, cause) => {
    const { mock, auth0 } = newMock(msw);
    mock.faults.add({ path: '/auth/token', status: 200, body });
    const client = newClient(mock, auth0);
    await client.login();
    const error = await client.handleRedirectCallback('https://app.test/cb?code=1').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RestdbAuthError', code: 'exchange_failed' });
    expect(((error as Error).cause as Error).message).toBe(cause);
    expect(client.getSession()).toBeNull();
  });

  it('an Auth0 login error from the callback is a RestdbAuthError carrying the Auth0 error', async () => {
    const { mock, auth0 } = newMock(msw);
    auth0.controls.failLogin('access_denied');
    const client = newClient(mock, auth0);
    await client.login();
    await expect(client.handleRedirectCallback('https://app.test/cb?error=access_denied')).rejects.toMatchObject({ name: 'RestdbAuthError' });
    expect(requestsTo(mock, '/auth/token')).toHaveLength(0);
  });
});

describe('events', () => {
  it('a throwing listener is reported as a warning and affects neither the state nor other listeners; unsubscribe works', async () => {
    const { mock, auth0 } = newMock(msw);
    const warnings: string[] = [];
    const client = newClient(mock, auth0, { onWarning: (w) => warnings.push(w.code) });
    const seen: string[] = [];
    client.onAuthStateChange(() => {
      throw new Error('listener bug');
    });
    const off = client.onAuthStateChange((event) => seen.push(`b:${event}`));
    client.onAuthStateChange((event) => seen.push(`c:${event}:${client.status}`));
    await client.loginWithPopup();
    expect(seen).toEqual(['b:SIGNED_IN', 'c:SIGNED_IN:signedIn']);
    expect(warnings).toEqual(['listener_failed']);
    off();
    await client.refresh();
    expect(seen).toEqual(['b:SIGNED_IN', 'c:SIGNED_IN:signedIn', 'c:TOKEN_REFRESHED:signedIn']);
    expect(client.status).toBe('signedIn');
  });

  it('a listener that calls back into the client sees the committed state and no flight in progress', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = newClient(mock, auth0);
    const tokens: string[] = [];
    client.onAuthStateChange((event, session) => {
      if (event === 'SIGNED_IN') void client.getToken().then((t) => tokens.push(t === session?.token ? 'same' : 'different'));
    });
    await client.loginWithPopup();
    await new Promise((r) => setTimeout(r, 10));
    expect(tokens).toEqual(['same']);
    expect(requestsTo(mock, '/auth/token')).toHaveLength(1);
  });
});

describe('restore', () => {
  it('createRestdbClient exchanges an existing Auth0 session silently (no redirect); status is unknown until then', async () => {
    const { mock, auth0 } = newMock(msw);
    await auth0.controls.setUser({ email: 'ann@example.com' });
    const client = new RestdbClient({ url: mock.url, auth0 });
    const events = recordEvents(client);
    expect(client.status).toBe('unknown');
    const restoring = client.restore();
    expect(client.status).toBe('unknown');
    await restoring;
    expect(client.status).toBe('signedIn');
    expect(events.map((e) => [e.event, e.session?.token])).toEqual([['INITIAL_SESSION', client.getSession()?.token]]);
    expect(auth0.controls.calls.loginWithRedirect).toBe(0);
    expect(requestsTo(mock, '/auth/token')).toHaveLength(1);
  });

  it('without an Auth0 session it ends signed out with INITIAL_SESSION null', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await createRestdbClient({ url: mock.url, auth0 });
    expect(client.status).toBe('signedOut');
    expect(client.getSession()).toBeNull();
    await expect(client.getToken()).rejects.toMatchObject({ code: 'login_required' });
    expect(requestsTo(mock, '/auth/token')).toHaveLength(0);
  });

  it('a stored session in the storage adapter is used without any request', async () => {
    const { mock, auth0 } = newMock(msw);
    const map = new Map<string, string>();
    const storage = { get: (k: string) => map.get(k), set: (k: string, v: string) => void map.set(k, v), remove: (k: string) => void map.delete(k) };
    const first = await signedIn(mock, auth0, { storage });
    const token = first.getSession()?.token;
    first.dispose();
    mock.requests.clear();
    const second = await createRestdbClient({ url: mock.url, auth0: mock.auth0Client(), storage });
    expect(second.getSession()?.token).toBe(token);
    expect(mock.requests.entries()).toHaveLength(0);
    await second.logout({ openUrl: false });
    expect(map.size).toBe(0);
  });

  it('storage that throws degrades to memory with a storage_unavailable warning', async () => {
    const { mock, auth0 } = newMock(msw);
    const warnings: string[] = [];
    const boom = (): never => {
      throw new Error('QuotaExceededError');
    };
    const client = await signedIn(mock, auth0, { storage: { get: boom, set: boom, remove: boom }, onWarning: (w) => warnings.push(w.code) });
    expect(client.status).toBe('signedIn');
    expect(warnings).toEqual(['storage_unavailable']);
  });
});
