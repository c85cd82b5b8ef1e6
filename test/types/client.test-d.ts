import { describe, expectTypeOf, it } from 'vitest';
import {
  RestdbClient,
  createRestdbClient,
  type Auth0Like,
  type Filter,
  type PageWithTotals,
  type RestdbAuthEvent,
  type RestdbAuthStatus,
  type RestdbCollection,
  type RestdbRecord,
  type RestdbSession,
  type RestdbSignOutReason,
} from '../../src/index';
import { createRestdbMock } from '../../src/mock/index';

interface Todo {
  title: string;
  done: boolean;
  priority?: number;
  tags: string[];
  due?: string;
  owner?: { name: string; age: number };
}
interface Schema {
  todos: Todo;
  notes: { text: string };
}

declare const auth0: Auth0Like;
const db = new RestdbClient<Schema>({ url: 'https://db.restdb.test', auth0 });
const todos = db.collection('todos');

describe('typed collections', () => {
  it('collection(name) is typed from the schema', () => {
    expectTypeOf(todos).toEqualTypeOf<RestdbCollection<Todo>>();
    expectTypeOf(db.collection('notes').get('0123456789abcdef01234567')).resolves.toEqualTypeOf<RestdbRecord<{ text: string }>>();
    expectTypeOf(todos.find()).resolves.toEqualTypeOf<RestdbRecord<Todo>[]>();
    expectTypeOf(todos.findWithTotals()).resolves.toEqualTypeOf<PageWithTotals<RestdbRecord<Todo>>>();
    expectTypeOf(todos.count()).resolves.toBeNumber();
    expectTypeOf(todos.delete('0123456789abcdef01234567')).resolves.toEqualTypeOf<string[]>();
    expectTypeOf<RestdbRecord<Todo>['_id']>().toBeString();
    expectTypeOf<RestdbRecord<Todo>['_version']>().toEqualTypeOf<number | undefined>();
  });

  it('unknown collection names do not compile', () => {
    // @ts-expect-error 'todo' is not in the schema
    db.collection('todo');
    // Without a schema any name is accepted.
    new RestdbClient({ url: 'https://db.restdb.test', auth0 }).collection('anything');
  });

  it('records and patches are checked against the schema', () => {
    void todos.create({ title: 'a', done: false, tags: [] });
    // @ts-expect-error done must be boolean
    void todos.create({ title: 'a', done: 'no', tags: [] });
    // @ts-expect-error title is required on create
    void todos.create({ done: false, tags: [] });
    void todos.patch('0123456789abcdef01234567', { done: true });
    // @ts-expect-error unknown field
    void todos.patch('0123456789abcdef01234567', { finished: true });
  });

  it('q is typed against the record fields and operators', () => {
    void todos.find({ q: { done: false, priority: { $gte: 2, $lt: 5 }, title: { $regex: '^a' } } });
    void todos.find({ q: { $or: [{ done: true }, { tags: { $in: ['x'] } }], _created: { $gt: { $date: '2024-01-01' } } } });
    void todos.find({ q: { tags: 'x', 'owner.name': 'Ann', priority: { $bt: [1, 3] }, due: { $exists: true } } });
    void todos.find({ q: { owner: { $exists: true } }, sort: ['priority', '_id'], dir: [-1, 1], fields: ['title'], h: { $orderby: { title: 1 } } });
    // @ts-expect-error done is boolean, not string
    void todos.find({ q: { done: 'yes' } });
    // @ts-expect-error no such field
    void todos.find({ q: { titel: 'x' } });
    // @ts-expect-error $regex only applies to string fields
    void todos.find({ q: { priority: { $regex: '1' } } });
    // @ts-expect-error $gt on a number field takes a number
    void todos.find({ q: { priority: { $gt: 'high' } } });
    // @ts-expect-error $in takes an array of the field type
    void todos.find({ q: { done: { $in: ['x'] } } });
    // @ts-expect-error sort takes a field name
    void todos.find({ sort: 'nope' });
    expectTypeOf<Filter<Todo>>().toHaveProperty('$or');
  });

  it('every method takes { signal, timeout } last', () => {
    const opts = { signal: new AbortController().signal, timeout: 1000 };
    void todos.get('0123456789abcdef01234567', opts);
    void todos.find({}, opts);
    void todos.delete('0123456789abcdef01234567', opts);
    void todos.iterate({}, { ...opts, pageSize: 10 });
    // @ts-expect-error timeout is a number
    void todos.get('0123456789abcdef01234567', { timeout: '1s' });
  });
});

describe('client surface', () => {
  it('session, status and events are typed', () => {
    expectTypeOf(db.status).toEqualTypeOf<RestdbAuthStatus>();
    expectTypeOf(db.getSession()).toEqualTypeOf<RestdbSession | null>();
    expectTypeOf(db.getToken()).resolves.toBeString();
    expectTypeOf(db.clockSkewMs).toBeNumber();
    db.onAuthStateChange((event, session, details) => {
      expectTypeOf(event).toEqualTypeOf<RestdbAuthEvent>();
      expectTypeOf(session).toEqualTypeOf<RestdbSession | null>();
      expectTypeOf(details.reason).toEqualTypeOf<RestdbSignOutReason | undefined>();
    });
    expectTypeOf(db.onAuthStateChange).returns.toEqualTypeOf<() => void>();
    expectTypeOf(createRestdbClient<Schema>).returns.resolves.toEqualTypeOf<RestdbClient<Schema>>();
  });

  it('the mock fake Auth0 client and options objects both fit `auth0`', () => {
    new RestdbClient({ url: 'https://db.restdb.test', auth0: createRestdbMock().auth0Client() });
    new RestdbClient({ url: 'https://db.restdb.test', auth0: { domain: 'x.auth0.com', clientId: 'abc' } });
    void db.logout({ openUrl: false });
    void db.login({ signup: true, appState: { to: '/' } });
  });
});
