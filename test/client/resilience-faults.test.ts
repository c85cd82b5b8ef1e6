/**
 * The fault matrix, part 1: POST /auth/token faults, data calls (401/403 and storms), retries and idempotency.
 * Each case asserts what the user sees (status, session, events), the requests the mock received, and, for
 * writes, that the store holds each acknowledged write exactly once. Part 2: resilience-session.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { RestdbAuthError, RestdbHttpError, RestdbNetworkError, RestdbTimeoutError, type RestdbClient, type RestdbClientOptions } from '../../src/index';
import type { RestdbMock } from '../../src/mock/index';
import { newClient, newMock, recordEvents, requestsTo, signedIn, useMsw, type TestSchema } from './support';
import { eventsOf, kinds, useTracked } from './resilience-support';
import { sleep } from './tabs-support';

const msw = useMsw();
const track = useTracked();

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
    const client = track(await signedIn(mock, auth0, { timeout: 60_000 })); // 1,000 round trips: slack for a loaded machine
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 401, times: 500 });
    const results = await Promise.all(Array.from({ length: 500 }, () => client.collection('todos').find()));
    expect(results.every((r) => Array.isArray(r))).toBe(true);
    expect(kinds(mock)).toEqual(['refresh']);
    expect(requestsTo(mock, '/rest/todos')).toHaveLength(1000);
  }, 60_000);
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
