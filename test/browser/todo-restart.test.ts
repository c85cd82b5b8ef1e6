/**
 * The To-Do demo across a reference-server restart mid-session (every token and IdP session gone): the app
 * returns to the login screen with a message, keeps the text being typed, and never loops.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { addTodo, repoRoot, restartDemo, screenOf, signIn, startDemo, removeDemoBuild, type Demo } from './todo-harness';

const VIEWPORT = { width: 1040, height: 600 };

describeBrowser('To-Do demo across a server restart', () => {
  let browser: LaunchedBrowser;
  let demo: Demo;

  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchBrowser(), startDemo()]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await removeDemoBuild();
  });

  it('after a restart the app returns to the login screen with a message, keeps the typed draft, and never loops', async () => {
    const page = await browser.newPage();
    await page.setViewportSize(VIEWPORT);
    await page.goto(demo.appUrl);
    await signIn(page, 'fay@example.com', 'Fay');
    await addTodo(page, 'Fay: first');
    await page.getByLabel('New to-do').fill('Fay: typed before the restart');

    await demo.stop();
    demo = await restartDemo(demo);

    // The next call finds the token unknown, the refresh refused and no IdP session: signed out, with a reason.
    await page.getByRole('button', { name: /^Active/ }).click();
    await page.waitForSelector('#app[data-state="signed-out"]');
    const notice = await page.getByTestId('signed-out-notice').innerText();
    expect(notice).toMatch(/session/i);
    expect(notice).toContain('What you were typing is kept');
    await page.screenshot({ path: join(repoRoot, '.artifacts', 'todo-session-ended.png') });

    await page.waitForTimeout(1500);
    const tokenCalls = demo.server.mock.requests.entries().filter((e) => e.origin === 'restdb' && e.path === '/auth/token');
    expect(tokenCalls.length).toBeLessThanOrEqual(2);
    expect(await screenOf(page)).toBe('signed-out');

    await signIn(page, 'fay@example.com', 'Fay', 'Log in');
    expect(await page.getByLabel('New to-do').inputValue()).toBe('Fay: typed before the restart');
  }, 60_000);
});
