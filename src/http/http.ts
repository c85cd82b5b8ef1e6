import ky, { isHTTPError } from 'ky';
import type { Clock } from '../auth/clock';
import type { ResolvedOptions } from '../options';
import { RestdbConfigError } from '../errors/RestdbConfigError';
import { readBody, toRestdbError } from './errors';

/** Per-call options accepted by every data method. */
export interface RestdbCallOptions {
  /** Aborts the call (rejects with a `RestdbAbortError`). */
  signal?: AbortSignal;
  /**
   * Deadline in ms for the whole call: token wait, request, retries and replay. Defaults to the client's `timeout`.
   * Must be > 0 (else the call rejects with a `RestdbConfigError` `invalid_argument`); capped at 2^31-1 (about 24.8 days).
   */
  timeout?: number;
}

/** Where data calls get their token: the session. */
export interface TokenSource {
  /** The token to send, or null when signed out (refreshes first when due); a plain value when no wait is needed. */
  token(): string | null | Promise<string | null>;
  /** After a 401/403 with `used`: the token to replay with, or null (no replay). */
  recover(used: string): Promise<string | null>;
}

/** A request to the database origin. */
export interface SendInit extends RestdbCallOptions {
  /** JSON body. */
  json?: unknown;
  /** Query string. */
  searchParams?: URLSearchParams;
  /** Keep the request alive through a page unload (logout). */
  keepalive?: boolean;
  /** `session`: the session's token, with one refresh and replay on 401/403. A string: exactly that token. Absent: no credential. */
  auth?: TokenSource | string;
}

/** Sends a request to `{url}/{path}` and resolves to the parsed body. Rejects with a `RestdbError`. */
export type Send = (method: string, path: string, init?: SendInit) => Promise<unknown>;

type Ctx = { token: string | null | undefined };

/**
 * Creates the transport over ky. This is the one place where a credential is put on a request, and only when
 * the request's origin is the database origin.
 *
 * The call's deadline and the caller's signal abort one AbortController, whose signal is given to ky: ky then ends
 * the request, its body and any retry wait with it. (Sending the signal to `fetch` behind ky's back saves the
 * `AbortSignal.any()` ky makes per call, ~35 µs in Node, ~5 µs in Chromium, but then ky's retry wait, up to a
 * server's Retry-After, outlives the call, and a `fetch` option that passes only the Request on cannot be aborted.)
 * @param o - resolved client options
 * @param clock - timers for the call deadline
 */
export function createSend(o: ResolvedOptions, clock: Clock): Send {
  const api = ky.create({
    prefixUrl: o.origin,
    fetch: o.fetch,
    timeout: false,
    retry: { ...o.retry, statusCodes: [429, 503], afterStatusCodes: [429, 503], backoffLimit: 10_000 },
    hooks: {
      beforeRequest: [
        (request, options) => {
          // `request.url` and `o.origin` are both normalized, so a prefix test is an exact origin test.
          if (!request.url.startsWith(`${o.origin}/`)) return;
          const { token } = options.context as Ctx;
          if (token) request.headers.set('authorization', `Bearer ${token}`);
          else if (token === null && o.apiKey) request.headers.set('x-apikey', o.apiKey);
        },
      ],
    },
  });

  return async (method, path, { auth, timeout = o.timeout, signal: user, ...request } = {}) => {
    if (!(timeout > 0)) throw new RestdbConfigError(`Invalid timeout ${timeout}: expected ms > 0`, 'invalid_argument');
    const ctl = new AbortController();
    const callSignal = ctl.signal;
    let fail!: (reason: unknown) => void;
    const gate = new Promise<never>((_, reject) => (fail = reject));
    gate.catch(() => undefined); // settled by whichever step is waiting, if any
    let timedOut = false;
    const abort = (reason?: unknown): void => {
      ctl.abort(reason);
      fail(callSignal.reason);
    };
    const timer = clock.setTimeout(() => {
      timedOut = true;
      abort();
    }, Math.min(timeout, 2 ** 31 - 1)); // a longer delay would fire at once
    const onAbort = (): void => abort(user?.reason);
    if (user?.aborted) onAbort();
    else user?.addEventListener('abort', onAbort, { once: true });
    // Every wait (a token from a refresh in flight, the request) ends when the gate rejects; ky also ends the request.
    // A promise is always raced (the gate first, so an ended call wins over a settled value), never dropped: a wait
    // left behind unobserved would surface its later failure as an unhandled rejection.
    const race = <T>(p: T | Promise<T>): T | Promise<T> => {
      if (p instanceof Promise) return Promise.race([gate, p]);
      callSignal.throwIfAborted();
      return p;
    };
    const once = async (token: string | null | undefined): Promise<unknown> =>
      race(api(path, { ...request, method, signal: callSignal, context: { token } satisfies Ctx }).then(readBody));
    try {
      if (typeof auth != 'object') return await once(auth);
      const token = await race(auth.token());
      try {
        return await once(token);
      } catch (error) {
        if (!token || !isHTTPError(error) || (error.response.status !== 401 && error.response.status !== 403)) throw error;
        const next = await race(auth.recover(token));
        if (!next) throw error;
        // Release the refused response's connection before replaying.
        void error.response.body?.cancel().catch(() => undefined);
        return await once(next);
      }
    } catch (error) {
      throw await toRestdbError(error, method, `/${path}`, { timedOut, timeout, signal: user });
    } finally {
      clock.clearTimeout(timer);
      user?.removeEventListener('abort', onAbort);
    }
  };
}
