import type { RestdbCallOptions, Send, TokenSource } from '../http/http';
import { toSearchParams } from './query';
import type { PageWithTotals, Query, RestdbRecord } from './types';
import { checkCollectionName, checkId } from './validate';

/** Options of {@link RestdbCollection.iterate}. */
export interface IterateOptions extends RestdbCallOptions {
  /**
   * Records per request.
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
export class RestdbCollection<T extends object> {
  /** The collection name. */
  readonly name: string;
  #send: Send;
  #auth: TokenSource;

  /**
   * @param send - transport
   * @param auth - the session's token source
   * @param name - collection name (validated)
   * @throws {@link RestdbConfigError} for an invalid name
   */
  constructor(send: Send, auth: TokenSource, name: string) {
    this.name = checkCollectionName(name);
    this.#send = send;
    this.#auth = auth;
  }

  #call<R>(method: string, id: string | undefined, opts: RestdbCallOptions | undefined, extra: { json?: unknown; searchParams?: URLSearchParams } = {}): Promise<R> {
    try {
      const path = `rest/${this.name}${id === undefined ? '' : `/${encodeURIComponent(checkId(id))}`}`;
      return this.#send(method, path, { ...opts, ...extra, auth: this.#auth }) as Promise<R>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Lists records matching a query.
   * @param query - filter, hints, sort, paging, fields
   * @param opts - signal and timeout
   */
  find(query?: Query<T>, opts?: RestdbCallOptions): Promise<RestdbRecord<T>[]> {
    return this.#call('GET', undefined, opts, { searchParams: toSearchParams(query) });
  }

  /**
   * Lists records with restdb's totals (`totals=true`).
   * @param query - as for {@link RestdbCollection.find}
   * @param opts - signal and timeout
   */
  findWithTotals(query?: Query<T>, opts?: RestdbCallOptions): Promise<PageWithTotals<RestdbRecord<T>>> {
    return this.#call('GET', undefined, opts, { searchParams: toSearchParams(query, true) });
  }

  /**
   * Iterates over all matching records page by page (each step yields one page), starting at `query.skip`.
   * Stops after a short page; abort with `opts.signal`.
   * @param query - filter, sort etc. (`max` is replaced by `pageSize`)
   * @param opts - page size, signal, timeout per page
   */
  async *iterate(query: Query<T> = {}, opts: IterateOptions = {}): AsyncGenerator<RestdbRecord<T>[], void, undefined> {
    const { pageSize = 100, ...call } = opts;
    for (let skip = query.skip ?? 0; ; skip += pageSize) {
      const page = await this.find({ ...query, skip, max: pageSize }, call);
      if (page.length) yield page;
      if (page.length < pageSize) return;
    }
  }

  /**
   * Counts matching records (restdb has no count parameter: asks for one `_id` with totals and returns `total`).
   * @param query - the filter (`q`, `filter`)
   * @param opts - signal and timeout
   */
  async count(query: Pick<Query<T>, 'q' | 'filter'> = {}, opts?: RestdbCallOptions): Promise<number> {
    const page = await this.findWithTotals({ ...query, max: 1, h: { $fields: { _id: 1 } } }, opts);
    return page.totals.total;
  }

  /**
   * Reads one record.
   * @param id - 24-hex ObjectId
   * @param opts - signal and timeout
   * @throws `RestdbHttpError` 404 when absent; `RestdbConfigError` for a malformed id (no request made)
   */
  get(id: string, opts?: RestdbCallOptions): Promise<RestdbRecord<T>> {
    return this.#call('GET', id, opts);
  }

  /**
   * Creates a record; resolves to it with `_id` and system fields.
   * @param record - the fields
   * @param opts - signal and timeout
   */
  create(record: T, opts?: RestdbCallOptions): Promise<RestdbRecord<T>> {
    return this.#call('POST', undefined, opts, { json: record });
  }

  /**
   * Creates several records in one request (restdb accepts an array body).
   * @param records - the records
   * @param opts - signal and timeout
   */
  createMany(records: T[], opts?: RestdbCallOptions): Promise<RestdbRecord<T>[]> {
    return this.#call('POST', undefined, opts, { json: records });
  }

  /**
   * Replaces a record's fields (`PUT`).
   * @param id - 24-hex ObjectId
   * @param record - the full record
   * @param opts - signal and timeout
   */
  update(id: string, record: T, opts?: RestdbCallOptions): Promise<RestdbRecord<T>> {
    return this.#call('PUT', id, opts, { json: record });
  }

  /**
   * Changes some fields (`PATCH`).
   * @param id - 24-hex ObjectId
   * @param fields - the fields to change
   * @param opts - signal and timeout
   */
  patch(id: string, fields: Partial<T>, opts?: RestdbCallOptions): Promise<RestdbRecord<T>> {
    return this.#call('PATCH', id, opts, { json: fields });
  }

  /**
   * Deletes a record; resolves to the deleted ids (restdb's `{ result: [id] }`).
   * @param id - 24-hex ObjectId
   * @param opts - signal and timeout
   */
  async delete(id: string, opts?: RestdbCallOptions): Promise<string[]> {
    const reply = await this.#call<{ result?: string[] } | undefined>('DELETE', id, opts);
    return reply?.result ?? [id];
  }
}
