/**
 * The fault matrix: one named case per fault. Each asserts what the user sees (status, session, events), the
 * requests the mock received, and, for writes, that the store holds each acknowledged write exactly once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RestdbAuthError, RestdbHttpError, RestdbNetworkError, RestdbTimeoutError, type RestdbClient, type RestdbClientOptions, type RestdbWarning } from '../../src/index';
import type { RestdbMock } from '../../src/mock/index';
import { newClient, newMock, recordEvents, requestsTo, signedIn, useMsw, type TestSchema } from './support';
import { createLocks, sleep, type TestLocks } from './tabs-support';

const msw = useMsw();
const open: RestdbClient<TestSchema>[] = [];
const g = globalThis as unknown as Record<string, unknown>;
afterEach(() => {
  vi.useRealTimers();
  for (const c of open.splice(0)) c.dispose();
  vi.unstubAllGlobals();
});

const fake = (): void => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
/** Lets real I/O progress (setImmediate is never faked) until `done()` holds. */
const until = async (done: () => boolean): Promise<void> => {
  const deadline = performance.now() + 5000;
  while (!done() && performance.now() < deadline) await new Promise((r) => setImmediate(r));
  if (!done()) throw new Error('condition not reached');
};
const kinds = (mock: RestdbMock): string[] => requestsTo(mock, '/auth/token', 'POST').map((r) => Object.keys(r.body as object)[0] ?? '');
const track = (c: RestdbClient<TestSchema>): RestdbClient<TestSchema> => (open.push(c), c);
const eventsOf = (log: ReturnType<typeof recordEvents>): unknown[] => log.map((e) => (e.details.reason ? [e.event, e.details.reason] : e.event));

/** A page: window events, `navigator.onLine`, visible document. */
function page(): { online: boolean; fire(type: string): void } {
  const state = { online: true };
  const win = new EventTarget();
  vi.stubGlobal('addEventListener', win.addEventListener.bind(win));
  vi.stubGlobal('removeEventListener', win.removeEventListener.bind(win));
  vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
  vi.stubGlobal('navigator', { get onLine() { return state.online; } });
  return Object.assign(state, { fire: (type: string) => void win.dispatchEvent(new Event(type)) });
}

/** Signs in, injects `fault` on /auth/token, forces a refresh: the refresh fails but the session is kept. */
async function refreshKeptThrough(fault: Parameters<RestdbMock['faults']['add']>[0] extends infer F ? Omit<F & object, 'path'> : never, extra: Partial<RestdbClientOptions> = {}): Promise<{ error: unknown; mock: RestdbMock; client: RestdbClient<TestSchema> }> {
  const { mock, auth0 } = newMock(msw);
  const client = track(await signedIn(mock, auth0, extra));
  const log = recordEvents(client);
  const before = client.getSession()!;
  mock.requests.clear();
  mock.faults.add({ path: '/auth/token', times: 1, ...fault });
  const error = await client.refresh().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  if (fault.delayMs) await sleep(fault.delayMs + 100); // the timed-out request is logged when the server answers
  expect(client.status).toBe('signedIn');
  expect(client.getSession()).toEqual(before);
  expect(log).toEqual([]);
  expect(kinds(mock)).toEqual(['refresh']); // one attempt, not retried (POST)
  expect(await client.collection('todos').find()).toEqual([]);
  const next = await client.refresh();
  expect(next.token).not.toBe(before.token);
  expect(eventsOf(log)).toEqual(['TOKEN_REFRESHED']);
  return { error, mock, client };
}

/** Login whose exchange answers `body`: rejected with exchange_failed, signed out, nothing stored. */
async function loginRefused(body: unknown): Promise<void> {
  const { mock, auth0 } = newMock(msw);
  const client = track(newClient(mock, auth0));
  const log = recordEvents(client);
  mock.faults.add({ path: '/auth/token', status: 200, body });
  await client.login();
  const error = await client.handleRedirectCallback('https://app.test/cb?code=x&state=y').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RestdbAuthError);
  expect(error).toMatchObject({ code: 'exchange_failed' });
  expect(client.status).toBe('signedOut');
  expect(client.getSession()).toBeNull();
  expect(log).toEqual([]);
  expect(kinds(mock)).toEqual(['code']);
}

describe('fault matrix: POST /auth/token', () => {
  it('500 during refresh: session kept, no event, next refresh works', async () => {
    const { error } = await refreshKeptThrough({ status: 500 });
    expect(error).toMatchObject({ status: 500 });
  });
  it('503 during refresh: session kept (not retried: it is a POST)', async () => {
    const { error } = await refreshKeptThrough({ status: 503 });
    expect(error).toMatchObject({ status: 503 });
  });
  it('429 with Retry-After during refresh: session kept, Retry-After reported', async () => {
    const { error } = await refreshKeptThrough({ status: 429, headers: { 'Retry-After': '7' } });
    expect(error).toBeInstanceOf(RestdbHttpError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7000 });
  });
  it('network error during refresh: session kept', async () => {
    const { error } = await refreshKeptThrough({ networkError: true });
    expect(error).toBeInstanceOf(RestdbNetworkError);
  });
  it('timeout during refresh: session kept', async () => {
    const { error } = await refreshKeptThrough({ delayMs: 800 }, { timeout: 300 });
    expect(error).toBeInstanceOf(RestdbTimeoutError);
  });
  it('non-JSON body at login: exchange_failed, signed out', async () => {
    await loginRefused('<html>gateway</html>');
  });
  it('JSON without exp at login: exchange_failed, signed out', async () => {
    await loginRefused({ token: 'x.y.z', iat: 1_700_000_000 });
  });
  it('exp before iat at login: exchange_failed, signed out', async () => {
    await loginRefused({ token: 'x.y.z', iat: 1_700_000_000, exp: 1_699_999_000 });
  });
  it('exp in the past by the device clock: accepted, timed from receive time, no refresh loop', async () => {
    const { mock, auth0 } = newMock(msw, { now: () => Date.now() - 3 * 3600_000 });
    const client = track(await signedIn(mock, auth0));
    const s = client.getSession()!;
    expect(s.exp * 1000).toBeLessThan(Date.now());
    expect(s.expiresAt - Date.now()).toBeGreaterThan(3590_000);
    await client.collection('todos').find();
    await client.getToken();
    expect(kinds(mock)).toEqual(['code']);
  });
  it('refresh refused (401) -> silent re-exchange: one refresh, one code, TOKEN_REFRESHED', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    const log = recordEvents(client);
    mock.requests.clear();
    mock.faults.add({ path: '/auth/token', status: 401, times: 1 });
    await client.refresh();
    expect(kinds(mock)).toEqual(['refresh', 'code']);
    expect(eventsOf(log)).toEqual(['TOKEN_REFRESHED']);
  });
});

describe('fault matrix: data calls', () => {
  it('401 once: one refresh, one replay, the call succeeds', async () => {
    const { mock, auth0 } = newMock(msw, { collections: { todos: [{ title: 'a', done: false }], notes: [] } });
    const client = track(await signedIn(mock, auth0));
    const log = recordEvents(client);
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 401, times: 1 });
    expect(await client.collection('todos').find()).toHaveLength(1);
    expect(requestsTo(mock, '/rest/todos')).toHaveLength(2);
    expect(kinds(mock)).toEqual(['refresh']);
    expect(eventsOf(log)).toEqual(['TOKEN_REFRESHED']);
  });
  it('401 twice: one refresh, one replay, then the 401 reaches the caller (no loop); session kept', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 401, times: 2 });
    await expect(client.collection('todos').find()).rejects.toMatchObject({ status: 401 });
    expect(requestsTo(mock, '/rest/todos')).toHaveLength(2);
    expect(kinds(mock)).toEqual(['refresh']);
    expect(client.status).toBe('signedIn');
  });
  it('403 that persists: one renewal, one replay, the 403 reaches the caller; session kept', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 403 });
    const error = await client.collection('todos').find().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestdbHttpError);
    expect(error).toMatchObject({ status: 403 });
    expect(requestsTo(mock, '/rest/todos')).toHaveLength(2);
    expect(kinds(mock)).toEqual(['refresh']);
    expect(client.status).toBe('signedIn');
  });
  it('401 storm: 500 concurrent reads refused once share one refresh, and all succeed', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 401, times: 500 });
    const results = await Promise.all(Array.from({ length: 500 }, () => client.collection('todos').find()));
    expect(results.every((r) => Array.isArray(r))).toBe(true);
    expect(kinds(mock)).toEqual(['refresh']);
    expect(requestsTo(mock, '/rest/todos')).toHaveLength(1000);
  });
  it('401 storm on writes: 50 concurrent creates refused once are each applied exactly once', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.faults.add({ method: 'POST', path: '/rest/todos', status: 401, times: 50 });
    const titles = Array.from({ length: 50 }, (_, i) => `w${i}`);
    await Promise.all(titles.map((title) => client.collection('todos').create({ title, done: false })));
    const stored = mock.store.list('todos').map((r) => r['title']);
    expect(stored.sort()).toEqual([...titles].sort());
    expect(kinds(mock).filter((k) => k === 'refresh')).toHaveLength(1);
  });
  it('refresh refused and Auth0 says login_required during a write: SIGNED_OUT refresh_failed, write not applied', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    const log = recordEvents(client);
    mock.revokeAll();
    auth0.controls.failSilentAuth('login_required');
    await expect(client.collection('todos').create({ title: 'x', done: false })).rejects.toBeInstanceOf(Error);
    expect(eventsOf(log)).toEqual([['SIGNED_OUT', 'refresh_failed']]);
    expect(client.status).toBe('signedOut');
    expect(mock.store.list('todos')).toEqual([]);
  });
});

describe('fault matrix: retries and idempotency', () => {
  it('read answered 503 with Retry-After: retried, succeeds', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 503, headers: { 'Retry-After': '0' }, times: 1 });
    expect(await client.collection('todos').find()).toEqual([]);
    expect(requestsTo(mock, '/rest/todos', 'GET')).toHaveLength(2);
  });
  it('read answered 429 with Retry-After: 1: retried after about a second', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 429, headers: { 'Retry-After': '1' }, times: 1 });
    const t = performance.now();
    expect(await client.collection('todos').find()).toEqual([]);
    expect(performance.now() - t).toBeGreaterThan(900);
    expect(requestsTo(mock, '/rest/todos', 'GET')).toHaveLength(2);
  });
  it('read failing with a network error: retried, succeeds', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', networkError: true, times: 1 });
    expect(await client.collection('todos').find()).toEqual([]);
    expect(requestsTo(mock, '/rest/todos', 'GET')).toHaveLength(2);
  });
  it('write failing with a network error: not retried (it may have been applied), the caller is told', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', method: 'POST', networkError: true, times: 1 });
    await expect(client.collection('todos').create({ title: 'a', done: false })).rejects.toBeInstanceOf(RestdbNetworkError);
    expect(requestsTo(mock, '/rest/todos', 'POST')).toHaveLength(1);
    expect(mock.store.list('todos')).toHaveLength(0);
  });
  it('write that times out after the server applied it: not retried, applied exactly once', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', method: 'POST', delayMs: 400, times: 1 });
    await expect(client.collection('todos').create({ title: 'slow', done: false }, { timeout: 100 })).rejects.toBeInstanceOf(RestdbTimeoutError);
    await sleep(600);
    expect(mock.store.list('todos').map((r) => r['title'])).toEqual(['slow']);
    expect(requestsTo(mock, '/rest/todos', 'POST')).toHaveLength(1);
  });
  it('write answered 503: not retried by default, not applied', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', method: 'POST', status: 503, headers: { 'Retry-After': '0' }, times: 1 });
    await expect(client.collection('todos').create({ title: 'a', done: false })).rejects.toMatchObject({ status: 503 });
    expect(requestsTo(mock, '/rest/todos', 'POST')).toHaveLength(1);
    expect(mock.store.list('todos')).toHaveLength(0);
  });
  it('write answered 503 with retry opted in for POST: retried once, applied exactly once', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = track(await signedIn(mock, auth0, { retry: { methods: ['get', 'post'] } }));
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', method: 'POST', status: 503, headers: { 'Retry-After': '0' }, times: 1 });
    await client.collection('todos').create({ title: 'a', done: false });
    expect(requestsTo(mock, '/rest/todos', 'POST')).toHaveLength(2);
    expect(mock.store.list('todos')).toHaveLength(1);
  });
});

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
