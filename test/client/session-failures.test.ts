import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { RestdbAuthError, RestdbNetworkError } from '../../src/index';
import { newClient, newMock, recordEvents, requestsTo, signedIn, useMsw } from './support';

const msw = useMsw();
afterEach(() => vi.useRealTimers());

/** Lets real I/O progress (setImmediate is not faked) until `done()` holds. */
const until = async (done: () => boolean): Promise<void> => {
  const deadline = performance.now() + 5000; // real time: performance.now is not faked
  while (!done() && performance.now() < deadline) await new Promise((r) => setImmediate(r));
  if (!done()) throw new Error('condition not reached');
};

const tokenBodies = (mock: Parameters<typeof requestsTo>[0]): string[] =>
  requestsTo(mock, '/auth/token', 'POST').map((r) => Object.keys(r.body as object)[0] ?? '');

describe('refresh failure paths', () => {
  it('refresh refused (401) -> one silent re-exchange through Auth0 -> TOKEN_REFRESHED', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const events = recordEvents(client);
    mock.requests.clear();
    mock.faults.add({ path: '/auth/token', status: 401, times: 1 });
    const before = auth0.controls.calls.getTokenSilently;
    const session = await client.refresh();
    expect(tokenBodies(mock)).toEqual(['refresh', 'code']);
    expect(auth0.controls.calls.getTokenSilently).toBeGreaterThan(before);
    expect(client.getSession()?.token).toBe(session.token);
    expect(events.map((e) => e.event)).toEqual(['TOKEN_REFRESHED']);
  });

  it('the re-exchange after a refused refresh sends a fresh id_token, not the one Auth0 cached at login', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const codes = (): unknown[] => requestsTo(mock, '/auth/token', 'POST').map((r) => (r.body as { code?: unknown }).code).filter(Boolean);
    vi.setSystemTime(Date.now() + 5000); // a re-signed id_token gets a later iat
    mock.faults.add({ path: '/auth/token', status: 401, times: 1 });
    await client.refresh();
    const [login, again] = codes();
    expect(again).toBeTypeOf('string');
    expect(again).not.toBe(login);
    expect(again).toBe((await auth0.getIdTokenClaims())?.__raw);
    client.dispose();
  });

  it('refresh refused and Auth0 says login_required -> SIGNED_OUT with reason refresh_failed', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const events = recordEvents(client);
    mock.faults.add({ path: '/auth/token', status: 403 });
    auth0.controls.failSilentAuth('login_required');
    const error = await client.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestdbAuthError);
    expect(error).toMatchObject({ code: 'refresh_failed' });
    expect((error as Error).cause).toMatchObject({ code: 'login_required' });
    expect(client.status).toBe('signedOut');
    expect(client.getSession()).toBeNull();
    expect(events.map((e) => [e.event, e.details.reason])).toEqual([['SIGNED_OUT', 'refresh_failed']]);
    await expect(client.getToken()).rejects.toMatchObject({ code: 'login_required' });
  });

  it('refresh refused and Auth0 has no refresh token to renew with (missing_refresh_token) -> SIGNED_OUT refresh_failed, not an endless retry', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const events = recordEvents(client);
    mock.faults.add({ path: '/auth/token', status: 401, times: 1 });
    auth0.controls.failSilentAuth('missing_refresh_token');
    await expect(client.refresh()).rejects.toMatchObject({ code: 'refresh_failed' });
    expect(client.status).toBe('signedOut');
    expect(events.map((e) => [e.event, e.details.reason])).toEqual([['SIGNED_OUT', 'refresh_failed']]);
  });

  it('refresh refused and Auth0 times out (no answer about the session): the session and its valid token stay', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const events = recordEvents(client);
    const token = client.getSession()!.token;
    mock.faults.add({ path: '/auth/token', status: 401, times: 1 });
    auth0.controls.failSilentAuth('timeout');
    await expect(client.refresh()).rejects.toMatchObject({ cause: { error: 'timeout' } });
    expect(client.status).toBe('signedIn');
    expect(client.getSession()?.token).toBe(token);
    expect(events).toEqual([]);
    expect(await client.getToken()).toBe(token);
    client.dispose();
  });

  it('refresh refused and @auth0/auth0-spa-js cannot be loaded (no answer about the session): the session and its valid token stay', async () => {
    const { mock, auth0 } = newMock(msw);
    const stored = new Map<string, string>();
    const storage = { get: (k: string) => stored.get(k), set: (k: string, v: string) => void stored.set(k, v), remove: (k: string) => void stored.delete(k) };
    (await signedIn(mock, auth0, { storage })).dispose();
    // Built from Auth0 options, so spa-js is imported on first need: that import fails here, as a chunk that
    // cannot be fetched would. The stored session restores without Auth0.
    vi.doMock('@auth0/auth0-spa-js', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    onTestFinished(() => void vi.doUnmock('@auth0/auth0-spa-js'));
    const client = newClient(mock, auth0, { storage, auth0: { domain: 'tenant.example.com', clientId: 'abc' } });
    const session = await client.restore();
    expect(session?.token).toBeTypeOf('string');
    const events = recordEvents(client);
    mock.faults.add({ path: '/auth/token', status: 401, times: 1 });
    const error = await client.refresh().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RestdbAuthError', message: 'Could not load @auth0/auth0-spa-js' });
    expect(client.status).toBe('signedIn');
    expect(client.getSession()?.token).toBe(session?.token);
    expect(events).toEqual([]);
    client.dispose();
  });

  it('refresh refused and the database also refuses the renewed Auth0 login -> reason revoked', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const events = recordEvents(client);
    mock.faults.add({ path: '/auth/token', status: 403 });
    await expect(client.refresh()).rejects.toMatchObject({ code: 'refresh_failed' });
    expect(tokenBodies(mock).slice(-2)).toEqual(['refresh', 'code']);
    expect(events.map((e) => [e.event, e.details.reason])).toEqual([['SIGNED_OUT', 'revoked']]);
  });

  it.each([
    ['a network error', { networkError: true as const }],
    ['a 500', { status: 500 }],
    ['a 503', { status: 503 }],
    ['a non-JSON reply', { status: 200, body: 'not json' }],
  ])('%s during refresh keeps the session; calls keep working with the still-valid token; the retry succeeds later', async (_label, fault) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const events = recordEvents(client);
    const token = client.getSession()!.token;
    const remove = mock.faults.add({ path: '/auth/token', ...fault });
    const error = await client.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    if ('networkError' in fault) expect(error).toBeInstanceOf(RestdbNetworkError);
    expect(client.status).toBe('signedIn');
    // The scheduled refresh at exp - 60 s fails the same way and is retried with backoff.
    await vi.advanceTimersByTimeAsync(3540_000 + 10);
    await until(() => requestsTo(mock, '/auth/token').length >= 3 && client.status === 'signedIn');
    expect(client.status).toBe('signedIn');
    expect(client.getSession()?.token).toBe(token);
    expect(await client.collection('todos').find()).toEqual([]);
    expect(events).toEqual([]);
    remove();
    // Backoff retry (1 s) renews without anyone calling.
    await vi.advanceTimersByTimeAsync(4100); // backoff 1 s, 2 s: renews without anyone calling
    await until(() => events.length > 0);
    expect(events.map((e) => e.event)).toEqual(['TOKEN_REFRESHED']);
    expect(client.getSession()?.token).not.toBe(token);
  });

  it('a data call at the due time still succeeds with the valid token when the refresh hits a network error', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const token = client.getSession()!.token;
    vi.setSystemTime(client.getSession()!.expiresAt - 30_000);
    mock.faults.add({ path: '/auth/token', networkError: true });
    expect(await client.collection('todos').find()).toEqual([]);
    expect(requestsTo(mock, '/rest/todos')[0]?.headers['authorization']).toBe(`Bearer ${token}`);
    expect(client.status).toBe('signedIn');
  });
});

describe('more failure paths', () => {
  it('slept past expiry and Auth0 has no session any more -> SIGNED_OUT with reason expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const events = recordEvents(client);
    auth0.controls.failSilentAuth('login_required');
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    await expect(client.collection('todos').find()).rejects.toMatchObject({ name: 'RestdbAuthError', code: 'session_expired' });
    expect(events.map((e) => [e.event, e.details.reason])).toEqual([['SIGNED_OUT', 'expired']]);
    expect(requestsTo(mock, '/rest/todos')).toHaveLength(0);
  });

  it('a 403 storm while the refresh endpoint is unreachable costs one refresh attempt, and the session is kept', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const token = client.getSession()!.token;
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 403, times: 50 });
    mock.faults.add({ path: '/auth/token', networkError: true });
    const results = await Promise.all(Array.from({ length: 50 }, () => client.collection('todos').find().catch((e: unknown) => e)));
    expect(results.every((e) => e instanceof RestdbNetworkError)).toBe(true);
    expect(requestsTo(mock, '/auth/token')).toHaveLength(1);
    expect(client.getSession()?.token).toBe(token);
    expect(client.status).toBe('signedIn');
  });

  it('logout while restore is exchanging: SIGNED_OUT only, no INITIAL_SESSION afterwards, nothing resurrected', async () => {
    const { mock, auth0 } = newMock(msw);
    await auth0.controls.setUser({ email: 'ann@example.com' });
    let exchangeStarted!: () => void;
    const started = new Promise<void>((r) => (exchangeStarted = r));
    const spy: typeof fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/auth/token')) exchangeStarted();
      return fetch(input, init);
    };
    const warnings: string[] = [];
    const client = (await import('./support')).newClient(mock, auth0, { fetch: spy, onWarning: (w) => warnings.push(w.code) });
    const events = recordEvents(client);
    mock.faults.add({ path: '/auth/token', delayMs: 100 });
    const restoring = client.restore();
    await started;
    expect(client.status).toBe('unknown');
    await client.logout({ openUrl: false });
    expect(await restoring).toBeNull();
    await new Promise((r) => setTimeout(r, 150));
    expect(events.map((e) => e.event)).toEqual(['SIGNED_OUT']);
    expect(client.status).toBe('signedOut');
    expect(client.getSession()).toBeNull();
    expect(warnings).toEqual([]); // the logout ended the restore: nothing failed
  });
});

describe('logout', () => {
  it('clears locally and notifies first, then revokes with the old token, then logs out of Auth0; the old token is rejected', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const old = client.getSession()!.token;
    const order: string[] = [];
    client.onAuthStateChange((event, session, details) => {
      order.push(`${event}:${details.reason}:${session === null}:${requestsTo(mock, '/auth/logout').length}`);
    });
    const result = await client.logout({ openUrl: false });
    expect(order).toEqual(['SIGNED_OUT:logout:true:0']);
    expect(result).toEqual({ revoked: true });
    const [revoke] = requestsTo(mock, '/auth/logout', 'POST');
    expect(revoke?.headers['authorization']).toBe(`Bearer ${old}`);
    expect(auth0.controls.calls.logout).toBe(1);
    expect(client.status).toBe('signedOut');
    expect(client.getSession()).toBeNull();

    const direct = await fetch(`${mock.url}/rest/todos`, { headers: { authorization: `Bearer ${old}` } });
    expect(direct.status).toBe(403);
    const refresh = await fetch(`${mock.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh: old }) });
    expect(refresh.status).toBe(403);
    // Later calls carry no token at all.
    mock.requests.clear();
    await client.collection('todos').find().catch(() => undefined);
    expect(mock.requests.entries().every((r) => !r.headers['authorization'])).toBe(true);
  });

  it('passes Auth0 logout options through (returnTo)', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const urls: string[] = [];
    await client.logout({ logoutParams: { returnTo: 'https://app.test/bye' }, openUrl: (url) => void urls.push(url) });
    expect(urls).toHaveLength(1);
  });

  it('a failed server revoke is reported in the result and never leaves a session', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    mock.faults.add({ path: '/auth/logout', status: 500 });
    const result = await client.logout({ openUrl: false });
    expect(result.revoked).toBe(false);
    expect(result.error).toMatchObject({ name: 'RestdbHttpError', status: 500 });
    expect(client.getSession()).toBeNull();
    expect(client.status).toBe('signedOut');
  });

  it('logout during a refresh: the refresh cannot resurrect the session', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const events = recordEvents(client);
    mock.faults.add({ path: '/auth/token', delayMs: 150 });
    const refreshing = client.refresh().catch((e: unknown) => e);
    expect(client.status).toBe('refreshing');
    const pendingCall = client.collection('todos').find().catch((e: unknown) => e);
    await client.logout({ openUrl: false });
    const outcome = await refreshing;
    expect(outcome).toMatchObject({ code: 'login_required' });
    expect(await pendingCall).toMatchObject({ code: 'login_required' });
    await new Promise((r) => setTimeout(r, 50));
    expect(client.status).toBe('signedOut');
    expect(client.getSession()).toBeNull();
    expect(events.map((e) => e.event)).toEqual(['SIGNED_OUT']);
    expect(requestsTo(mock, '/rest/todos')).toHaveLength(0);
  });

  it('logout during the login exchange: the exchange result is dropped', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = (await import('./support')).newClient(mock, auth0);
    // A long exchange, so that a loaded machine's polling cannot miss the whole signingIn window.
    mock.faults.add({ path: '/auth/token', delayMs: 1500 });
    await client.login();
    const exchanging = client.handleRedirectCallback('https://app.test/cb?code=1').catch((e: unknown) => e);
    await vi.waitUntil(() => client.status === 'signingIn', { timeout: 1400, interval: 2 });
    await client.logout({ openUrl: false });
    expect(await exchanging).toMatchObject({ code: 'login_required' });
    expect(client.getSession()).toBeNull();
    expect(client.status).toBe('signedOut');
  });
});

describe('dispose', () => {
  it('stops timers and listeners; later calls reject with code disposed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const events = recordEvents(client);
    expect(vi.getTimerCount()).toBe(1);
    client.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(7200_000);
    expect(events).toEqual([]);
    await expect(client.getToken()).rejects.toMatchObject({ name: 'RestdbError', code: 'disposed' });
    await expect(client.collection('todos').find()).rejects.toMatchObject({ code: 'disposed' });
    await expect(client.refresh()).rejects.toMatchObject({ code: 'disposed' });
    await expect(client.logout()).rejects.toMatchObject({ code: 'disposed' });
  });
});
