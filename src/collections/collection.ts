import type { RestdbCallOptions, Send, SendInit, TokenSource } from '../http/http';
import { RestdbConfigError } from '../errors/RestdbConfigError';
import { toSearchParams } from './query';
import type { PageWithTotals, Query, RestdbRecord } from './types';
import { checkCollectionName, checkId } from './validate';

/** Options of {@link RestdbCollection.iterate}. */
export interface IterateOptions extends RestdbCallOptions {
  /**
   * Records per request, a positive integer.
   * @default 100
   */
  pageSize?: number;
}

/**
 * Typed CRUD over one restdb collection (`/rest/<name>`). Get one from `client.collection(name)`.
 * Every method takes a last optional `{ signal, timeout }` and rejects with a `RestdbError`.
 *
 * @example
 * ```ts
 * const todos = db.collection('todos');
 * const open = await todos.find({ q: { done: false }, sort: 'priority', dir: -1, max: 20 });
 * const created = await todos.create({ title: 'Write docs', done: false });
 * await todos.patch(created._id, { done: true });
 * ```
 */
export interface RestdbCollection<T extends object> {
  /** The collection name. */
  readonly name: string;

  /**
   * Lists records matching a query.
   * @param query - filter, hints, sort, paging, fields
   * @param opts - signal and timeout
   */
  find(query?: Query<T>, opts?: RestdbCallOptions): Promise<RestdbRecord<T>[]>;

  /**
   * Lists records with restdb's totals (`totals=true`).
   * @param query - as for {@link RestdbCollection.find}
   * @param opts - signal and timeout
   */
  findWithTotals(query?: Query<T>, opts?: RestdbCallOptions): Promise<PageWithTotals<RestdbRecord<T>>>;

  /**
   * Iterates over all matching records page by page (each step yields one page), starting at `query.h.$skip`
   * or else `query.skip`. Stops after a short page; abort with `opts.signal`.
   * @param query - filter, sort etc. (`max` and `h.$max` are replaced by `pageSize`, the paging sets the skip)
   * @param opts - page size, signal, timeout per page
   * @throws {@link RestdbConfigError} `invalid_argument` (on the first step, no request made) unless `pageSize`
   * is a positive integer
   */
  iterate(query?: Query<T>, opts?: IterateOptions): AsyncGenerator<RestdbRecord<T>[], void, undefined>;

  /**
   * Counts matching records (restdb has no count parameter: asks for one `_id` with totals and returns `total`).
   * @param query - the filter (`q`, `filter`)
   * @param opts - signal and timeout
   */
  count(query?: Pick<Query<T>, 'q' | 'filter'>, opts?: RestdbCallOptions): Promise<number>;

  /**
   * Reads one record.
   * @param id - 24-hex ObjectId
   * @param opts - signal and timeout
   * @throws `RestdbHttpError` 404 when absent; `RestdbConfigError` for a malformed id (no request made)
   */
  get(id: string, opts?: RestdbCallOptions): Promise<RestdbRecord<T>>;

  /**
   * Creates a record; resolves to it with `_id` and system fields.
   * @param record - the fields
   * @param opts - signal and timeout
   */
  create(record: T, opts?: RestdbCallOptions): Promise<RestdbRecord<T>>;

  /**
   * Creates several records in one request (restdb accepts an array body).
   * @param records - the records
   * @param opts - signal and timeout
   */
  createMany(records: T[], opts?: RestdbCallOptions): Promise<RestdbRecord<T>[]>;

  /**
   * Replaces a record's fields (`PUT`).
   * @param id - 24-hex ObjectId
   * @param record - the full record
   * @param opts - signal and timeout
   */
  update(id: string, record: T, opts?: RestdbCallOptions): Promise<RestdbRecord<T>>;

  /**
   * Changes some fields (`PATCH`).
   * @param id - 24-hex ObjectId
   * @param fields - the fields to change
   * @param opts - signal and timeout
   */
  patch(id: string, fields: Partial<T>, opts?: RestdbCallOptions): Promise<RestdbRecord<T>>;

  /**
   * Deletes a record; resolves to the deleted ids (restdb's `{ result: [id] }`).
   * @param id - 24-hex ObjectId
   * @param opts - signal and timeout
   */
  delete(id: string, opts?: RestdbCallOptions): Promise<string[]>;
}

/**
 * Creates the collection object: plain closures over the transport (they minify better than a class with
 * private fields, and no method needs `this`, so `const { find } = todos` works).
 * @param send - transport
 * @param auth - the session's token source
 * @param name - collection name (validated)
 * @throws {@link RestdbConfigError} for an invalid name
 */
export function createCollection<T extends object>(send: Send, auth: TokenSource, name: string): RestdbCollection<T> {
  checkCollectionName(name);
  // Async, so a malformed id rejects the returned promise instead of throwing synchronously.
  // The result type `R` is inferred from the method signature each call implements.
  const call = async <R>(method: string, id: string | undefined, init: SendInit | undefined): Promise<R> =>
    send(method, `rest/${name}${id === undefined ? '' : `/${checkId(id)}`}`, { ...init, auth }) as Promise<R>;
  // create and createMany send the same request (restdb takes one record or an array).
  const post = <R>(json: unknown, opts?: RestdbCallOptions): Promise<R> => call('POST', undefined, { ...opts, json });
  const c: RestdbCollection<T> = {
    name,
    find: (query, opts) => call('GET', undefined, { ...opts, searchParams: toSearchParams(query) }),
    findWithTotals: (query, opts) => call('GET', undefined, { ...opts, searchParams: toSearchParams(query, true) }),
    async *iterate(query = {}, { pageSize = 100, ...opts } = {}) {
      if (!Number.isInteger(pageSize) || pageSize < 1) throw new RestdbConfigError(`Invalid pageSize ${pageSize}: expected an integer >= 1`, 'invalid_argument');
      // restdb's hints override skip/max: drop them, or every page would be the same one.
      const { $skip, $max, ...h } = query.h ?? {};
      for (let skip = $skip ?? query.skip ?? 0; ; skip += pageSize) {
        const page = await c.find({ ...query, h, skip, max: pageSize }, opts);
        if (page.length) yield page;
        if (page.length < pageSize) return;
      }
    },
    count: async (query, opts) => (await c.findWithTotals({ ...query, max: 1, h: { $fields: { _id: 1 } } }, opts)).totals.total,
    get: (id, opts) => call('GET', id, opts),
    create: post,
    createMany: post,
    update: (id, record, opts) => call('PUT', id, { ...opts, json: record }),
    patch: (id, fields, opts) => call('PATCH', id, { ...opts, json: fields }),
    delete: async (id, opts) => (await call<{ result?: string[] } | undefined>('DELETE', id, opts))?.result ?? [id],
  };
  return c;
}
