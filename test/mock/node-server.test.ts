/**
 * `startMockServer` specifics beyond the shared contract: origins and loopback binding, the static app origin,
 * closing, and refusing a taken port.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/node';

/** GET over a fixed address family, bypassing name resolution. */
function getVia(host: string, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port, path, headers: { host: `localhost:${port}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function hasIPv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}

describe('startMockServer', () => {
  let dir: string;
  let server: MockServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'restdb-static-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets', 'app.js'), 'export const ok = 1;');
    server = await startMockServer({ staticDir: dir, collections: { todos: [{ title: 'a' }] } });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the database on 127.0.0.1 and the IdP and app on localhost', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.idpUrl).toMatch(/^http:\/\/localhost:\d+$/);
    expect(server.appUrl).toMatch(/^http:\/\/localhost:\d+$/);
    expect(new Set([server.url, server.idpUrl, server.appUrl]).size).toBe(3);
    expect(server.clientId).toBe('dev-client');
    expect(server.apiKey).toBe(server.mock.apiKey);
  });

  it('answers localhost over IPv4 and, where the machine has it, IPv6 loopback', async () => {
    const port = Number(new URL(server.idpUrl).port);
    expect(await getVia('127.0.0.1', port, '/.well-known/jwks.json')).toBe(200);
    if (await hasIPv6Loopback()) expect(await getVia('::1', port, '/.well-known/jwks.json')).toBe(200);
    expect((await fetch(`${server.idpUrl}/.well-known/openid-configuration`)).status).toBe(200);
  });

  it('signIdToken gives an id_token the HTTP /auth/token accepts', async () => {
    const code = await server.signIdToken({ email: 'ann@example.com' });
    const reply = await fetch(`${server.url}/auth/token`, { method: 'POST', body: JSON.stringify({ code }) });
    expect(reply.status).toBe(200);
  });

  it('serves the static app: index, files, SPA fallback, 404s, no escape from the directory', async () => {
    const index = await fetch(`${server.appUrl}/`);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('<title>app</title>');
    const js = await fetch(`${server.appUrl}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('ok = 1');
    expect(await (await fetch(`${server.appUrl}/todos/42`)).text()).toContain('<title>app</title>');
    expect((await fetch(`${server.appUrl}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.appUrl}/%2e%2e%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.appUrl}/`, { method: 'POST' })).status).toBe(405);
  });

  it('tells a static app where its database and IdP are, and logs app requests', async () => {
    server.mock.requests.clear();
    const config = await (await fetch(`${server.appUrl}/restdb-mock.json`)).json();
    expect(config).toEqual({ url: server.url, idpUrl: server.idpUrl, clientId: server.clientId });
    expect(server.mock.requests.entries()).toMatchObject([{ origin: 'app', path: '/restdb-mock.json', status: 200 }]);
  });

  it('close() frees the ports even with keep-alive connections open', async () => {
    const other = await startMockServer();
    const port = Number(new URL(other.url).port);
    const idpPort = Number(new URL(other.idpUrl).port);
    await fetch(`${other.url}/rest/x`, { headers: { 'x-apikey': other.apiKey, connection: 'keep-alive' } });
    await other.close();
    const again = await startMockServer({ port, idpPort });
    expect(again.url).toBe(`http://127.0.0.1:${port}`);
    expect(again.idpUrl).toBe(`http://localhost:${idpPort}`);
    await again.close();
  });

  it('a 413 (body not read to its end) closes the connection, so a keep-alive client does not reuse a dead socket', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, body?: string) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}/rest/todos`,
          { method, agent, headers: { 'x-apikey': server.apiKey, 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const big = await send('POST', JSON.stringify({ text: 'x'.repeat(3 * 1024 * 1024) }));
      expect(big).toEqual({ status: 413, connection: 'close' });
      expect((await send('GET')).status).toBe(200);
      // the same through fetch (undici's pool), as the SDK and users' tests call it
      const viaFetch = await fetch(`${server.url}/rest/todos`, {
        method: 'POST',
        headers: { 'x-apikey': server.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'x'.repeat(3 * 1024 * 1024) }),
      });
      expect(viaFetch.status).toBe(413);
      expect((await fetch(`${server.url}/rest/todos`, { headers: { 'x-apikey': server.apiKey } })).status).toBe(200);
      // an ordinary reply keeps the connection
      expect((await send('GET')).connection).toBe('keep-alive');
    } finally {
      agent.destroy();
    }
  });

  it('rejects a taken port and leaves nothing listening', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startMockServer({ port })).rejects.toThrow(/EADDRINUSE/);
    await expect(startMockServer({ port: 70000 })).rejects.toThrow(TypeError);
  });
});
