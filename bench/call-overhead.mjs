#!/usr/bin/env node
// Per-call overhead of `collection.get(id)` against a plain `fetch` with the same Authorization header.
//  (a) both against the reference server (startMockServer) on loopback, interleaved in rounds so load and
//      JIT warm-up hit both alike: median and p95 per call, and the ratio of the medians (goal <= 1.10);
//  (b) both against an in-process fetch stub (the client's `fetch` option): the difference is the SDK's own
//      time per call (goal <= 25 µs); bare ky over the same stub is shown for reference.
// Then the same two in headless Chromium, the runtime the browser SDK targets (in Node 20, undici's
// `new Request()` with a signal and `request.clone()` cost tens of µs each, so ky alone is slow there).
// A page on http://localhost imports the self-contained browser build (dist/browser/restdb-client.js) with
// <script type="module">, signs in through the redirect callback with an Auth0-like object holding an id_token
// signed by the reference server, and times inside the page (cross-origin isolated, for a 5 µs clock):
//  (c) loopback, against the reference server on http://127.0.0.1 (another origin: both callers are CORS
//      requests with the same preflight, cached by the server's Access-Control-Max-Age; the preflights seen
//      during the timed calls are counted), rounds as in (a), goal <= 1.10;
//  (d) an in-page fetch stub, batches as in (b), goal <= 25 µs.
// Both skip with the reason when Chromium is missing. Options: --rounds, --calls (a, c), --stub-calls (b, d),
// --profile (after (d): a CPU profile of the SDK loop in the page and what the Fetch API pieces cost there).
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserUnavailable, launch } from './lib/browser.mjs';
import { profileLoop } from './lib/cpu-profile.mjs';
import { loadDist, root, signedInClient } from './lib/dist.mjs';
import { servePage } from './lib/page-server.mjs';
import { finish, goal, machineLine, printTable, quantile } from './lib/report.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg('rounds', 20);
const PER_ROUND = arg('calls', 100);
const STUB_CALLS = arg('stub-calls', 20_000);
const PROFILE = process.argv.includes('--profile'); // (d): also a CPU profile of the SDK loop and the Fetch API costs

const us = (ms) => (ms * 1000).toFixed(1);

async function timeEach(n, fn, out) {
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
}

/** (a) loopback HTTP. */
export async function loopback({ sdk, node }) {
  const server = await startServer(node);
  try {
    const { client } = await signedInClient(sdk, server.mock);
    const todos = client.collection('todos');
    const [rec] = server.mock.store.list('todos');
    const url = `${server.url}/rest/todos/${rec._id}`;
    const token = client.getSession().token;
    const headers = { authorization: `Bearer ${token}` };
    const plain = async () => {
      const res = await fetch(url, { headers });
      if (!res.ok) throw new Error(`plain fetch: ${res.status}`);
      return res.json();
    };
    const viaSdk = () => todos.get(rec._id);
    // ky alone with the same header (the SDK's transport), to tell ky's share of the ratio from ours.
    const { default: ky } = await import('ky');
    const bare = ky.create({ retry: 0, timeout: false });
    const viaKy = () => bare.get(url, { headers }).json();
    // Warm-up: JIT, keep-alive connections.
    for (let i = 0; i < 200; i++) await viaSdk(), await plain(), await viaKy();
    const t = { sdk: [], plain: [], ky: [] };
    const callers = [['sdk', viaSdk], ['plain', plain], ['ky', viaKy]];
    for (let r = 0; r < ROUNDS; r++) {
      server.mock.requests.clear();
      // Rotate who goes first, so load and warm-up drift hit all three alike.
      for (let i = 0; i < callers.length; i++) {
        const [k, fn] = callers[(r + i) % callers.length];
        await timeEach(PER_ROUND, fn, t[k]);
      }
    }
    client.dispose();
    return t;
  } finally {
    await server.close();
  }
}

async function startServer(node) {
  return node.startMockServer({ port: 0, idpPort: 0, collections: { todos: [{ title: 'Measure me', done: false, tags: ['a', 'b'] }] } });
}

/** (b) in-process stub: /auth/* goes to the in-process mock (sign-in), /rest/todos/:id gets a canned record. */
export async function stubbed({ sdk, mock: mockEntry }) {
  const mock = mockEntry.createRestdbMock({ collections: { todos: [{ title: 'Measure me', done: false, tags: ['a', 'b'] }] } });
  const [rec] = mock.store.list('todos');
  const body = JSON.stringify(rec);
  const jsonHeaders = { 'content-type': 'application/json' };
  const dataPath = `/rest/todos/${rec._id}`;
  const stub = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (!request.url.includes(dataPath)) return mock.fetch(request);
    return new Response(body, { status: 200, headers: jsonHeaders });
  };
  const { client } = await signedInClient(sdk, mock, { fetch: stub });
  const todos = client.collection('todos');
  const url = `${mock.url}${dataPath}`;
  const headers = { authorization: `Bearer ${client.getSession().token}` };
  const plain = async () => (await stub(url, { headers })).json();
  const viaSdk = () => todos.get(rec._id);
  // ky alone over the same stub (what the SDK's transport is built on), to tell ky's share from ours.
  const { default: ky } = await import('ky');
  const bare = ky.create({ prefixUrl: mock.url, fetch: stub, retry: 0, timeout: false });
  const viaKy = () => bare.get(dataPath.slice(1), { headers }).json();
  const batch = async (fn, n) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return (performance.now() - t) / n;
  };
  await batch(viaSdk, 2000);
  await batch(plain, 2000);
  await batch(viaKy, 2000);
  const per = { sdk: [], plain: [], ky: [] };
  const size = 500;
  for (let i = 0; i < STUB_CALLS / size; i++) {
    per.sdk.push(await batch(viaSdk, size));
    per.plain.push(await batch(plain, size));
    per.ky.push(await batch(viaKy, size));
  }
  client.dispose();
  return per;
}

// The page: the module on window.bench (bench/lib/call-overhead-page.mjs) is what Node drives.
const PAGE = `<!doctype html><meta charset="utf-8"><title>call overhead</title>
<script type="module">import * as bench from '/bench.mjs'; window.bench = bench;</script>`;
const BATCH = 500;

/** --profile: where the in-page SDK loop of (d) spends its time, and what the Fetch API pieces cost alone. */
async function profileStub(page, url, record) {
  const calls = 10 * BATCH;
  const run = () => page.evaluate(([c, s]) => window.bench.batches(['stubSdk'], c, s), [calls / BATCH, BATCH]);
  const maps = { '/restdb-client.js': join(root, 'dist/browser/restdb-client.js.map') };
  const cpu = await profileLoop(page, run, { calls, maps });
  const primitives = await page.evaluate(([u, r]) => window.bench.primitives(u, r), [`${url}/rest/todos/${record._id}`, record]);
  return { cpu, primitives };
}

/** The Access-Control-Max-Age (s) the server gives a preflight like the page's (the browser caps it at 2 h). */
async function preflightMaxAge(url, origin) {
  const headers = { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' };
  const res = await fetch(`${url}/rest/todos`, { method: 'OPTIONS', headers });
  return res.headers.get('access-control-max-age') ?? 'none';
}

/** (c) and (d) in headless Chromium; { skipped } with the reason when there is no Chromium. */
export async function inChromium({ node }) {
  const why = browserUnavailable();
  if (why) return { skipped: why };
  const server = await startServer(node);
  const pageServer = await servePage({
    html: PAGE,
    files: { '/bench.mjs': fileURLToPath(new URL('./lib/call-overhead-page.mjs', import.meta.url)) },
    dirs: { '/ky/': join(root, 'node_modules/ky/distribution'), '/': join(root, 'dist/browser') },
  });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(pageServer.url);
    await page.waitForFunction(() => window.bench);
    const [rec] = server.mock.store.list('todos');
    const idToken = await server.signIdToken({ email: 'bench@example.com', name: 'Bench' });
    const timeEach = (k, n) => page.evaluate(([k, n]) => window.bench.timeEach(k, n), [k, n]);

    // (c) Warm-up (JIT, keep-alive connections, the preflight cache), then rounds as in (a). After each block
    // the server's log tells the preflights it caused and the headers each caller sent.
    await page.evaluate((a) => window.bench.setupLoopback(a), { url: server.url, idToken, id: rec._id });
    for (let i = 0; i < 4; i++) await timeEach('sdk', 50), await timeEach('plain', 50);
    const loop = { sdk: [], plain: [], preflights: { sdk: 0, plain: 0 }, headers: {} };
    server.mock.requests.clear();
    for (let r = 0; r < ROUNDS; r++) {
      for (const k of r % 2 ? ['plain', 'sdk'] : ['sdk', 'plain']) {
        loop[k].push(...(await timeEach(k, PER_ROUND)));
        const log = server.mock.requests.entries();
        server.mock.requests.clear();
        loop.preflights[k] += log.filter((e) => e.method === 'OPTIONS').length;
        loop.headers[k] ??= Object.keys(log.find((e) => e.method === 'GET')?.headers ?? {});
      }
    }

    // (d) Warm-up of 2,000 calls each, then interleaved batches as in (b).
    const names = ['stubSdk', 'stubPlain', 'stubKy'];
    await page.evaluate((a) => window.bench.setupStub(a), { url: server.url, idToken, record: rec });
    const batches = (count) => page.evaluate(([n, c, s]) => window.bench.batches(n, c, s), [names, count, BATCH]);
    await batches(2000 / BATCH);
    const stub = await batches(Math.max(1, Math.ceil(STUB_CALLS / BATCH)));
    const profile = PROFILE ? await profileStub(page, server.url, rec) : undefined;
    await page.evaluate(() => window.bench.dispose());
    const maxAge = await preflightMaxAge(server.url, pageServer.url);
    return { version: browser.version(), maxAge, loop, stub: { sdk: stub.stubSdk, plain: stub.stubPlain, ky: stub.stubKy }, profile };
  } finally {
    await browser.close();
    await pageServer.close();
    await server.close();
  }
}

const ms = (v) => `${us(v)} µs`;

/** The rows of a loopback table, (a) or (c), and the ratio of the medians. */
function loopbackRows(t, extra = () => []) {
  const mSdk = quantile(t.sdk, 0.5);
  const mPlain = quantile(t.plain, 0.5);
  const ratio = mSdk / mPlain;
  const rows = [
    ['plain fetch + same Authorization header', t.plain.length, ms(mPlain), ms(quantile(t.plain, 0.95)), ...extra('plain'), '1.00', ''],
    ...(t.ky ? [['bare ky.get().json() (reference)', t.ky.length, ms(quantile(t.ky, 0.5)), ms(quantile(t.ky, 0.95)), ...extra('ky'), (quantile(t.ky, 0.5) / mPlain).toFixed(2), '']] : []),
    ['restdb-client collection.get()', t.sdk.length, ms(mSdk), ms(quantile(t.sdk, 0.95)), ...extra('sdk'), ratio.toFixed(2), goal(ratio <= 1.1)],
  ];
  return { rows, result: { medianSdkMs: mSdk, medianPlainMs: mPlain, ratio } };
}

/** The rows of a stub table, (b) or (d), and the SDK's (and bare ky's) time over plain per call. */
function stubRows(b) {
  const sdkMed = quantile(b.sdk, 0.5);
  const plainMed = quantile(b.plain, 0.5);
  const kyMed = quantile(b.ky, 0.5);
  const own = sdkMed - plainMed;
  const rows = [
    ['plain stub fetch + res.json()', ms(plainMed), ms(quantile(b.plain, 0.95)), '', '', '1.00', ''],
    ['bare ky.get().json() (reference)', ms(kyMed), ms(quantile(b.ky, 0.95)), ms(kyMed - plainMed), '', (kyMed / plainMed).toFixed(2), ''],
    ['restdb-client collection.get()', ms(sdkMed), ms(quantile(b.sdk, 0.95)), ms(own), ms(sdkMed - kyMed), (sdkMed / plainMed).toFixed(2), goal(own * 1000 <= 25)],
  ];
  return { rows, result: { sdkUs: own * 1000, kyUs: (kyMed - plainMed) * 1000, sdkOverKyUs: (sdkMed - kyMed) * 1000 } };
}
const STUB_HEADERS = ['caller', 'per call (median)', 'per call (p95 batch)', 'time over plain', 'time over bare ky', 'x plain', 'goal <= 25 µs'];

export async function run() {
  const dist = await loadDist();
  const a = loopbackRows(await loopback(dist));
  const stub = await stubbed(dist);
  const b = stubRows(stub);
  printTable(
    `Call overhead (a): collection.get(id) vs plain fetch, reference server on loopback, ${ROUNDS} interleaved rounds x ${PER_ROUND} calls each`,
    ['caller', 'calls', 'median', 'p95', 'median ratio', 'goal <= 1.10'],
    a.rows,
  );
  printTable(`Call overhead (b): in-process fetch stub, ${STUB_CALLS} calls each, median of ${stub.sdk.length} interleaved batches of 500`, STUB_HEADERS, b.rows);

  const c = await inChromium(dist);
  let browser;
  if (c.skipped) {
    console.log(`\nCall overhead (c), (d) in Chromium skipped: ${c.skipped}`);
    browser = { skipped: c.skipped };
  } else {
    const l = loopbackRows(c.loop, (k) => [c.loop.preflights[k]]);
    printTable(
      `Call overhead (c): collection.get(id) vs plain fetch in headless Chromium ${c.version}, page on http://localhost, reference server on http://127.0.0.1 (both CORS with the same preflight, cached: Access-Control-Max-Age ${c.maxAge} s), ${ROUNDS} interleaved rounds x ${PER_ROUND} calls each`,
      ['caller', 'calls', 'median', 'p95', 'CORS preflights (timed calls)', 'median ratio', 'goal <= 1.10'],
      l.rows,
    );
    const only = (x, y) => c.loop.headers[x].filter((h) => !c.loop.headers[y].includes(h)).join(', ') || 'none';
    console.log(`request headers only the SDK sends: ${only('sdk', 'plain')}; only plain fetch sends: ${only('plain', 'sdk')}`);
    const d = stubRows(c.stub);
    printTable(`Call overhead (d): in-page fetch stub in headless Chromium ${c.version}, ${STUB_CALLS} calls each, median of ${c.stub.sdk.length} interleaved batches of ${BATCH}`, STUB_HEADERS, d.rows);
    if (c.profile) {
      const { cpu, primitives } = c.profile;
      printTable(
        `Call overhead (d) profiled: self time of collection.get() over the stub, ${cpu.perCallUs.toFixed(1)} µs per call while sampled`,
        ['function (source via the build source map)', 'share of samples', 'µs per call'],
        cpu.rows.map(([name, share, perCall]) => [name, `${(share * 100).toFixed(1)} %`, perCall.toFixed(1)]),
      );
      printTable('Fetch API pieces alone in the same page', ['operation', 'µs per op'], primitives.map(([name, v]) => [name, v.toFixed(2)]));
    }
    browser = { version: c.version, loopback: { ...l.result, preflights: c.loop.preflights }, stub: d.result };
  }
  return { loopback: a.result, stub: b.result, browser };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  console.log(`machine: ${machineLine()}`);
  finish();
}
