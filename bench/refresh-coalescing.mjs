#!/usr/bin/env node
// Refresh coalescing against the reference server on loopback, counted in the server's own request log:
//  1. 1,000 concurrent calls issued at the moment the database token expires -> one POST /auth/token {refresh};
//  2. a 1,000-call 401 storm (an injected fault answers the next 1,000 data calls with 401) -> one refresh,
//     1,000 replays;
//  3. the same storm after revokeAll() (every token, the refresh too, refused) -> one refused refresh and one
//     silent re-exchange {code}, shared by all 1,000 calls.
// The device clock is moved with Date.now (the SDK reads it lazily); the server keeps the real clock.
import { fileURLToPath } from 'node:url';
import { loadDist, signedInClient } from './lib/dist.mjs';
import { finish, goal, machineLine, printTable } from './lib/report.mjs';

const N = 1000;
const FAULT_DELAY_MS = 3000;
const realNow = Date.now.bind(Date);
let offset = 0;

const tokenCalls = (log) => log.filter((r) => r.path === '/auth/token' && r.method === 'POST');
const kinds = (calls) => calls.map((r) => Object.keys(r.body ?? {})[0] ?? '?');
const dataCalls = (log) => log.filter((r) => r.path === '/rest/todos' && r.method === 'GET');

async function scenario(server, client, prepare) {
  await prepare();
  const before = client.getSession()?.token;
  server.mock.requests.clear();
  const t = performance.now();
  const results = await Promise.allSettled(Array.from({ length: N }, () => client.collection('todos').find()));
  const ms = performance.now() - t;
  const log = server.mock.requests.entries();
  const failed = results.filter((r) => r.status === 'rejected');
  return {
    ms,
    ok: results.length - failed.length,
    firstError: failed[0]?.reason?.message,
    token: tokenCalls(log),
    data: dataCalls(log),
    before,
    after: client.getSession()?.token,
  };
}

export async function run() {
  const { sdk, node } = await loadDist();
  Date.now = () => realNow() + offset;
  const server = await node.startMockServer({ port: 0, idpPort: 0, now: realNow, collections: { todos: [{ title: 'one', done: false }] } });
  const rows = [];
  try {
    // A generous deadline: this counts requests; 1,000 calls on 2 shared cores may take seconds.
    const { client } = await signedInClient(sdk, server.mock, { timeout: 120_000 });
    const expiry = await scenario(server, client, async () => {
      offset = client.getSession().expiresAt - realNow(); // the device clock now reads exactly the expiry
    });
    // The fault is taken when a request arrives and answered after FAULT_DELAY_MS, so all 1,000 originals are
    // counted before the first 401 goes back (a replay must not use up a fault meant for an original). The
    // request log's Authorization headers show afterwards whether that held (column "storm valid").
    const fault = await scenario(server, client, async () => {
      server.mock.faults.add({ method: 'GET', path: '/rest/todos', status: 401, body: { message: 'Token expired' }, times: N, delayMs: FAULT_DELAY_MS });
    });
    server.mock.faults.clear();
    const revoked = await scenario(server, client, async () => server.mock.revokeAll());
    client.dispose();
    const row = (name, r, expectKinds) => {
      const k = kinds(r.token);
      const statuses = r.data.reduce((m, d) => ((m[d.status] = (m[d.status] ?? 0) + 1), m), {});
      const met = JSON.stringify(k) === JSON.stringify(expectKinds) && r.ok === N;
      // Every call went out once with the old token; calls that got 401/403 were replayed once with the new one.
      const withOld = r.data.filter((d) => d.headers.authorization === `Bearer ${r.before}`);
      const withNew = r.data.filter((d) => d.headers.authorization === `Bearer ${r.after}`);
      return [name, `${r.ok}/${N}`, r.token.length, k.join(', ') || '-', Object.entries(statuses).map(([s, n]) => `${n}x${s}`).join(' '), `${withOld.length} / ${withNew.length}`, `${r.ms.toFixed(0)} ms`, `${expectKinds.join(', ')}: ${goal(met)}`];
    };
    rows.push(row('1,000 concurrent calls at token expiry', expiry, ['refresh']));
    rows.push(row('1,000-call 401 storm (injected fault)', fault, ['refresh']));
    rows.push(row('1,000-call storm after revokeAll()', revoked, ['refresh', 'code']));
    printTable(
      'Refresh coalescing: POST /auth/token requests seen by the reference server (loopback)',
      ['scenario', 'calls ok', '/auth/token requests', 'bodies', 'GET /rest/todos statuses', 'sent with old / new token', 'wall time', 'goal'],
      rows,
    );
    if (fault.firstError || expiry.firstError || revoked.firstError) console.log(`first error: ${fault.firstError ?? expiry.firstError ?? revoked.firstError}`);
  } finally {
    Date.now = realNow;
    await server.close();
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  console.log(`machine: ${machineLine()}`);
  finish();
}
