/**
 * Contract: list queries. Every `q` operator, every `h` hint, sort/dir, skip, max, filter, metafields, totals,
 * X-Pagination, and the 400s for malformed queries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, h, q, type StartTarget, type Target } from './target';

const PEOPLE = [
  { name: 'Ann', age: 30, city: 'Oslo', tags: ['a', 'b'], born: '1994-05-01T00:00:00.000Z', pets: [{ kind: 'cat', age: 3 }, { kind: 'dog', age: 9 }], address: { zip: '0150' } },
  { name: 'Bob', age: 17, city: 'Bergen', tags: ['b'], born: '2007-01-01T00:00:00.000Z', pets: [{ kind: 'dog', age: 1 }], address: { zip: '5003' } },
  { name: 'Cid', age: 45, city: 'Oslo', tags: [], born: '1979-12-24T00:00:00.000Z', pets: [], note: 'Loves JAZZ' },
  { name: 'Dee', age: 30, city: 'Trondheim', tags: ['c'], born: '1994-01-01T00:00:00.000Z' },
  { name: 'eve', age: 62, city: null, tags: ['a'], born: '1962-07-07T00:00:00.000Z', pets: [{ kind: 'cat', age: 12 }] },
];

export function queryContract(start: StartTarget): void {
  describe('list queries', () => {
    let t: Target;
    beforeAll(async () => {
      const many = Array.from({ length: 1005 }, (_, i) => ({ i }));
      t = await start({ collections: { people: PEOPLE, many } });
    });
    afterAll(() => t.close());

    const list = (search: string) => call(t, 'GET', `/rest/people?${search}`, { apiKey: t.apiKey });
    const names = async (search: string): Promise<string[]> => {
      const reply = await list(search);
      expect(reply.status, reply.text).toBe(200);
      return (reply.body as { name: string }[]).map((p) => p.name);
    };
    const where = (query: unknown) => names(q(query));

    it('returns a bare array in _id (creation) order by default', async () => {
      expect(await names('')).toEqual(['Ann', 'Bob', 'Cid', 'Dee', 'eve']);
    });

    it('implicit equality: fields, dotted paths, array membership, null', async () => {
      expect(await where({ city: 'Oslo' })).toEqual(['Ann', 'Cid']);
      expect(await where({ city: 'Oslo', age: 45 })).toEqual(['Cid']);
      expect(await where({ 'address.zip': '5003' })).toEqual(['Bob']);
      expect(await where({ tags: 'b' })).toEqual(['Ann', 'Bob']);
      expect(await where({ 'pets.kind': 'dog' })).toEqual(['Ann', 'Bob']);
      expect(await where({ city: null })).toEqual(['eve']);
      expect(await where({ address: { zip: '0150' } })).toEqual(['Ann']);
    });

    it('$not (value and operator) and $ne', async () => {
      expect(await where({ city: { $not: 'Oslo' } })).toEqual(['Bob', 'Dee', 'eve']);
      expect(await where({ age: { $not: { $gt: 30 } } })).toEqual(['Ann', 'Bob', 'Dee']);
      expect(await where({ age: { $ne: 30 } })).toEqual(['Bob', 'Cid', 'eve']);
    });

    it('$in and $nin, on scalars and arrays', async () => {
      expect(await where({ city: { $in: ['Bergen', 'Trondheim'] } })).toEqual(['Bob', 'Dee']);
      expect(await where({ tags: { $in: ['c', 'a'] } })).toEqual(['Ann', 'Dee', 'eve']);
      expect(await where({ city: { $nin: ['Oslo'] } })).toEqual(['Bob', 'Dee', 'eve']);
    });

    it('$regex with and without $options', async () => {
      expect(await where({ name: { $regex: '^[A-C]' } })).toEqual(['Ann', 'Bob', 'Cid']);
      expect(await where({ name: { $regex: '^E' } })).toEqual([]);
      expect(await where({ name: { $regex: '^E', $options: 'i' } })).toEqual(['eve']);
      expect(await where({ note: { $regex: 'jazz', $options: 'i' } })).toEqual(['Cid']);
    });

    it('$or and $and', async () => {
      expect(await where({ $or: [{ age: 17 }, { city: 'Trondheim' }] })).toEqual(['Bob', 'Dee']);
      expect(await where({ $and: [{ age: { $gte: 30 } }, { city: 'Oslo' }] })).toEqual(['Ann', 'Cid']);
    });

    it('$gt, $gte, $lt, $lte on numbers and strings', async () => {
      expect(await where({ age: { $gt: 30 } })).toEqual(['Cid', 'eve']);
      expect(await where({ age: { $gte: 30 } })).toEqual(['Ann', 'Cid', 'Dee', 'eve']);
      expect(await where({ age: { $lt: 30 } })).toEqual(['Bob']);
      expect(await where({ age: { $lte: 30 } })).toEqual(['Ann', 'Bob', 'Dee']);
      expect(await where({ name: { $gt: 'C' } })).toEqual(['Cid', 'Dee', 'eve']);
      expect(await where({ age: { $gt: 20, $lt: 40 } })).toEqual(['Ann', 'Dee']);
    });

    it('$bt is an inclusive range', async () => {
      expect(await where({ age: { $bt: [17, 30] } })).toEqual(['Ann', 'Bob', 'Dee']);
    });

    it('$exists, including arr.0 for missing or empty arrays', async () => {
      expect(await where({ note: { $exists: true } })).toEqual(['Cid']);
      expect(await where({ pets: { $exists: false } })).toEqual(['Dee']);
      expect(await where({ 'pets.0': { $exists: false } })).toEqual(['Cid', 'Dee']);
    });

    it('$elemMatch matches one element against all conditions', async () => {
      expect(await where({ pets: { $elemMatch: { kind: 'cat', age: { $gt: 5 } } } })).toEqual(['eve']);
      expect(await where({ pets: { $elemMatch: { kind: 'dog' } } })).toEqual(['Ann', 'Bob']);
      expect(await where({ tags: { $elemMatch: { $in: ['c'] } } })).toEqual(['Dee']);
    });

    it('$date compares ISO dates, also on system fields', async () => {
      expect(await where({ born: { $gt: { $date: '1990-01-01' } } })).toEqual(['Ann', 'Bob', 'Dee']);
      expect(await where({ born: { $bt: [{ $date: '1994-01-01' }, { $date: '1994-12-31' }] } })).toEqual(['Ann', 'Dee']);
      expect(await where({ born: { $date: '1994-01-01T00:00:00.000Z' } })).toEqual(['Dee']);
      expect(await where({ _created: { $gt: { $date: '2000-01-01' } } })).toHaveLength(5);
      expect(await where({ _created: { $lt: { $date: '2000-01-01' } } })).toEqual([]);
    });

    it('filter searches the text of every user field, ignoring case', async () => {
      expect(await names('filter=oslo')).toEqual(['Ann', 'Cid']);
      expect(await names('filter=JAZZ')).toEqual(['Cid']);
      expect(await names(`filter=oslo&${q({ age: 45 })}`)).toEqual(['Cid']);
    });

    it('sort and dir, repeatable; ties fall back to _id; null sorts first', async () => {
      expect(await names('sort=age&dir=-1')).toEqual(['eve', 'Cid', 'Ann', 'Dee', 'Bob']);
      expect(await names('sort=age&sort=name&dir=1&dir=-1')).toEqual(['Bob', 'Dee', 'Ann', 'Cid', 'eve']);
      expect(await names('sort=city')).toEqual(['eve', 'Bob', 'Ann', 'Cid', 'Dee']);
      expect(await names('sort=name')).toEqual(['Ann', 'Bob', 'Cid', 'Dee', 'eve']);
    });

    it('skip and max page the result', async () => {
      expect(await names('skip=1&max=2')).toEqual(['Bob', 'Cid']);
      expect(await names('skip=10')).toEqual([]);
      expect(await names('max=0')).toEqual([]);
    });

    it('hints $orderby, $max, $skip, and they override sort/dir, max, skip', async () => {
      expect(await names(h({ $orderby: { age: -1, name: 1 } }))).toEqual(['eve', 'Cid', 'Ann', 'Dee', 'Bob']);
      expect(await names(h({ $max: 2, $skip: 1 }))).toEqual(['Bob', 'Cid']);
      expect(await names(`sort=name&dir=-1&max=1&skip=3&${h({ $orderby: { age: 1 }, $max: 3, $skip: 0 })}`)).toEqual(['Bob', 'Ann', 'Dee']);
    });

    it('hint $fields includes or excludes fields; _id stays unless 0', async () => {
      const inc = await list(h({ $fields: { name: 1 } }));
      expect(inc.body[0]).toEqual({ _id: expect.any(String), name: 'Ann' });
      expect((await list(h({ $fields: { name: 1, _id: 0 } }))).body[0]).toEqual({ name: 'Ann' });
      const exc = await list(h({ $fields: { pets: 0, address: 0, born: 0, tags: 0 } }));
      expect(Object.keys(exc.body[0]).sort()).toEqual(['_id', 'age', 'city', 'name']);
    });

    it('totals=true answers {data, totals}; X-Pagination carries the same object', async () => {
      const reply = await list(`totals=true&skip=1&max=2&${q({ age: { $gte: 17 } })}`);
      expect(reply.body.totals).toEqual({ total: 5, count: 2, skip: 1, max: 2 });
      expect(reply.body.data.map((p: { name: string }) => p.name)).toEqual(['Bob', 'Cid']);
      expect(JSON.parse(reply.headers.get('x-pagination') ?? 'null')).toEqual(reply.body.totals);
      const plain = await list(q({ city: 'Oslo' }));
      expect(JSON.parse(plain.headers.get('x-pagination') ?? 'null')).toEqual({ total: 2, count: 2, skip: 0, max: 1000 });
    });

    it('max defaults to 1000', async () => {
      const reply = await call(t, 'GET', '/rest/many?totals=true', { apiKey: t.apiKey });
      expect(reply.body.data).toHaveLength(1000);
      expect(reply.body.totals).toEqual({ total: 1005, count: 1000, skip: 0, max: 1000 });
      expect((await call(t, 'GET', '/rest/many?max=2000', { apiKey: t.apiKey })).body).toHaveLength(1005);
    });

    it.each([
      ['malformed JSON in q', 'q={name:', /q/],
      ['malformed JSON in h', 'h=[1', /h/],
      ['an unknown operator', q({ age: { $foo: 1 } }), /\$foo/],
      ['an unknown top-level operator', q({ $nor: [{ a: 1 }] }), /\$nor/],
      ['q that is not an object', 'q=[1,2]', /q/],
      ['an unknown hint', h({ $bar: 1 }), /\$bar/],
      ['$in without an array', q({ age: { $in: 3 } }), /\$in/],
      ['an invalid regular expression', q({ name: { $regex: '(' } }), /regular expression/],
      ['a catastrophic (nested-quantifier) regex', q({ name: { $regex: '(a+)+$' } }), /nested quantifier/],
      ['$options without $regex', q({ name: { $options: 'i' } }), /\$options/],
      ['operators mixed with fields', q({ age: { $gt: 1, x: 2 } }), /mix/],
      ['an invalid $date', q({ born: { $gt: { $date: 'not a date' } } }), /\$date/],
      ['$bt without two bounds', q({ age: { $bt: [1] } }), /\$bt/],
      ['$or without an array', q({ $or: { a: 1 } }), /\$or/],
      ['a negative max', 'max=-1', /max/],
      ['a non-numeric skip', 'skip=abc', /skip/],
      ['a fractional $max', h({ $max: 1.5 }), /\$max/],
      ['a bad dir', 'sort=age&dir=2', /dir/],
      ['$fields mixing 1 and 0', h({ $fields: { name: 1, age: 0 } }), /\$fields/],
      ['a bad metafields value', 'metafields=maybe', /metafields/],
      ['groupby (not supported)', 'groupby=city', /groupby/],
    ])('400 for %s, with a message naming it', async (_name, search, pattern) => {
      const reply = await list(search);
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(pattern);
    });
  });
}
