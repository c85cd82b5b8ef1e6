/**
 * The in-memory database: named collections of records carrying restdb's system fields.
 * Pure data logic; HTTP, credentials and ownership checks live in `restdb/`.
 */
import { keywordsOf } from './keywords';
import { createObjectIdGenerator, isObjectId } from './object-id';

/** A stored record: user fields plus restdb's system fields. */
export type MockRecord = Record<string, unknown>;

/** Seed data: records by collection name. */
export type SeedData = Record<string, readonly Record<string, unknown>[]>;

/** Names of the fields restdb maintains itself; clients cannot set them. */
export const SYSTEM_FIELDS: ReadonlySet<string> = new Set([
  '_id',
  '_created',
  '_changed',
  '_createdby',
  '_changedby',
  '_version',
  '_keywords',
  '_tags',
  '_mock',
]);

/** The mutable in-memory database behind one mock. */
export interface Store {
  /** Names of the collections that exist (seeded, predefined or written to). */
  collections(): string[];
  /** Records of a collection in insertion order: a shared snapshot of the live objects (callers must not mutate either). */
  all(collection: string): readonly MockRecord[];
  /** One live record, or undefined. */
  find(collection: string, id: string): MockRecord | undefined;
  /** Adds a record; `by` becomes `_createdby`/`_changedby`. */
  insert(collection: string, fields: Record<string, unknown>, by: string): MockRecord;
  /** Replaces a record's user fields, keeping its system fields; undefined when it does not exist. */
  replace(collection: string, id: string, fields: Record<string, unknown>, by: string): MockRecord | undefined;
  /** Deletes a record; false when it did not exist. */
  remove(collection: string, id: string): boolean;
  /** Adds seed records, keeping valid `_id`s and any `_createdby` they carry. */
  seed(data: SeedData): void;
  /** Drops every record, then loads `initial` again. */
  reset(): void;
}

/** Returns only the user fields of a record (everything but the system fields). */
export function userFields(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!SYSTEM_FIELDS.has(key)) out[key] = value;
  return out;
}

/**
 * Creates a store.
 *
 * @param options.now - epoch-ms clock for `_created`/`_changed` and ObjectIds.
 * @param options.initial - seed data loaded now and again on every `reset()`.
 * @param options.predefined - collections that always exist, even when empty (restdb's `users`).
 */
export function createStore(options: {
  now: () => number;
  initial?: SeedData | undefined;
  predefined?: readonly string[];
}): Store {
  const { now } = options;
  const nextId = createObjectIdGenerator(now);
  const data = new Map<string, Map<string, MockRecord>>();
  // Snapshot arrays of each collection, rebuilt lazily after a write (lists read far more often than they write).
  const snapshots = new Map<string, readonly MockRecord[]>();

  const collection = (name: string): Map<string, MockRecord> => {
    snapshots.delete(name);
    let records = data.get(name);
    if (!records) {
      records = new Map();
      data.set(name, records);
    }
    return records;
  };

  const build = (fields: Record<string, unknown>, system: Record<string, unknown>): MockRecord => {
    const user = userFields(fields);
    const keywords = keywordsOf(user);
    return { _id: system['_id'], ...user, ...system, _keywords: keywords, _tags: keywords.join(' ') };
  };

  const insert = (name: string, fields: Record<string, unknown>, by: string): MockRecord => {
    const stamp = new Date(now()).toISOString();
    const record = build(fields, {
      _id: nextId(),
      _created: stamp,
      _changed: stamp,
      _createdby: by,
      _changedby: by,
      _version: 0,
    });
    collection(name).set(record['_id'] as string, record);
    return record;
  };

  const seed = (seedData: SeedData): void => {
    for (const [name, records] of Object.entries(seedData)) {
      const target = collection(name);
      for (const raw of records) {
        const stamp = new Date(now()).toISOString();
        const id = isObjectId(raw['_id']) ? (raw['_id'] as string).toLowerCase() : nextId();
        const pick = (key: string, fallback: unknown): unknown => (raw[key] === undefined ? fallback : raw[key]);
        const record = build(structuredClone(raw), {
          _id: id,
          _created: pick('_created', stamp),
          _changed: pick('_changed', pick('_created', stamp)),
          _createdby: pick('_createdby', 'api'),
          _changedby: pick('_changedby', pick('_createdby', 'api')),
          _version: typeof raw['_version'] === 'number' ? raw['_version'] : 0,
        });
        target.set(id, record);
      }
    }
  };

  const reset = (): void => {
    data.clear();
    snapshots.clear();
    for (const name of options.predefined ?? []) collection(name);
    if (options.initial) seed(options.initial);
  };
  reset();

  return {
    collections: () => [...data.keys()],
    all: (name) => {
      let snapshot = snapshots.get(name);
      if (!snapshot) {
        snapshot = [...(data.get(name)?.values() ?? [])];
        snapshots.set(name, snapshot);
      }
      return snapshot;
    },
    find: (name, id) => data.get(name)?.get(id.toLowerCase()),
    insert,
    replace(name, id, fields, by) {
      const records = data.get(name);
      const current = records?.get(id.toLowerCase());
      if (!records || !current) return undefined;
      const record = build(fields, {
        _id: current['_id'],
        _created: current['_created'],
        _changed: new Date(now()).toISOString(),
        _createdby: current['_createdby'],
        _changedby: by,
        _version: (typeof current['_version'] === 'number' ? current['_version'] : 0) + 1,
      });
      records.set(record['_id'] as string, record);
      snapshots.delete(name);
      return record;
    },
    remove: (name, id) => {
      snapshots.delete(name);
      return data.get(name)?.delete(id.toLowerCase()) ?? false;
    },
    seed,
    reset,
  };
}
