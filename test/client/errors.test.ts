import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  isRestdbAuthError,
  isRestdbError,
  isRestdbHttpError,
  RestdbAbortError,
  RestdbClient,
  RestdbError,
  RestdbHttpError,
  RestdbNetworkError,
  RestdbTimeoutError,
} from '../../src/index';
import { newClient, newMock, requestsTo, signedIn, useMsw } from './support';

const msw = useMsw();

describe('typed errors for data calls', () => {
  it.each([400, 404, 409, 500])('a %i is a RestdbHttpError with status, parsed body and the operation in the message', async (status) => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.faults.add({ path: '/rest/todos', method: 'POST', status, body: { message: `boom ${status}` } });
    const error = await todos.create({ title: 'x', done: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestdbHttpError);
    expect(error).toBeInstanceOf(RestdbError);
    expect(isRestdbHttpError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'http', status, method: 'POST', path: '/rest/todos', body: { message: `boom ${status}` } });
    expect((error as Error).message).toMatch(new RegExp(`^POST /rest/todos failed: ${status}`));
    expect(requestsTo(mock, '/rest/todos', 'POST')).toHaveLength(1); // writes are never retried
  });

  it.each([401, 403])('a %i that persists after one refresh and replay surfaces as RestdbHttpError (no loop)', async (status) => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status });
    await expect(todos.create({ title: 'x', done: false })).rejects.toMatchObject({ name: 'RestdbHttpError', status });
    expect(requestsTo(mock, '/rest/todos', 'POST')).toHaveLength(2); // the original and exactly one replay
    expect(requestsTo(mock, '/auth/token')).toHaveLength(1);
    expect(mock.store.list('todos')).toHaveLength(0);
  });

  it('a single 401 on a write: one refresh, one replay, the record is written once', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.faults.add({ path: '/rest/todos', method: 'POST', status: 401, times: 1 });
    const created = await todos.create({ title: 'once', done: false });
    expect(created.title).toBe('once');
    expect(mock.store.list('todos')).toHaveLength(1);
    expect(requestsTo(mock, '/rest/todos', 'POST').map((r) => r.status)).toEqual([401, 201]);
  });

  it('429 on a read is retried honouring Retry-After, then surfaces with retryAfterMs; a write is not retried', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.faults.add({ path: '/rest/todos', status: 429, headers: { 'Retry-After': '0' } });
    const error = await todos.find().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RestdbHttpError', status: 429, retryAfterMs: 0 });
    expect(requestsTo(mock, '/rest/todos', 'GET')).toHaveLength(3);
    await expect(todos.create({ title: 'x', done: false })).rejects.toMatchObject({ status: 429 });
    expect(requestsTo(mock, '/rest/todos', 'POST')).toHaveLength(1);
  });

  it('a 503 on a read is retried and then succeeds', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.faults.add({ path: '/rest/todos', status: 503, headers: { 'Retry-After': '0' }, times: 1 });
    expect(await todos.find()).toEqual([]);
    expect(requestsTo(mock, '/rest/todos', 'GET').map((r) => r.status)).toEqual([503, 200]);
  });

  it('a network error is a RestdbNetworkError; reads are retried, writes are not', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0, { retry: { limit: 1 } })).collection('todos');
    mock.faults.add({ path: '/rest/todos', networkError: true });
    const error = await todos.find().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestdbNetworkError);
    expect(error).toMatchObject({ code: 'network', message: 'GET /rest/todos failed: network error' });
    expect(requestsTo(mock, '/rest/todos', 'GET')).toHaveLength(2);
    await expect(todos.create({ title: 'x', done: false })).rejects.toBeInstanceOf(RestdbNetworkError);
    expect(requestsTo(mock, '/rest/todos', 'POST')).toHaveLength(1);
  });

  it('a timeout is a RestdbTimeoutError; the per-call timeout overrides the client default', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.faults.add({ path: '/rest/todos', delayMs: 2000 });
    const started = Date.now();
    const error = await todos.find(undefined, { timeout: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestdbTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', message: 'GET /rest/todos timed out after 50 ms' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('the deadline ends a retry wait (503 with Retry-After) on time, and no further attempt goes out after it', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 503, headers: { 'Retry-After': '1' } });
    const started = Date.now();
    const error = await todos.find(undefined, { timeout: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RestdbTimeoutError', message: 'GET /rest/todos timed out after 200 ms' });
    expect(Date.now() - started).toBeLessThan(800); // not after the 1 s retry wait
    await new Promise((r) => setTimeout(r, 1300)); // past the retry wait: the retry must have been called off
    expect(requestsTo(mock, '/rest/todos', 'GET')).toHaveLength(1);
  });

  it("the caller's signal ends a retry wait at once, and no further attempt goes out", async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 503, headers: { 'Retry-After': '1' } });
    const ctl = new AbortController();
    const pending = todos.find(undefined, { signal: ctl.signal }).catch((e: unknown) => e);
    await vi.waitUntil(() => requestsTo(mock, '/rest/todos', 'GET').length === 1, { timeout: 2000, interval: 5 });
    const abortedAt = Date.now();
    ctl.abort(new Error('user left'));
    const error = await pending;
    expect(Date.now() - abortedAt).toBeLessThan(500); // not after the 1 s retry wait
    expect(error).toBeInstanceOf(RestdbAbortError);
    expect((error as RestdbAbortError).cause).toMatchObject({ message: 'user left' });
    await new Promise((r) => setTimeout(r, 1300));
    expect(requestsTo(mock, '/rest/todos', 'GET')).toHaveLength(1);
  });

  it('a per-call timeout beyond 2^31-1 ms (or Infinity) is capped, not fired at once; <= 0 or NaN is refused', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.faults.add({ path: '/rest/todos', delayMs: 100, times: 2 });
    for (const timeout of [2 ** 31, Infinity]) expect(await todos.find(undefined, { timeout })).toEqual([]);
    mock.requests.clear();
    for (const timeout of [0, -5, Number.NaN]) {
      const error = await todos.find(undefined, { timeout }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestdbError);
      expect(error).toMatchObject({ name: 'RestdbConfigError', code: 'invalid_argument' });
    }
    expect(mock.requests.entries()).toHaveLength(0);
  });

  it('an aborted signal is a RestdbAbortError, before or during the request', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.requests.clear();
    await expect(todos.find(undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(RestdbAbortError);
    expect(mock.requests.entries()).toHaveLength(0);
    mock.faults.add({ path: '/rest/todos', delayMs: 300 });
    const ctl = new AbortController();
    const pending = todos.find(undefined, { signal: ctl.signal });
    setTimeout(() => ctl.abort(new Error('user left')), 20);
    await expect(pending).rejects.toMatchObject({ name: 'RestdbAbortError', code: 'aborted' });
  });

  it('guards work on plain objects from another realm (brand, not instanceof) and reject look-alikes', () => {
    const foreign = Object.assign(Object.create(null) as object, { [Symbol.for('restdb-client.error')]: true, code: 'login_required', name: 'RestdbAuthError' });
    expect(isRestdbError(foreign)).toBe(true);
    expect(isRestdbAuthError(foreign)).toBe(true);
    expect(isRestdbHttpError(foreign)).toBe(false);
    expect(isRestdbError(new Error('x'))).toBe(false);
    expect(isRestdbError({ code: 'http', name: 'RestdbHttpError' })).toBe(false);
    expect(isRestdbError(null)).toBe(false);
  });
});

describe('the token stays where it belongs', () => {
  it('is sent only to the database origin; signed-out calls carry the CORS apiKey instead', async () => {
    const { mock, auth0 } = newMock(msw);
    const seen: Request[] = [];
    const spyFetch: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      seen.push(request.clone());
      return fetch(request);
    };
    const client = newClient(mock, auth0, { fetch: spyFetch, apiKey: 'cors-key' });
    await client.collection('todos').find().catch(() => undefined);
    expect(seen[0]?.headers.get('x-apikey')).toBe('cors-key');
    expect(seen[0]?.headers.get('authorization')).toBeNull();
    await client.login();
    await client.handleRedirectCallback('https://app.test/cb?code=1');
    await client.collection('todos').find();
    await client.userinfo();
    const token = client.getSession()!.token;
    const withToken = seen.filter((r) => r.headers.get('authorization')?.includes(token));
    expect(withToken.length).toBeGreaterThanOrEqual(2);
    expect(withToken.every((r) => new URL(r.url).origin === mock.url)).toBe(true);
    expect(seen.filter((r) => r.headers.get('authorization')).every((r) => !r.headers.get('x-apikey'))).toBe(true);
    expect(seen.every((r) => !r.url.includes(token))).toBe(true);
    // The exchange itself carries no credential header.
    const exchange = seen.find((r) => r.url.endsWith('/auth/token'));
    expect(exchange?.headers.get('authorization')).toBeNull();
    expect(exchange?.headers.get('x-apikey')).toBeNull();
  });

  it('no error message, JSON form or inspected form contains the token', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const token = client.getSession()!.token;
    const todos = client.collection('todos');
    const errors: unknown[] = [];
    mock.faults.add({ path: '/rest/todos', status: 403, times: 2 });
    errors.push(await todos.find().catch((e: unknown) => e));
    mock.faults.add({ path: '/rest/todos', networkError: true, times: 3 });
    errors.push(await todos.find().catch((e: unknown) => e));
    mock.faults.add({ path: '/rest/todos', delayMs: 200, times: 1 });
    errors.push(await todos.find(undefined, { timeout: 20 }).catch((e: unknown) => e));
    mock.faults.add({ path: '/auth/token', status: 500, times: 1 });
    errors.push(await client.refresh().catch((e: unknown) => e));
    expect(errors.map((e) => (e as Error).name)).toEqual(['RestdbHttpError', 'RestdbNetworkError', 'RestdbTimeoutError', 'RestdbHttpError']);
    for (const e of errors) {
      expect(String(e)).not.toContain(token);
      expect(JSON.stringify(e)).not.toContain(token);
      expect(inspect(e, { depth: 10, showHidden: true })).not.toContain(token);
    }
  });
});

describe('userinfo', () => {
  it('GET /auth/userinfo returns the signed-in user', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const info = await client.userinfo<{ email: string }>();
    expect(info.email).toBe('ann@example.com');
    expect(requestsTo(mock, '/auth/userinfo', 'GET')[0]?.headers['authorization']).toBe(`Bearer ${client.getSession()?.token}`);
  });
  it('after dispose() it returns a rejected promise (code disposed), never throws synchronously', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    client.dispose();
    let call: Promise<unknown> | undefined;
    expect(() => (call = client.userinfo())).not.toThrow();
    await expect(call).rejects.toMatchObject({ code: 'disposed' });
  });
});

describe('Auth0 failures are RestdbErrors', () => {
  const options = { url: 'https://db.example.com', tabs: false } as const;

  it('an Auth0Client that cannot be built (spa-js refuses its options) rejects the login with a RestdbAuthError', async () => {
    const client = new RestdbClient({ ...options, auth0: { domain: 'x.auth0.com', clientId: 'abc', cacheLocation: 'bogus' as 'memory' } });
    const error = await client.loginWithPopup().catch((e: unknown) => e);
    client.dispose();
    expect(error).toBeInstanceOf(RestdbError);
    expect(isRestdbAuthError(error)).toBe(true);
  });

  it("a failing Auth0 logout (here spa-js without a document) rejects with a RestdbAuthError", async () => {
    const client = new RestdbClient({ ...options, auth0: { domain: 'x.auth0.com', clientId: 'abc' } });
    const error = await client.logout({ openUrl: false }).catch((e: unknown) => e);
    client.dispose();
    expect(error).toBeInstanceOf(RestdbError);
    expect(error).toMatchObject({ name: 'RestdbAuthError', message: expect.stringMatching(/logout/) });
  });
});
