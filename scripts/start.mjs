#!/usr/bin/env node
/**
 * `npm start`: the To-Do demo on localhost, on three origins as in production.
 *
 *   app       http://localhost:PORT        (PORT, default 5173) the built demo + config.json
 *   IdP       http://localhost:<free port>  dev Auth0-compatible identity provider (same host name: silent login works)
 *   database  http://127.0.0.1:<free port>  the restdb API of the reference server (another origin: CORS, token scoping)
 *
 * Environment:
 *   PORT                 the app's port (default 5173)
 *   TOKEN_TTL_SECONDS    lifetime of the database tokens the embedded server issues (default 3600)
 *   RESTDB_URL, AUTH0_DOMAIN, AUTH0_CLIENT_ID (+ optional RESTDB_API_KEY, a CORS key)
 *                        use a real restdb.io database and Auth0 tenant: no mock is started, the built app is
 *                        served with a config.json pointing at them.
 *   DEMO_DIST_DIR        where to build the app (default examples/todo/dist)
 *
 * Prints the app URL on a line of its own once everything listens; Ctrl-C / SIGTERM shut down cleanly.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDemo, defaultOutDir, repoRoot, sdkBuildFiles } from './build-demo.mjs';
import { serveStatic } from './static-server.mjs';

const log = (line) => process.stderr.write(`${line}\n`);

/** The demo user whose to-dos are seeded (the dev IdP signs in any email; this one finds a list waiting). */
const DEMO_USER = 'demo@example.com';

/** Seed data: a few to-dos owned by the demo user in the private `todos` collection. */
const DEMO_TODOS = [
  { text: 'Sign in as demo@example.com', done: true, _createdby: DEMO_USER },
  { text: 'Add a to-do and press Enter', done: false, _createdby: DEMO_USER },
  { text: 'Open a private window and sign up as someone else', done: false, _createdby: DEMO_USER },
];

function intFromEnv(name, fallback, { min, max }) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Runs the package build (tsup) when dist/ is missing. Output goes to stderr. A dist/ older than src/ is
 * left alone (rebuilding would pull the rug from under anything else using it) but reported.
 */
async function ensurePackageBuilt() {
  const missing = sdkBuildFiles.some((file) => !existsSync(file));
  if (!missing) {
    const srcDir = join(repoRoot, 'src');
    if (existsSync(srcDir) && newestMtime(srcDir) > Math.min(...sdkBuildFiles.map((f) => statSync(f).mtimeMs))) {
      log('Note: dist/ is older than src/; run "npm run build" to include your changes.');
    }
    return;
  }
  log('Building the package (dist/ is missing)…');
  const tsup = createRequire(import.meta.url).resolve('tsup/dist/cli-default.js', { paths: [repoRoot] });
  await new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [tsup], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => process.stderr.write(chunk));
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`The package build failed (exit ${code}).`))));
  });
}

/** A free TCP port on 127.0.0.1 (so the database URL can be given to the user-sync Action before start). */
function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

/** The user-sync Action from examples/auth0-action, when present. */
function loadUserSyncAction() {
  const file = join(repoRoot, 'examples', 'auth0-action', 'user-sync.cjs');
  if (!existsSync(file)) return [];
  const action = createRequire(import.meta.url)(file);
  return typeof action.onExecutePostLogin === 'function' ? [action.onExecutePostLogin] : [];
}

async function writeConfig(dir, config) {
  await writeFile(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

/** Real services: serve the built app with a config.json pointing at them. */
async function startReal(staticDir, appPort) {
  const { RESTDB_URL, AUTH0_DOMAIN, AUTH0_CLIENT_ID, RESTDB_API_KEY } = process.env;
  const missing = ['RESTDB_URL', 'AUTH0_DOMAIN', 'AUTH0_CLIENT_ID'].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(`To use real services set RESTDB_URL, AUTH0_DOMAIN and AUTH0_CLIENT_ID (missing: ${missing.join(', ')}).`);
  }
  const config = { restdbUrl: RESTDB_URL, auth0Domain: AUTH0_DOMAIN, auth0ClientId: AUTH0_CLIENT_ID };
  if (RESTDB_API_KEY) config.apiKey = RESTDB_API_KEY;
  await writeConfig(staticDir, config);
  const server = await serveStatic({ dir: staticDir, port: appPort });
  log(`Database: ${RESTDB_URL}`);
  log(`Auth0:    ${AUTH0_DOMAIN} (client ${AUTH0_CLIENT_ID}); allow ${server.url}/ and ${server.url}/script.html as callback, logout and web origin URLs.`);
  return { appUrl: server.url, close: () => server.close() };
}

/** Embedded services: the reference server (restdb API + dev IdP) also serving the app. */
async function startMock(staticDir, appPort) {
  const tokenTtlSeconds = intFromEnv('TOKEN_TTL_SECONDS', 3600, { min: 1, max: 31_536_000 });
  const { startMockServer } = await import(pathToFileURL(join(repoRoot, 'dist', 'mock', 'node.js')).href);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const apiKey = `demo-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const postLoginActions = loadUserSyncAction();
  // The config.json must exist before the first page load; the origins are known before the server starts.
  const server = await startMockServer({
    port,
    appPort,
    staticDir,
    apiKey,
    tokenTtlSeconds,
    privateCollections: ['todos'],
    collections: { todos: DEMO_TODOS },
    postLoginActions,
    actionSecrets: { RESTDB_URL: url, RESTDB_API_KEY: apiKey },
  });
  await writeConfig(staticDir, { restdbUrl: server.url, auth0Domain: server.idpUrl, auth0ClientId: server.clientId });
  log(`Database: ${server.url} (reference server, token lifetime ${tokenTtlSeconds} s)`);
  log(`IdP:      ${server.idpUrl} (dev identity provider: any email signs in; ${DEMO_USER} has to-dos waiting)`);
  if (postLoginActions.length > 0) log('Action:   examples/auth0-action/user-sync.cjs runs at every login');
  return { appUrl: server.appUrl, close: () => server.close() };
}

async function main() {
  const appPort = intFromEnv('PORT', 5173, { min: 0, max: 65535 });
  const staticDir = resolve(process.env.DEMO_DIST_DIR || defaultOutDir);
  const real = Boolean(process.env.RESTDB_URL || process.env.AUTH0_DOMAIN || process.env.AUTH0_CLIENT_ID);

  await ensurePackageBuilt();
  await buildDemo({ outDir: staticDir });
  const running = real ? await startReal(staticDir, appPort) : await startMock(staticDir, appPort);

  let closing = false;
  const shutdown = (signal) => {
    if (closing) process.exit(1); // second Ctrl-C: don't wait
    closing = true;
    log(`\n${signal}: shutting down…`);
    Promise.resolve(running.close()).then(
      () => process.exit(0),
      (err) => {
        log(`Shutdown error: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  log(`To-Do demo ready (script-module page: ${running.appUrl}/script.html). Open:`);
  process.stdout.write(`${running.appUrl}\n`);
}

main().catch((err) => {
  const busy = err && typeof err === 'object' && err.code === 'EADDRINUSE';
  log(
    busy
      ? `npm start failed: port ${err.port ?? process.env.PORT ?? 5173} is already in use. Stop what uses it, or run with another PORT, e.g. PORT=5174 npm start.`
      : `npm start failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
