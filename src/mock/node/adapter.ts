/// <reference types="node" />
/**
 * node:http <-> fetch adapter over `@hono/node-server`, plus what a plain adapter cannot express:
 * an injected network error drops the connection, and a reply sent before the request body was read to its end
 * (413: the body limit stops reading) says `Connection: close`.
 */
import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/**
 * Rebuilds the adapter's lightweight request as a standard `Request`, so middleware that constructs
 * `new Request(request, init)` (hono's body limit) works without replacing the process-wide globals.
 */
function toStandardRequest(request: Request): Request {
  const { method, headers, url } = request;
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  return new Request(url, { method, headers, body: request.body, duplex: 'half' } as RequestInit);
}

function withConnectionClose(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('connection', 'close');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Turns a fetch-style handler into a node:http request listener. */
export function toRequestListener(handle: (request: Request) => Promise<Response>): RequestListener {
  const listener = getRequestListener(
    async (incoming, env) => {
      const response = await handle(toStandardRequest(incoming));
      if (response.type === 'error') {
        // Response.error() is how the mock says "network error": reset the connection instead of replying.
        env.incoming.socket.destroy();
        return new Response(null, { status: 204 });
      }
      // Answered before the whole body arrived: the unread rest makes the socket unusable (it is closed once the
      // reply is out), so say so; a keep-alive reply would let the client reuse a dead socket for its next request.
      if (!env.incoming.complete) return withConnectionClose(response);
      return response;
    },
    { overrideGlobalObjects: false },
  );
  return (incoming, outgoing) => {
    void listener(incoming, outgoing);
  };
}
