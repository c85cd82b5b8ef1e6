import { MAX_DELAY, type Clock } from './clock';

/**
 * One timer per client plus wake-up signals. It does not decide anything: when the timer fires (possibly
 * early because of clamping, or hours late after sleep) or the page wakes up (`visibilitychange` to
 * visible, `online`, `pageshow`), it calls `check`, which compares the clock with the session's own
 * due time. Window listeners are attached only while a session exists, never at import or construction.
 */
export class Scheduler {
  #clock: Clock;
  #check: () => void;
  #timer: unknown;
  #unwatch: (() => void) | undefined;

  /**
   * @param clock - time source and timers
   * @param check - called when the timer fires or the page wakes up
   */
  constructor(clock: Clock, check: () => void) {
    this.#clock = clock;
    this.#check = check;
  }

  /**
   * Arms the single timer for `at` (local epoch ms), replacing any earlier one. Delays longer than
   * 2^31-1 ms are clamped; the check that then fires early simply re-arms.
   * @param at - when to check
   */
  arm(at: number): void {
    this.cancel();
    const delay = Math.min(Math.max(0, at - this.#clock.now()), MAX_DELAY);
    const timer = (this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#check();
    }, delay));
    // In Node (SSR, scripts) the refresh timer must not keep the process alive.
    (timer as { unref?: () => void } | undefined)?.unref?.();
    this.#watch();
  }

  /** Cancels the timer and detaches the wake-up listeners. */
  cancel(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Cancels everything (sign-out, dispose). */
  stop(): void {
    this.cancel();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  #watch(): void {
    const w = globalThis as { addEventListener?: Window['addEventListener']; removeEventListener?: Window['removeEventListener']; document?: Document };
    if (this.#unwatch || typeof w.addEventListener !== 'function' || !w.document) return;
    const onWake = (): void => {
      if (w.document?.visibilityState !== 'hidden') this.#check();
    };
    const events = ['online', 'pageshow'] as const;
    for (const e of events) w.addEventListener(e, onWake);
    w.document.addEventListener('visibilitychange', onWake);
    this.#unwatch = () => {
      for (const e of events) w.removeEventListener?.(e, onWake);
      w.document?.removeEventListener('visibilitychange', onWake);
    };
  }
}
