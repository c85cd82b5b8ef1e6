/**
 * The app's data access: the private `todos` collection through the SDK's typed collection API.
 * Filters and counts are restdb queries (`q`), evaluated by the database, not in the page.
 */
import type { Client, Todo } from './sdk';

/** Which to-dos the list shows. */
export type Filter = 'all' | 'active' | 'done';

/** The filters in display order. */
export const FILTERS: readonly Filter[] = ['all', 'active', 'done'];

/** A stored to-do: the record plus its id. */
export type TodoRecord = Todo & { _id: string };

/** How many to-dos each filter matches. */
export interface Counts {
  all: number;
  active: number;
  done: number;
}

/** The restdb query (`q`) for a filter. */
export function queryFor(filter: Filter): { q?: Partial<Todo> } {
  if (filter === 'active') return { q: { done: false } };
  if (filter === 'done') return { q: { done: true } };
  return {};
}

/** CRUD on the signed-in user's to-dos. */
export class TodoStore {
  readonly #client: Client;

  /** @param client a signed-in (or restoring) client; calls wait for its token. */
  constructor(client: Client) {
    this.#client = client;
  }

  #todos() {
    return this.#client.collection('todos');
  }

  /** The to-dos matching the filter, oldest first. */
  async list(filter: Filter, signal?: AbortSignal): Promise<TodoRecord[]> {
    const records = await this.#todos().find(
      { ...queryFor(filter), sort: '_id', dir: 1 },
      signal ? { signal } : {},
    );
    return records.map((r) => ({ _id: r._id, text: String(r.text ?? ''), done: r.done === true }));
  }

  /** Counts for every filter, from two `count` queries run in parallel. */
  async counts(signal?: AbortSignal): Promise<Counts> {
    const options = signal ? { signal } : {};
    const [all, active] = await Promise.all([
      this.#todos().count({}, options),
      this.#todos().count(queryFor('active'), options),
    ]);
    return { all, active, done: all - active };
  }

  /** Adds an open to-do. */
  async add(text: string): Promise<void> {
    await this.#todos().create({ text, done: false });
  }

  /** Marks a to-do done or open (PATCH: only the changed field is sent). */
  async setDone(id: string, done: boolean): Promise<void> {
    await this.#todos().patch(id, { done });
  }

  /** Changes a to-do's text. */
  async rename(id: string, text: string): Promise<void> {
    await this.#todos().patch(id, { text });
  }

  /** Deletes a to-do. */
  async remove(id: string): Promise<void> {
    await this.#todos().delete(id);
  }
}
