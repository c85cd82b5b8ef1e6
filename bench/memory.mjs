#!/usr/bin/env node
// Memory and owned resources over long sessions, in one process (needs --expose-gc; re-runs itself with it):
//  - 10,000 refresh cycles on one signed-in client;
//  - 1,000 login/logout cycles on one client;
//  - 1,000 clients created, signed in and disposed.
// Heap growth is measured after forced GC against a baseline taken after a warm-up (goal < 1 MiB per phase);
// warm-up matters: V8's optimised code and inline caches alone move heapUsed by a few hundred KiB either way.
// The database is an in-process fetch stub that keeps no state, so only the SDK's memory is measured; Auth0 is
// the reference server's fake Auth0 client. A browser-like window/document (EventTargets) is installed so the
// SDK's wake-up listeners are attached for real and can be counted; timers are counted by wrapping setTimeout.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setImmediate as tick } from 'node:timers/promises';
import { loadDist } from './lib/dist.mjs';
import { finish, goal, machineLine, printTable } from './lib/report.mjs';

const self = fileURLToPath(import.meta.url);
if (typeof globalThis.gc !== 'function' && process.argv[1] === self) {
  const r = spawnSync(process.execPath, ['--expose-gc', self, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const MiB = 1024 * 1024;
const REFRESHES = 10_000;
const LOGINS = 1_000;
const CLIENTS = 1_000;

/** window/document stand-ins that count live listeners. */
function installBrowserShim() {
  const live = new Set();
  const counted = (target, name) => {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    target.addEventListener = (type, fn, o) => (live.add(`${name}:${type}:${id(fn)}`), add(type, fn, o));
    target.removeEventListener = (type, fn, o) => (live.delete(`${name}:${type}:${id(fn)}`), remove(type, fn, o));
    return target;
  };
  const ids = new WeakMap();
  let next = 0;
  const id = (fn) => (ids.has(fn) ? ids.get(fn) : (ids.set(fn, ++next), next));
  const win = counted(new EventTarget(), 'window');
  const doc = counted(new EventTarget(), 'document');
  doc.visibilityState = 'visible';
  globalThis.addEventListener = win.addEventListener;
  globalThis.removeEventListener = win.removeEventListener;
  globalThis.document = doc;
  return { listeners: () => live.size };
}

/** An in-process database that keeps no state: /auth/token mints a token, /auth/logout answers, data is []. */
function statelessDatabase() {
  let n = 0;
  const json = (body) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const { pathname } = new URL(request.url);
    if (pathname === '/auth/token') {
      const iat = Math.floor(Date.now() / 1000);
      return json({ token: `db-token-${++n}-${Math.random().toString(36).slice(2)}`, iat, exp: iat + 3600 });
    }
    if (pathname === '/auth/logout') return json({ ok: true });
    return json([]);
  };
}

/**
 * Live timers (scheduled, neither fired nor cleared), counted by wrapping the global setTimeout/clearTimeout
 * before the SDK is loaded (it looks them up at call time). process.getActiveResourcesInfo() would miss the
 * SDK's refresh timer, which is unref'd in Node so a signed-in client never keeps a script alive.
 */
function countTimers() {
  const live = new Set();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  globalThis.setTimeout = function setTimeout(fn, ms, ...args) {
    const handle = realSet(() => {
      live.delete(handle);
      fn(...args);
    }, ms);
    live.add(handle);
    return handle;
  };
  globalThis.clearTimeout = function clearTimeout(handle) {
    live.delete(handle);
    realClear(handle);
  };
  return () => live.size;
}

async function heap() {
  for (let i = 0; i < 5; i++) {
    globalThis.gc();
    await tick();
  }
  return process.memoryUsage().heapUsed;
}

export async function run() {
  const shim = installBrowserShim();
  const timers = countTimers();
  const { sdk, mock: mockEntry } = await loadDist();
  const mock = mockEntry.createRestdbMock();
  const fetch = statelessDatabase();
  const newClient = () =>
    new sdk.RestdbClient({ url: mock.url, auth0: mock.auth0Client({ email: 'mem@example.com' }), fetch, onWarning: () => undefined });
  const signIn = async (client) => {
    await client.login();
    await client.handleRedirectCallback('http://localhost/callback?code=x&state=y');
  };
  const baseTimers = timers();
  const rows = [];
  const phase = async (name, cycles, warm, body, expect) => {
    await warm();
    const before = await heap();
    const t = performance.now();
    await body();
    const ms = performance.now() - t;
    const after = await heap();
    const growth = after - before;
    const state = expect();
    const ok = growth < MiB && state.timers === state.wantTimers && state.listeners === state.wantListeners;
    rows.push([
      name,
      cycles.toLocaleString('en-US'),
      `${(ms / cycles).toFixed(2)} ms`,
      `${(before / MiB).toFixed(2)} MiB`,
      `${(after / MiB).toFixed(2)} MiB`,
      `${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KiB`,
      `${state.timers} (want ${state.wantTimers})`,
      `${state.listeners} (want ${state.wantListeners})`,
      goal(ok),
    ]);
  };

  // 1. refresh cycles on one signed-in client: one timer and the wake-up listeners of one session stay, no more.
  const a = newClient();
  await signIn(a);
  const signedInListeners = shim.listeners(); // the scheduler's wake-up listeners of one session
  await phase(
    'refresh() cycles, one signed-in client',
    REFRESHES,
    async () => { for (let i = 0; i < 2000; i++) await a.refresh(); },
    async () => { for (let i = 0; i < REFRESHES; i++) await a.refresh(); },
    () => ({ timers: timers() - baseTimers, wantTimers: 1, listeners: shim.listeners(), wantListeners: signedInListeners }),
  );
  await a.logout({ openUrl: false });
  a.dispose();

  // 2. login/logout cycles on one client: signed out at the end, so no timer and no listener.
  const b = newClient();
  await phase(
    'login + logout cycles, one client',
    LOGINS,
    async () => { for (let i = 0; i < 200; i++) await signIn(b), await b.logout({ openUrl: false }); },
    async () => { for (let i = 0; i < LOGINS; i++) await signIn(b), await b.logout({ openUrl: false }); },
    () => ({ timers: timers() - baseTimers, wantTimers: 0, listeners: shim.listeners(), wantListeners: 0 }),
  );
  b.dispose();

  // 3. clients created, signed in and disposed without logout: dispose alone must release everything.
  const churn = async (n) => {
    for (let i = 0; i < n; i++) {
      const c = newClient();
      await signIn(c);
      await c.collection('todos').find();
      c.dispose();
    }
  };
  await phase(
    'create + sign in + dispose clients',
    CLIENTS,
    () => churn(200),
    () => churn(CLIENTS),
    () => ({ timers: timers() - baseTimers, wantTimers: 0, listeners: shim.listeners(), wantListeners: 0 }),
  );

  printTable(
    'Memory: heap growth after forced GC (goal < 1 MiB) and resources left (SDK timers, window/document listeners)',
    ['phase', 'cycles', 'time per cycle', 'heap before', 'heap after', 'growth', 'timers left', 'listeners left', 'goal'],
    rows,
  );
  return rows;
}

if (process.argv[1] === self) {
  await run();
  console.log(`machine: ${machineLine()}`);
  finish();
}
