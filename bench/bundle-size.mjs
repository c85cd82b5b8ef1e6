#!/usr/bin/env node
// Bundle cost of restdb-client against peer SDKs. Every SDK is bundled by the same esbuild call (bundle, minify,
// ESM, browser, code splitting) from a small usage file in bench/fixtures/ (create a client, sign in, one query).
// "first paint" is the entry chunk plus the chunks it imports statically; "lazy" are the chunks loaded with
// import() (for us: @auth0/auth0-spa-js). Peers are installed on demand into bench/.peers/ (pinned in its
// package.json), never as project dependencies.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { measure as measureBudget, budgets, goals } from '../scripts/size.mjs';
import { finish, fmtBytes, goal, machineLine, printTable } from './lib/report.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const peersDir = `${here}.peers`;

/** name shown, fixture file, whether it signs in with Auth0. */
export const SDKS = [
  { name: 'restdb-client', fixture: 'restdb-client.ts', auth0: 'yes (lazy)', pkg: undefined },
  { name: '@auth0/auth0-spa-js alone', fixture: 'auth0-spa-js.ts', auth0: 'yes', pkg: '@auth0/auth0-spa-js' },
  { name: 'pocketbase', fixture: 'pocketbase.ts', auth0: 'no', pkg: 'pocketbase' },
  { name: '@directus/sdk', fixture: 'directus.ts', auth0: 'no', pkg: '@directus/sdk' },
  { name: '@supabase/supabase-js', fixture: 'supabase.ts', auth0: 'no', pkg: '@supabase/supabase-js' },
  { name: 'firebase auth', fixture: 'firebase-auth.ts', auth0: 'no', pkg: 'firebase' },
  { name: 'firebase auth + firestore', fixture: 'firebase-firestore.ts', auth0: 'no', pkg: 'firebase' },
  { name: 'appwrite', fixture: 'appwrite.ts', auth0: 'no', pkg: 'appwrite' },
];

/** Installs the pinned peers into bench/.peers/node_modules unless every one is there at its pinned version. */
export function ensurePeers() {
  const pinned = JSON.parse(readFileSync(`${peersDir}/package.json`, 'utf8')).dependencies;
  const missing = Object.entries(pinned).filter(([name, version]) => {
    const file = `${peersDir}/node_modules/${name}/package.json`;
    return !existsSync(file) || JSON.parse(readFileSync(file, 'utf8')).version !== version;
  });
  if (!missing.length) return;
  console.error(`installing peer SDKs into bench/.peers (${missing.map(([n, v]) => `${n}@${v}`).join(', ')})`);
  execFileSync('npm', ['install', '--prefix', peersDir, '--no-audit', '--no-fund'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const versionOf = (pkg) => {
  if (!pkg) return JSON.parse(readFileSync(`${here}../package.json`, 'utf8')).version;
  for (const dir of [`${peersDir}/node_modules`, `${here}../node_modules`]) {
    const file = `${dir}/${pkg}/package.json`;
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')).version;
  }
  return '?';
};

/** The one esbuild call every SDK goes through. */
async function bundle(fixture) {
  const result = await build({
    entryPoints: [`${here}fixtures/${fixture}`],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    outdir: `${here}.out`,
    write: false,
    metafile: true,
    nodePaths: [`${peersDir}/node_modules`],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const contents = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
  const abs = (rel) => fileURLToPath(new URL(rel, `file://${process.cwd()}/`));
  const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint);
  // The entry plus everything it imports statically is needed before the app runs.
  const initial = new Set([entry]);
  for (const file of initial) for (const imp of outputs[file].imports) if (imp.kind === 'import-statement' && !imp.external) initial.add(imp.path);
  const sizes = { fpMin: 0, fpGz: 0, lazyMin: 0, lazyGz: 0, chunks: 0 };
  for (const file of Object.keys(outputs)) {
    const bytes = contents.get(abs(file));
    if (!bytes) throw new Error(`no output for ${file}`);
    const gz = gzipSync(bytes, { level: 9 }).length;
    sizes.chunks += 1;
    if (initial.has(file)) {
      sizes.fpMin += bytes.length;
      sizes.fpGz += gz;
    } else {
      sizes.lazyMin += bytes.length;
      sizes.lazyGz += gz;
    }
  }
  return sizes;
}

/** Bundles every SDK; returns rows with sizes in bytes. */
export async function measureAll() {
  ensurePeers();
  const rows = [];
  for (const sdk of SDKS) rows.push({ ...sdk, version: versionOf(sdk.pkg), ...(await bundle(sdk.fixture)) });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await measureAll();
  const ours = rows[0];
  const oursTotal = ours.fpGz + ours.lazyGz;
  const x = (n, d) => `${(n / d).toFixed(2)}x`;
  printTable(
    'Bundle size: same esbuild call (bundle, minify, esm, browser, splitting) per usage file; gzip -9 per chunk',
    ['SDK', 'version', 'Auth0', 'first paint min', 'first paint min+gz', 'lazy min+gz', 'total min+gz', 'first paint vs ours', 'total vs ours'],
    rows.map((r) => [
      r.name,
      r.version,
      r.auth0,
      fmtBytes(r.fpMin),
      fmtBytes(r.fpGz),
      r.lazyGz ? fmtBytes(r.lazyGz) : '-',
      fmtBytes(r.fpGz + r.lazyGz),
      x(r.fpGz, ours.fpGz),
      x(r.fpGz + r.lazyGz, oursTotal),
    ]),
  );
  const b = await measureBudget();
  // The CI budget guards against growth; issue 6's goal is shown beside it where the two differ.
  printTable('Size budget (scripts/size.mjs on scripts/size/usage.ts)', ['measure', 'min+gz bytes', 'CI budget', 'within budget', 'issue 6 goal', 'goal'], [
    ['SDK own code (deps external)', fmtBytes(b.ownCode), fmtBytes(budgets.ownCode), goal(b.ownCode <= budgets.ownCode), fmtBytes(goals.ownCode), goal(b.ownCode <= goals.ownCode)],
    ['first paint: SDK + ky + jwt-decode', fmtBytes(b.firstPaint), fmtBytes(budgets.firstPaint), goal(b.firstPaint <= budgets.firstPaint), fmtBytes(budgets.firstPaint), goal(b.firstPaint <= budgets.firstPaint)],
    ['lazy chunk: @auth0/auth0-spa-js', fmtBytes(b.lazyChunks), 'lazy only', goal(b.auth0Lazy), 'lazy only', goal(b.auth0Lazy)],
  ]);
  console.log(`machine: ${machineLine()}`);
  finish();
}
