#!/usr/bin/env node
// Per-call overhead of `collection.get(id)` against a plain `fetch` with the same Authorization header.
//  (a) both against the reference server (startMockServer) on loopback, interleaved in rounds so load and
//      JIT warm-up hit both alike: median and p95 per call, and the ratio of the medians (goal <= 1.10);
//  (b) both against an in-process fetch stub (the client's `fetch` option): the difference is the SDK's own
//      time per call (goal <= 25 µs); bare ky over the same stub is shown for reference.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadDist, signedInClient } from './lib/dist.mjs';
import { finish, goal, machineLine, printTable, quantile } from './lib/report.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg('rounds', 20);
const PER_ROUND = arg('calls', 100);
const STUB_CALLS = arg('stub-calls', 20_000);

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
    // Warm-up: JIT, keep-alive connections.
    for (let i = 0; i < 200; i++) await viaSdk(), await plain();
    const t = { sdk: [], plain: [] };
    for (let r = 0; r < ROUNDS; r++) {
      server.mock.requests.clear();
      const order = r % 2 ? [['plain', plain], ['sdk', viaSdk]] : [['sdk', viaSdk], ['plain', plain]];
      for (const [k, fn] of order) await timeEach(PER_ROUND, fn, t[k]);
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

export async function run() {
  const dist = await loadDist();
  const a = await loopback(dist);
  const b = await stubbed(dist);
  const ms = (v) => `${us(v)} µs`;
  const mSdk = quantile(a.sdk, 0.5);
  const mPlain = quantile(a.plain, 0.5);
  const ratio = mSdk / mPlain;
  printTable(
    `Call overhead (a): collection.get(id) vs plain fetch, reference server on loopback, ${ROUNDS} interleaved rounds x ${PER_ROUND} calls each`,
    ['caller', 'calls', 'median', 'p95', 'median ratio', 'goal <= 1.10'],
    [
      ['plain fetch + same Authorization header', a.plain.length, ms(mPlain), ms(quantile(a.plain, 0.95)), '1.00', ''],
      ['restdb-client collection.get()', a.sdk.length, ms(mSdk), ms(quantile(a.sdk, 0.95)), ratio.toFixed(2), goal(ratio <= 1.1)],
    ],
  );
  const sdkMed = quantile(b.sdk, 0.5);
  const plainMed = quantile(b.plain, 0.5);
  const kyMed = quantile(b.ky, 0.5);
  const own = sdkMed - plainMed;
  printTable(
    `Call overhead (b): in-process fetch stub, ${STUB_CALLS} calls each, median of ${b.sdk.length} interleaved batches of 500`,
    ['caller', 'per call (median)', 'per call (p95 batch)', 'time over plain', 'x plain', 'goal <= 25 µs'],
    [
      ['plain stub fetch + res.json()', ms(plainMed), ms(quantile(b.plain, 0.95)), '', '1.00', ''],
      ['bare ky.get().json() (reference)', ms(kyMed), ms(quantile(b.ky, 0.95)), ms(kyMed - plainMed), (kyMed / plainMed).toFixed(2), ''],
      ['restdb-client collection.get()', ms(sdkMed), ms(quantile(b.sdk, 0.95)), ms(own), (sdkMed / plainMed).toFixed(2), goal(own * 1000 <= 25)],
    ],
  );
  return { loopback: { medianSdkMs: mSdk, medianPlainMs: mPlain, ratio }, stub: { sdkUs: own * 1000 } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  console.log(`machine: ${machineLine()}`);
  finish();
}
