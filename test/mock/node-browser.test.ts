/**
 * The real HTTP server seen from headless Chromium: the app origin (localhost) loads, the IdP (localhost) is
 * reachable, and cross-origin calls to the database (127.0.0.1) pass CORS with a bearer token, with X-Pagination
 * readable and error bodies visible.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/node';
import { describeBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser';

describeBrowser('mock server in Chromium', () => {
  let dir: string;
  let server: MockServer;
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'restdb-browser-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>mock app</title>');
    server = await startMockServer({ staticDir: dir, collections: { todos: [{ title: 'a' }, { title: 'b' }] } });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches every origin and passes CORS for bearer calls and errors', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.appUrl}/`);
    expect(await page.title()).toBe('mock app');
    const code = await server.signIdToken({ email: 'ann@example.com' });
    const result = await page.evaluate(
      async ({ url, idpUrl, code }) => {
        const jwks = await fetch(`${idpUrl}/.well-known/jwks.json`);
        const exchange = await fetch(`${url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
        const { token } = (await exchange.json()) as { token: string };
        const list = await fetch(`${url}/rest/todos?max=1`, { headers: { authorization: `Bearer ${token}`, 'cache-control': 'no-cache' } });
        const created = await fetch(`${url}/rest/todos`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"title":"c"}' });
        const denied = await fetch(`${url}/rest/todos`);
        return {
          jwks: jwks.status,
          exchange: exchange.status,
          list: list.status,
          pagination: list.headers.get('x-pagination'),
          count: ((await list.json()) as unknown[]).length,
          created: created.status,
          denied: denied.status,
          deniedBody: (await denied.json()) as { message?: string },
        };
      },
      { url: server.url, idpUrl: server.idpUrl, code },
    );
    expect(result).toMatchObject({ jwks: 200, exchange: 200, list: 200, count: 1, created: 201, denied: 401 });
    expect(JSON.parse(result.pagination ?? 'null')).toEqual({ total: 2, count: 1, skip: 0, max: 1 });
    expect(typeof result.deniedBody.message).toBe('string');
    expect(server.mock.requests.entries().some((e) => e.method === 'OPTIONS' && e.origin === 'restdb')).toBe(true);
  }, 60_000);
});
