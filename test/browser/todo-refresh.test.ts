/**
 * The To-Do demo with a 20-second database token: the app keeps working across refreshes that happen
 * before `exp`, and no data call is ever answered 401/403 (the SDK refreshes ahead, it does not recover).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { addTodo, screenOf, signIn, startDemo, todoTexts, removeDemoBuild, type Demo } from './todo-harness';

const TTL_SECONDS = 20;

/** The payload of a JWT (the database token), or undefined when it is not one. */
function jwtPayload(token: string): { iat?: number; exp?: number } | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { iat?: number; exp?: number };
  } catch {
    return undefined;
  }
}

describeBrowser('To-Do demo with a short token lifetime', () => {
  let browser: LaunchedBrowser;
  let demo: Demo;

  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchBrowser(), startDemo({ tokenTtlSeconds: TTL_SECONDS })]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await removeDemoBuild();
  });

  it(`keeps working across at least two refreshes before exp (token lifetime ${TTL_SECONDS} s), never a 401`, async () => {
    const page: Page = await browser.newPage();
    await page.goto(demo.appUrl);
    await signIn(page, 'gus@example.com', 'Gus');
    const start = Date.now();

    const refreshes = () =>
      demo.server.mock.requests
        .entries()
        .filter((e) => e.origin === 'restdb' && e.method === 'POST' && e.path === '/auth/token')
        .filter((e) => typeof e.body === 'object' && e.body !== null && 'refresh' in e.body);

    // Use the app the whole time: one to-do every few seconds, until two refreshes have happened, and once more after.
    const added: string[] = [];
    let sawRefreshing = false;
    let afterSecond = 0;
    while (afterSecond < 1) {
      if (refreshes().length >= 2) afterSecond++;
      const text = `Gus #${added.length + 1}`;
      await addTodo(page, text);
      added.push(text);
      for (let i = 0; i < 8; i++) {
        await page.waitForTimeout(500);
        const state = await page.getByTestId('session-state').innerText();
        if (state === 'Refreshing') sawRefreshing = true;
      }
      if (Date.now() - start > 60_000) break;
    }
    expect(await screenOf(page)).toBe('signed-in');
    expect(await todoTexts(page)).toEqual(added);
    expect(await page.getByTestId('token-remaining').innerText()).toMatch(/^token 0:[0-2]\d left$/);

    const log = demo.server.mock.requests.entries().filter((e) => e.origin === 'restdb');
    const done = refreshes();
    expect(done.length).toBeGreaterThanOrEqual(2);
    for (const entry of done) {
      expect(entry.status).toBe(200);
      const old = jwtPayload(String((entry.body as { refresh: unknown }).refresh));
      // Each refresh happened before the token it replaced expired (the mock's tokens are JWTs).
      expect(old?.exp).toBeTypeOf('number');
      expect(entry.time / 1000).toBeLessThan(old!.exp!);
    }
    const dataCalls = log.filter((e) => e.path.startsWith('/rest/') || e.path === '/auth/userinfo');
    expect(dataCalls.length).toBeGreaterThan(added.length * 3);
    expect(dataCalls.filter((e) => e.status === 401 || e.status === 403)).toEqual([]);
    console.log(
      `[todo e2e] ${TTL_SECONDS} s tokens: ${done.length} refreshes in ${Math.round((Date.now() - start) / 1000)} s, ` +
        `${dataCalls.length} data calls, none refused; "Refreshing" seen on screen: ${sawRefreshing}`,
    );
  }, 90_000);
});
