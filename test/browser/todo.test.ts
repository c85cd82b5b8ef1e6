/**
 * The To-Do demo in headless Chromium against the reference server on three origins (app, dev IdP, database):
 * the real @auth0/auth0-spa-js, the SDK and the server working together, driven as a person would.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { addTodo, counts, repoRoot, restartDemo, screenOf, signIn, startDemo, todoTexts, type Demo } from './todo-harness';

const VIEWPORT = { width: 1040, height: 720 };

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
    page.on('request', (r: Request) => requests.push({ url: r.url(), method: r.method(), at: Date.now() }));

    await page.goto(demo.appUrl);
    expect(await screenOf(page)).toBe('signed-out');
    await expect.poll(() => page.getByRole('button', { name: 'Log in', exact: true }).isVisible()).toBe(true);
    await mkdir(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'signed-out.png') });

    await signIn(page, 'ada@example.com', 'Ada Lovelace');
    expect(page.url()).toBe(`${demo.appUrl}/`); // code and state removed from the address bar
    expect(await todoTexts(page)).toEqual([]);
    await expect.poll(() => page.locator('.empty').innerText()).toContain('Nothing here yet');
    await expect.poll(() => page.getByTestId('user-name').innerText()).toBe('Ada Lovelace');
    await expect.poll(() => page.getByTestId('session-state').innerText()).toBe('Signed in');
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
    await page.waitForTimeout(4200); // let the status toast fade for the screenshot
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'signed-in.png') });

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
    const after = demo.server.mock.requests.entries().slice(before);
    const interactive = after.filter((e) => e.origin === 'idp' && e.path === '/authorize' && !e.search.includes('prompt=none'));
    expect(interactive).toEqual([]);
    expect(page.url()).toBe(`${demo.appUrl}/`);
  });
});
