import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RestdbAuthEvent, RestdbClient } from '../../src/index';
import { newMock, recordEvents, requestsTo, signedIn, useMsw, type TestSchema } from './support';

/** 500-call storms: 1,000 round trips through msw can outlast the default 10 s deadline on a loaded machine. */
const STORM = { timeout: 60_000 };

const msw = useMsw();
afterEach(() => vi.useRealTimers());

const fake = (): void => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });

/** Resolves at the next `event` of `client`. */
const next = (client: RestdbClient<TestSchema>, event: RestdbAuthEvent): Promise<void> =>
  new Promise((resolve) => {
    const off = client.onAuthStateChange((e) => {
      if (e === event) off(), resolve();
    });
  });

const refreshes = (mock: Parameters<typeof requestsTo>[0]): unknown[] => requestsTo(mock, '/auth/token', 'POST').map((r) => r.body).filter((b) => typeof b === 'object' && b !== null && 'refresh' in b);

describe('refresh timing (fake timers)', () => {
  it('refreshes once at exp - 60 s for a 1 h token, not a millisecond earlier', async () => {
    fake();
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const first = client.getSession()!;
    const refreshed = next(client, 'TOKEN_REFRESHED');
    await vi.advanceTimersByTimeAsync(3540_000 - 50);
    expect(refreshes(mock)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    await refreshed;
    expect(refreshes(mock)).toEqual([{ refresh: first.token }]);
    expect(client.getSession()?.token).not.toBe(first.token);
    expect(client.status).toBe('signedIn');
  });

  it('uses 10% of the lifetime when that is smaller than 60 s, and honours refreshMarginSeconds', async () => {
    fake();
    const { mock, auth0 } = newMock(msw, { tokenTtlSeconds: 100 });
    const client = await signedIn(mock, auth0);
    await vi.advanceTimersByTimeAsync(89_900);
    expect(refreshes(mock)).toHaveLength(0);
    const refreshed = next(client, 'TOKEN_REFRESHED');
    await vi.advanceTimersByTimeAsync(200);
    await refreshed;
    expect(refreshes(mock)).toHaveLength(1);

    const custom = await signedIn(mock, auth0, { refreshMarginSeconds: 30 });
    mock.requests.clear();
    await vi.advanceTimersByTimeAsync(69_900);
    expect(refreshes(mock).length).toBe(0);
    const again = next(custom, 'TOKEN_REFRESHED');
    await vi.advanceTimersByTimeAsync(200);
    await again;
    client.dispose();
    custom.dispose();
  });

  it('caps refreshMarginSeconds at half the token life: a margin >= the life does not refresh in a loop', async () => {
    fake();
    const { mock, auth0 } = newMock(msw, { tokenTtlSeconds: 30 });
    const client = await signedIn(mock, auth0, { refreshMarginSeconds: 60 });
    mock.requests.clear();
    await vi.advanceTimersByTimeAsync(14_900);
    expect(refreshes(mock)).toHaveLength(0);
    const refreshed = next(client, 'TOKEN_REFRESHED');
    await vi.advanceTimersByTimeAsync(200);
    await refreshed;
    expect(refreshes(mock)).toHaveLength(1);
    client.dispose();
  });

  it('clamps delays beyond 2^31-1 ms: a 60-day token is refreshed at exp - 60 s, not at once', async () => {
    fake();
    const { mock, auth0 } = newMock(msw, { tokenTtlSeconds: 60 * 86_400 });
    const client = await signedIn(mock, auth0);
    await vi.advanceTimersByTimeAsync(2 ** 31); // first (clamped) timer fires and re-arms
    await vi.advanceTimersByTimeAsync(60 * 86_400_000 - 60_000 - 2 ** 31 - 100);
    expect(refreshes(mock)).toHaveLength(0);
    const refreshed = next(client, 'TOKEN_REFRESHED');
    await vi.advanceTimersByTimeAsync(200);
    await refreshed;
    expect(refreshes(mock)).toHaveLength(1);
  });

  it.each([['+1 h', 3600_000], ['-1 h', -3600_000]])('a device clock off by %s does not move the refresh; clockSkewMs measures it', async (_label, offset) => {
    fake();
    // The server's clock is the real one; the device's is `offset` wrong.
    const { mock, auth0 } = newMock(msw, { now: () => Date.now() - offset });
    const client = await signedIn(mock, auth0);
    expect(Math.abs(client.clockSkewMs + offset)).toBeLessThan(1500);
    await vi.advanceTimersByTimeAsync(3540_000 - 100);
    expect(refreshes(mock)).toHaveLength(0);
    const refreshed = next(client, 'TOKEN_REFRESHED');
    await vi.advanceTimersByTimeAsync(200);
    await refreshed;
    expect(refreshes(mock)).toHaveLength(1);
  });

  it('after the device slept past expiry, the next call renews first (silent re-exchange) and succeeds', async () => {
    fake();
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    vi.setSystemTime(Date.now() + 2 * 3600_000); // no timer has run: the machine was asleep
    const rows = await client.collection('todos').find();
    expect(rows).toEqual([]);
    const tokenCalls = requestsTo(mock, '/auth/token', 'POST').map((r) => Object.keys(r.body as object)[0]);
    expect(tokenCalls).toEqual(['code', 'refresh', 'code']); // login, refused (expired) refresh, re-exchange
    expect(requestsTo(mock, '/rest/todos', 'GET')).toHaveLength(1);
    expect(client.status).toBe('signedIn');
  });
});

describe('single flight', () => {
  it('500 calls issued at the moment of expiry cause exactly one POST /auth/token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0, STORM);
    const old = client.getSession()!.token;
    vi.setSystemTime(client.getSession()!.expiresAt - 60_000);
    mock.requests.clear();
    const todos = client.collection('todos');
    const results = await Promise.all(Array.from({ length: 500 }, () => todos.find()));
    expect(results).toHaveLength(500);
    expect(requestsTo(mock, '/auth/token')).toHaveLength(1);
    const fresh = client.getSession()!.token;
    expect(fresh).not.toBe(old);
    const gets = requestsTo(mock, '/rest/todos', 'GET');
    expect(gets).toHaveLength(500);
    expect(gets.every((r) => r.headers['authorization'] === `Bearer ${fresh}`)).toBe(true);
  }, STORM.timeout);

  it('500 calls that all get 403 (tokens revoked) cause one renewal and exactly 500 replays', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0, STORM);
    const events = recordEvents(client);
    mock.revokeAll();
    mock.requests.clear();
    const todos = client.collection('todos');
    const results = await Promise.all(Array.from({ length: 500 }, () => todos.find()));
    expect(results.every((r) => Array.isArray(r))).toBe(true);
    // One renewal: the refresh is refused (revoked), so one silent re-exchange.
    expect(requestsTo(mock, '/auth/token').map((r) => Object.keys(r.body as object)[0])).toEqual(['refresh', 'code']);
    const gets = requestsTo(mock, '/rest/todos', 'GET');
    expect(gets.filter((r) => r.status === 403)).toHaveLength(500);
    expect(gets.filter((r) => r.status === 200)).toHaveLength(500);
    expect(events.map((e) => e.event)).toEqual(['TOKEN_REFRESHED']);
  }, STORM.timeout);

  it('500 calls that all get 401 once cause exactly one POST /auth/token {refresh} and 500 replays with the new token', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0, STORM);
    const old = client.getSession()!.token;
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 401, times: 500 });
    const todos = client.collection('todos');
    const results = await Promise.all(Array.from({ length: 500 }, () => todos.find()));
    expect(results).toHaveLength(500);
    expect(requestsTo(mock, '/auth/token').map((r) => r.body)).toEqual([{ refresh: old }]);
    const gets = requestsTo(mock, '/rest/todos', 'GET');
    expect(gets.filter((r) => r.status === 401).every((r) => r.headers['authorization'] === `Bearer ${old}`)).toBe(true);
    const replays = gets.filter((r) => r.status === 200);
    expect(replays).toHaveLength(500);
    expect(replays.every((r) => r.headers['authorization'] === `Bearer ${client.getSession()!.token}`)).toBe(true);
  }, STORM.timeout);

  it('concurrent refresh() and getToken() share one request', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    mock.requests.clear();
    const [a, b, c] = await Promise.all([client.refresh(), client.refresh(), client.getToken()]);
    expect(a.token).toBe(b.token);
    expect(c).toBe(a.token);
    expect(requestsTo(mock, '/auth/token')).toHaveLength(1);
  });
});
