import { describe, expect, it } from 'vitest';
import { RestdbConfigError } from '../../src/index';
import { newMock, requestsTo, signedIn, useMsw } from './support';

const msw = useMsw();

const lastGet = (mock: Parameters<typeof requestsTo>[0]): URLSearchParams => {
  const list = requestsTo(mock, '/rest/todos', 'GET');
  return new URLSearchParams(list[list.length - 1]?.search ?? '');
};

describe('collections: CRUD', () => {
  it('create, get, update (PUT), patch (PATCH), delete, with system fields and Bearer auth', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const todos = client.collection('todos');
    const created = await todos.create({ title: 'Write tests', done: false });
    expect(created).toMatchObject({ title: 'Write tests', done: false, _version: 0 });
    expect(created._id).toMatch(/^[0-9a-f]{24}$/);
    expect(created._created).toEqual(expect.any(String));

    expect(await todos.get(created._id)).toMatchObject({ _id: created._id, title: 'Write tests' });

    const replaced = await todos.update(created._id, { title: 'Replaced', done: true });
    expect(replaced).toMatchObject({ title: 'Replaced', done: true, _version: 1 });

    const patched = await todos.patch(created._id, { done: false });
    expect(patched).toMatchObject({ title: 'Replaced', done: false, _version: 2 });

    expect(await todos.delete(created._id)).toEqual([created._id]);
    expect(mock.store.list('todos')).toHaveLength(0);

    const writes = mock.requests.entries().filter((r) => r.path.startsWith('/rest/'));
    expect(writes.map((r) => `${r.method} ${r.path.replace(created._id, ':id')}`)).toEqual([
      'POST /rest/todos', 'GET /rest/todos/:id', 'PUT /rest/todos/:id', 'PATCH /rest/todos/:id', 'DELETE /rest/todos/:id',
    ]);
    const token = client.getSession()?.token;
    for (const r of writes) expect(r.headers['authorization']).toBe(`Bearer ${token}`);
    expect(writes[0]?.body).toEqual({ title: 'Write tests', done: false });
    expect(writes[3]?.body).toEqual({ done: false });
  });

  it('createMany posts one array and returns the created records', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    const many = await todos.createMany([{ title: 'a', done: false }, { title: 'b', done: true }]);
    expect(many.map((r) => r.title)).toEqual(['a', 'b']);
    const posts = requestsTo(mock, '/rest/todos', 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual([{ title: 'a', done: false }, { title: 'b', done: true }]);
  });

  it('a missing record is a RestdbHttpError 404 naming the operation', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    const id = '0123456789abcdef01234567';
    await expect(todos.get(id)).rejects.toMatchObject({ name: 'RestdbHttpError', status: 404, code: 'http', path: `/rest/todos/${id}` });
    await expect(todos.get(id)).rejects.toThrow(`GET /rest/todos/${id} failed: 404`);
  });
});

describe('collections: queries are serialized exactly as restdb expects', () => {
  it('q, h, filter, sort/dir (repeated), skip, max, metafields, fields', async () => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    await todos.find({
      q: { done: false, priority: { $gte: 2 }, $or: [{ title: { $regex: '^a' } }, { tags: { $in: ['x'] } }] },
      h: { $orderby: { priority: -1 } },
      filter: 'milk',
      sort: ['priority', 'title'],
      dir: [-1, 1],
      skip: 10,
      max: 5,
      metafields: true,
      fields: ['title', 'done'],
    });
    const p = lastGet(mock);
    expect(JSON.parse(p.get('q') ?? '')).toEqual({ done: false, priority: { $gte: 2 }, $or: [{ title: { $regex: '^a' } }, { tags: { $in: ['x'] } }] });
    expect(JSON.parse(p.get('h') ?? '')).toEqual({ $orderby: { priority: -1 }, $fields: { title: 1, done: 1 } });
    expect(p.get('filter')).toBe('milk');
    expect(p.getAll('sort')).toEqual(['priority', 'title']);
    expect(p.getAll('dir')).toEqual(['-1', '1']);
    expect(p.get('skip')).toBe('10');
    expect(p.get('max')).toBe('5');
    expect(p.get('metafields')).toBe('true');
    expect(p.has('totals')).toBe(false);
    expect([...p.keys()]).toEqual(['q', 'h', 'filter', 'sort', 'sort', 'dir', 'dir', 'skip', 'max', 'metafields']);
  });

  it('find with no query sends no parameters; results honour q, sort and fields', async () => {
    const { mock, auth0 } = newMock(msw, { collections: { todos: [
      { title: 'b', done: false, priority: 1 }, { title: 'a', done: true, priority: 3 }, { title: 'c', done: false, priority: 2 },
    ] } });
    const todos = (await signedIn(mock, auth0)).collection('todos');
    expect(await todos.find()).toHaveLength(3);
    expect(lastGet(mock).toString()).toBe('');
    const open = await todos.find({ q: { done: false }, sort: 'priority', dir: -1, fields: ['title'] });
    expect(open.map((r) => r.title)).toEqual(['c', 'b']);
    expect(open[0]).not.toHaveProperty('priority');
  });

  it('findWithTotals and count use totals=true; count asks for a single _id', async () => {
    const { mock, auth0 } = newMock(msw, { collections: { todos: Array.from({ length: 7 }, (_, i) => ({ title: `t${i}`, done: i % 2 === 0 })) } });
    const todos = (await signedIn(mock, auth0)).collection('todos');
    const page = await todos.findWithTotals({ max: 2, skip: 1 });
    expect(page.data).toHaveLength(2);
    expect(page.totals).toEqual({ total: 7, count: 2, skip: 1, max: 2 });
    expect(lastGet(mock).get('totals')).toBe('true');

    expect(await todos.count({ q: { done: true } })).toBe(4);
    const p = lastGet(mock);
    expect(Object.fromEntries(p)).toEqual({ q: '{"done":true}', h: '{"$fields":{"_id":1}}', max: '1', totals: 'true' });
  });

  it('iterate yields pages until a short page, honouring skip and the signal', async () => {
    const { mock, auth0 } = newMock(msw, { collections: { todos: Array.from({ length: 5 }, (_, i) => ({ title: `t${i}`, done: false })) } });
    const todos = (await signedIn(mock, auth0)).collection('todos');
    const pages: string[][] = [];
    for await (const page of todos.iterate({ sort: 'title' }, { pageSize: 2 })) pages.push(page.map((r) => r.title));
    expect(pages).toEqual([['t0', 't1'], ['t2', 't3'], ['t4']]);
    expect(requestsTo(mock, '/rest/todos', 'GET').map((r) => new URLSearchParams(r.search).get('skip'))).toEqual(['0', '2', '4']);

    const ctl = new AbortController();
    const seen: number[] = [];
    await expect((async () => {
      for await (const page of todos.iterate({}, { pageSize: 1, signal: ctl.signal })) {
        seen.push(page.length);
        ctl.abort();
      }
    })()).rejects.toMatchObject({ name: 'RestdbAbortError', code: 'aborted' });
    expect(seen).toEqual([1]);
  });

  it('iterate pages past a user h.$max / h.$skip (replaced by pageSize paging; $skip is the start)', async () => {
    const { mock, auth0 } = newMock(msw, { collections: { todos: Array.from({ length: 5 }, (_, i) => ({ title: `t${i}`, done: false })) } });
    const todos = (await signedIn(mock, auth0)).collection('todos');
    const titles = async (h: { $skip?: number; $max?: number }): Promise<string[][]> => {
      const pages: string[][] = [];
      for await (const page of todos.iterate({ sort: 'title', h }, { pageSize: 2 })) {
        pages.push(page.map((r) => r.title));
        if (pages.length > 5) break;
      }
      return pages;
    };
    expect(await titles({ $max: 1 })).toEqual([['t0', 't1'], ['t2', 't3'], ['t4']]);
    expect(await titles({ $skip: 1 })).toEqual([['t1', 't2'], ['t3', 't4']]);
  });
});

describe('collections: input validation happens before any request', () => {
  it.each([0, -1, 1.5, Number.NaN, Infinity])('iterate refuses pageSize %s', async (pageSize) => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.requests.clear();
    const error = await todos.iterate({}, { pageSize }).next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestdbConfigError);
    expect(error).toMatchObject({ code: 'invalid_argument' });
    expect(mock.requests.entries()).toHaveLength(0);
  });

  it.each(['../auth/logout', 'http://evil.example/x', 'todos/../../x', 'a b', '', '%2e%2e'])('refuses collection name %j', async (name) => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    mock.requests.clear();
    expect(() => (client.collection as (n: string) => unknown)(name)).toThrow(RestdbConfigError);
    expect(mock.requests.entries()).toHaveLength(0);
  });

  it.each(['42', '../../auth/logout', '0123456789abcdef0123456z', 'http://evil.example/0123456789abcdef01234567'])('refuses id %j', async (id) => {
    const { mock, auth0 } = newMock(msw);
    const todos = (await signedIn(mock, auth0)).collection('todos');
    mock.requests.clear();
    await expect(todos.get(id)).rejects.toMatchObject({ name: 'RestdbConfigError', code: 'invalid_argument' });
    await expect(todos.delete(id)).rejects.toBeInstanceOf(RestdbConfigError);
    await expect(todos.patch(id, { done: true })).rejects.toBeInstanceOf(RestdbConfigError);
    expect(mock.requests.entries()).toHaveLength(0);
  });
});
