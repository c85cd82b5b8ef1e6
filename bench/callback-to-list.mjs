#!/usr/bin/env node
// From the redirect callback to the first list of records, in headless Chromium, on the To-Do demo
// (examples/todo, built by scripts/build-demo.mjs) served by the reference server on three origins (app and dev
// IdP on localhost, database on 127.0.0.1), as `npm start` serves it. For the bundled page (index.html) and the
// <script type="module"> page (script.html, self-contained browser build), each run in a fresh browser context:
// log in through the dev IdP, then, from the moment the callback document is fetched (?code=...&state=...) until
// the list is on screen, count the requests to the IdP and the database up to the first list call (goal: three:
// Auth0 code exchange, POST /auth/token, the list) and all of them (the demo also counts active/done and reads
// /auth/userinfo), the CORS preflights (from the server's log) and the app's own files, and time it
// (Navigation Timing fetchStart of the callback document to the list being rendered, measured in the page).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemo } from '../scripts/build-demo.mjs';
import { browserUnavailable, launch } from './lib/browser.mjs';
import { loadDist } from './lib/dist.mjs';
import { finish, goal, machineLine, printTable, quantile } from './lib/report.mjs';

const RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 5);
const USER = 'bench@example.com';
const TODOS = Array.from({ length: 20 }, (_, i) => ({ text: `To-do ${i + 1}`, done: i % 3 === 0, _createdby: USER }));

// Runs in the page before any script: the time (ms since the document's time origin) at which the list shows.
const WATCH_LIST = () => {
  const done = () => document.querySelector('#app[data-state="signed-in"] main[data-loaded="true"]');
  const mark = () => {
    if (window.__listAt === undefined && done()) window.__listAt = performance.now();
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, attributes: true });
};

async function once(browser, server, page0) {
  const context = await browser.newContext();
  await context.addInitScript(WATCH_LIST);
  const page = await context.newPage();
  const seen = [];
  page.on('request', (r) => seen.push({ url: r.url(), method: r.method(), at: Date.now() }));
  await page.goto(`${server.appUrl}/${page0}`);
  await page.waitForSelector('#app[data-state="signed-out"]');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByLabel('Email address').fill(USER);
  const name = page.getByLabel('Display name');
  if (await name.count()) await name.fill('Bench');
  server.mock.requests.clear();
  const from = seen.length;
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('#app[data-state="signed-in"] main[data-loaded="true"]');
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { url: location.href, fetchStart: nav.fetchStart, listAt: window.__listAt, rows: document.querySelectorAll('.todo__text').length };
  });
  await page.waitForTimeout(300); // anything late (a second list call, a userinfo) would be logged by now
  // Requests from the callback document on: the first request whose URL carries ?code= to the app origin.
  const after = seen.slice(from);
  const start = after.findIndex((r) => r.url.startsWith(server.appUrl) && /[?&]code=/.test(r.url));
  const fromCallback = after.slice(start);
  const api = fromCallback.filter((r) => r.url.startsWith(server.idpUrl) || r.url.startsWith(server.url));
  const assets = fromCallback.filter((r) => r.url.startsWith(server.appUrl));
  const log = server.mock.requests.entries();
  const callbackAt = log.find((e) => e.origin === 'app' && /[?&]code=/.test(e.search))?.time ?? 0;
  const preflights = log.filter((e) => e.method === 'OPTIONS' && e.time >= callbackAt);
  await context.close();
  return {
    ms: timing.listAt - timing.fetchStart,
    rows: timing.rows,
    api: api.map((r) => `${r.method} ${new URL(r.url).pathname}`),
    assets: assets.length,
    preflights: preflights.length,
  };
}

export async function run() {
  const why = browserUnavailable();
  if (why) {
    console.log(`callback-to-list skipped: ${why}`);
    return undefined;
  }
  const { node } = await loadDist();
  const staticDir = await mkdtemp(join(tmpdir(), 'bench-todo-'));
  await buildDemo({ outDir: staticDir });
  const server = await node.startMockServer({ port: 0, idpPort: 0, appPort: 0, staticDir, privateCollections: ['todos'], collections: { todos: TODOS } });
  await writeFile(join(staticDir, 'config.json'), JSON.stringify({ restdbUrl: server.url, auth0Domain: server.idpUrl, auth0ClientId: server.clientId }));
  const browser = await launch();
  const rows = [];
  const calls = [];
  try {
    for (const [label, file] of [['bundled app (index.html)', ''], ['<script type="module"> (script.html)', 'script.html']]) {
      const results = [];
      await once(browser, server, file); // warm-up: browser caches, server JIT
      for (let i = 0; i < RUNS; i++) results.push(await once(browser, server, file));
      const r = results[results.length - 1];
      const same = results.every((x) => x.api.join() === r.api.join());
      // The chain the SDK owns: everything up to and including the first list call.
      const chain = r.api.slice(0, r.api.findIndex((c) => c.startsWith('GET /rest/')) + 1);
      const want = ['POST /oauth/token', 'POST /auth/token', 'GET /rest/todos'];
      const ms = results.map((x) => x.ms);
      rows.push([
        label,
        RUNS,
        `${chain.length}${same ? '' : ' (varies)'}`,
        r.api.length,
        r.preflights,
        r.assets,
        r.rows,
        `${quantile(ms, 0.5).toFixed(0)} ms`,
        `${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)} ms`,
        goal(same && chain.join() === want.join()),
      ]);
      calls.push([label, r.api.join(' -> ')]);
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(staticDir, { recursive: true, force: true });
  }
  printTable(
    'Redirect callback to first list in headless Chromium (To-Do demo on the reference server; requests from the callback document on)',
    ['page', 'runs', 'requests to first list', 'all IdP + DB requests (demo)', 'CORS preflights', 'app files', 'records shown', 'time (median)', 'range', 'goal: 3 requests'],
    rows,
  );
  printTable('Requests to the IdP and the database after the callback, in order', ['page', 'requests'], calls);
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  console.log(`machine: ${machineLine()}`);
  finish();
}
