/**
 * The mock's data controls and option validation, through the public entry (requests go through `mock.fetch`).
 */
import { describe, expect, it } from 'vitest';
import { createRestdbMock } from '../../src/mock/index';

const ID = '5f1d7c3e9b1e8a0012345678';

describe('store controls', () => {
  it('seed keeps valid _ids and _createdby, fills in the other system fields', () => {
    const mock = createRestdbMock();
    mock.store.seed({ notes: [{ _id: ID.toUpperCase(), text: 'a', _createdby: 'ann@example.com' }, { _id: 'bad', text: 'b' }] });
    const [a, b] = mock.store.list('notes');
    expect(a).toMatchObject({ _id: ID, text: 'a', _createdby: 'ann@example.com', _changedby: 'ann@example.com', _version: 0 });
    expect(b?.['_id']).toMatch(/^[0-9a-f]{24}$/);
    expect(b?.['_id']).not.toBe('bad');
    expect(b?.['_createdby']).toBe('api');
    expect(mock.store.get('notes', ID)?.['text']).toBe('a');
    expect(mock.store.collections()).toEqual(expect.arrayContaining(['users', 'notes']));
  });

  it('reset drops writes and restores the collections option', async () => {
    const mock = createRestdbMock({ collections: { todos: [{ title: 'seeded' }] } });
    const post = new Request(`${mock.url}/rest/todos`, { method: 'POST', headers: { 'x-apikey': mock.apiKey }, body: '{"title":"new"}' });
    expect((await mock.fetch(post)).status).toBe(201);
    mock.store.seed({ other: [{ x: 1 }] });
    expect(mock.store.list('todos')).toHaveLength(2);
    mock.store.reset();
    expect(mock.store.list('todos').map((r) => r['title'])).toEqual(['seeded']);
    expect(mock.store.collections()).not.toContain('other');
  });

  it('list and get return copies', () => {
    const mock = createRestdbMock({ collections: { todos: [{ title: 'a', tags: ['x'] }] } });
    const [first] = mock.store.list('todos');
    (first?.['tags'] as string[]).push('changed');
    const id = first?.['_id'] as string;
    const got = mock.store.get('todos', id);
    if (got) got['title'] = 'changed';
    expect(mock.store.get('todos', id)).toMatchObject({ title: 'a', tags: ['x'] });
    expect(mock.store.get('todos', 'ffffffffffffffffffffffff')).toBeUndefined();
  });

  it('fetch answers only its two origins', async () => {
    const mock = createRestdbMock({ url: 'http://db.local:9000/ignored/path' });
    expect(mock.url).toBe('http://db.local:9000');
    const reply = await mock.fetch(new Request('https://elsewhere.test/rest/x'));
    expect(reply.status).toBe(404);
    expect((await mock.fetch(new Request(`${mock.idpUrl}/.well-known/jwks.json`))).status).toBe(200);
  });

  it('rejects invalid options', () => {
    expect(() => createRestdbMock({ url: 'not a url' })).toThrow(TypeError);
    expect(() => createRestdbMock({ tokenTtlSeconds: 0 })).toThrow(/tokenTtlSeconds/);
    expect(() => createRestdbMock({ bodyLimitBytes: -1 })).toThrow(/bodyLimitBytes/);
  });

  it('bodyLimitBytes sets the 413 threshold', async () => {
    const mock = createRestdbMock({ bodyLimitBytes: 64 });
    const send = (size: number) =>
      mock.fetch(new Request(`${mock.url}/rest/t`, { method: 'POST', headers: { 'x-apikey': mock.apiKey }, body: JSON.stringify({ s: 'x'.repeat(size) }) }));
    expect((await send(10)).status).toBe(201);
    expect((await send(100)).status).toBe(413);
  });

  it('the request log keeps the latest 10,000 entries', async () => {
    const mock = createRestdbMock();
    for (let i = 0; i <= 11_000; i += 1) await mock.fetch(new Request(`${mock.url}/nothing?i=${i}`));
    const entries = mock.requests.entries();
    expect(entries).toHaveLength(10_000);
    expect(entries.at(-1)?.search).toBe('?i=11000');
    expect(entries[0]?.search).toBe('?i=1001');
  });
});
