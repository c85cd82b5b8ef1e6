/**
 * The `restdb-mock` bin, run from the build (`npm test` builds first): prints its origins, serves them, stops
 * cleanly on SIGINT and SIGTERM, explains bad arguments.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../dist/mock/cli.js');

interface Run {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

function run(args: string[]): Run {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => out, exited };
}

async function waitFor(r: Run, text: string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    if (r.output().includes(text)) return r.output();
    await new Promise((done) => setTimeout(done, 50));
  }
  r.child.kill('SIGKILL');
  throw new Error(`timed out waiting for "${text}"; output: ${r.output()}`);
}

function origin(output: string, label: string): string {
  const line = output.split('\n').find((l) => l.startsWith(label)) ?? '';
  const match = /(http:\/\/[^\s]+)/.exec(line);
  if (!match?.[1]) throw new Error(`no ${label} origin in: ${output}`);
  return match[1];
}

describe('restdb-mock CLI', () => {
  it('prints the three origins, serves them, and stops on SIGTERM with exit code 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'restdb-cli-'));
    await writeFile(join(dir, 'index.html'), '<title>cli app</title>');
    const seed = join(dir, 'seed.json');
    await writeFile(seed, JSON.stringify({ todos: [{ title: 'from seed' }] }));
    const r = run(['--port', '0', '--idp-port', '0', '--static', dir, '--app-port', '0', '--seed', seed, '--api-key', 'k1', '--private', 'notes']);
    try {
      const output = await waitFor(r, 'Press Ctrl+C');
      const db = origin(output, 'restdb API');
      const idp = origin(output, 'identity provider');
      const app = origin(output, 'app');
      expect(db).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(idp).toMatch(/^http:\/\/localhost:\d+$/);
      const todos = await (await fetch(`${db}/rest/todos`, { headers: { 'x-apikey': 'k1' } })).json();
      expect(todos).toEqual([{ _id: expect.any(String), title: 'from seed' }]);
      expect((await fetch(`${idp}/.well-known/jwks.json`)).status).toBe(200);
      expect(await (await fetch(`${app}/`)).text()).toContain('cli app');
      r.child.kill('SIGTERM');
      expect(await r.exited).toBe(0);
      expect(r.output()).toContain('SIGTERM: stopping');
      await expect(fetch(`${db}/rest/todos`)).rejects.toThrow();
    } finally {
      r.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops on SIGINT too', async () => {
    const r = run(['--port', '0', '--idp-port', '0']);
    try {
      await waitFor(r, 'Press Ctrl+C');
      r.child.kill('SIGINT');
      expect(await r.exited).toBe(0);
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('runs the shipped user-sync post-login Action by default, and not with --no-user-sync', async () => {
    const withSync = run(['--port', '0', '--idp-port', '0']);
    const without = run(['--port', '0', '--idp-port', '0', '--no-user-sync']);
    try {
      expect(await waitFor(withSync, 'Press Ctrl+C')).toContain('post-login Action: user-sync');
      expect(await waitFor(without, 'Press Ctrl+C')).not.toContain('post-login Action');
    } finally {
      withSync.child.kill('SIGKILL');
      without.child.kill('SIGKILL');
    }
  });

  it('--help prints usage; a bad option exits 2 with the usage', async () => {
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.output()).toContain('--idp-port');
    const bad = run(['--port', 'abc']);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/--port must be a port number/);
    const unknown = run(['--nope']);
    expect(await unknown.exited).toBe(2);
  });
});
