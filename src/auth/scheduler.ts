import { MAX_DELAY, type Clock } from './clock';

/**
 * One timer per client plus wake-up signals. It does not decide anything: when the timer fires (possibly
 * early because of clamping, or hours late after sleep) or the page wakes up (`visibilitychange` to
 * visible, `online`, `pageshow`), it calls `check`, which compares the clock with the session's own
 * due time. Window listeners are attached only while a session exists, never at import or construction.
 */
export interface Scheduler {
  /**
   * Arms the single timer for `at` (local epoch ms), replacing any earlier one. Delays longer than
   * 2^31-1 ms are clamped; the check that then fires early simply re-arms.
   * @param at - when to check
   */
  arm(at: number): void;
  /** Cancels the timer and detaches the wake-up listeners (sign-out, dispose). */
  stop(): void;
}

/**
 * Creates the scheduler.
 * @param clock - time source and timers
 * @param check - called when the timer fires or the page wakes up
 */
export function createScheduler(clock: Clock, check: () => void): Scheduler {
  let timer: unknown;
  let unwatch: (() => void) | undefined;
  const cancel = (): void => {
    clock.clearTimeout(timer);
    timer = undefined;
  };
  return {
    arm(at) {
      cancel();
      timer = clock.setTimeout(() => {
        timer = undefined;
        check();
      }, Math.min(Math.max(0, at - clock.now()), MAX_DELAY));
      // In Node (SSR, scripts) the refresh timer must not keep the process alive.
      (timer as { unref?: () => void } | undefined)?.unref?.();
      const w = globalThis as { addEventListener?: Window['addEventListener']; removeEventListener?: Window['removeEventListener']; document?: Document };
      if (unwatch || typeof w.addEventListener !== 'function' || !w.document) return;
      const onWake = (): void => {
        if (w.document?.visibilityState !== 'hidden') check();
      };
      const events = ['online', 'pageshow'] as const;
      for (const e of events) w.addEventListener(e, onWake);
      w.document.addEventListener('visibilitychange', onWake);
      unwatch = () => {
        for (const e of events) w.removeEventListener?.(e, onWake);
        w.document?.removeEventListener('visibilitychange', onWake);
      };
    },
    stop() {
      cancel();
      unwatch?.();
      unwatch = undefined;
    },
  };
}
