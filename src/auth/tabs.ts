import type { Clock } from './clock';

/** The part of the Web Locks API (`navigator.locks`) the SDK uses. */
export interface RestdbLocks {
  /** Runs `callback` holding the exclusive lock `name`; `signal` aborts the wait. */
  request(name: string, options: { signal: AbortSignal }, callback: () => Promise<unknown>): Promise<unknown>;
}

/** The part of `BroadcastChannel` the SDK uses. */
export interface RestdbChannel {
  /** Sends a message to the other tabs. */
  postMessage(message: unknown): void;
  /** Receives the other tabs' messages. */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Closes the channel. */
  close(): void;
}

/**
 * Coordination between tabs of one app: `locks` (Web Locks) elects the one tab that refreshes, `channel`
 * (a `BroadcastChannel` factory) shares the result and logouts. Without either, each tab works alone.
 * A field left out falls back to the global API. Without the `tabs` option the globals are used only in a page
 * (`document` exists): in a server process (Node has both) clients of different users must never share a session.
 * @default `navigator.locks` and `BroadcastChannel`, in a page that has both
 */
export interface RestdbTabsOptions {
  /** The Web Locks API. */
  locks?: RestdbLocks | undefined;
  /** Opens a channel by name. */
  channel?: ((name: string) => RestdbChannel) | undefined;
}

/** How long the lock holder keeps the lock after broadcasting, so the others see the result first (ms). */
const HANDOFF = 30;

/** One tab's end of the coordination; `on` is false when this tab works alone. */
export interface Tabs {
  /** True when both the lock and the channel exist. */
  on: boolean;
  /** Runs `work` holding the refresh lock; a wait longer than `waitMs` (a lost or crashed holder) runs it alone. */
  lock<T>(work: () => Promise<T>): Promise<T>;
  /** Broadcasts to the other tabs. */
  post(message: unknown): void;
  /** Closes the channel. */
  close(): void;
}

/**
 * Opens the coordination for one client. Tokens travel only over the same-origin channel, never to storage.
 * @param env - `tabs` option (`false`: alone; absent: the globals, in a page only)
 * @param name - channel and lock name (database origin + Auth0 client id)
 * @param clock - timers for the lock wait
 * @param waitMs - longest wait for the lock
 * @param receive - called with each message from another tab
 */
export function openTabs(env: RestdbTabsOptions | false | undefined, name: string, clock: Clock, waitMs: number, receive: (data: unknown) => void): Tabs {
  const g = globalThis as { navigator?: { locks?: RestdbLocks }; BroadcastChannel?: new (n: string) => RestdbChannel };
  const B = g.BroadcastChannel;
  env ??= typeof document == 'object' && {};
  const { locks = g.navigator?.locks, channel = B && ((n: string) => new B(n)) } = env || {};
  const ch = env && locks && channel ? channel(name) : undefined;
  if (ch) {
    ch.onmessage = (e) => receive(e.data);
    // Node's channel would keep a script alive.
    (ch as { unref?: () => void }).unref?.();
  }
  return {
    on: !!ch,
    async lock(work) {
      if (!ch) return work(); // (a channel is opened only when there are locks too)
      const ctl = new AbortController();
      const timer = clock.setTimeout(() => ctl.abort(), waitMs);
      let held = false;
      try {
        return (await locks!.request(name, { signal: ctl.signal }, async () => {
          clock.clearTimeout(timer);
          held = true;
          const result = await work();
          await new Promise<void>((r) => clock.setTimeout(r, HANDOFF));
          return result;
        })) as Awaited<ReturnType<typeof work>>;
      } catch (error) {
        if (held) throw error;
        // The holder is gone or stuck (or locks failed): never hang, refresh alone.
        return work();
      } finally {
        clock.clearTimeout(timer);
      }
    },
    post: (m) => ch?.postMessage(m),
    close: () => ch?.close(),
  };
}
