#!/usr/bin/env node
/**
 * Builds the To-Do demo into examples/todo/dist (or `outDir`):
 * - app.js (+ chunks/): examples/todo/src/main.ts bundled with esbuild, importing 'restdb-client'
 *   from the package build (dist/index.js) exactly as an npm user's bundler would;
 * - app-core.js: the same app without the SDK (it only imports SDK *types*), for script.html;
 * - vendor/: a copy of the self-contained browser build dist/browser/, which script.html imports
 *   with a plain `<script type="module">`;
 * - index.html, script.html, styles.css from examples/todo/public.
 * The package must be built first (`npm run build`); config.json is written by whoever serves the app.
 *
 * Usage: node scripts/build-demo.mjs [--out DIR] [--sdk dist|src]
 */
import { build } from 'esbuild';
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const demoDir = join(repoRoot, 'examples', 'todo');
export const defaultOutDir = join(demoDir, 'dist');

/** The package build outputs the demo needs. */
export const sdkBuildFiles = [
  join(repoRoot, 'dist', 'index.js'),
  join(repoRoot, 'dist', 'browser', 'restdb-client.js'),
  join(repoRoot, 'dist', 'mock', 'node.js'),
];

/**
 * @param {{ outDir?: string, sdk?: 'dist' | 'src', minify?: boolean }} [options]
 *   sdk: where the bundled page takes 'restdb-client' from: the package build (default, what npm users get)
 *   or the TypeScript sources (handy while developing the SDK).
 * @returns {Promise<{ outDir: string }>}
 */
export async function buildDemo(options = {}) {
  const outDir = resolve(options.outDir ?? defaultOutDir);
  const sdk = options.sdk ?? 'dist';
  const minify = options.minify ?? true;
  const browserBuild = join(repoRoot, 'dist', 'browser');
  const sdkEntry = sdk === 'src' ? join(repoRoot, 'src', 'index.ts') : join(repoRoot, 'dist', 'index.js');
  for (const file of [sdkEntry, join(browserBuild, 'restdb-client.js')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first.`);
  }

  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const common = {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    minify,
    logLevel: 'warning',
    legalComments: 'none',
    tsconfig: join(demoDir, 'tsconfig.json'),
  };

  // (a) The bundled app: 'restdb-client' resolved to the package build; Auth0's SDK stays a lazy chunk.
  await build({
    ...common,
    entryPoints: { app: join(demoDir, 'src', 'main.ts') },
    outdir: outDir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    alias: { 'restdb-client': sdkEntry },
  });

  // (b) The app without the SDK, for script.html, which passes in the browser build's exports.
  const core = join(outDir, 'app-core.js');
  await build({
    ...common,
    entryPoints: [join(demoDir, 'src', 'app.ts')],
    outfile: core,
    external: ['restdb-client'],
  });
  const coreText = await readFile(core, 'utf8');
  if (/["']restdb-client["']/.test(coreText)) {
    throw new Error('app-core.js imports restdb-client at runtime; the app may import it only for types (see src/sdk.ts).');
  }

  await cp(join(demoDir, 'public'), outDir, { recursive: true });
  await cp(browserBuild, join(outDir, 'vendor'), { recursive: true });
  return { outDir };
}

/** Lists the built files (relative paths), for logs and tests. */
export async function listFiles(dir) {
  const out = [];
  const walk = async (sub) => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else out.push(rel);
    }
  };
  await walk('');
  return out.sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sdk = flag('--sdk');
  const { outDir } = await buildDemo({
    ...(flag('--out') ? { outDir: flag('--out') } : {}),
    ...(sdk === 'src' || sdk === 'dist' ? { sdk } : {}),
  });
  console.log(`Built the demo into ${outDir}`);
}
