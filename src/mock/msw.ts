/**
 * The only msw import: turns the mock's faces into msw request handlers.
 */
import { http, type HttpHandler } from 'msw';

/** One origin served by one dispatcher. */
export interface MockFace {
  origin: string;
  dispatch: (request: Request) => Promise<Response>;
}

/** Handlers answering every method and path of each face's origin (use with `setupServer`/`setupWorker`). */
export function createMswHandlers(faces: readonly MockFace[]): HttpHandler[] {
  // A predicate on the origin instead of a path pattern: msw's pattern matcher decodes the path and would answer
  // a malformed one (`/%E0%A4%A`) with its own 500 before the mock could refuse it with a 400.
  return faces.map(({ origin, dispatch }) =>
    http.all(({ request }) => new URL(request.url).origin === origin, ({ request }) => dispatch(request)),
  );
}

/** msw's handler type, re-exported so users need no direct msw type import. */
export type { HttpHandler };
