import { isHTTPError } from 'ky';
import { isRestdbError } from '../errors/guards';
import { RestdbError } from '../errors/RestdbError';
import { RestdbHttpError } from '../errors/RestdbHttpError';
import { RestdbNetworkError } from '../errors/RestdbNetworkError';
import { RestdbTimeoutError } from '../errors/RestdbTimeoutError';
import { RestdbAbortError } from '../errors/RestdbAbortError';

/** Parses a body as JSON, falling back to text; empty bodies become `undefined`. */
export async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const retryAfter = (value: string | null): number | undefined => {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
};

/** Why a call's signal aborted, as known by the caller. */
export interface AbortState {
  /** The call's own deadline passed. */
  timedOut: boolean;
  /** The deadline, for the message. */
  timeout: number;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
}

/**
 * Maps whatever a call threw to the SDK's error hierarchy. Never copies request headers into the error.
 * @param error - the thrown value
 * @param method - HTTP method, for the message
 * @param path - request path without query, for the message
 * @param abort - deadline / signal state of the call
 */
export async function toRestdbError(error: unknown, method: string, path: string, abort: AbortState): Promise<RestdbError> {
  if (isRestdbError(error)) return error;
  const op = `${method} ${path}`;
  if (abort.timedOut) return new RestdbTimeoutError(`${op} timed out after ${abort.timeout} ms`);
  if (abort.signal?.aborted) return new RestdbAbortError(`${op} was aborted`, abort.signal.reason);
  if (isHTTPError(error)) {
    const r = error.response;
    const body = await readBody(r).catch(() => undefined);
    return new RestdbHttpError({ status: r.status, statusText: r.statusText, method, path, body, retryAfterMs: retryAfter(r.headers.get('retry-after')) });
  }
  return new RestdbNetworkError(`${op} failed: network error`, error);
}
