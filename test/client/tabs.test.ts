import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RestdbChannel, RestdbClient, RestdbClientOptions } from '../../src/index';
import type { RestdbMock } from '../../src/mock/index';
import { newClient, newMock, recordEvents, requestsTo, useMsw, type TestSchema } from './support';
import { createLocks, sleep, until, type TestLocks } from './tabs-support';

const msw = useMsw();
const open: RestdbClient<TestSchema>[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.dispose();
  vi.unstubAllGlobals();
});

/** Opens `n` tabs of one app: one client each, sharing the in-process Web Locks and Node's BroadcastChannel. */
async function openTabs(mock: RestdbMock, n: number, locks: TestLocks, extra: Partial<RestdbClientOptions> = {}): Promise<RestdbClient<TestSchema>[]> {
  const tabs = Array.from({ length: n }, () => newClient(mock, mock.auth0Client({ email: 'ann@example.com' }), { tabs: { locks }, ...extra }));
  open.push(...tabs);
  await Promise.all(tabs.map((t) => t.restore()));
  return tabs;
}
const tokenPosts = (mock: RestdbMock, kind?: 'code' | 'refresh'): number =>
  requestsTo(mock, '/auth/token', 'POST').filter((r) => !kind || (typeof r.body === 'object' && r.body !== null && kind in r.body)).length;

describe('tabs share one session (Web Locks + BroadcastChannel, several clients in one process)', () => {
  it('a login in one tab signs the other tabs in, with no request of their own', async () => {
    const { mock } = newMock(msw);
    const [a, b, c] = await openTabs(mock, 3, createLocks());
    const eventsB = recordEvents(b!);
    mock.requests.clear();
    await a!.loginWithPopup();
    await until(() => b!.status === 'signedIn' && c!.status === 'signedIn');
    expect(b!.getSession()).toEqual(a!.getSession());
    expect(eventsB.map((e) => e.event)).toEqual(['SIGNED_IN']);
    expect(tokenPosts(mock)).toBe(1);
    expect(await c!.collection('todos').find()).toEqual([]);
  });

  it('logout in one tab signs every tab out at once (reason logout) with one server revoke', async () => {
    const { mock } = newMock(msw);
    const tabs = await openTabs(mock, 3, createLocks());
    await tabs[0]!.loginWithPopup();
    await until(() => tabs.every((t) => t.status === 'signedIn'));
    const logs = tabs.map(recordEvents);
    const token = tabs[0]!.getSession()!.token;
    await tabs[1]!.logout({ openUrl: false });
    await until(() => tabs.every((t) => t.status === 'signedOut'));
    for (const log of logs) expect(log.map((e) => [e.event, e.details.reason])).toEqual([['SIGNED_OUT', 'logout']]);
    expect(tabs.map((t) => t.getSession())).toEqual([null, null, null]);
    expect(requestsTo(mock, '/auth/logout', 'POST')).toHaveLength(1);
    const refused = await fetch(`${mock.url}/rest/todos`, { headers: { authorization: `Bearer ${token}` } });
    expect([401, 403]).toContain(refused.status);
  });

  it('a tab opened later joins the session without an Auth0 round trip or a token exchange', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    const [a] = await openTabs(mock, 1, locks);
    await a!.loginWithPopup();
    mock.requests.clear();
    const auth0 = mock.auth0Client({ email: 'ann@example.com' });
    const late = newClient(mock, auth0, { tabs: { locks } });
    open.push(late);
    const events = recordEvents(late);
    const started = performance.now();
    const session = await late.restore();
    expect(performance.now() - started).toBeLessThan(300);
    expect(session).toEqual(a!.getSession());
    expect(events.map((e) => e.event)).toEqual(['INITIAL_SESSION']);
    expect(late.status).toBe('signedIn');
    expect(Object.values(auth0.controls.calls).reduce((x, y) => x + y)).toBe(0);
    expect(tokenPosts(mock)).toBe(0);
    expect(await late.collection('todos').find()).toEqual([]);
  });

  it('a tab that just logged out is not signed back in by another tab\'s refresh broadcast racing its logout', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    let a: RestdbClient<TestSchema> | undefined;
    let armed = false;
    // Tab A's channel: just before a session message is delivered, the user clicks logout in A.
    const channel = (name: string): RestdbChannel => {
      const bc = new BroadcastChannel(name);
      let deliver: ((e: MessageEvent) => void) | null = null;
      bc.onmessage = (e: MessageEvent): void => {
        if (armed && (e.data as { s?: unknown }).s) armed = false, void a!.logout({ openUrl: false });
        deliver?.(e);
      };
      return { postMessage: (m) => bc.postMessage(m), close: () => bc.close(), set onmessage(f: ((e: MessageEvent) => void) | null) { deliver = f; } } as RestdbChannel;
    };
    a = newClient(mock, mock.auth0Client({ email: 'ann@example.com' }), { tabs: { locks, channel } });
    open.push(a);
    const [b] = await openTabs(mock, 1, locks);
    await a.restore();
    await a.loginWithPopup();
    await until(() => b!.status === 'signedIn');
    const events = recordEvents(a);
    armed = true;
    await b!.refresh().catch(() => undefined);
    await until(() => b!.status === 'signedOut');
    await sleep(100);
    expect(a.status).toBe('signedOut');
    expect(a.getSession()).toBeNull();
    expect(events.map((e) => e.event)).toEqual(['SIGNED_OUT']);
  });

  it('a logout while a login still waits for its id_token: no token exchange goes out and no other tab is signed in', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    const auth0 = mock.auth0Client({ email: 'ann@example.com' });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let waiting = false;
    const claims = auth0.getIdTokenClaims.bind(auth0);
    // The id_token is read before the logout, and handed over after it (Auth0's answer was on its way).
    auth0.getIdTokenClaims = async () => {
      const answer = await claims();
      waiting = true;
      await held;
      return answer;
    };
    const a = newClient(mock, auth0, { tabs: { locks } });
    open.push(a);
    const [b] = await openTabs(mock, 1, locks);
    await a.restore();
    mock.requests.clear();
    const login = a.loginWithPopup().catch((e: unknown) => e);
    await until(() => waiting);
    await a.logout({ openUrl: false });
    release();
    expect(await login).toMatchObject({ code: 'login_required' });
    await sleep(100);
    expect(tokenPosts(mock, 'code')).toBe(0);
    expect(a.status).toBe('signedOut');
    expect(b!.status).toBe('signedOut');
    expect(b!.getSession()).toBeNull();
  });

  it('a sign-out heard while a new tab waits for the others cancels the join: a later refresh is not adopted', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    const [a] = await openTabs(mock, 1, locks);
    await a!.loginWithPopup();
    let name = '';
    const late = newClient(mock, mock.auth0Client(), { tabs: { locks, channel: (n) => ((name = n), new BroadcastChannel(n) as unknown as RestdbChannel) } });
    open.push(late);
    const restored = late.restore();
    const other = new BroadcastChannel(name);
    other.postMessage({ o: 'logout' });
    await sleep(50);
    other.postMessage({ s: a!.getSession() }); // a refresh (not a sign-in) that raced the logout
    await sleep(20);
    other.close();
    expect(await restored).toBeNull();
    expect(late.status).toBe('signedOut');
  });

  it('a data call made while a new tab waits for the others is sent with the session it then joins', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    const [a] = await openTabs(mock, 1, locks);
    await a!.loginWithPopup();
    const late = newClient(mock, mock.auth0Client({ email: 'ann@example.com' }), { tabs: { locks } });
    open.push(late);
    const restored = late.restore();
    expect(await late.collection('todos').find()).toEqual([]);
    expect(await restored).toEqual(a!.getSession());
    expect(requestsTo(mock, '/rest/todos', 'GET').at(-1)!.status).toBe(200);
  });

  it('a tab opened when no tab is signed in waits at most ~300 ms, then restores through Auth0 as usual', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    await openTabs(mock, 1, locks);
    const auth0 = mock.auth0Client({ email: 'ann@example.com' });
    await auth0.controls.setUser({ email: 'ann@example.com' });
    const late = newClient(mock, auth0, { tabs: { locks } });
    open.push(late);
    const started = performance.now();
    const session = await late.restore();
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(2000);
    expect(session).not.toBeNull();
    expect(auth0.controls.calls.checkSession).toBe(1);
    expect(tokenPosts(mock, 'code')).toBe(1);
  });

  it('with short tokens, tabs keep one /auth/token refresh per expiry for several expiries', async () => {
    const { mock } = newMock(msw, { tokenTtlSeconds: 2 });
    const tabs = await openTabs(mock, 3, createLocks());
    await tabs[0]!.loginWithPopup();
    await until(() => tabs.every((t) => t.status === 'signedIn'));
    const refreshedB = recordEvents(tabs[1]!);
    await sleep(4_000); // 2 s tokens are due 1 s before their local expiry: a refresh about every second
    // Read the counts between two refreshes: every tab settled on one token (none mid-refresh or mid-hand-off).
    await until(() => tabs.every((t) => t.status === 'signedIn') && new Set(tabs.map((t) => t.getSession()?.token)).size === 1);
    expect(tokenPosts(mock, 'refresh')).toBeGreaterThanOrEqual(3);
    const expiries = refreshedB.filter((e) => e.event === 'TOKEN_REFRESHED').length;
    expect(tokenPosts(mock, 'refresh')).toBe(expiries);
    expect(new Set(tabs.map((t) => t.getSession()?.token)).size).toBe(1);
    expect(tabs.map((t) => t.status)).toEqual(['signedIn', 'signedIn', 'signedIn']);
  });

  it('no BroadcastChannel: each tab works alone and correctly (own refresh, own logout)', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const { mock } = newMock(msw);
    const [a, b] = await openTabs(mock, 2, createLocks());
    await a!.loginWithPopup();
    await sleep(50);
    expect(b!.status).toBe('signedOut');
    await b!.loginWithPopup();
    await Promise.all([a!.refresh(), b!.refresh()]);
    expect(tokenPosts(mock, 'refresh')).toBe(2);
    await a!.logout({ openUrl: false });
    await sleep(50);
    expect(a!.status).toBe('signedOut');
    expect(b!.status).toBe('signedIn');
    expect(await b!.collection('todos').find()).toEqual([]);
  });

  it('no Web Locks: each tab works alone (no channel is opened either, so no half-coordination)', async () => {
    const { mock } = newMock(msw);
    const tabs = [0, 1].map(() => newClient(mock, mock.auth0Client(), { tabs: { locks: undefined } }));
    open.push(...tabs);
    await Promise.all(tabs.map((t) => t.restore()));
    await tabs[0]!.loginWithPopup();
    await sleep(50);
    expect(tabs[1]!.status).toBe('signedOut');
    expect(tabs[0]!.status).toBe('signedIn');
  });

  it('without the tabs option, a server process (no document) keeps each client alone even with both globals', async () => {
    vi.stubGlobal('navigator', { locks: createLocks() });
    const { mock } = newMock(msw);
    const ann = newClient(mock, mock.auth0Client({ email: 'ann@example.com' }));
    const bob = newClient(mock, mock.auth0Client({ email: 'bob@example.com' }));
    open.push(ann, bob);
    await Promise.all([ann.restore(), bob.restore()]);
    await ann.loginWithPopup();
    await sleep(50);
    expect(bob.status).toBe('signedOut');
    expect(bob.getSession()).toBeNull();
  });

  it('without the tabs option, a page (document exists) shares the session through the globals', async () => {
    vi.stubGlobal('navigator', { locks: createLocks() });
    vi.stubGlobal('document', {});
    const { mock } = newMock(msw);
    const [a, b] = [0, 1].map(() => newClient(mock, mock.auth0Client({ email: 'ann@example.com' })));
    open.push(a!, b!);
    await Promise.all([a!.restore(), b!.restore()]);
    await a!.loginWithPopup();
    await until(() => b!.status === 'signedIn');
    expect(b!.getSession()).toEqual(a!.getSession());
  });

  it('tabs: false opts out even when both APIs exist', async () => {
    const { mock } = newMock(msw);
    const locks = createLocks();
    const a = newClient(mock, mock.auth0Client(), { tabs: false });
    const [b] = await openTabs(mock, 1, locks);
    open.push(a);
    await a.loginWithPopup();
    await a.refresh();
    await sleep(50);
    expect(b!.status).toBe('signedOut');
    expect(locks.grants).toEqual([]);
  });
});
