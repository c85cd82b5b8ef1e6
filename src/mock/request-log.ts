/**
 * The log of every request a mock has answered, for tests that assert what a client sent.
 */

/** Which face of the mock answered. */
export type MockOrigin = 'restdb' | 'idp' | 'app';

/** One logged request and the status it got (0 for an injected network error). */
export interface MockRequest {
  /** HTTP method as the `Request` reports it (standard ones upper-cased), e.g. `GET`; `OPTIONS` for a preflight. */
  method: string;
  /** Which face of the mock answered: the restdb API, the dev IdP, or the demo app's static files. */
  origin: MockOrigin;
  /** Full URL as received. */
  url: string;
  /** Path name, e.g. `/rest/todos`. */
  path: string;
  /** Query string including `?`, or ''. */
  search: string;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /** Parsed JSON body, a form body as an object, raw text otherwise, undefined without a body (or too large). */
  body: unknown;
  /** HTTP status the mock answered with (500 when a handler threw); 0 when an injected fault made it a network error. */
  status: number;
  /** Epoch ms (the mock's clock) when the request arrived. */
  time: number;
}

/** Read access to the request log. */
export interface RequestLog {
  /** Copies of the entries so far (the latest 10,000), oldest first. */
  entries(): MockRequest[];
  /** Forgets every entry. */
  clear(): void;
}

/** A request log that the dispatcher appends to. */
export interface WritableRequestLog extends RequestLog {
  add(entry: MockRequest): void;
}

/** How many entries a log keeps; older ones are dropped so a long-running server does not grow without bound. */
export const REQUEST_LOG_LIMIT = 10_000;

/** Creates an empty log keeping the latest {@link REQUEST_LOG_LIMIT} entries. */
export function createRequestLog(): WritableRequestLog {
  let list: MockRequest[] = [];
  return {
    add: (entry) => {
      list.push(entry);
      if (list.length > REQUEST_LOG_LIMIT * 1.1) list = list.slice(-REQUEST_LOG_LIMIT);
    },
    entries: () => list.map((e) => ({ ...e, headers: { ...e.headers } })),
    clear: () => {
      list = [];
    },
  };
}

async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  if (!request.body) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      // Not awaited: cancelling one branch of a tee settles only when the other branch is cancelled too.
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * Reads a copy of a request's body for the log without consuming the original.
 * Bodies over `limit` bytes are not kept.
 */
export async function snapshotBody(request: Request, limit: number): Promise<unknown> {
  if (!request.body) return undefined;
  const text = await readLimited(request.clone(), limit).catch(() => undefined);
  if (text === undefined || text === '') return undefined;
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
