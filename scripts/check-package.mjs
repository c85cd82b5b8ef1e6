#!/usr/bin/env node
// Packaging checks on the tarball a user would install (run after `npm run build`):
//  1. the file list: only dist/, package.json, README.md, LICENSE and examples/auth0-action/; every file that
//     package.json points at (exports, main, types, bin) is in it, and so are README.md and LICENSE;
//  2. the browser build dist/browser/restdb-client.js is self-contained (no bare imports) and has its source map;
//  3. publint --strict;
//  4. are-the-types-wrong with the esm-only profile.
// Exits non-zero on the first failing check, naming what to fix.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, ...opts });
const failures = [];
const fail = (message) => failures.push(message);

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

/** Every path package.json points at, relative, without "./". */
function referencedFiles(pkg) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === 'string') out.add(v.replace(/^\.\//, ''));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  walk(pkg.main);
  walk(pkg.module);
  walk(pkg.types);
  walk(pkg.bin);
  return [...out].filter((f) => f !== 'package.json');
}

const dir = mkdtempSync(join(tmpdir(), 'restdb-pack-'));
try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir]))[0];
  const tarball = join(dir, packed.filename);
  const files = packed.files.map((f) => f.path);
  console.log(`tarball ${packed.filename}: ${files.length} files, ${packed.size} B packed, ${packed.unpackedSize} B unpacked`);

  // 1. file list
  const unexpected = files.filter((f) => !/^(dist\/|package\.json$|README\.md$|LICENSE$|examples\/auth0-action\/|docs\/(go-live|mock|session)\.md$)/.test(f) || /\.tsbuildinfo$/.test(f));
  if (unexpected.length) fail(`files users do not need in the tarball: ${unexpected.join(', ')}`);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const wanted = [...referencedFiles(pkg), 'README.md', 'LICENSE', 'dist/browser/restdb-client.js', 'dist/browser/restdb-client.js.map'];
  const absent = wanted.filter((f) => !files.includes(f));
  if (absent.length) fail(`missing from the tarball: ${absent.join(', ')}`);

  // 2. self-contained browser build: its files import only each other (the lazy Auth0 chunk), with source maps
  const browserDir = join(root, 'dist', 'browser');
  for (const file of existsSync(browserDir) ? readdirSync(browserDir).filter((f) => f.endsWith('.js')) : []) {
    const text = readFileSync(join(browserDir, file), 'utf8');
    const bare = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["']([^"'.\/][^"']*)["']/g)].map((m) => m[1])
      .filter((spec) => /^(@[\w.-]+\/)?[\w.-]+(\/[\w./-]*)?$/.test(spec)); // a package name, not some string
    if (bare.length) fail(`dist/browser/${file} imports packages a <script type="module"> page cannot resolve: ${[...new Set(bare)].join(', ')}`);
    if (!text.trimEnd().endsWith(`//# sourceMappingURL=${file}.map`) || !files.includes(`dist/browser/${file}.map`)) fail(`dist/browser/${file} lacks its source map`);
  }

  // 3. publint (strict: warnings fail too)
  try {
    console.log(run(bin('publint'), ['--strict', tarball]).trim());
  } catch (error) {
    fail(`publint:\n${(error.stdout || '') + (error.stderr || '')}`.trim());
  }

  // 4. are-the-types-wrong, ESM-only profile (node10 and CJS consumers are out of scope)
  try {
    console.log(run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'table-flipped']).trim());
  } catch (error) {
    fail(`attw:\n${(error.stdout || '') + (error.stderr || '')}`.trim());
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (failures.length) {
  for (const f of failures) console.error(`\nFAIL ${f}`);
  process.exit(1);
}
console.log('\npackage checks passed: file list, browser build, publint --strict, attw (esm-only)');
