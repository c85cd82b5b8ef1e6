/**
 * Contract: CORS, body limits, robustness against odd input, fault injection, the request log, and trusting
 * another identity provider by its JWKS URL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, login, type StartTarget, type Target } from './target';

const ORIGIN = 'http://localhost:5173';

export function httpContract(start: StartTarget): void {
  describe('CORS, limits and robustness', () => {
    let t: Target;
    let token: string;
    beforeAll(async () => {
      t = await start({ collections: { things: [{ a: 1 }] } });
      token = (await login(t)).token;
    });
    afterAll(() => t.close());

    it('answers a preflight: origin reflected, all verbs, the requested headers', async () => {
      const reply = await call(t, 'OPTIONS', '/rest/things', {
        headers: { origin: ORIGIN, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,x-apikey,content-type,cache-control' },
      });
      expect(reply.status).toBeLessThan(300);
      expect(reply.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      const methods = reply.headers.get('access-control-allow-methods') ?? '';
      for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) expect(methods).toContain(m);
      const allowed = (reply.headers.get('access-control-allow-headers') ?? '').toLowerCase();
      for (const name of ['authorization', 'x-apikey', 'content-type', 'cache-control']) expect(allowed).toContain(name);
    });

    it('replies, errors included, carry the origin and expose X-Pagination', async () => {
      const ok = await call(t, 'GET', '/rest/things', { token, headers: { origin: ORIGIN } });
      expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(ok.headers.get('access-control-expose-headers')).toMatch(/X-Pagination/i);
      const denied = await call(t, 'GET', '/rest/things', { headers: { origin: ORIGIN } });
      expect(denied.status).toBe(401);
      expect(denied.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    });

    it('a body over 1 MiB: 413 {message}, nothing stored', async () => {
      const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
      const reply = await call(t, 'POST', '/rest/things', { token, body: big, headers: { 'content-type': 'application/json', origin: ORIGIN } });
      expect(reply.status).toBe(413);
      expect(typeof reply.body.message).toBe('string');
      expect(reply.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(t.mock.store.list('things')).toHaveLength(1);
    });

    it('odd input never gets a 5xx', async () => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const cases: [string, string, Parameters<typeof call>[3]][] = [
        ['GET', '/rest/things/%E0%A4%A', { token }],
        ['GET', '/rest/bad%20name!', { token }],
        ['GET', '/rest/things?q=%7B%7D&sort=&dir=', { token }],
        ['GET', `/rest/things?q=${encodeURIComponent('{"$and":['.repeat(150) + '{}' + ']}'.repeat(150))}`, { token }],
        ['GET', `/rest/things?q=${encodeURIComponent('{"a":{"$not":'.repeat(150) + '1' + '}}'.repeat(150))}`, { token }],
        ['POST', '/rest/things', { token, body: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]) }],
        ['POST', '/rest/things', { token, body: `{"deep":${deep}}`, headers: { 'content-type': 'application/json' } }],
        ['POST', '/rest/things', { token, json: { nested: JSON.parse('{"a":'.repeat(500) + '1' + '}'.repeat(500)) } }],
        ['PATCH', '/rest/things/aaaaaaaaaaaaaaaaaaaaaaaa', { token, body: 'null' }],
        ['GET', '/rest/things', { headers: { authorization: `Bearer ${'a'.repeat(10_000)}` } }],
        ['GET', '/rest/things', { headers: { authorization: 'Bearer a.b' } }],
        ['GET', '/rest/things', { headers: { 'x-apikey': '' } }],
        ['POST', '/auth/token', { json: { code: 'e30.e30.' } }],
        ['POST', '/auth/token', { json: { refresh: `${'x'.repeat(50)}.${'y'.repeat(50)}.z` } }],
        ['GET', '/auth/userinfo', { headers: { authorization: 'Bearer' } }],
        ['DELETE', '/rest/things/*', { apiKey: t.apiKey, body: '[1,2]' }],
      ];
      for (const [index, [method, path, init]] of cases.entries()) {
        const reply = await call(t, method, path, init);
        const label = `case ${index}: ${method} ${path.slice(0, 40)}`;
        expect(reply.status, label).toBeLessThan(500);
        if (reply.status >= 300) expect(typeof reply.body?.message, `${label}: ${reply.text.slice(0, 80)}`).toBe('string');
      }
      expect((await call(t, 'GET', '/rest/things', { token })).status).toBe(200);
    });
  });

  describe('faults and the request log', () => {
    let t: Target;
    let token: string;
    beforeAll(async () => {
      t = await start({ collections: { things: [{ a: 1 }] } });
      token = (await login(t)).token;
    });
    beforeEach(() => {
      t.mock.faults.clear();
      t.mock.requests.clear();
    });
    afterAll(() => t.close());
    const get = () => call(t, 'GET', '/rest/things', { token, headers: { origin: ORIGIN } });

    it('a status fault with body and headers, limited by times', async () => {
      t.mock.faults.add({ path: '/rest/things', status: 503, body: { message: 'down' }, headers: { 'retry-after': '2' }, times: 1 });
      const first = await get();
      expect(first.status).toBe(503);
      expect(first.body).toEqual({ message: 'down' });
      expect(first.headers.get('retry-after')).toBe('2');
      expect(first.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect((await get()).status).toBe(200);
    });

    it('add() returns a remover; globs, RegExps, method and origin filters', async () => {
      const remove = t.mock.faults.add({ path: '/rest/*', status: 500 });
      expect((await get()).status).toBe(500);
      remove();
      expect((await get()).status).toBe(200);
      t.mock.faults.add({ method: 'post', path: /^\/rest\/thi/, status: 429 });
      expect((await get()).status).toBe(200);
      expect((await call(t, 'POST', '/rest/things', { token, json: { a: 2 } })).status).toBe(429);
      t.mock.faults.add({ origin: 'idp', path: '/.well-known/jwks.json', status: 500 });
      expect((await fetch(`${t.idpUrl}/.well-known/jwks.json`)).status).toBe(500);
      expect((await get()).status).toBe(200);
    });

    it('a rule without a method leaves preflights alone', async () => {
      t.mock.faults.add({ path: '/rest/things', status: 500 });
      const preflight = await call(t, 'OPTIONS', '/rest/things', { headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
      expect(preflight.status).toBeLessThan(300);
      expect((await get()).status).toBe(500);
    });

    it('a network error makes fetch reject', async () => {
      t.mock.faults.add({ path: '/rest/things', networkError: true, times: 1 });
      await expect(fetch(`${t.url}/rest/things`, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow(TypeError);
      expect((await get()).status).toBe(200);
    });

    it('a delay holds the real answer back', async () => {
      t.mock.faults.add({ path: '/rest/things', delayMs: 150 });
      const started = performance.now();
      const reply = await get();
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      expect(reply.status).toBe(200);
      expect(reply.body).toHaveLength(1);
    });

    it('logs method, origin, path, search, headers, parsed body and status of every request', async () => {
      await call(t, 'POST', '/rest/things?x=1', { token, json: { title: 'logged' } });
      await call(t, 'GET', '/rest/things');
      await fetch(`${t.idpUrl}/.well-known/openid-configuration`);
      const [post, denied, idp] = t.mock.requests.entries();
      expect(post).toMatchObject({ method: 'POST', origin: 'restdb', path: '/rest/things', search: '?x=1', body: { title: 'logged' }, status: 201 });
      expect(post?.headers['authorization']).toBe(`Bearer ${token}`);
      expect(denied).toMatchObject({ method: 'GET', status: 401, body: undefined });
      expect(idp).toMatchObject({ origin: 'idp', path: '/.well-known/openid-configuration', status: 200 });
      t.mock.requests.clear();
      expect(t.mock.requests.entries()).toEqual([]);
    });
  });

  describe('trusting another identity provider by its JWKS URL', () => {
    let other: Target;
    let t: Target;
    beforeAll(async () => {
      other = await start({ clientId: 'spa-client' });
      t = await start({ clientId: 'spa-client', trustedIssuer: { issuer: `${other.idpUrl}/`, jwksUrl: `${other.idpUrl}/.well-known/jwks.json` } });
    });
    afterAll(async () => {
      await t.close();
      await other.close();
    });

    it("accepts that issuer's id_tokens and refuses the built-in dev IdP's", async () => {
      const ok = await call(t, 'POST', '/auth/token', { json: { code: await other.mock.signIdToken({ email: 'ann@example.com' }) } });
      expect(ok.status).toBe(200);
      expect((await call(t, 'GET', '/auth/userinfo', { token: ok.body.token })).body.email).toBe('ann@example.com');
      const own = await call(t, 'POST', '/auth/token', { json: { code: await t.mock.signIdToken() } });
      expect(own.status).toBe(403);
    });

    it('answers 503 while the issuer\'s key set cannot be loaded, and recovers', async () => {
      const fresh = await start({ clientId: 'spa-client', trustedIssuer: { issuer: `${other.idpUrl}/`, jwksUrl: `${other.idpUrl}/.well-known/jwks.json` } });
      const remove = other.mock.faults.add({ origin: 'idp', path: '/.well-known/jwks.json', status: 500 });
      const code = await other.mock.signIdToken();
      const down = await call(fresh, 'POST', '/auth/token', { json: { code } });
      expect(down.status).toBe(503);
      expect(down.body.message).toMatch(/keys/);
      remove();
      expect((await call(fresh, 'POST', '/auth/token', { json: { code } })).status).toBe(200);
      await fresh.close();
    });

    it('checks the configured audience', async () => {
      const strict = await start({ trustedIssuer: { issuer: `${other.idpUrl}/`, jwksUrl: `${other.idpUrl}/.well-known/jwks.json`, audience: 'api-client' } });
      expect((await call(strict, 'POST', '/auth/token', { json: { code: await other.mock.signIdToken() } })).status).toBe(403);
      const code = await other.mock.signIdToken({ aud: 'api-client' });
      expect((await call(strict, 'POST', '/auth/token', { json: { code } })).status).toBe(200);
      await strict.close();
    });
  });
}
