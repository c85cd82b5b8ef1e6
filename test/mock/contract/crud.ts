/**
 * Contract: credentials on /rest, and create/read/replace/merge/delete with restdb's shapes, codes and errors.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { algNone, call, decodePart, login, tamper, type StartTarget, type Target } from './target';

const SYSTEM = ['_id', '_created', '_changed', '_createdby', '_changedby', '_version', '_keywords', '_tags'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function crudContract(start: StartTarget): void {
  describe('credentials on /rest', () => {
    let t: Target;
    let token: string;
    beforeAll(async () => {
      t = await start({ apiKey: 'secret-key', collections: { things: [{ name: 'a' }] } });
      ({ token } = await login(t, { email: 'ann@example.com' }));
    });
    afterAll(() => t.close());

    it('no credential: 401 {message}', async () => {
      const reply = await call(t, 'GET', '/rest/things');
      expect(reply.status).toBe(401);
      expect(reply.body.message).toMatch(/credential/i);
    });

    it('the full-access key works as x-apikey header and as ?apikey=', async () => {
      expect((await call(t, 'GET', '/rest/things', { apiKey: 'secret-key' })).body).toHaveLength(1);
      expect((await call(t, 'GET', '/rest/things?apikey=secret-key')).body).toHaveLength(1);
    });

    it('a wrong key: 401; a non-Bearer Authorization: 401', async () => {
      expect((await call(t, 'GET', '/rest/things', { apiKey: 'nope' })).status).toBe(401);
      expect((await call(t, 'GET', '/rest/things', { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
    });

    it('tampered, alg:none, foreign-signed and garbage tokens: 403 {message}', async () => {
      const foreign = await new SignJWT(decodePart(token, 1)).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32).fill(7));
      const { privateKey } = await generateKeyPair('RS256');
      const foreignRs = await new SignJWT({ ...decodePart(await t.mock.signIdToken(), 1) }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
      for (const bad of [tamper(token, { email: 'bob@example.com' }), algNone(token), foreign, foreignRs, 'a.b.c', 'garbage']) {
        const reply = await call(t, 'GET', '/rest/things', { token: bad });
        expect(reply.status, bad).toBe(403);
        expect(typeof reply.body.message).toBe('string');
      }
    });

    it('accepts the trusted IdP id_token itself as a bearer token, as restdb does', async () => {
      const reply = await call(t, 'GET', '/rest/things', { token: await t.mock.signIdToken({ email: 'ann@example.com' }) });
      expect(reply.status).toBe(200);
    });
  });

  describe('records', () => {
    let t: Target;
    let token: string;
    beforeAll(async () => {
      t = await start();
      ({ token } = await login(t, { email: 'ann@example.com' }));
    });
    beforeEach(() => t.mock.store.reset());
    afterAll(() => t.close());

    const create = async (json: unknown) => {
      const reply = await call(t, 'POST', '/rest/things', { token, json });
      expect(reply.status).toBe(201);
      return reply.body;
    };

    it('POST one: 201 with the record and every system field', async () => {
      const rec = await create({ title: 'Buy Milk', done: false });
      expect(rec).toMatchObject({ title: 'Buy Milk', done: false, _createdby: 'ann@example.com', _changedby: 'ann@example.com', _version: 0 });
      expect(rec._id).toMatch(/^[0-9a-f]{24}$/);
      expect(rec._created).toMatch(ISO);
      expect(rec._changed).toBe(rec._created);
      expect(rec._keywords).toEqual(expect.arrayContaining(['buy', 'milk']));
      expect(rec._tags.split(' ').sort()).toEqual([...rec._keywords].sort());
    });

    it('POST with the API key records _createdby "api"; clients cannot set system fields', async () => {
      const reply = await call(t, 'POST', '/rest/things', { apiKey: t.apiKey, json: { title: 'x', _id: 'ffffffffffffffffffffffff', _version: 9, _createdby: 'eve' } });
      expect(reply.body._createdby).toBe('api');
      expect(reply.body._version).toBe(0);
      expect(reply.body._id).not.toBe('ffffffffffffffffffffffff');
    });

    it('POST an array: 201 with the created records in order', async () => {
      const reply = await call(t, 'POST', '/rest/things', { token, json: [{ n: 1 }, { n: 2 }] });
      expect(reply.status).toBe(201);
      expect(reply.body.map((r: { n: number }) => r.n)).toEqual([1, 2]);
      expect(new Set(reply.body.map((r: { _id: string }) => r._id)).size).toBe(2);
      expect(t.mock.store.list('things')).toHaveLength(2);
    });

    it('GET one: _id and user fields only; metafields=true adds the system fields', async () => {
      const rec = await create({ title: 'a' });
      const plain = await call(t, 'GET', `/rest/things/${rec._id}`, { token });
      expect(plain.status).toBe(200);
      expect(plain.body).toEqual({ _id: rec._id, title: 'a' });
      const meta = await call(t, 'GET', `/rest/things/${rec._id}?metafields=true`, { token });
      expect(Object.keys(meta.body)).toEqual(expect.arrayContaining(SYSTEM));
    });

    it('GET list hides system fields unless metafields=true', async () => {
      await create({ title: 'a' });
      expect(Object.keys((await call(t, 'GET', '/rest/things', { token })).body[0]).sort()).toEqual(['_id', 'title']);
      expect(Object.keys((await call(t, 'GET', '/rest/things?metafields=true', { token })).body[0])).toEqual(expect.arrayContaining(SYSTEM));
    });

    it('PUT replaces the user fields, keeps the system fields, bumps _version and _changed', async () => {
      const rec = await create({ title: 'a', extra: 1 });
      const other = await login(t, { email: 'bob@example.com' });
      const reply = await call(t, 'PUT', `/rest/things/${rec._id}`, { token: other.token, json: { title: 'b' } });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ _id: rec._id, title: 'b', _version: 1, _created: rec._created, _createdby: 'ann@example.com', _changedby: 'bob@example.com' });
      expect(reply.body.extra).toBeUndefined();
      expect((await call(t, 'GET', `/rest/things/${rec._id}`, { token })).body).toEqual({ _id: rec._id, title: 'b' });
      const emptied = await call(t, 'PUT', `/rest/things/${rec._id}`, { token, json: {} });
      expect(emptied.body).toMatchObject({ _id: rec._id, _version: 2 });
      expect(emptied.body.title).toBeUndefined();
    });

    it('PATCH merges into the record', async () => {
      const rec = await create({ title: 'a', extra: 1 });
      const reply = await call(t, 'PATCH', `/rest/things/${rec._id}`, { token, json: { title: 'b', more: true } });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ title: 'b', extra: 1, more: true, _version: 1 });
      const again = await call(t, 'PATCH', `/rest/things/${rec._id}`, { token, json: { extra: null } });
      expect(again.body).toMatchObject({ extra: null, _version: 2 });
    });

    it('$inc, $push and $pull update in place on PATCH and PUT', async () => {
      const rec = await create({ n: 1, tags: ['a', 'b'] });
      const patched = await call(t, 'PATCH', `/rest/things/${rec._id}`, { token, json: { $inc: { n: 2 }, $push: { tags: 'c' } } });
      expect(patched.body).toMatchObject({ n: 3, tags: ['a', 'b', 'c'] });
      const put = await call(t, 'PUT', `/rest/things/${rec._id}`, { token, json: { $pull: { tags: 'a' }, $inc: { n: -1 } } });
      expect(put.body).toMatchObject({ n: 2, tags: ['b', 'c'], _version: 2 });
      const bad = await call(t, 'PATCH', `/rest/things/${rec._id}`, { token, json: { $inc: { tags: 1 } } });
      expect(bad.status).toBe(400);
      expect(bad.body.name).toBe('ValidationError');
    });

    it('DELETE by id: {result: [id]}, then 404', async () => {
      const rec = await create({ title: 'a' });
      const reply = await call(t, 'DELETE', `/rest/things/${rec._id}`, { token });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ result: [rec._id] });
      expect((await call(t, 'GET', `/rest/things/${rec._id}`, { token })).status).toBe(404);
      expect((await call(t, 'DELETE', `/rest/things/${rec._id}`, { token })).status).toBe(404);
    });

    it('unknown id: 404 {message} for GET, PUT, PATCH, DELETE', async () => {
      const id = 'aaaaaaaaaaaaaaaaaaaaaaaa';
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        const reply = await call(t, method, `/rest/things/${id}`, { token, ...(method === 'PUT' || method === 'PATCH' ? { json: { a: 1 } } : {}) });
        expect(reply.status, method).toBe(404);
        expect(typeof reply.body.message).toBe('string');
      }
    });

    it('an id that is not 24 hex: 400 naming the id', async () => {
      const reply = await call(t, 'GET', '/rest/things/123', { token });
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(/"123"/);
    });

    it('invalid field names: 400 ValidationError with a list naming each field', async () => {
      const reply = await call(t, 'POST', '/rest/things', { token, body: '{"$where":1,"a.b":2,"ok":3,"__proto__":{"x":1}}' });
      expect(reply.status).toBe(400);
      expect(reply.body.name).toBe('ValidationError');
      expect(reply.body.list.map((i: { field: string }) => i.field).sort()).toEqual(['$where', '__proto__', 'a.b']);
      expect(t.mock.store.list('things')).toHaveLength(0);
    });

    it('non-object documents: 400 ValidationError (nothing is stored from a bad array)', async () => {
      for (const json of [42, 'text', null, [], [{ a: 1 }, 5]]) {
        const reply = await call(t, 'POST', '/rest/things', { token, json });
        expect(reply.status, JSON.stringify(json)).toBe(400);
        expect(reply.body.name).toBe('ValidationError');
      }
      expect(t.mock.store.list('things')).toHaveLength(0);
    });

    it('non-JSON and empty bodies: 400 {message}', async () => {
      const rec = await create({ a: 1 });
      for (const [method, path] of [['POST', '/rest/things'], ['PUT', `/rest/things/${rec._id}`], ['PATCH', `/rest/things/${rec._id}`]] as const) {
        for (const body of ['not json', '{"a":', '']) {
          const reply = await call(t, method, path, { token, body, headers: { 'content-type': 'application/json' } });
          expect(reply.status, `${method} ${body}`).toBe(400);
          expect(typeof reply.body.message).toBe('string');
        }
      }
    });

    it('wrong method for the path: 405; unknown path: 404 JSON', async () => {
      expect((await call(t, 'PUT', '/rest/things', { token, json: {} })).status).toBe(405);
      expect((await call(t, 'POST', '/rest/things/aaaaaaaaaaaaaaaaaaaaaaaa', { token, json: {} })).status).toBe(405);
      const reply = await call(t, 'GET', '/nothing/here', { token });
      expect(reply.status).toBe(404);
      expect(typeof reply.body.message).toBe('string');
    });
  });
}
