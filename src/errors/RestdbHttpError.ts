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
  declare readonly status: number;
  /** HTTP status text. */
  declare readonly statusText: string;
  /** Request method. */
  declare readonly method: string;
  /** Request path (no query string, so never a credential). */
  declare readonly path: string;
  /** Parsed JSON body, or text. */
  declare readonly body: unknown;
  /** `Retry-After` in milliseconds, when the server sent it. */
  declare readonly retryAfterMs: number | undefined;

  /** @param init - status, method, path and body of the failed exchange */
  constructor(init: RestdbHttpErrorInit) {
    const { status, statusText, method, path, body, retryAfterMs } = init;
    // restdb explains refusals in `{ message }`; quote it (a string body or one without `message` adds nothing).
    const detail = (body as { message?: unknown } | null)?.message;
    super(`${method} ${path} failed: ${status} ${statusText}`.trimEnd() + (typeof detail == 'string' ? ` (${detail})` : ''), 'http');
    this.name = 'RestdbHttpError';
    // Declared above, assigned here in one step (no per-field initializers in the output).
    Object.assign(this, { status, statusText, method, path, body, retryAfterMs });
  }

  /** Loggable form including status, method, path and body. */
  override toJSON(): Record<string, unknown> {
    const { status, method, path, body } = this;
    return { ...super.toJSON(), status, method, path, body };
  }
}
