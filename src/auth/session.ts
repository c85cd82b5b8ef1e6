import { exchangeToken, type PostToken, type RestdbSession, type TokenRequest } from './exchange';
import type { RestdbAuthEvent, RestdbAuthEventDetails, RestdbAuthListener, RestdbAuthStatus, RestdbSignOutReason } from './events';
import type { Clock } from './clock';
import { readJson, type RestdbStorageAdapter } from './storage';
import { createScheduler, type Scheduler } from './scheduler';
import type { Tabs } from './tabs';
import { RestdbAuthError } from '../errors/RestdbAuthError';
import { RestdbError } from '../errors/RestdbError';
import { isRestdbHttpError } from '../errors/guards';
import type { TokenSource } from '../http/http';

/** What the session manager needs from the rest of the SDK. */
export interface SessionDeps {
  /** Sends `POST /auth/token`. */
  post: PostToken;
  /** Reads the Auth0 id_token; `fresh` renews silently first. Rejects with `login_required` without a session. */
  idToken: (fresh: boolean) => Promise<string>;
  /** Restores Auth0 silently; resolves to an id_token, or null when Auth0 has no session. */
  silentIdToken: () => Promise<string | null>;
  clock: Clock;
  storage: RestdbStorageAdapter;
  storageKey: string;
  marginSeconds: number | undefined;
  /** Starts loading Auth0 without calling it (while a new tab waits for the other tabs' answer). */
  warm: () => void;
  /** Opens the coordination with other tabs, delivering their messages to `receive`. */
  tabs: (receive: (data: unknown) => void) => Tabs;
  /** Reports a non-fatal problem: restore failed, or a listener threw. */
  warn: (code: 'restore_failed' | 'listener_failed', cause: unknown) => void;
}

type Flight = Promise<RestdbSession | null>;

/** A message between tabs: a new session (`l`: from a sign-in), a sign-out (with its reason), or a question from a new tab. */
type TabMessage = { s?: RestdbSession; l?: 1; o?: RestdbSignOutReason; q?: 1 };

/** How long a new tab waits for another tab's session before restoring on its own (ms). */
const JOIN_WAIT = 300;

/** A terminal refresh failure: the session ends with this reason. */
class SessionEnded extends RestdbAuthError {
  readonly reason: RestdbSignOutReason;
  constructor(reason: RestdbSignOutReason, cause: unknown) {
    super(`Session ended: ${reason}`, reason === 'expired' ? 'session_expired' : 'refresh_failed', cause);
    this.reason = reason;
  }
}

/** The error for calls that need a session when there is none. */
export const notSignedIn = (): RestdbAuthError => new RestdbAuthError('Not signed in: call login()', 'login_required');
const disposed = (): RestdbError => new RestdbError('RestdbClient was disposed', 'disposed');

/** Auth0 answered that there is no session (not a timeout, a network failure or a failed import). */
const noSession = (e: unknown): boolean => {
  const x = e as { error?: unknown; cause?: { error?: unknown } } | null;
  const key = x?.cause?.error ?? x?.error;
  return typeof key == 'string' ? /^(login_required|consent_required|interaction_required|invalid_grant|missing_refresh_token)$/.test(key)
    // Without Auth0's own answer, only readIdToken's "no id_token" counts; `interaction_required` with no answer
    // is the failed import of spa-js, which says nothing about the session.
    : e instanceof RestdbAuthError && e.code === 'login_required';
};

const refused = (e: unknown): boolean => isRestdbHttpError(e) && (e.status === 401 || e.status === 403);

/**
 * The session state machine: one flight (exchange, refresh or re-exchange) at a time shared by every caller,
 * an epoch that `end()`/`dispose()` bump so a flight landing afterwards is dropped, events after commit.
 * It is the data calls' token source itself (`token()`, `recover()`).
 */
export class SessionManager implements TokenSource {
  /** Current status. */
  status: RestdbAuthStatus = 'unknown';
  /** Current session, or null. */
  current: RestdbSession | null = null;
  /** Server minus local clock (ms), measured at the last exchange. */
  skewMs = 0;
  #d: SessionDeps;
  #epoch = 0;
  #flight: Flight | null = null;
  #listeners = new Set<RestdbAuthListener>();
  #failures = 0;
  #disposed = false;
  #scheduler: Scheduler;
  #tabs: Tabs;
  #joined: (() => void) | undefined;
  #restoring: Promise<RestdbSession | null> | undefined;
  #events: Parameters<RestdbAuthListener>[] = [];

  /** @param deps - transport, Auth0 access, clock, storage and tabs */
  constructor(deps: SessionDeps) {
    this.#d = deps;
    this.#scheduler = createScheduler(deps.clock, () => this.check());
    this.#tabs = deps.tabs((m) => this.#receive(m as TabMessage));
  }

  /** Another tab's message: adopt a newer session, follow a sign-out, or answer a new tab. */
  #receive({ s, l, o, q }: TabMessage): void {
    const c = this.current;
    if (this.#disposed) return;
    if (q && c && this.status !== 'unknown') this.#tabs.post({ s: c });
    // A sign-out also cancels a joining restore, so a refresh arriving later is not adopted.
    if (o) c ? this.end(o, undefined, false) : this.#joined?.();
    // A signed-out tab follows only another tab's sign-in, never a refresh that raced its logout.
    if (!this.#valid(s) || (this.status === 'signedOut' && !l) || (c && c.expiresAt >= s.expiresAt)) return;
    if (this.#flight || this.status === 'unknown') {
      // A flight in progress re-checks `current` once it holds the lock; a joining restore commits it.
      this.current = s;
      this.#joined?.();
    } else this.#commit(s, c ? 'TOKEN_REFRESHED' : 'SIGNED_IN');
  }

  /** True for a session whose token has not expired yet; also checks the shape of one read from storage or another tab. */
  #valid(s: RestdbSession | null | undefined): s is RestdbSession {
    return !!s && typeof s.token == 'string' && s.expiresAt > this.#d.clock.now();
  }

  /** When the token becomes due for refresh (local epoch ms). */
  #dueAt(s: RestdbSession): number {
    const life = s.exp - s.iat;
    // `iat`/`exp` are whole seconds, so the server's expiry can be up to 1 s before `expiresAt`: short tokens
    // keep at least 1.5 s in hand. A configured margin is capped too: a margin >= the life would refresh in a loop.
    return s.expiresAt - 1000 * Math.min(life / 2, this.#d.marginSeconds ?? Math.min(60, Math.max(life / 10, 1.5)));
  }

  /** @throws {@link RestdbError} `disposed` after `dispose()` */
  alive(): void {
    if (this.#disposed) throw disposed();
  }

  /**
   * Subscribes to events.
   * @param listener - called after each committed transition
   */
  subscribe(listener: RestdbAuthListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #commit(s: RestdbSession | null, event: RestdbAuthEvent, details: RestdbAuthEventDetails = {}): void {
    this.current = s;
    this.status = s ? 'signedIn' : 'signedOut';
    this.#failures = 0;
    // The resolved storage never throws (it degrades to memory and warns itself).
    if (s) this.#d.storage.set(this.#d.storageKey, JSON.stringify(s)), this.#scheduler.arm(this.#dueAt(s));
    else this.#d.storage.remove(this.#d.storageKey), this.#scheduler.stop();
    // A listener's own transition (e.g. logout() on SIGNED_IN) is queued: every listener sees events in order.
    const q = this.#events;
    if (q.push([event, s, details]) > 1) return;
    for (let e; (e = q[0]); q.shift())
      for (const l of [...this.#listeners]) {
        try {
          l(...e);
        } catch (error) {
          // A listener's bug must not break the state machine or the other listeners.
          this.#d.warn('listener_failed', error);
        }
      }
  }


  /**
   * Runs `work` as the single flight, or joins the one in progress. The result is committed only if no
   * logout/dispose happened meanwhile (epoch unchanged); events fire after the commit.
   */
  #fly(event: RestdbAuthEvent, work: (epoch: number) => Promise<RestdbSession | null>): Flight {
    if (this.#flight) return this.#flight;
    const epoch = this.#epoch;
    // Restore keeps `unknown` until it has finished, so an app never flashes a login screen meanwhile.
    if (event !== 'INITIAL_SESSION') this.status = event === 'TOKEN_REFRESHED' ? 'refreshing' : 'signingIn';
    // A flight landing after logout/dispose is dropped; otherwise it is over.
    const land = (): void => {
      this.#live(epoch);
      this.#flight = null;
    };
    const flight: Flight = work(epoch).then(
      (s) => {
        land();
        this.#commit(s, event);
        return s;
      },
      (error: unknown) => {
        land();
        if (error instanceof SessionEnded) {
          this.end(error.reason, error);
        } else if (this.current) {
          // Transient (network, 5xx): keep the session and retry with backoff, capped at 60 s.
          this.status = 'signedIn';
          this.#scheduler.arm(this.#d.clock.now() + Math.min(60_000, 1000 * 2 ** this.#failures++));
        } else if (event !== 'INITIAL_SESSION') {
          this.status = 'signedOut';
        }
        throw error;
      },
    );
    this.#flight = flight;
    return flight;
  }

  /**
   * One `POST /auth/token` for the flight started at `epoch`: not sent, and its session not shared with the other
   * tabs, once a logout/dispose happened since (a login's id_token can arrive after the user logged out).
   */
  async #exchange(body: TokenRequest, epoch: number, l?: 1): Promise<RestdbSession> {
    this.#live(epoch);
    const { session, skewMs } = await exchangeToken(this.#d.post, body, this.#d.clock.now);
    this.skewMs = skewMs;
    // Shared before the refresh lock is released, and never after a logout/dispose.
    if (epoch === this.#epoch && !this.#disposed) this.#tabs.post({ s: session, l });
    return session;
  }

  /** Exchanges an Auth0 id_token, wrapping refusals as `exchange_failed`. */
  async #signIn(code: string, epoch: number): Promise<RestdbSession> {
    try {
      return await this.#exchange({ code }, epoch, 1);
    } catch (error) {
      if (!isRestdbHttpError(error)) throw error; // (a RestdbAuthError, e.g. an invalid reply, is not an http error)
      throw new RestdbAuthError(`Token exchange failed: ${error.message}`, 'exchange_failed', error);
    }
  }

  /**
   * Stops a flight when a logout/dispose happened since `epoch`: nothing may go out with the old token.
   * @throws `disposed` after dispose(), `login_required` after a logout
   */
  #live(epoch: number): void {
    if (this.#disposed) throw disposed();
    if (epoch !== this.#epoch) throw notSignedIn();
  }

  async #renew(s: RestdbSession, epoch: number): Promise<RestdbSession> {
    try {
      return await this.#exchange({ refresh: s.token }, epoch);
    } catch (error) {
      if (!refused(error)) throw error;
    }
    // The database no longer accepts the token: one silent re-exchange through Auth0.
    this.#live(epoch);
    let code: string;
    try {
      code = await this.#d.idToken(true);
    } catch (error) {
      // Only a "no session" answer ends it; a transient failure keeps the session while its token is valid.
      throw noSession(error) ? new SessionEnded(this.#valid(s) ? 'refresh_failed' : 'expired', error) : error;
    }
    try {
      return await this.#exchange({ code }, epoch);
    } catch (error) {
      throw refused(error) || error instanceof RestdbAuthError ? new SessionEnded('revoked', error) : error;
    }
  }

  /** Starts a session from Auth0's id_token after a login (callback, popup). Waits for any flight in progress first. */
  async signIn(): Promise<RestdbSession> {
    this.alive();
    if (this.#flight) await this.#flight.catch(() => undefined);
    return (await this.#fly('SIGNED_IN', async (epoch) => this.#signIn(await this.#d.idToken(false), epoch))) as RestdbSession;
  }

  /** Restores a stored session, else Auth0's silently. Never throws; failures are warned and end signed out. */
  restore(): Promise<RestdbSession | null> {
    return (this.#restoring ??= this.#restore().finally(() => (this.#restoring = undefined)));
  }

  async #restore(): Promise<RestdbSession | null> {
    this.alive();
    if (this.status !== 'unknown') return this.#flight ? this.#flight.catch(() => this.current) : this.current;
    let stored = readJson<RestdbSession>(this.#d.storage, this.#d.storageKey);
    if (!this.#valid(stored) && this.#tabs.on) {
      // Ask the other tabs first: one holding a valid session answers at once, sparing an Auth0 round trip.
      this.#tabs.post({ q: 1 });
      this.#d.warm();
      await new Promise<void>((r) => {
        this.#joined = r;
        this.#d.clock.setTimeout(r, JOIN_WAIT);
      });
      this.#joined = undefined;
      this.alive();
      if (this.status !== 'unknown') return this.current;
      stored = this.current;
    }
    if (this.#valid(stored)) {
      this.#commit(stored, 'INITIAL_SESSION');
      this.check();
      return stored;
    }
    try {
      return await this.#fly('INITIAL_SESSION', async (epoch) => {
        const code = await this.#d.silentIdToken();
        return code ? this.#signIn(code, epoch) : null;
      });
    } catch (error) {
      if (this.#disposed) throw error;
      // Still `unknown` unless a logout/login happened meanwhile: that ended the restore and emitted its own event,
      // so there is no failure to report.
      if (this.status === 'unknown') {
        this.#d.warn('restore_failed', error);
        this.#commit(null, 'INITIAL_SESSION');
      }
      return this.current;
    }
  }

  /** Forces a refresh (shared with any flight in progress). @throws `login_required` when signed out */
  refresh(): Flight {
    this.alive();
    const s = this.current;
    if (this.#flight) return this.#flight;
    if (!s) return Promise.reject(notSignedIn());
    // One tab at a time: after taking the lock, use another tab's newer token if it arrived meanwhile.
    return this.#fly('TOKEN_REFRESHED', (epoch) =>
      this.#tabs.lock(async () => {
        this.#live(epoch);
        const c = this.current;
        return c && c.token !== s.token ? c : this.#renew(s, epoch);
      }),
    );
  }

  /** Awaits a flight; on a transient failure falls back to the current token while it is still valid. */
  async #settle(flight: Flight): Promise<string | null> {
    try {
      return (await flight)?.token ?? null;
    } catch (error) {
      const s = this.current;
      if (!this.#disposed && this.#valid(s)) return s.token;
      throw error;
    }
  }

  /** The token for a request: null when signed out; refreshes first when due (sharing the flight). Synchronous when no wait is needed. */
  token(): string | null | Promise<string | null> {
    this.alive();
    // While restore() waits for the other tabs, a request waits for its outcome instead of going out without a token.
    if (this.status === 'unknown' && this.#restoring) return this.#restoring.then(() => this.token());
    const s = this.current;
    // refresh() joins the flight in progress, if any.
    return this.#flight || (s && this.#d.clock.now() >= this.#dueAt(s)) ? this.#settle(this.refresh()) : (s?.token ?? null);
  }

  /**
   * A data call was refused with `used`. If the session already holds another token, returns it; otherwise
   * one shared refresh (falling back to re-exchange). Null when there is no session to replay with.
   * @param used - the token the refused request carried
   */
  async recover(used: string): Promise<string | null> {
    this.alive();
    const s = this.current;
    if (s && s.token !== used) return s.token; // already renewed by someone else: just replay
    if (!s && !this.#flight) return null;
    // Join the flight in progress or start one; its failure is this call's failure (no second attempt).
    const next = await this.refresh();
    return next && next.token !== used ? next.token : null;
  }

  /** Timer / wake-up check: refresh when due, otherwise re-arm (clamped timers fire early). */
  check(): void {
    const s = this.current;
    // Offline: do not burn a refresh attempt; the `online` event checks again.
    if (this.#disposed || !s || this.#flight || (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false) return;
    if (this.#d.clock.now() >= this.#dueAt(s)) this.refresh().catch(() => undefined);
    else this.#scheduler.arm(this.#dueAt(s));
  }

  /**
   * Ends the session locally at once (bumping the epoch so nothing in flight can bring it back) and emits
   * `SIGNED_OUT`. Returns the session that ended.
   * @param reason - why
   * @param error - the failure that ended it, if any
   * @param share - tell the other tabs (false when following another tab's sign-out)
   */
  end(reason: RestdbSignOutReason, error?: unknown, share = true): RestdbSession | null {
    const old = this.current;
    this.#epoch++;
    this.#flight = null;
    if (share) this.#tabs.post({ o: reason });
    if (this.status !== 'signedOut') this.#commit(null, 'SIGNED_OUT', error === undefined ? { reason } : { reason, error });
    return old;
  }

  /** Stops timers, drops listeners and in-flight work; later calls reject with `disposed`. */
  dispose(): void {
    this.#disposed = true;
    this.#epoch++;
    this.#flight = null;
    this.#scheduler.stop();
    this.#listeners.clear();
    this.#tabs.close();
  }
}
