/**
 * Where the database session is kept between page loads. `memory` (the default) keeps nothing after a
 * reload (Auth0 restores the login silently instead); `sessionStorage` survives reloads of one tab;
 * `localStorage` survives restarts but is readable by any script on the origin.
 */
export type RestdbStorageOption = 'memory' | 'sessionStorage' | 'localStorage' | RestdbStorageAdapter;

/**
 * A custom synchronous key-value storage with `get`/`set`/`remove`. These are not Web Storage's method names
 * (`getItem`/`setItem`/`removeItem`): for `sessionStorage` or `localStorage`, pass the option's string name.
 */
export interface RestdbStorageAdapter {
  /** Returns the stored string or null. */
  get(key: string): string | null | undefined;
  /** Stores a string. */
  set(key: string, value: string): void;
  /** Removes a key. */
  remove(key: string): void;
}

/** The memory adapter: a per-client Map. */
export function memoryStorage(): RestdbStorageAdapter {
  const map = new Map<string, string>();
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) };
}

/**
 * Reads a JSON value stored under `key`.
 * @param storage - the resolved storage
 * @param key - the key
 * @returns the value, or null when absent or unreadable
 */
export function readJson<T>(storage: RestdbStorageAdapter, key: string): T | null {
  try {
    return JSON.parse(storage.get(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

/**
 * Resolves the storage option lazily (Web Storage is only touched when first used, never at import or
 * construction). Any throw from the underlying storage degrades to memory once and calls `warn`.
 * @param option - the `storage` option
 * @param warn - called once with the error when storage fails
 */
export function resolveStorage(option: RestdbStorageOption, warn: (cause: unknown) => void): RestdbStorageAdapter {
  const fallback = memoryStorage();
  if (option === 'memory') return fallback;
  let failed = false;
  const target = (): RestdbStorageAdapter => {
    if (typeof option === 'object') return option;
    const s = globalThis[option];
    return { get: (k) => s.getItem(k), set: (k, v) => s.setItem(k, v), remove: (k) => s.removeItem(k) };
  };
  const guard = <R>(run: (s: RestdbStorageAdapter) => R): R => {
    if (!failed) {
      try {
        return run(target());
      } catch (error) {
        failed = true;
        warn(error);
      }
    }
    return run(fallback);
  };
  return {
    get: (k) => guard((s) => s.get(k)),
    set: (k, v) => guard((s) => s.set(k, v)),
    // Always try the real storage too, so a token written before a failure cannot outlive a logout.
    remove: (k) => {
      fallback.remove(k);
      try {
        target().remove(k);
      } catch (error) {
        if (!failed) (failed = true), warn(error);
      }
    },
  };
}
