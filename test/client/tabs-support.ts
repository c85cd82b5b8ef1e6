import type { RestdbLocks } from '../../src/auth/tabs';

/** An in-process Web Locks polyfill shared by several clients ("tabs") of one test; exclusive locks only. */
export interface TestLocks extends RestdbLocks {
  /** How many requests are waiting for `name`. */
  waiting(name: string): number;
  /** Grants of each lock name, in order. */
  readonly grants: string[];
}

/** Creates the polyfill: FIFO per name, a waiter leaves the queue when its signal aborts (rejects like the browser). */
export function createLocks(): TestLocks {
  const held = new Set<string>();
  const queues = new Map<string, (() => void)[]>();
  const grants: string[] = [];
  const release = (name: string): void => {
    held.delete(name);
    const next = queues.get(name)?.shift();
    if (next) next();
  };
  return {
    grants,
    waiting: (name) => queues.get(name)?.length ?? 0,
    request(name, { signal }, callback) {
      return new Promise((resolve, reject) => {
        const run = (): void => {
          held.add(name);
          grants.push(name);
          void Promise.resolve()
            .then(callback)
            .then(resolve, reject)
            .finally(() => release(name));
        };
        if (signal.aborted) return reject(new DOMException('The lock request was aborted', 'AbortError'));
        if (!held.has(name)) return run();
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        const entry = (): void => {
          signal.removeEventListener('abort', onAbort);
          run();
        };
        const onAbort = (): void => {
          queue.splice(queue.indexOf(entry), 1);
          reject(new DOMException('The lock request was aborted', 'AbortError'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(entry);
      });
    },
  };
}

/** Lets real I/O and channel messages progress (setImmediate and real timers) until `done()` holds. */
export async function until(done: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  if (!done()) throw new Error('condition not reached');
}

/** Waits `ms` of real time. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
