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
  return faces.flatMap(({ origin, dispatch }) => [
    http.all(`${origin}/`, ({ request }) => dispatch(request)),
    http.all(`${origin}/*`, ({ request }) => dispatch(request)),
  ]);
}

/** msw's handler type, re-exported so users need no direct msw type import. */
export type { HttpHandler };
