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
 * @param o - resolved client options
 * @param clock - timers for the call deadline
 */
export function createSend(o: ResolvedOptions, clock: Clock): Send {
  const api = ky.create({
    prefixUrl: o.origin,
    fetch: o.fetch,
    timeout: false,
    retry: { limit: o.retry.limit, methods: o.retry.methods, statusCodes: [429, 503], afterStatusCodes: [429, 503], backoffLimit: 10_000 },
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
    const signal = ctl.signal;
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, Math.min(timeout, 2 ** 31 - 1)); // a longer delay would fire at once
    const onAbort = (): void => ctl.abort(user?.reason);
    if (user?.aborted) onAbort();
    else user?.addEventListener('abort', onAbort, { once: true });
    // Waiting for a token (a refresh in flight) also obeys the deadline and the signal; a token already at hand
    // (the usual case) costs no promise and no listener.
    const abortable = <T>(p: T | Promise<T>): T | Promise<T> => {
      signal.throwIfAborted();
      return p instanceof Promise ? Promise.race([p, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))]) : p;
    };
    const once = async (token: string | null | undefined): Promise<unknown> =>
      readBody(await api(path, { ...request, method, signal, context: { token } satisfies Ctx }));
    try {
      if (typeof auth != 'object') return await once(auth);
      const token = await abortable(auth.token());
      try {
        return await once(token);
      } catch (error) {
        if (!token || !isHTTPError(error) || (error.response.status !== 401 && error.response.status !== 403)) throw error;
        const next = await abortable(auth.recover(token));
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
