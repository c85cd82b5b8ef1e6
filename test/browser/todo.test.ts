/**
 * The To-Do demo in headless Chromium against the reference server on three origins (app, dev IdP, database):
 * the real @auth0/auth0-spa-js, the SDK and the server working together, driven as a person would.
 * (The server-restart case is in todo-restart.test.ts, the short token lifetime in todo-refresh.test.ts.)
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { addTodo, counts, repoRoot, screenOf, signIn, startDemo, todoTexts, removeDemoBuild, type Demo } from './todo-harness';

// Every run saves the screenshots in .artifacts/; UPDATE_SCREENSHOTS=1 writes the README's copies in docs/ instead
// (they differ from run to run by port and clock, so a plain test run must not dirty the work tree).
const screenshotDir = process.env['UPDATE_SCREENSHOTS'] ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, '.artifacts', 'screenshots');

const VIEWPORT = { width: 1040, height: 600 };
/** Generous: the suite shares two cores with other Chromium suites under `npm test`. */
const TEST_TIMEOUT = 60_000;

describeBrowser('To-Do demo (bundled app) in Chromium', () => {
  let browser: LaunchedBrowser;
  let demo: Demo;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchBrowser(), startDemo()]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await demo?.close();
    await removeDemoBuild();
  });

  /** A separate browser context (own cookies and storage): another person on another machine. */
  async function newPerson(): Promise<Page> {
    const context = await browser.context.browser()!.newContext({ viewport: VIEWPORT });
    contexts.push(context);
    return context.newPage();
  }

  it('a new user signs up, lands signed in with an empty list, adds, toggles and deletes; a reload keeps it all', async () => {
    const page = await newPerson();
    const requests: { url: string; method: string; at: number }[] = [];
    const bearerOrigins = new Set<string>();
    page.on('request', (r: Request) => {
      requests.push({ url: r.url(), method: r.method(), at: Date.now() });
      if (/^Bearer /.test(r.headers()['authorization'] ?? '')) bearerOrigins.add(new URL(r.url()).origin);
    });

    await page.goto(demo.appUrl);
    expect(await screenOf(page)).toBe('signed-out');
    expect(await page.getByTestId('session-state').innerText()).toBe('Signed out');
    await expect.poll(() => page.getByRole('button', { name: 'Log in', exact: true }).isVisible()).toBe(true);
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'signed-out.png') });

    await signIn(page, 'ada@example.com', 'Ada Lovelace');
    expect(page.url()).toBe(`${demo.appUrl}/`); // code and state removed from the address bar
    expect(await todoTexts(page)).toEqual([]);
    await expect.poll(() => page.locator('.empty').innerText()).toContain('Nothing here yet');
    await expect.poll(() => page.getByTestId('user-name').innerText()).toBe('Ada Lovelace');
    await expect.poll(() => page.getByTestId('session-state').innerText()).toBe('Signed in');
    // The user-sync post-login Action ran during the sign-up and added the new user to restdb's users collection.
    const adaRecords = (): unknown[] => demo.server.mock.store.list('users').filter((u) => u['email'] === 'ada@example.com');
    expect(adaRecords()).toEqual([expect.objectContaining({ name: 'Ada Lovelace', roles: ['external'], active: true })]);
    expect(await page.getByTestId('token-remaining').innerText()).toMatch(/^token \d+:\d\d:\d\d left$|^token \d+:\d\d left$/);

    // Requests from landing on the callback to the first list of to-dos.
    const landing = requests.findIndex((r) => r.url.startsWith(`${demo.appUrl}/?`) && r.url.includes('code='));
    const firstList = requests.findIndex((r, i) => i > landing && r.method === 'GET' && r.url.startsWith(`${demo.server.url}/rest/todos`) && !r.url.includes('totals'));
    expect(landing).toBeGreaterThanOrEqual(0);
    expect(firstList).toBeGreaterThan(landing);
    const path = requests.slice(landing, firstList + 1);
    const api = path.filter((r) => r.url.startsWith(demo.server.url) || r.url.startsWith(demo.server.idpUrl));
    const apiNames = api.map((r) => `${r.method} ${new URL(r.url).origin === demo.server.url ? 'db' : 'idp'} ${new URL(r.url).pathname}`);
    expect(apiNames).toEqual(['POST idp /oauth/token', 'POST db /auth/token', 'GET db /rest/todos']);
    await mkdir(join(repoRoot, '.artifacts'), { recursive: true });
    await writeFile(
      join(repoRoot, '.artifacts', 'todo-requests-to-first-list.json'),
      JSON.stringify({ total: path.length, api: apiNames, all: path.map((r) => `${r.method} ${r.url.replace(/code=[^&]+/, 'code=…').replace(/state=[^&]+/, 'state=…')}`) }, null, 2),
    ).catch(() => undefined);
    console.log(`[todo e2e] requests from the callback landing to the first list: ${path.length} in all, ${api.length} API calls: ${apiNames.join(', ')}`);

    for (const text of ['Buy oat milk', 'Write the README', 'Book the dentist']) await addTodo(page, text);
    expect(await todoTexts(page)).toEqual(['Buy oat milk', 'Write the README', 'Book the dentist']);
    expect(await counts(page)).toEqual({ all: '3', active: '3', done: '0' });

    await page.getByRole('checkbox', { name: 'Write the README' }).check();
    await expect.poll(() => counts(page)).toEqual({ all: '3', active: '2', done: '1' });
    await page.evaluate(() => document.getElementById('status')?.replaceChildren()); // no toast in the README picture
    await page.screenshot({ path: join(screenshotDir, 'signed-in.png') });

    await page.getByRole('button', { name: 'Delete “Book the dentist”' }).click();
    await expect.poll(() => todoTexts(page)).toEqual(['Buy oat milk', 'Write the README']);
    await expect.poll(() => counts(page)).toEqual({ all: '2', active: '1', done: '1' });
    expect(await page.getByTestId('summary').innerText()).toBe('1 item left');

    // Filters are restdb queries: q={"done":false} / {"done":true}.
    await page.getByRole('button', { name: /^Active/ }).click();
    await expect.poll(() => todoTexts(page)).toEqual(['Buy oat milk']);
    await page.getByRole('button', { name: /^Done/ }).click();
    await expect.poll(() => todoTexts(page)).toEqual(['Write the README']);
    const filtered = demo.server.mock.requests
      .entries()
      .filter((e) => e.origin === 'restdb' && e.method === 'GET' && e.path === '/rest/todos')
      .map((e) => new URLSearchParams(e.search).get('q'));
    expect(filtered).toContain('{"done":false}');
    expect(filtered).toContain('{"done":true}');

    // Inline edit: Edit, type, Enter.
    await page.getByRole('button', { name: /^All/ }).click();
    await page.getByRole('button', { name: 'Edit “Buy oat milk”' }).click();
    const editor = page.getByLabel('Edit “Buy oat milk”');
    await editor.fill('Buy oat milk and bread');
    await editor.press('Enter');
    await expect.poll(() => todoTexts(page)).toEqual(['Buy oat milk and bread', 'Write the README']);

    // Reload: the session comes back without the sign-in page; list and counts are read again.
    const before = demo.server.mock.requests.entries().length;
    await page.reload();
    expect(await screenOf(page)).toBe('signed-in');
    await page.waitForSelector('main[data-loaded="true"]');
    expect(await todoTexts(page)).toEqual(['Buy oat milk and bread', 'Write the README']);
    expect(await counts(page)).toEqual({ all: '2', active: '1', done: '1' });
    expect(adaRecords()).toHaveLength(1); // the silent re-login ran the Action again, which added no second record
    const after = demo.server.mock.requests.entries().slice(before);
    const interactive = after.filter((e) => e.origin === 'idp' && e.path === '/authorize' && !e.search.includes('prompt=none'));
    expect(interactive).toEqual([]);
    expect(page.url()).toBe(`${demo.appUrl}/`);

    // The database token went to the database origin only (not to the app's origin, not to the IdP).
    expect([...bearerOrigins]).toEqual([demo.server.url]);
  }, TEST_TIMEOUT);

  it('a second user, in another browser context, does not see the first user\'s to-dos', async () => {
    const ann = await newPerson();
    await ann.goto(demo.appUrl);
    await signIn(ann, 'ann@example.com', 'Ann');
    await addTodo(ann, 'Ann: private plan');

    const bob = await newPerson();
    await bob.goto(demo.appUrl);
    await signIn(bob, 'bob@example.com', 'Bob');
    expect(await todoTexts(bob)).toEqual([]);
    expect(await counts(bob)).toEqual({ all: '0', active: '0', done: '0' });
    await addTodo(bob, 'Bob: his own thing');

    await ann.reload();
    await ann.waitForSelector('main[data-loaded="true"]');
    expect(await todoTexts(ann)).toEqual(['Ann: private plan']);
    expect(await todoTexts(bob)).toEqual(['Bob: his own thing']);
  }, TEST_TIMEOUT);

  it('logout shows the signed-out screen, the old database token is rejected, and Back shows no private data', async () => {
    const page = await newPerson();
    const tokens = new Set<string>();
    page.on('request', (r: Request) => {
      const auth = r.headers()['authorization'];
      if (auth && r.url().startsWith(demo.server.url)) tokens.add(auth);
    });
    await page.goto(demo.appUrl);
    await signIn(page, 'cy@example.com', 'Cy');
    await addTodo(page, 'Cy: secret errand');
    expect(tokens.size).toBe(1);
    const [oldAuth] = [...tokens] as [string];
    const before = await fetch(`${demo.server.url}/rest/todos`, { headers: { authorization: oldAuth } });
    expect(before.status).toBe(200);

    // The app is already at appUrl/ before the logout, so wait for the document that the IdP's /v2/logout
    // redirects back to, not for the URL: otherwise the check below can run in the page the redirect then replaces.
    const back = page.waitForResponse((r) => r.request().isNavigationRequest() && r.url() === `${demo.appUrl}/` && r.request().redirectedFrom() !== null);
    await page.getByRole('button', { name: 'Log out' }).click();
    await back;
    await page.waitForLoadState();
    expect(page.url()).toBe(`${demo.appUrl}/`);
    expect(await screenOf(page)).toBe('signed-out');
    expect(await page.content()).not.toContain('Cy: secret errand');

    const after = await fetch(`${demo.server.url}/rest/todos`, { headers: { authorization: oldAuth } });
    expect([401, 403]).toContain(after.status);

    await page.goBack();
    await page.waitForLoadState();
    expect(await screenOf(page)).toBe('signed-out');
    await page.waitForTimeout(500); // any late restore would have rendered by now
    expect(await page.content()).not.toContain('Cy: secret errand');
    expect(await screenOf(page)).toBe('signed-out');
  }, TEST_TIMEOUT);

  it('the <script type="module"> page (self-contained browser build) signs in and adds a to-do', async () => {
    const page = await newPerson();
    const loaded: string[] = [];
    page.on('request', (r: Request) => loaded.push(new URL(r.url()).pathname));
    await page.goto(`${demo.appUrl}/script.html`);
    expect(await screenOf(page)).toBe('signed-out');
    expect(await page.locator('#app').getAttribute('data-loader')).toBe('script');
    await signIn(page, 'dee@example.com', 'Dee');
    expect(page.url()).toBe(`${demo.appUrl}/script.html`);
    await addTodo(page, 'Dee: via the browser build');
    expect(await counts(page)).toEqual({ all: '1', active: '1', done: '0' });
    expect(loaded).toContain('/vendor/restdb-client.js');
    expect(loaded).toContain('/app-core.js');
    expect(loaded).not.toContain('/app.js');
  }, TEST_TIMEOUT);

  it('says in words what went wrong, keeps what was typed, and works again once the database does', async () => {
    const page = await newPerson();
    await page.goto(demo.appUrl);
    await signIn(page, 'hal@example.com', 'Hal');

    demo.server.mock.faults.add({ origin: 'restdb', method: 'POST', path: '/rest/todos', status: 500, times: 1 });
    const input = page.getByLabel('New to-do');
    await input.fill('Hal: survives a 500');
    await input.press('Enter');
    const alert = page.locator('#alert[role="alert"]');
    await expect.poll(() => alert.innerText()).toContain("Couldn't add the to-do: the database had a problem (HTTP 500)");
    expect(await input.inputValue()).toBe('Hal: survives a 500');

    // Chromium silently retries a request whose reused connection dropped, so keep failing until cleared.
    demo.server.mock.faults.add({ origin: 'restdb', method: 'POST', path: '/rest/todos', networkError: true });
    await input.press('Enter');
    await expect.poll(() => alert.innerText()).toContain('cannot be reached');
    await page.screenshot({ path: join(repoRoot, '.artifacts', 'todo-error.png') });
    expect(await input.inputValue()).toBe('Hal: survives a 500');

    demo.server.mock.faults.clear();
    await input.press('Enter'); // the database is back: it goes through
    await page.locator('.todo__text', { hasText: 'Hal: survives a 500' }).waitFor();
    expect(await alert.isVisible()).toBe(false);
    expect(await todoTexts(page)).toEqual(['Hal: survives a 500']);
  }, TEST_TIMEOUT);

  it('logs in through the popup window as well', async () => {
    const page = await newPerson();
    await page.goto(demo.appUrl);
    expect(await screenOf(page)).toBe('signed-out');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Log in in a popup window' }).click(),
    ]);
    await popup.getByLabel('Email address').fill('ivy@example.com');
    await popup.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('#app[data-state="signed-in"] main[data-loaded="true"]');
    await expect.poll(() => page.getByTestId('user-name').innerText()).toBe('ivy');
    expect(page.url()).toBe(`${demo.appUrl}/`); // no redirect happened in the app's window
  }, TEST_TIMEOUT);

  it('explains a missing or broken config.json on the page instead of failing blank', async () => {
    const page = await newPerson();
    const file = join(demo.staticDir, 'config.json');
    const good = await readFile(file, 'utf8');
    try {
      await writeFile(file, JSON.stringify({ ...JSON.parse(good), auth0ClientId: '' }));
      await page.goto(demo.appUrl);
      expect(await screenOf(page)).toBe('error');
      expect(await page.getByRole('heading').innerText()).toBe('The app is not configured');
      expect(await page.locator('main').innerText()).toContain('"auth0ClientId" must be a non-empty string');

      await rm(file);
      await page.reload();
      expect(await screenOf(page)).toBe('error');
      expect(await page.locator('main').innerText()).toContain('(HTTP 404)');
    } finally {
      await writeFile(file, good);
    }
    await page.getByRole('button', { name: 'Reload' }).click();
    expect(await screenOf(page)).toBe('signed-out');
  }, TEST_TIMEOUT);

  it('a stale or refused login callback ends on the login screen with the reason, and a clean address bar', async () => {
    const page = await newPerson();
    await page.goto(`${demo.appUrl}/?code=stale-code&state=c3RhbGU%3D`);
    expect(await screenOf(page)).toBe('signed-out');
    expect(await page.getByTestId('signed-out-notice').innerText()).toBe(
      'Sign-in did not complete: this sign-in link was already used or has expired. Please log in again.',
    );
    expect(page.url()).toBe(`${demo.appUrl}/`);

    // The identity provider refuses a login the app started (as an Action's api.access.deny would).
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByLabel('Email address').waitFor();
    const state = new URL(page.url()).searchParams.get('state')!;
    await page.goto(`${demo.appUrl}/?${new URLSearchParams({ error: 'access_denied', error_description: 'Blocked by policy', state })}`);
    expect(await screenOf(page)).toBe('signed-out');
    expect(await page.getByTestId('signed-out-notice').innerText()).toBe('Sign-in did not complete: the identity provider said: Blocked by policy');
    expect(page.url()).toBe(`${demo.appUrl}/`);
  }, TEST_TIMEOUT);

  it('tokens revoked on the server mid-session: the next call recovers through a silent re-login, without a loop', async () => {
    const page = await newPerson();
    await page.goto(demo.appUrl);
    await signIn(page, 'eve@example.com', 'Eve');
    await addTodo(page, 'Eve: before the revoke');

    const mark = demo.server.mock.requests.entries().length;
    demo.server.mock.revokeAll();
    await addTodo(page, 'Eve: after the revoke');
    expect(await screenOf(page)).toBe('signed-in');
    expect(await todoTexts(page)).toEqual(['Eve: before the revoke', 'Eve: after the revoke']);

    await page.waitForTimeout(1000);
    const since = demo.server.mock.requests.entries().slice(mark);
    const exchanges = since.filter((e) => e.origin === 'restdb' && e.method === 'POST' && e.path === '/auth/token');
    expect(exchanges.length).toBeGreaterThanOrEqual(1);
    expect(exchanges.length).toBeLessThanOrEqual(3); // refresh refused, then one silent re-exchange: no loop
    const creates = since.filter((e) => e.origin === 'restdb' && e.method === 'POST' && e.path === '/rest/todos');
    expect(creates.filter((e) => e.status === 201)).toHaveLength(1); // written once
  }, TEST_TIMEOUT);
});
