import { RestdbError } from './RestdbError';

/** What the SDK knows about a failed HTTP exchange. */
export interface RestdbHttpErrorInit {
  /** HTTP status code. */
  status: number;
  /** HTTP status text (may be empty over HTTP/2). */
  statusText: string;
  /** Request method, upper case. */
  method: string;
  /** Request path on the database origin, without the query string. */
  path: string;
  /** The response body: parsed JSON, or the raw text when it is not JSON. */
  body: unknown;
  /** Milliseconds the server asked to wait (`Retry-After`), if it said so. */
  retryAfterMs?: number | undefined;
}

/**
 * The server answered with a non-2xx status. The message names the operation, e.g.
 * `GET /rest/todos/42 failed: 404 Not Found`.
 */
export class RestdbHttpError extends RestdbError {
  /** HTTP status code. */
  readonly status: number;
  /** HTTP status text. */
  readonly statusText: string;
  /** Request method. */
  readonly method: string;
  /** Request path (no query string, so never a credential). */
  readonly path: string;
  /** Parsed JSON body, or text. */
  readonly body: unknown;
  /** `Retry-After` in milliseconds, when the server sent it. */
  readonly retryAfterMs: number | undefined;

  /** @param init - status, method, path and body of the failed exchange */
  constructor(init: RestdbHttpErrorInit) {
    const detail = init.body && typeof init.body === 'object' && typeof (init.body as { message?: unknown }).message === 'string'
      ? ` (${(init.body as { message: string }).message})`
      : '';
    super(`${init.method} ${init.path} failed: ${init.status} ${init.statusText}`.trimEnd() + detail, 'http');
    this.name = 'RestdbHttpError';
    this.status = init.status;
    this.statusText = init.statusText;
    this.method = init.method;
    this.path = init.path;
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Loggable form including status, method, path and body. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, method: this.method, path: this.path, body: this.body };
  }
}
