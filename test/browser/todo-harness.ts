/**
 * Shared setup of the To-Do end-to-end tests: build the demo once per test file, start the reference server
 * in-process (restdb API, dev IdP and the app on three origins) with a config.json for it, and drive the
 * app the way a person does (buttons, labels, Enter).
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import type { PostLoginAction } from '../../src/mock/idp/actions';
import { startMockServer } from '../../src/mock/node';
import { freePort } from '../support/ports';

const run = promisify(execFile);
export { freePort };

export const repoRoot = resolve(import.meta.dirname, '../..');

let built: Promise<string> | undefined;

/** Builds the package if dist/ is missing, then the demo into a temp dir (once per test file). */
export function buildDemoOnce(): Promise<string> {
  built ??= (async () => {
    const { existsSync } = await import('node:fs');
    if (!existsSync(join(repoRoot, 'dist', 'browser', 'restdb-client.js')) || !existsSync(join(repoRoot, 'dist', 'index.js'))) {
      const tsup = createRequire(import.meta.url).resolve('tsup/dist/cli-default.js');
      await run(process.execPath, [tsup], { cwd: repoRoot });
    }
    const out = await mkdtemp(join(tmpdir(), 'todo-demo-build-'));
    await run(process.execPath, [join(repoRoot, 'scripts', 'build-demo.mjs'), '--out', out], { cwd: repoRoot });
    return out;
  })();
  return built;
}

/** Deletes the demo build made by {@link buildDemoOnce} (call from the test file's `afterAll`). */
export async function removeDemoBuild(): Promise<void> {
  const pending = built;
  built = undefined;
  const dir = await pending?.catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
}


/** Ports of one demo deployment (kept to restart the server on the same origins). */
export interface DemoPorts {
  port: number;
  idpPort: number;
  appPort: number;
}

/** A running demo: the reference server serving the built app. */
export interface Demo {
  server: Awaited<ReturnType<typeof startMockServer>>;
  appUrl: string;
  ports: DemoPorts;
  /** Where the app's files (and config.json) are. */
  staticDir: string;
  /** Stops the server (keeps the app files, so {@link restartDemo} can reuse them). */
  stop(): Promise<void>;
  /** Stops the server and deletes the app files. */
  close(): Promise<void>;
}

/** Options of {@link startDemo}. */
export interface DemoOptions {
  tokenTtlSeconds?: number;
  ports?: DemoPorts;
  staticDir?: string;
}

/** Starts the reference server with the demo app on the app origin, as `npm start` does. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const buildDir = await buildDemoOnce();
  let staticDir = options.staticDir;
  if (!staticDir) {
    staticDir = await mkdtemp(join(tmpdir(), 'todo-demo-app-'));
    await cp(buildDir, staticDir, { recursive: true });
  }
  const ports = options.ports ?? { port: await freePort(), idpPort: await freePort(), appPort: await freePort() };
  const url = `http://127.0.0.1:${ports.port}`;
  const apiKey = 'e2e-full-access-key';
  const { onExecutePostLogin } = createRequire(import.meta.url)(join(repoRoot, 'examples/auth0-action/user-sync.cjs')) as {
    onExecutePostLogin: PostLoginAction;
  };
  const server = await startMockServer({
    ...ports,
    staticDir,
    apiKey,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    privateCollections: ['todos'],
    postLoginActions: [onExecutePostLogin],
    actionSecrets: { RESTDB_URL: url, RESTDB_API_KEY: apiKey },
  });
  await writeFile(
    join(staticDir, 'config.json'),
    JSON.stringify({ restdbUrl: server.url, auth0Domain: server.idpUrl, auth0ClientId: server.clientId }),
  );
  const dir = staticDir;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await server.close();
  };
  return {
    server,
    appUrl: server.appUrl ?? `http://localhost:${ports.appPort}`,
    ports,
    staticDir: dir,
    stop,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Restarts a stopped demo on the same three origins (a server restart: every token and IdP session is gone). */
export function restartDemo(demo: Demo, options: DemoOptions = {}): Promise<Demo> {
  return startDemo({ ...options, ports: demo.ports, staticDir: demo.staticDir });
}

/** Waits for the app to show one of its screens and returns which. */
export async function screenOf(page: Page): Promise<string> {
  await page.waitForFunction(() => {
    const state = document.getElementById('app')?.dataset['state'];
    return state === 'signed-in' || state === 'signed-out' || state === 'error';
  });
  return page.evaluate(() => document.getElementById('app')?.dataset['state'] ?? '');
}

/** Clicks "Sign up" (or "Log in") and completes the dev IdP's form, ending back in the app. */
export async function signIn(page: Page, email: string, name: string, button: 'Sign up' | 'Log in' = 'Sign up'): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('#app[data-state="signed-in"] main[data-loaded="true"]');
}

/** Types a to-do into "New to-do" and submits it with Enter, then waits for it in the list. */
export async function addTodo(page: Page, text: string): Promise<void> {
  const input = page.getByLabel('New to-do');
  await input.fill(text);
  await input.press('Enter');
  await page.locator('.todo__text', { hasText: text }).waitFor();
  await page.waitForFunction(() => (document.getElementById('new-todo') as HTMLInputElement | null)?.value === '');
}

/** The texts of the to-dos on screen. */
export function todoTexts(page: Page): Promise<string[]> {
  return page.locator('.todo__text').allTextContents();
}

/** The badge counts of the three filters. */
export async function counts(page: Page): Promise<{ all: string; active: string; done: string }> {
  const read = (f: string): Promise<string> => page.getByTestId(`count-${f}`).innerText();
  return { all: await read('all'), active: await read('active'), done: await read('done') };
}
