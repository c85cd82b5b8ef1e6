import { afterEach, describe, expect, it, vi } from 'vitest';
import { RestdbAbortError, RestdbTimeoutError } from '../../src/index';
import { newMock, requestsTo, signedIn, useMsw } from './support';

const msw = useMsw();
afterEach(() => vi.restoreAllMocks());

/** Timers set with a delay of at least `min` ms, and whether each was cleared. */
function watchLongTimers(min: number): { pending(): number } {
  const long = new Set<unknown>();
  const set = globalThis.setTimeout;
  const clear = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number, ...args: unknown[]) => {
    const id = set(fn, ms, ...args);
    if ((ms ?? 0) >= min) long.add(id);
    return id;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((id?: Parameters<typeof clearTimeout>[0]) => {
    long.delete(id);
    clear(id);
  }) as typeof clearTimeout);
  return { pending: () => long.size };
}

describe('transport: a call that has ended leaves nothing running', () => {
  it('the deadline during a long Retry-After wait also clears that wait (no timer keeps a Node process alive for an hour)', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 503, headers: { 'Retry-After': '3600' } });
    const timers = watchLongTimers(60_000);
    const error = await todos.find(undefined, { timeout: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestdbTimeoutError);
    expect(requestsTo(mock, '/rest/todos', 'GET')).toHaveLength(1);
    expect(timers.pending()).toBe(0);
  });

  it("the caller's abort during a long Retry-After wait also clears that wait", async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.requests.clear();
    mock.faults.add({ path: '/rest/todos', status: 503, headers: { 'Retry-After': '3600' } });
    const timers = watchLongTimers(60_000);
    const ctl = new AbortController();
    const pending = todos.find(undefined, { signal: ctl.signal }).catch((e: unknown) => e);
    await vi.waitUntil(() => timers.pending() > 0 || requestsTo(mock, '/rest/todos', 'GET').length === 1, { timeout: 2000, interval: 5 });
    await new Promise((r) => setTimeout(r, 50));
    ctl.abort();
    expect(await pending).toBeInstanceOf(RestdbAbortError);
    expect(timers.pending()).toBe(0);
  });
});
