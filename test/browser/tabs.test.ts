/**
 * Several tabs (pages of one Chromium context) of a minimal app over the SDK built from src/: real Web Locks and
 * BroadcastChannel. One /auth/token refresh per expiry whatever the number of tabs; logout in one tab signs out
 * the others; a tab opened later joins the session without an Auth0 round trip or a token exchange.
 */
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockServer } from '../../src/mock/node';
import { describeBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser';

/** The page: the SDK with a minimal Auth0Like holding an id_token the test hands in (`setIdToken`). */
const APP = `
import { RestdbClient } from './restdb-client.js';
let idToken = null;
const calls = (window.auth0Calls = []);
const a0 = (name, fn) => async (...args) => (calls.push(name), fn(...args));
const auth0 = {
  loginWithRedirect: a0('loginWithRedirect', () => undefined),
  loginWithPopup: a0('loginWithPopup', () => undefined),
  handleRedirectCallback: a0('handleRedirectCallback', () => ({})),
  getIdTokenClaims: a0('getIdTokenClaims', () => (idToken ? { __raw: idToken } : undefined)),
  getTokenSilently: a0('getTokenSilently', () => { if (!idToken) throw { error: 'login_required' }; return 'at'; }),
  isAuthenticated: a0('isAuthenticated', () => !!idToken),
  getUser: a0('getUser', () => undefined),
  checkSession: a0('checkSession', () => undefined),
  logout: a0('logout', () => { idToken = null; }),
};
window.setIdToken = (t) => { idToken = t; };
const db = new URLSearchParams(location.search).get('db');
const client = (window.client = new RestdbClient({ url: db, auth0, refreshMarginSeconds: 2 }));
window.events = [];
client.onAuthStateChange((event, session, details) => window.events.push({ event, reason: details.reason ?? null, token: session ? session.token : null }));
window.restored = client.restore().then((s) => !!s);
`;

describeBrowser('tabs in Chromium (Web Locks + BroadcastChannel)', () => {
  let browser: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof startMockServer>>;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'restdb-tabs-'));
    await build({ entryPoints: { 'restdb-client': 'src/index.ts' }, bundle: true, format: 'esm', splitting: true, platform: 'browser', target: 'es2022', outdir: dir, logLevel: 'silent' });
    await writeFile(join(dir, 'app.js'), APP);
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>tabs</title><script type="module" src="app.js"></script>');
    [browser, server] = await Promise.all([launchBrowser(), startMockServer({ staticDir: dir, tokenTtlSeconds: 4, collections: { todos: [] } })]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const tokenPosts = (kind: 'code' | 'refresh'): number =>
    server.mock.requests.entries().filter((e) => e.origin === 'restdb' && e.method === 'POST' && e.path === '/auth/token' && typeof e.body === 'object' && e.body !== null && kind in e.body).length;
  const openTab = async (): Promise<Page> => {
    const page = await browser.newPage();
    await page.goto(`${server.appUrl}/index.html?db=${encodeURIComponent(server.url)}`);
    await page.waitForFunction(() => 'restored' in window);
    await page.evaluate(() => (window as unknown as { restored: Promise<boolean> }).restored);
    return page;
  };
  const status = (page: Page): Promise<string> => page.evaluate(() => (window as unknown as { client: { status: string } }).client.status);
  const token = (page: Page): Promise<string | null> => page.evaluate(() => (window as unknown as { client: { getSession(): { token: string } | null } }).client.getSession()?.token ?? null);
  const events = (page: Page): Promise<{ event: string; reason: string | null; token: string | null }[]> => page.evaluate(() => (window as unknown as { events: [] }).events);

  let tabs: Page[] = [];

  it('three tabs with 4-second tokens: one POST /auth/token {refresh} per expiry, all tabs on the same token', async () => {
    tabs = [await openTab(), await openTab(), await openTab()];
    const idToken = await server.signIdToken({ email: 'ann@example.com' });
    await tabs[0]!.evaluate(async (t) => {
      const w = window as unknown as { setIdToken(t: string): void; client: { loginWithPopup(): Promise<unknown> } };
      w.setIdToken(t);
      await w.client.loginWithPopup();
    }, idToken);
    await expect.poll(async () => Promise.all(tabs.map(status)), { timeout: 5000 }).toEqual(['signedIn', 'signedIn', 'signedIn']);
    const before = tokenPosts('refresh');
    // 4 s tokens are due 2 s before expiry: a refresh every ~2 s, each with 2 s to spare before the token expires
    // (with less, a refresh delayed by a loaded machine reaches the server too late and is refused).
    await tabs[0]!.waitForTimeout(11_000);
    // Read the counts between two refreshes: every tab settled on one token (none mid-refresh or mid-hand-off).
    await expect
      .poll(async () => [...(await Promise.all(tabs.map(status))), new Set(await Promise.all(tabs.map(token))).size], { timeout: 5000, interval: 50 })
      .toEqual(['signedIn', 'signedIn', 'signedIn', 1]);
    const refreshes = tokenPosts('refresh') - before;
    const seen = new Set((await events(tabs[2]!)).filter((e) => e.event === 'TOKEN_REFRESHED').map((e) => e.token));
    expect(refreshes).toBeGreaterThanOrEqual(4);
    // Every refresh request produced exactly one new token, which every tab received.
    expect(seen.size).toBe(refreshes);
    for (const tab of tabs) expect((await events(tab)).filter((e) => e.event === 'SIGNED_OUT')).toEqual([]);
  }, 30_000);

  it('a tab opened later joins the session with no Auth0 call and no token exchange', async () => {
    const codes = tokenPosts('code');
    const late = await openTab();
    expect(await status(late)).toBe('signedIn');
    expect(await token(late)).toBe(await token(tabs[0]!));
    expect(await late.evaluate(() => (window as unknown as { auth0Calls: string[] }).auth0Calls)).toEqual([]);
    expect(tokenPosts('code')).toBe(codes);
    // It starts from the shared session; a refresh may land in the meantime (every 2 s here), nothing else.
    const seen = (await events(late)).map((e) => e.event);
    expect(seen[0]).toBe('INITIAL_SESSION');
    expect(seen.slice(1).every((e) => e === 'TOKEN_REFRESHED')).toBe(true);
    tabs.push(late);
  }, 30_000);

  it('logout in one tab signs every tab out at once, with one server revoke', async () => {
    const revokes = server.mock.requests.entries().filter((e) => e.path === '/auth/logout' && e.method === 'POST').length;
    await tabs[1]!.evaluate(() => (window as unknown as { client: { logout(o: object): Promise<unknown> } }).client.logout({ openUrl: false }));
    await expect.poll(async () => Promise.all(tabs.map(status)), { timeout: 3000 }).toEqual(tabs.map(() => 'signedOut'));
    for (const tab of tabs) {
      expect((await events(tab)).filter((e) => e.event === 'SIGNED_OUT').map((e) => e.reason)).toEqual(['logout']);
      expect(await token(tab)).toBeNull();
      expect(await tab.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    }
    expect(server.mock.requests.entries().filter((e) => e.path === '/auth/logout' && e.method === 'POST').length - revokes).toBe(1);
  }, 30_000);
});
