/**
 * Contract: private-data collections, the predefined users collection, and delete by query.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, login, q, type StartTarget, type Target } from './target';

export function accessContract(start: StartTarget): void {
  describe('private data', () => {
    let t: Target;
    let ann: string;
    let bob: string;
    beforeAll(async () => {
      t = await start({ privateCollections: ['notes'], collections: { notes: [{ text: 'seeded by ann', _createdby: 'ann@example.com' }] } });
      ann = (await login(t, { email: 'ann@example.com' })).token;
      bob = (await login(t, { email: 'bob@example.com' })).token;
    });
    beforeEach(() => t.mock.store.reset());
    afterAll(() => t.close());

    it('users see only the records they created; the API key sees all', async () => {
      const created = await call(t, 'POST', '/rest/notes', { token: bob, json: { text: 'bob note' } });
      expect(created.body._createdby).toBe('bob@example.com');
      const annList = await call(t, 'GET', '/rest/notes?totals=true', { token: ann });
      expect(annList.body.data.map((n: { text: string }) => n.text)).toEqual(['seeded by ann']);
      expect(annList.body.totals.total).toBe(1);
      expect((await call(t, 'GET', '/rest/notes', { token: bob })).body.map((n: { text: string }) => n.text)).toEqual(['bob note']);
      expect((await call(t, 'GET', '/rest/notes', { apiKey: t.apiKey })).body).toHaveLength(2);
    });

    it("another user's record is a 404 for GET, PUT, PATCH and DELETE, and stays unchanged", async () => {
      const id = t.mock.store.list('notes')[0]?.['_id'] as string;
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        const reply = await call(t, method, `/rest/notes/${id}`, { token: bob, ...(method === 'PUT' || method === 'PATCH' ? { json: { text: 'hacked' } } : {}) });
        expect(reply.status, method).toBe(404);
        expect(reply.text).not.toContain('seeded by ann');
      }
      expect(t.mock.store.get('notes', id)?.['text']).toBe('seeded by ann');
      expect((await call(t, 'GET', `/rest/notes/${id}`, { token: ann })).body.text).toBe('seeded by ann');
      expect((await call(t, 'PATCH', `/rest/notes/${id}`, { token: ann, json: { text: 'edited' } })).status).toBe(200);
    });

    it('queries cannot reach other users records', async () => {
      const reply = await call(t, 'GET', `/rest/notes?${q({ _createdby: 'ann@example.com' })}`, { token: bob });
      expect(reply.body).toEqual([]);
    });

    it('collections that are not private are shared', async () => {
      await call(t, 'POST', '/rest/public', { token: ann, json: { a: 1 } });
      expect((await call(t, 'GET', '/rest/public', { token: bob })).body).toHaveLength(1);
    });
  });

  describe('the users collection', () => {
    let t: Target;
    let ann: string;
    beforeAll(async () => {
      t = await start({ collections: { users: [{ email: 'ann@example.com', name: 'Ann' }, { email: 'bob@example.com', name: 'Bob' }] } });
      ann = (await login(t, { email: 'ann@example.com' })).token;
    });
    afterAll(() => t.close());

    it('exists even when not seeded', async () => {
      const empty = await start();
      expect(empty.mock.store.collections()).toContain('users');
      expect((await call(empty, 'GET', '/rest/users', { apiKey: empty.apiKey })).body).toEqual([]);
      await empty.close();
    });

    it('a signed-in user reads only their own record', async () => {
      const list = await call(t, 'GET', '/rest/users', { token: ann });
      expect(list.body.map((u: { email: string }) => u.email)).toEqual(['ann@example.com']);
      const bobId = t.mock.store.list('users').find((u) => u['email'] === 'bob@example.com')?.['_id'] as string;
      expect((await call(t, 'GET', `/rest/users/${bobId}`, { token: ann })).status).toBe(404);
    });

    it('only the API key writes to users', async () => {
      const own = t.mock.store.list('users')[0]?.['_id'] as string;
      expect((await call(t, 'POST', '/rest/users', { token: ann, json: { email: 'eve@example.com' } })).status).toBe(403);
      expect((await call(t, 'PATCH', `/rest/users/${own}`, { token: ann, json: { roles: ['admin'] } })).status).toBe(403);
      expect((await call(t, 'DELETE', `/rest/users/${own}`, { token: ann })).status).toBe(403);
      expect((await call(t, 'PATCH', `/rest/users/${own}`, { apiKey: t.apiKey, json: { roles: ['external'] } })).body.roles).toEqual(['external']);
    });
  });

  describe('DELETE /rest/<collection>/*', () => {
    let t: Target;
    let token: string;
    beforeAll(async () => {
      t = await start({ collections: { items: [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }] } });
      token = (await login(t)).token;
    });
    beforeEach(() => t.mock.store.reset());
    afterAll(() => t.close());

    it('is refused for signed-in users (403), deleting nothing', async () => {
      const reply = await call(t, 'DELETE', `/rest/items/*?${q({ n: { $gt: 0 } })}`, { token });
      expect(reply.status).toBe(403);
      expect(reply.body.message).toMatch(/API key/);
      expect(t.mock.store.list('items')).toHaveLength(4);
    });

    it('deletes the records matching ?q= with the API key', async () => {
      const reply = await call(t, 'DELETE', `/rest/items/*?${q({ n: { $gte: 3 } })}`, { apiKey: t.apiKey });
      expect(reply.status).toBe(200);
      expect(reply.body.result).toHaveLength(2);
      expect(t.mock.store.list('items').map((r) => r['n'])).toEqual([1, 2]);
    });

    it('deletes a JSON array of ids with the API key, skipping unknown ids', async () => {
      const ids = t.mock.store.list('items').map((r) => r['_id'] as string);
      const reply = await call(t, 'DELETE', '/rest/items/*', { apiKey: t.apiKey, json: [ids[0], ids[1], 'aaaaaaaaaaaaaaaaaaaaaaaa'] });
      expect(reply.body).toEqual({ result: [ids[0], ids[1]] });
      expect(t.mock.store.list('items')).toHaveLength(2);
    });

    it('400 without a query or id list, or with a bad query', async () => {
      expect((await call(t, 'DELETE', '/rest/items/*', { apiKey: t.apiKey })).status).toBe(400);
      expect((await call(t, 'DELETE', '/rest/items/*', { apiKey: t.apiKey, json: { n: 1 } })).status).toBe(400);
      expect((await call(t, 'DELETE', `/rest/items/*?${q({ n: { $zz: 1 } })}`, { apiKey: t.apiKey })).status).toBe(400);
      expect(t.mock.store.list('items')).toHaveLength(4);
    });
  });
}
