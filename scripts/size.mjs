#!/usr/bin/env node
// Size budget of the browser SDK, measured the way an app bundler sees it.
//  - own code: our code alone, tree-shaken for scripts/size/usage.ts, dependencies external;
//  - first paint: everything the app's entry chunk needs before Auth0 is loaded (SDK + ky + jwt-decode),
//    with @auth0/auth0-spa-js split into its own lazily loaded chunk.
// Exits non-zero when a budget is exceeded or Auth0 reaches the entry chunk (CI runs it with --check);
// --why lists the own code by source file: minified bytes and what each file adds to the gzip figure.
import { build, transform } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}scripts/size/usage.ts`;
const KiB = 1024;
// CI budgets guard against regressions. Issue 6 sets a goal of 4 KiB for our own code, which the SDK does not meet
// (6,902 B after a size pass that removed only duplicated logic: the session state machine, tabs, pending revoke,
// typed errors and option checks are behaviour, not redundancy; 6,974 B since the config error names the methods a
// hand-written Auth0 client lacks). The own-code budget is that figure rounded up to 64 B, so growth beyond a few
// dozen bytes fails CI; lower it whenever a change makes the code smaller.
export const budgets = { ownCode: 7040, firstPaint: 12 * KiB };
export const goals = { ownCode: 4 * KiB };

async function bundle(external) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    outdir: '/virtual',
    write: false,
    platform: 'browser',
    target: 'es2022',
    external,
    metafile: true,
    logLevel: 'silent',
  });
  // Metafile keys are relative to the working directory; output paths are absolute.
  const inputsOf = (path) => Object.entries(result.metafile.outputs).find(([rel]) => resolve(rel) === path)?.[1].inputs ?? {};
  return result.outputFiles.map((f) => ({
    path: f.path,
    raw: f.contents.length,
    gzip: gzipSync(f.contents, { level: 9 }).length,
    entry: f.path.endsWith('/usage.js'),
    inputs: Object.keys(inputsOf(f.path)),
    bytesByInput: Object.fromEntries(Object.entries(inputsOf(f.path)).map(([k, v]) => [k, v.bytesInOutput])),
  }));
}

/** Measures both figures; returns { ownCode, firstPaint, lazyChunks } in gzip bytes, and whether Auth0 is lazy. */
export async function measure() {
  const own = await bundle(['ky', 'jwt-decode', '@auth0/auth0-spa-js']);
  const full = await bundle([]);
  const ownEntry = own.filter((f) => f.entry || !f.path.includes('auth0'));
  const firstPaint = full.find((f) => f.entry);
  const lazy = full.filter((f) => !f.entry);
  return {
    ownCode: ownEntry.reduce((n, f) => n + f.gzip, 0),
    firstPaint: firstPaint?.gzip ?? 0,
    lazyChunks: lazy.reduce((n, f) => n + f.gzip, 0),
    ownByFile: Object.assign({}, ...ownEntry.map((f) => f.bytesByInput)),
    // Auth0 must stay off the critical path: none of its modules in the entry chunk, all of them in a lazy one.
    auth0Lazy: !firstPaint?.inputs.some((i) => i.includes('@auth0/auth0-spa-js')) && lazy.some((f) => f.inputs.some((i) => i.includes('@auth0/auth0-spa-js'))),
  };
}

/**
 * What each source file adds to the own-code gzip figure: gzip of the whole entry minus gzip of the entry
 * without that file's code. Minified bytes mislead: repetitive code costs little after gzip, unique strings
 * and logic cost a lot, so judge a change by this column (or by the total).
 */
export async function gzipByFile() {
  // Identifiers and syntax minified, whitespace kept, so esbuild still marks where each file's code starts.
  const result = await build({
    entryPoints: [entry], bundle: true, minifyIdentifiers: true, minifySyntax: true, format: 'esm', splitting: true,
    outdir: '/virtual', write: false, platform: 'browser', target: 'es2022', logLevel: 'silent',
    external: ['ky', 'jwt-decode', '@auth0/auth0-spa-js'],
  });
  const text = result.outputFiles.find((f) => f.path.endsWith('/usage.js')).text;
  const parts = [];
  for (const part of text.split(/^\/\/ (?=\S+\.ts$)/m)) {
    const nl = part.indexOf('\n');
    const { code } = await transform(part.slice(nl + 1), { minifyWhitespace: true, format: 'esm', target: 'es2022' });
    parts.push({ file: part.slice(0, nl), code });
  }
  const gz = (list) => gzipSync(list.map((p) => p.code).join(''), { level: 9 }).length;
  const all = gz(parts);
  const added = {};
  // A file can appear in more than one part (esbuild hoists its external imports): add its parts up.
  for (const p of parts) if (p.file) added[p.file] = (added[p.file] ?? 0) + all - gz(parts.filter((q) => q !== p));
  return added;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const m = await measure();
  const rows = [
    ['SDK own code (min+gzip)', m.ownCode, budgets.ownCode],
    ['first paint: SDK + ky + jwt-decode', m.firstPaint, budgets.firstPaint],
    ['lazy chunk: @auth0/auth0-spa-js', m.lazyChunks, undefined],
  ];
  let failed = !m.auth0Lazy;
  console.log(`${'@auth0/auth0-spa-js in a lazy chunk only'.padEnd(40)} ${m.auth0Lazy ? 'yes' : 'NO: Auth0 is on the critical path'}`);
  for (const [name, bytes, budget] of rows) {
    const over = budget !== undefined && bytes > budget;
    failed ||= over;
    console.log(`${name.padEnd(40)} ${String(bytes).padStart(7)} B${budget ? `  budget ${budget} B ${over ? 'EXCEEDED' : 'ok'}` : ''}`);
  }
  const goalMet = m.ownCode <= goals.ownCode;
  console.log(`${'SDK own code: goal of issue 6'.padEnd(40)} ${String(goals.ownCode).padStart(7)} B  ${goalMet ? 'met' : `not met yet (${m.ownCode - goals.ownCode} B over)`}`);
  if (process.argv.includes('--why')) {
    const added = await gzipByFile();
    console.log('\nown code by source file (minified bytes; bytes the file adds to the min+gzip figure):');
    for (const [file, bytes] of Object.entries(m.ownByFile).sort((a, b) => b[1] - a[1])) {
      console.log(`${String(bytes).padStart(7)} ${String(added[file] ?? '').padStart(6)}  ${file}`);
    }
  }
  if (failed && process.argv.includes('--check')) {
    console.error('size budget exceeded');
    process.exit(1);
  }
}
