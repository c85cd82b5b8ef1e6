#!/usr/bin/env node
/**
 * Load check of the reference server: 10,000 authenticated list queries at 50 concurrent connections against
 * 5,000 records, through the real HTTP server from the build (`npm run build` first).
 *
 *   node bench/mock-load.mjs [--requests 10000] [--connections 50] [--records 5000]
 *
 * Prints requests/s, latency percentiles and error counts; exits 1 if any request failed or was not a 200.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startMockServer } from '../dist/mock/node.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '50' },
    records: { type: 'string', default: '5000' },
  },
});
const amount = Number(values.requests);
const connections = Number(values.connections);
const recordCount = Number(values.records);

const cities = ['Oslo', 'Bergen', 'Trondheim', 'Stavanger', 'Tromsø'];
const items = Array.from({ length: recordCount }, (_, i) => ({
  title: `Item ${i}`,
  n: i,
  done: i % 3 === 0,
  city: cities[i % cities.length],
  tags: [`t${i % 7}`, `t${i % 11}`],
}));

const server = await startMockServer({ collections: { items } });
const code = await server.signIdToken({ email: 'bench@example.com' });
const exchange = await fetch(`${server.url}/auth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ code }),
});
const { token } = await exchange.json();

const query = new URLSearchParams({
  q: JSON.stringify({ done: false, n: { $gte: 100 } }),
  sort: 'n',
  dir: '-1',
  max: '20',
  totals: 'true',
});
const path = `/rest/items?${query}`;

// Sanity check before loading: the query answers what it should.
const probe = await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
if (probe.data?.length !== 20 || probe.totals?.total < 1) throw new Error(`unexpected probe reply: ${JSON.stringify(probe).slice(0, 200)}`);

const loadBefore = loadavg()[0];
const result = await autocannon({
  url: `${server.url}${path}`,
  connections,
  amount,
  headers: { authorization: `Bearer ${token}` },
});
await server.close();

const errors = result.errors + result.timeouts + result.non2xx;
console.log(`mock-load: GET ${path.slice(0, 60)}... over ${recordCount} records, bearer token`);
console.log(`  requests:      ${result.requests.total} (${connections} connections, ${result.duration.toFixed(1)} s)`);
console.log(`  requests/s:    ${result.requests.average.toFixed(0)} (mean), ${result.requests.p50} (p50 per-second sample)`);
console.log(`  latency ms:    p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
console.log(`  errors:        ${result.errors} network, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
console.log(`  records/reply: ${probe.data.length} of ${probe.totals.total} matching`);
console.log(`  machine:       ${cpus().length} cores, 1-min load ${loadBefore.toFixed(1)} before / ${loadavg()[0].toFixed(1)} after (server and load generator share one process)`);
process.exitCode = errors > 0 ? 1 : 0;
