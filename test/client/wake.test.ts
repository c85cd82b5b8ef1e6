import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newMock, requestsTo, signedIn, useMsw } from './support';

const msw = useMsw();

/** A minimal browser-like global scope: window events, document visibility, navigator.onLine. */
const page = { visibility: 'visible' as 'visible' | 'hidden', online: true };
const windowEvents = new EventTarget();
const documentEvents = new EventTarget();
const g = globalThis as unknown as Record<string, unknown>;

beforeEach(() => {
  page.visibility = 'visible';
  page.online = true;
  g['addEventListener'] = windowEvents.addEventListener.bind(windowEvents);
  g['removeEventListener'] = windowEvents.removeEventListener.bind(windowEvents);
  g['document'] = Object.defineProperty(documentEvents, 'visibilityState', { configurable: true, get: () => page.visibility });
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { get onLine() { return page.online; } } });
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  delete g['addEventListener'];
  delete g['removeEventListener'];
  delete g['document'];
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: undefined });
});

const until = async (done: () => boolean): Promise<void> => {
  const deadline = performance.now() + 5000;
  while (!done() && performance.now() < deadline) await new Promise((r) => setImmediate(r));
  if (!done()) throw new Error('condition not reached');
};
const refreshCount = (mock: Parameters<typeof requestsTo>[0]): number => requestsTo(mock, '/auth/token').length - 1;

describe('wake-up checks (visibilitychange, pageshow, online)', () => {
  it.each(['visibilitychange', 'pageshow', 'online'])('after a sleep past the due time, %s renews at once', async (event) => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    vi.setSystemTime(Date.now() + 3590_000); // slept; the timer has not fired
    expect(refreshCount(mock)).toBe(0);
    (event === 'visibilitychange' ? documentEvents : windowEvents).dispatchEvent(new Event(event));
    await until(() => refreshCount(mock) === 1 && client.status === 'signedIn');
    expect(client.getSession()!.expiresAt).toBeGreaterThan(Date.now() + 3000_000);
    client.dispose();
  });

  it('does nothing while hidden or before the due time; offline it waits for `online` instead of burning attempts', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    documentEvents.dispatchEvent(new Event('visibilitychange'));
    page.visibility = 'hidden';
    vi.setSystemTime(Date.now() + 3590_000);
    documentEvents.dispatchEvent(new Event('visibilitychange'));
    page.visibility = 'visible';
    page.online = false;
    await vi.advanceTimersByTimeAsync(10);
    windowEvents.dispatchEvent(new Event('pageshow'));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(refreshCount(mock)).toBe(0);
    page.online = true;
    windowEvents.dispatchEvent(new Event('online'));
    await until(() => refreshCount(mock) === 1);
    client.dispose();
  });

  it('listeners are attached only while signed in, and removed on logout and dispose', async () => {
    const added: string[] = [];
    const removed: string[] = [];
    const add = windowEvents.addEventListener.bind(windowEvents);
    const remove = windowEvents.removeEventListener.bind(windowEvents);
    g['addEventListener'] = (type: string, l: EventListener) => (added.push(type), add(type, l));
    g['removeEventListener'] = (type: string, l: EventListener) => (removed.push(type), remove(type, l));
    const { mock, auth0 } = newMock(msw);
    const client = (await import('./support')).newClient(mock, auth0);
    expect(added).toEqual([]);
    await client.loginWithPopup();
    expect(added.sort()).toEqual(['online', 'pageshow']);
    await client.logout({ openUrl: false });
    expect(removed.sort()).toEqual(['online', 'pageshow']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
