/** Time and timers, injectable. The default looks globals up at call time, so fake timers apply. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Schedules `fn` after `ms`; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a handle from `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/** The system clock, bound lazily (nothing captured at import time). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
};

/** Largest delay `setTimeout` accepts without firing at once (about 24.8 days). */
export const MAX_DELAY = 2_147_483_647;
