#!/usr/bin/env node
// `npm run bench`: every benchmark, one after the other (each in its own process, so one's heap and timers do not
// disturb the next), printing their tables; then the machine they ran on. Options:
//   --build   rebuild dist/ first (by default it is built only when missing)
//   --check   exit non-zero when a goal is missed
//   --only a,b  run only these (names without .mjs)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './lib/dist.mjs';
import { machineLine } from './lib/report.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const BENCHES = [
  { name: 'bundle-size' },
  { name: 'call-overhead' },
  { name: 'refresh-coalescing' },
  { name: 'memory', node: ['--expose-gc'] },
  { name: 'callback-to-list' },
  { name: 'mock-load', optional: true }, // the reference server's own load test (owned by the mock)
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
const pass = args.filter((a) => a === '--check');

console.log(`# restdb-client benchmarks\n\nmachine: ${machineLine()}\n`);
ensureBuilt({ force: args.includes('--build') });
const summary = [];
for (const b of BENCHES) {
  if (only && !only.includes(b.name)) continue;
  const file = `${here}${b.name}.mjs`;
  if (!existsSync(file)) {
    if (!b.optional) summary.push([b.name, 'missing']);
    continue;
  }
  console.log(`\n## ${b.name}`);
  const t = Date.now();
  const r = spawnSync(process.execPath, [...(b.node ?? []), file, ...(b.optional ? [] : pass)], { stdio: 'inherit' });
  summary.push([b.name, r.status === 0 ? `done in ${((Date.now() - t) / 1000).toFixed(0)} s` : `FAILED (exit ${r.status ?? r.signal})`]);
}
console.log('\n## summary\n');
for (const [name, status] of summary) console.log(`- ${name}: ${status}`);
console.log(`\nmachine: ${machineLine()}`);
if (summary.some(([, s]) => s !== 'missing' && s.startsWith('FAILED'))) process.exitCode = 1;
