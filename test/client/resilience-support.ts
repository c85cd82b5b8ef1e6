import { afterEach, vi } from 'vitest';
import type { RestdbClient } from '../../src/index';
import type { RestdbMock } from '../../src/mock/index';
import { recordEvents, requestsTo, type TestSchema } from './support';

/** Fakes setTimeout/clearTimeout/Date (setImmediate stays real, so I/O can progress). */
export const fake = (): void => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });

/** Lets real I/O progress (setImmediate is never faked) until `done()` holds. */
export const until = async (done: () => boolean): Promise<void> => {
  const deadline = performance.now() + 5000;
  while (!done() && performance.now() < deadline) await new Promise((r) => setImmediate(r));
  if (!done()) throw new Error('condition not reached');
};

/** The kind (`code` / `refresh`) of each POST /auth/token the mock saw. */
export const kinds = (mock: RestdbMock): string[] => requestsTo(mock, '/auth/token', 'POST').map((r) => Object.keys(r.body as object)[0] ?? '');

/** Events as `EVENT` or `[EVENT, reason]`. */
export const eventsOf = (log: ReturnType<typeof recordEvents>): unknown[] => log.map((e) => (e.details.reason ? [e.event, e.details.reason] : e.event));

/** Registers cleanup (real timers, dispose tracked clients, unstub globals); returns `track`. */
export function useTracked(): (c: RestdbClient<TestSchema>) => RestdbClient<TestSchema> {
  const open: RestdbClient<TestSchema>[] = [];
  afterEach(() => {
    vi.useRealTimers();
    for (const c of open.splice(0)) c.dispose();
    vi.unstubAllGlobals();
  });
  return (c) => (open.push(c), c);
}

/** A page: window events, `navigator.onLine`, visible document. */
export function page(): { online: boolean; fire(type: string): void } {
  const state = { online: true };
  const win = new EventTarget();
  vi.stubGlobal('addEventListener', win.addEventListener.bind(win));
  vi.stubGlobal('removeEventListener', win.removeEventListener.bind(win));
  vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
  vi.stubGlobal('navigator', { get onLine() { return state.online; } });
  return Object.assign(state, { fire: (type: string) => void win.dispatchEvent(new Event(type)) });
}
