/**
 * `npm start` (scripts/start.mjs) as a person runs it: it prints the app URL on a line of its own once everything
 * listens, honours PORT and TOKEN_TTL_SECONDS, seeds the demo user's to-dos, switches to real services with
 * RESTDB_URL / AUTH0_DOMAIN / AUTH0_CLIENT_ID (+ RESTDB_API_KEY), and exits cleanly on SIGTERM.
 * No browser needed: the login is done over HTTP the way auth0-spa-js does it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeParams, pkce } from '../support/idp';
import { buildDemoOnce, freePort, repoRoot, removeDemoBuild } from './todo-harness';

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Spawns scripts/start.mjs and resolves when it printed the URL line. */
function start(env: Record<string, string>, outDir: string): Promise<Started> {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, DEMO_DIST_DIR: outDir, RESTDB_URL: '', AUTH0_DOMAIN: '', AUTH0_CLIENT_ID: '', RESTDB_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed in time; stderr: ${err}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => /^http:\/\/localhost:\d+$/.test(l));
      if (line) {
        clearTimeout(timer);
        resolve({ child, url: line, stdout: () => out, stderr: () => err, exit });
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`start.mjs exited with ${code} before printing a URL; stderr: ${err}`));
    });
  });
}

async function stop(started: Started, signal: 'SIGTERM' | 'SIGINT' = 'SIGTERM'): Promise<number | null> {
  started.child.kill(signal);
  return started.exit;
}

/** Signs in at the dev IdP over HTTP (PKCE code flow) and exchanges the id_token at the database. */
async function loginOverHttp(config: { restdbUrl: string; auth0Domain: string; auth0ClientId: string }, appUrl: string, email: string) {
  const { verifier, challenge } = await pkce();
  const params = authorizeParams(challenge, { client_id: config.auth0ClientId, redirect_uri: `${appUrl}/` });
  const login = await fetch(`${config.auth0Domain}/authorize?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, name: 'Demo' }),
    redirect: 'manual',
  });
  expect(login.status).toBe(302);
  const code = new URL(login.headers.get('location')!).searchParams.get('code')!;
  const tokens = (await (
    await fetch(`${config.auth0Domain}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.auth0ClientId, code, code_verifier: verifier, redirect_uri: `${appUrl}/` }),
    })
  ).json()) as { id_token: string };
  const session = (await (
    await fetch(`${config.restdbUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: tokens.id_token }),
    })
  ).json()) as { token: string; iat: number; exp: number };
  return session;
}

describe('npm start (scripts/start.mjs)', () => {
  let outDir: string;

  beforeAll(async () => {
    await buildDemoOnce(); // builds the package first if dist/ is missing
    outDir = await mkdtemp(join(tmpdir(), 'todo-start-'));
  }, 120_000);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    await removeDemoBuild();
  });

  it('starts the reference server with the app on PORT, honours TOKEN_TTL_SECONDS, seeds the demo user, and stops on SIGTERM', async () => {
    const port = await freePort();
    const started = await start({ PORT: String(port), TOKEN_TTL_SECONDS: '42' }, outDir);
    try {
      expect(started.url).toBe(`http://localhost:${port}`);
      const page = await fetch(`${started.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module" src="./app.js">');
      expect((await fetch(`${started.url}/script.html`)).status).toBe(200);
      expect((await fetch(`${started.url}/vendor/restdb-client.js`)).status).toBe(200);

      const config = (await (await fetch(`${started.url}/config.json`)).json()) as { restdbUrl: string; auth0Domain: string; auth0ClientId: string; apiKey?: string };
      expect(config.restdbUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(config.auth0Domain).toMatch(/^http:\/\/localhost:\d+$/);
      expect(config.apiKey).toBeUndefined(); // the full-access key never goes to the browser

      const session = await loginOverHttp(config, started.url, 'demo@example.com');
      expect(session.exp - session.iat).toBe(42);
      const todos = (await (await fetch(`${config.restdbUrl}/rest/todos`, { headers: { authorization: `Bearer ${session.token}` } })).json()) as { text: string }[];
      expect(todos.map((t) => t.text)).toContain('Add a to-do and press Enter');
      const other = await loginOverHttp(config, started.url, 'someone-else@example.com');
      const none = (await (await fetch(`${config.restdbUrl}/rest/todos`, { headers: { authorization: `Bearer ${other.token}` } })).json()) as unknown[];
      expect(none).toEqual([]); // private collection
    } finally {
      expect(await stop(started)).toBe(0);
    }
    // Nothing listens any more.
    await expect(fetch(`http://localhost:${port}/`)).rejects.toThrow();
  }, 90_000);

  it('with RESTDB_URL, AUTH0_DOMAIN and AUTH0_CLIENT_ID it serves the app only, configured for those services, until Ctrl-C', async () => {
    const port = await freePort();
    const started = await start(
      { PORT: String(port), RESTDB_URL: 'https://mydb-1234.restdb.io', AUTH0_DOMAIN: 'tenant.eu.auth0.com', AUTH0_CLIENT_ID: 'abc123', RESTDB_API_KEY: 'web-key' },
      outDir,
    );
    try {
      expect(started.url).toBe(`http://localhost:${port}`);
      expect(await (await fetch(`${started.url}/config.json`)).json()).toEqual({
        restdbUrl: 'https://mydb-1234.restdb.io',
        auth0Domain: 'tenant.eu.auth0.com',
        auth0ClientId: 'abc123',
        apiKey: 'web-key',
      });
      expect((await fetch(`${started.url}/`)).status).toBe(200);
      expect(started.stderr()).not.toContain('reference server');
    } finally {
      expect(await stop(started, 'SIGINT')).toBe(0); // Ctrl-C
    }
  }, 90_000);

  it('says what to do when PORT is taken', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await once(blocker, 'listening');
    try {
      await expect(start({ PORT: String(port) }, outDir)).rejects.toThrow(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  }, 90_000);

  it('refuses a half-configured real setup and says what is missing', async () => {
    await expect(start({ PORT: String(await freePort()), RESTDB_URL: 'https://mydb-1234.restdb.io' }, outDir)).rejects.toThrow(
      /AUTH0_DOMAIN, AUTH0_CLIENT_ID/,
    );
  }, 90_000);
});
