import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestdbClient, RestdbClient, RestdbHttpError } from '../../src/index';
import { startMockServer, type MockServer } from '../../src/mock/node';
import type { TestSchema } from './support';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, idpPort: 0, collections: { todos: [], notes: [] } });
});
afterAll(() => server.close());

describe('against the real HTTP reference server', () => {
  it('runs the whole flow: exchange, CRUD, userinfo, refresh, logout; the old token is rejected afterwards', async () => {
    const auth0 = server.mock.auth0Client({ email: 'bob@example.com', name: 'Bob' });
    const client = new RestdbClient<TestSchema>({ url: server.url, auth0 });
    await client.loginWithPopup();
    expect(client.status).toBe('signedIn');
    const todos = client.collection('todos');
    const a = await todos.create({ title: 'over HTTP', done: false });
    expect((await todos.get(a._id)).title).toBe('over HTTP');
    await todos.patch(a._id, { done: true });
    expect(await todos.count({ q: { done: true } })).toBe(1);
    expect((await client.userinfo<{ email: string }>()).email).toBe('bob@example.com');
    const before = client.getSession()!.token;
    const refreshed = await client.refresh();
    expect(refreshed.token).not.toBe(before);
    expect(await todos.delete(a._id)).toEqual([a._id]);
    const result = await client.logout({ openUrl: false });
    expect(result.revoked).toBe(true);
    const old = await fetch(`${server.url}/rest/todos`, { headers: { authorization: `Bearer ${refreshed.token}` } });
    expect(old.status).toBe(403);
  });

  it('restores silently and maps a real connection failure to RestdbNetworkError', async () => {
    const auth0 = server.mock.auth0Client();
    await auth0.controls.setUser({ email: 'carol@example.com' });
    const client = await createRestdbClient<TestSchema>({ url: server.url, auth0 });
    expect(client.status).toBe('signedIn');
    const dead = new RestdbClient<TestSchema>({ url: 'http://127.0.0.1:9', auth0, retry: false });
    await expect(dead.collection('todos').find()).rejects.toMatchObject({ name: 'RestdbNetworkError' });
    server.mock.faults.add({ path: '/rest/notes', status: 409, body: { message: 'conflict' }, times: 1 });
    await expect(client.collection('notes').create({ text: 'x' })).rejects.toBeInstanceOf(RestdbHttpError);
    client.dispose();
  });
});
