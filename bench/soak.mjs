#!/usr/bin/env node
// Soak: three Chromium tabs (pages of one context) share one restdb-client session and do mixed reads and
// writes for SOAK_SECONDS (default 300) against the reference server with 3-second database tokens, ~5% injected
// server errors (500/503 on /rest/* and /auth/*) and a network drop (context.setOffline) every DROP_EVERY seconds.
// At the end the server's data is checked against each tab's log of acknowledged writes:
//   lost (acked create missing), duplicated (a title stored twice), unexpected sign-outs (any SIGNED_OUT),
// and the refresh cost: POST /auth/token requests per expiry across all tabs (goal 1.0).
// Usage: node bench/soak.mjs            SOAK_SECONDS=60 node bench/soak.mjs
// Exits non-zero when anything was lost or duplicated or a tab signed out.
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureBuilt } from './lib/dist.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const TABS = Number(process.env.SOAK_TABS ?? 3);
const ERROR_RATE = Number(process.env.SOAK_ERROR_RATE ?? 0.05);
const DROP_EVERY = Number(process.env.SOAK_DROP_EVERY ?? 30); // seconds between network drops
const DROP_FOR = Number(process.env.SOAK_DROP_FOR ?? 2); // seconds offline
const TTL = 3;

// The page: the SDK plus a minimal Auth0Like whose id_token the script hands in (Auth0's session is shared by
// the tabs of a browser, so every tab gets it), and a loop of mixed operations that logs what was acknowledged.
const APP = `
import { RestdbClient } from './restdb-client.js';
let idToken = null;
const auth0 = {
  loginWithRedirect: async () => undefined, loginWithPopup: async () => undefined, handleRedirectCallback: async () => ({}),
  getIdTokenClaims: async () => (idToken ? { __raw: idToken } : undefined),
  getTokenSilently: async () => { if (!idToken) throw { error: 'login_required' }; return 'at'; },
  isAuthenticated: async () => !!idToken, getUser: async () => undefined, checkSession: async () => undefined,
  logout: async () => { idToken = null; },
};
window.setIdToken = (t) => { idToken = t; };
const q = new URLSearchParams(location.search);
const client = (window.client = new RestdbClient({ url: q.get('db'), auth0, onWarning: () => undefined }));
const tab = q.get('tab');
const log = (window.soak = { events: [], created: [], attempted: [], patched: [], deleteTried: [], deleted: [], ops: 0, errors: {} });
client.onAuthStateChange((event, _s, d) => log.events.push([event, d.reason ?? null, Date.now()]));
window.restored = client.restore();
let running = false;
const mine = [];
const todos = client.collection('todos');
const err = (e) => { const k = (e && (e.status || e.code)) || 'other'; log.errors[k] = (log.errors[k] || 0) + 1; };
async function step(i) {
  const r = Math.random();
  log.ops++;
  if (r < 0.45) {
    await todos.find({ q: { tab }, max: 20 });
  } else if (r < 0.75 || mine.length === 0) {
    const title = tab + '-' + i + '-' + Math.random().toString(36).slice(2, 8);
    log.attempted.push(title);
    const rec = await todos.create({ title, done: false, tab });
    log.created.push(title);
    mine.push({ id: rec._id, title });
  } else if (r < 0.9) {
    const t = mine[Math.floor(Math.random() * mine.length)];
    await todos.patch(t.id, { done: true });
    log.patched.push(t.title);
  } else {
    const t = mine.splice(Math.floor(Math.random() * mine.length), 1)[0];
    log.deleteTried.push(t.title);
    await todos.delete(t.id);
    log.deleted.push(t.title);
  }
}
window.start = () => {
  running = true;
  window.done = (async () => {
    for (let i = 0; running; i++) {
      await step(i).catch(err);
      await new Promise((r) => setTimeout(r, 40 + Math.random() * 120));
    }
  })();
};
window.stop = () => { running = false; return window.done; };
`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  ensureBuilt();
  // The reference server from dist/; the SDK itself is bundled from src/ below, so the soak runs the current code.
  const { startMockServer } = await import('../dist/mock/node.js');
  const dir = await mkdtemp(join(tmpdir(), 'restdb-soak-'));
  await build({ entryPoints: { 'restdb-client': join(root, 'src/index.ts') }, bundle: true, minify: true, format: 'esm', splitting: true, platform: 'browser', target: 'es2022', outdir: dir, logLevel: 'silent' });
  await writeFile(join(dir, 'app.js'), APP);
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>soak</title><script type="module" src="app.js"></script>');
  const server = await startMockServer({ staticDir: dir, tokenTtlSeconds: TTL, collections: { todos: [] } });
  const profile = await mkdtemp(join(tmpdir(), 'restdb-soak-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const mock = server.mock;
  // Token requests, accumulated here (the mock's log is bounded, so it is drained every tick).
  const token = { refresh: 0, code: 0, failed: 0, refreshedTokens: new Map() };
  let seen = 0;
  let injected = 0;
  let requests = 0;
  const drain = () => {
    const entries = mock.requests.entries();
    mock.requests.clear();
    for (const e of entries) {
      if (e.origin !== 'restdb' || e.method === 'OPTIONS') continue;
      requests++;
      if (e.method === 'POST' && e.path === '/auth/token' && e.body && typeof e.body === 'object') {
        const kind = 'refresh' in e.body ? 'refresh' : 'code';
        token[kind]++;
        if (e.status >= 300 || e.status === 0) token.failed++;
        else if (kind === 'refresh') token.refreshedTokens.set(e.body.refresh, (token.refreshedTokens.get(e.body.refresh) ?? 0) + 1);
      }
    }
    return entries.length;
  };
  try {
    const pages = [];
    for (let t = 0; t < TABS; t++) {
      const page = await context.newPage();
      await page.goto(`${server.appUrl}/index.html?db=${encodeURIComponent(server.url)}&tab=t${t}`);
      await page.waitForFunction(() => 'restored' in window);
      await page.evaluate(() => window.restored);
      pages.push(page);
    }
    const idToken = await server.signIdToken({ email: 'ann@example.com', exp: Math.floor(Date.now() / 1000) + SECONDS + 3600 });
    for (const p of pages) await p.evaluate((t) => window.setIdToken(t), idToken);
    await pages[0].evaluate(() => window.client.loginWithPopup());
    for (const p of pages) await p.waitForFunction(() => window.client.status === 'signedIn', null, { timeout: 5000 });
    drain();
    token.code = 0;
    for (const p of pages) await p.evaluate(() => window.start());
    const started = Date.now();
    let nextDrop = started + DROP_EVERY * 1000;
    let drops = 0;
    let offlineMs = 0;
    console.log(`soak: ${TABS} tabs, ${SECONDS} s, ${TTL} s tokens, ${ERROR_RATE * 100}% server errors, ${DROP_FOR} s network drop every ${DROP_EVERY} s`);
    while (Date.now() - started < SECONDS * 1000) {
      await sleep(200);
      // ~ERROR_RATE of the requests of the last tick fail: one single-use fault per expected error.
      const n = drain();
      seen += n;
      for (let k = Math.random() < (n * ERROR_RATE) % 1 ? Math.ceil(n * ERROR_RATE) : Math.floor(n * ERROR_RATE); k > 0; k--) {
        mock.faults.add({ origin: 'restdb', path: /^\/(rest|auth)\//, status: Math.random() < 0.5 ? 500 : 503, times: 1 });
        injected++;
      }
      if (Date.now() >= nextDrop) {
        drops++;
        await context.setOffline(true);
        const t = Date.now();
        await sleep(DROP_FOR * 1000);
        await context.setOffline(false);
        offlineMs += Date.now() - t;
        nextDrop = Date.now() + DROP_EVERY * 1000;
      }
      const elapsed = Math.round((Date.now() - started) / 1000);
      if (elapsed % 30 === 0 && elapsed > 0 && Date.now() % 1000 < 200) console.log(`  ${elapsed} s: ${requests} requests, ${token.refresh + token.code} token requests`);
    }
    mock.faults.clear();
    for (const p of pages) await p.evaluate(() => window.stop());
    await sleep(500);
    drain();
    const logs = await Promise.all(pages.map((p) => p.evaluate(() => ({ ...window.soak, status: window.client.status }))));
    const stored = mock.store.list('todos');
    const count = new Map();
    for (const r of stored) count.set(r.title, (count.get(r.title) ?? 0) + 1);
    let lost = 0;
    let duplicated = 0;
    let staleUpdates = 0;
    let ghostDeletes = 0;
    for (const log of logs) {
      const tried = new Set(log.deleteTried);
      for (const title of log.created) if (!tried.has(title) && count.get(title) !== 1) lost++;
      for (const title of log.deleted) if (count.has(title)) ghostDeletes++;
      for (const title of new Set(log.patched)) {
        const r = stored.find((x) => x.title === title);
        if (r && !r.done) staleUpdates++;
      }
    }
    for (const n of count.values()) if (n > 1) duplicated += n - 1;
    const signOuts = logs.flatMap((l) => l.events.filter((e) => e[0] === 'SIGNED_OUT'));
    const expiries = token.refreshedTokens.size + 0;
    const duplicateRefreshes = [...token.refreshedTokens.values()].reduce((a, n) => a + n - 1, 0);
    const okTokenRequests = token.refresh + token.code - token.failed;
    const errors = {};
    for (const l of logs) for (const [k, v] of Object.entries(l.errors)) errors[k] = (errors[k] ?? 0) + v;
    const report = {
      seconds: Math.round((Date.now() - started) / 1000),
      tabs: TABS,
      tokenTtlSeconds: TTL,
      operations: logs.reduce((a, l) => a + l.ops, 0),
      acknowledgedCreates: logs.reduce((a, l) => a + l.created.length, 0),
      acknowledgedPatches: logs.reduce((a, l) => a + l.patched.length, 0),
      acknowledgedDeletes: logs.reduce((a, l) => a + l.deleted.length, 0),
      storedRecords: stored.length,
      callErrorsByKind: errors,
      requests,
      injectedServerErrors: injected,
      injectedErrorRate: +(injected / Math.max(1, requests)).toFixed(4),
      networkDrops: drops,
      offlineSeconds: +(offlineMs / 1000).toFixed(1),
      lost,
      duplicated,
      staleUpdates,
      ghostDeletes,
      unexpectedSignOuts: signOuts.length,
      finalStatus: logs.map((l) => l.status),
      tokenRequests: { refresh: token.refresh, reexchange: token.code, failed: token.failed },
      expiriesRenewedByRefresh: expiries,
      // Successful token requests per renewed expiry (1.0 = never two tabs renewing the same token).
      okTokenRequestsPerExpiry: +(okTokenRequests / Math.max(1, expiries + token.code)).toFixed(3),
      // All token requests, failed ones included (injected 5xx and offline attempts are retried).
      tokenRequestsPerExpiry: +((token.refresh + token.code) / Math.max(1, expiries + token.code)).toFixed(3),
      sameTokenRefreshedTwice: duplicateRefreshes,
      loadavg: loadavg().map((x) => +x.toFixed(2)),
    };
    console.log(JSON.stringify(report, null, 2));
    process.exitCode = lost || duplicated || staleUpdates || ghostDeletes || signOuts.length ? 1 : 0;
  } finally {
    await context.close().catch(() => undefined);
    await server.close();
    await rm(profile, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
