/**
 * The fault matrix, part 2: sleep, offline and clock skew; logout in flight and offline; tabs racing and crashing;
 * storage and Auth0 failures. Part 1: resilience-faults.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { RestdbNetworkError, type RestdbClient, type RestdbClientOptions, type RestdbWarning } from '../../src/index';
import type { RestdbMock } from '../../src/mock/index';
import { newClient, newMock, recordEvents, requestsTo, signedIn, useMsw, type TestSchema } from './support';
import { eventsOf, fake, kinds, page, until, useTracked } from './resilience-support';
import { createLocks, sleep, type TestLocks } from './tabs-support';

const msw = useMsw();
const track = useTracked();

describe('fault matrix: time, sleep and network', () => {
  it('refresh due while offline: no attempt burned; `online` refreshes at once; session survives', async () => {
    const p = page();
    fake();
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    const log = recordEvents(client);
    p.online = false;
    await vi.advanceTimersByTimeAsync(3560_000);
    p.fire('pageshow');
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(kinds(mock)).toEqual(['code']);
    expect(client.status).toBe('signedIn');
    p.online = true;
    p.fire('online');
    await until(() => kinds(mock).length === 2 && client.status === 'signedIn');
    expect(kinds(mock)).toEqual(['code', 'refresh']);
    expect(eventsOf(log)).toEqual(['TOKEN_REFRESHED']);
  });
  it('refresh fails offline (network error), then retried with backoff once back online', async () => {
    fake();
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    const log = recordEvents(client);
    const remove = mock.faults.add({ path: '/auth/token', networkError: true });
    await vi.advanceTimersByTimeAsync(3540_010);
    await until(() => kinds(mock).length === 2 && client.status === 'signedIn');
    await vi.advanceTimersByTimeAsync(1_010);
    await until(() => kinds(mock).length === 3 && client.status === 'signedIn');
    remove();
    await vi.advanceTimersByTimeAsync(2_010);
    await until(() => log.length === 1);
    expect(eventsOf(log)).toEqual(['TOKEN_REFRESHED']);
    expect(kinds(mock)).toEqual(['code', 'refresh', 'refresh', 'refresh']);
  });
  it('timer fired 2 hours late (device slept): token expired, renewed by silent re-exchange, no sign-out', async () => {
    fake();
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    const log = recordEvents(client);
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    await vi.advanceTimersByTimeAsync(3540_010);
    await until(() => log.length === 1);
    expect(eventsOf(log)).toEqual(['TOKEN_REFRESHED']);
    expect(kinds(mock)).toEqual(['code', 'refresh', 'code']);
    expect(client.getSession()!.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    expect(await client.collection('todos').find()).toEqual([]);
  });
  it.each([
    ['+1 h', 3600_000],
    ['-1 h', -3600_000],
  ])('device clock %s: skew measured, refresh at local receive time + life - margin, exactly once', async (_label, deviceAhead) => {
    fake();
    const { mock, auth0 } = newMock(msw, { now: () => Date.now() - deviceAhead });
    const client = track(await signedIn(mock, auth0));
    expect(Math.abs(client.clockSkewMs + deviceAhead)).toBeLessThanOrEqual(1000);
    await vi.advanceTimersByTimeAsync(3539_000);
    expect(kinds(mock)).toEqual(['code']);
    await vi.advanceTimersByTimeAsync(1_010);
    await until(() => kinds(mock).length === 2 && client.status === 'signedIn');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(kinds(mock)).toEqual(['code', 'refresh']);
  });
});

describe('fault matrix: logout', () => {
  it('logout during a refresh: the late refresh result is dropped, the session stays gone', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    const log = recordEvents(client);
    mock.faults.add({ path: '/auth/token', delayMs: 200, times: 1 });
    const refreshing = client.refresh().catch((e: unknown) => e);
    await sleep(20);
    expect(client.status).toBe('refreshing');
    await client.logout({ openUrl: false });
    expect(await refreshing).toMatchObject({ code: 'login_required' });
    await sleep(300);
    expect(client.status).toBe('signedOut');
    expect(client.getSession()).toBeNull();
    expect(eventsOf(log)).toEqual([['SIGNED_OUT', 'logout']]);
  });
  it('logout during an exchange: the callback rejects, no SIGNED_IN ever fires', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(newClient(mock, auth0));
    const log = recordEvents(client);
    mock.faults.add({ path: '/auth/token', delayMs: 200, times: 1 });
    await client.login();
    const callback = client.handleRedirectCallback('https://app.test/cb?code=x&state=y').catch((e: unknown) => e);
    await until(() => client.status === 'signingIn');
    await client.logout({ openUrl: false });
    expect(await callback).toMatchObject({ code: 'login_required' });
    await sleep(300);
    expect(client.getSession()).toBeNull();
    expect(eventsOf(log)).toEqual([['SIGNED_OUT', 'logout']]);
  });
  it('a tab waiting for the refresh lock when its user logs out never sends the old token afterwards', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    const [a, b] = [0, 1].map(() => track(newClient(mock, mock.auth0Client({ email: 'ann@example.com' }), { tabs: { locks } })));
    await Promise.all([a!.restore(), b!.restore()]);
    await a!.loginWithPopup();
    await until(() => b!.status === 'signedIn');
    const old = a!.getSession()!.token;
    mock.requests.clear();
    mock.faults.add({ path: '/auth/token', delayMs: 200, times: 1 });
    const refreshB = b!.refresh().catch((e: unknown) => e); // holds the lock
    await sleep(20);
    const refreshA = a!.refresh().catch((e: unknown) => e); // waits for it
    await sleep(20);
    await a!.logout({ openUrl: false });
    expect(await refreshA).toMatchObject({ code: 'login_required' });
    expect(await refreshB).toMatchObject({ code: 'login_required' });
    await sleep(300);
    // Only B's refresh, sent before the logout, carried the old token.
    expect(requestsTo(mock, '/auth/token', 'POST').filter((r) => (r.body as { refresh?: string }).refresh === old)).toHaveLength(1);
    expect(requestsTo(mock, '/auth/token', 'POST')).toHaveLength(1);
    expect([a!.status, b!.status]).toEqual(['signedOut', 'signedOut']);
  });
  it('a listener that logs out on SIGNED_IN: every later listener still sees SIGNED_IN before SIGNED_OUT', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(newClient(mock, auth0, { tabs: false }));
    client.onAuthStateChange((event) => void (event === 'SIGNED_IN' && client.logout({ openUrl: false })));
    const seen: string[] = [];
    client.onAuthStateChange((event, session) => seen.push(`${event}:${session ? 'session' : 'null'}`));
    await client.loginWithPopup();
    await until(() => client.status === 'signedOut');
    expect(seen).toEqual(['SIGNED_IN:session', 'SIGNED_OUT:null']);
    expect(client.getSession()).toBeNull();
  });
  it('logout while offline: signed out at once, the server revoke is retried on `online`', async () => {
    const p = page();
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    const token = client.getSession()!.token;
    mock.faults.add({ path: '/auth/logout', networkError: true, times: 1 });
    const result = await client.logout({ openUrl: false });
    expect(result.revoked).toBe(false);
    expect(result.error).toBeInstanceOf(RestdbNetworkError);
    expect(client.status).toBe('signedOut');
    expect(client.getSession()).toBeNull();
    expect((await fetch(`${mock.url}/rest/todos`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    p.fire('online');
    await until(() => requestsTo(mock, '/auth/logout').length === 2);
    await sleep(20);
    expect(requestsTo(mock, '/auth/logout').at(-1)!.status).toBeLessThan(300);
    expect((await fetch(`${mock.url}/rest/todos`, { headers: { authorization: `Bearer ${token}` } })).status).not.toBe(200);
  });
  it('logout while offline with persistent storage: the revoke is retried at the next start, then forgotten', async () => {
    const { mock, auth0 } = newMock(msw);
    const map = new Map<string, string>();
    const storage = { get: (k: string) => map.get(k), set: (k: string, v: string) => void map.set(k, v), remove: (k: string) => void map.delete(k) };
    const first = track(await signedIn(mock, auth0, { storage }));
    const token = first.getSession()!.token;
    mock.faults.add({ path: '/auth/logout', networkError: true, times: 1 });
    expect((await first.logout({ openUrl: false })).revoked).toBe(false);
    expect([...map.keys()]).toEqual([`restdb-client:${mock.url}:revoke`]);
    first.dispose();
    const next = track(newClient(mock, mock.auth0Client(), { storage }));
    expect(await next.restore()).toBeNull();
    await until(() => map.size === 0);
    expect(requestsTo(mock, '/auth/logout')).toHaveLength(2);
    expect((await fetch(`${mock.url}/rest/todos`, { headers: { authorization: `Bearer ${token}` } })).status).not.toBe(200);
  });
});

/** `n` signed-in tabs sharing one session (the first logs in, the others receive it). */
async function signedInTabs(mock: RestdbMock, n: number, locks: TestLocks, extra: Partial<RestdbClientOptions> = {}): Promise<RestdbClient<TestSchema>[]> {
  const tabs = Array.from({ length: n }, () => track(newClient(mock, mock.auth0Client({ email: 'ann@example.com' }), { tabs: { locks }, ...extra })));
  await Promise.all(tabs.map((t) => t.restore()));
  await tabs[0]!.loginWithPopup();
  await until(() => tabs.every((t) => t.status === 'signedIn'));
  mock.requests.clear();
  return tabs;
}

describe('fault matrix: tabs', () => {
  it.each([2, 3])('%i tabs refreshing at the same instant: exactly one POST /auth/token, every tab gets the token', async (n) => {
    const { mock } = newMock(msw);
    const tabs = await signedInTabs(mock, n, createLocks());
    const logs = tabs.map(recordEvents);
    const sessions = await Promise.all(tabs.map((t) => t.refresh()));
    expect(kinds(mock)).toEqual(['refresh']);
    expect(new Set(sessions.map((s) => s.token)).size).toBe(1);
    for (const log of logs) expect(eventsOf(log)).toEqual(['TOKEN_REFRESHED']);
  });
  it('a tab holding the lock hangs (crashed): the other waits at most `timeout`, then refreshes alone', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    const [tab] = await signedInTabs(mock, 1, locks, { timeout: 400 });
    const name = `restdb-client:${mock.url}:`;
    void locks.request(name, { signal: new AbortController().signal }, () => new Promise(() => undefined));
    const t = performance.now();
    await tab!.refresh();
    expect(performance.now() - t).toBeGreaterThanOrEqual(380);
    expect(kinds(mock)).toEqual(['refresh']);
    expect(tab!.status).toBe('signedIn');
  });
  it('a tab holding the lock is closed (the browser releases it): the other proceeds at once', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    const [tab] = await signedInTabs(mock, 1, locks);
    let close!: () => void;
    void locks.request(`restdb-client:${mock.url}:`, { signal: new AbortController().signal }, () => new Promise<void>((r) => (close = r)));
    const refreshing = tab!.refresh();
    await sleep(50);
    expect(kinds(mock)).toEqual([]);
    close();
    await refreshing;
    expect(kinds(mock)).toEqual(['refresh']);
  });
  it('BroadcastChannel missing: tabs work alone, each refreshes itself and stays signed in', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const { mock } = newMock(msw);
    const locks = createLocks();
    const tabs = [0, 1].map(() => track(newClient(mock, mock.auth0Client(), { tabs: { locks } })));
    for (const t of tabs) await t.loginWithPopup();
    mock.requests.clear();
    await Promise.all(tabs.map((t) => t.refresh()));
    expect(kinds(mock)).toEqual(['refresh', 'refresh']);
    expect(tabs.map((t) => t.status)).toEqual(['signedIn', 'signedIn']);
    expect(locks.grants).toEqual([]);
  });
});

describe('fault matrix: storage and Auth0', () => {
  it('storage that throws: one storage_unavailable warning, the session lives in memory, logout works', async () => {
    const { mock, auth0 } = newMock(msw);
    const warnings: RestdbWarning[] = [];
    const boom = (): never => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    const client = track(await signedIn(mock, auth0, { storage: { get: boom, set: boom, remove: boom }, onWarning: (w) => warnings.push(w) }));
    expect(client.status).toBe('signedIn');
    await client.refresh();
    expect(warnings.map((w) => w.code)).toEqual(['storage_unavailable']);
    expect(await client.collection('todos').find()).toEqual([]);
    await client.logout({ openUrl: false });
    expect(client.getSession()).toBeNull();
  });
  it('Auth0 silent login returns login_required at restore: INITIAL_SESSION null, no exchange', async () => {
    const { mock, auth0 } = newMock(msw);
    auth0.controls.failSilentAuth('login_required');
    const client = track(newClient(mock, auth0));
    const log = recordEvents(client);
    expect(await client.restore()).toBeNull();
    expect(client.status).toBe('signedOut');
    expect(eventsOf(log)).toEqual(['INITIAL_SESSION']);
    expect(kinds(mock)).toEqual([]);
  });
  it('Auth0 popup closed by the user: popup_closed, still signed out, no exchange, no event', async () => {
    const { mock, auth0 } = newMock(msw);
    auth0.controls.failLogin('cancelled');
    const client = track(newClient(mock, auth0));
    await client.restore();
    const log = recordEvents(client);
    await expect(client.loginWithPopup()).rejects.toMatchObject({ code: 'popup_closed' });
    expect(client.status).toBe('signedOut');
    expect(log).toEqual([]);
    expect(kinds(mock)).toEqual([]);
  });
});
