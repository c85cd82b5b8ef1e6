/// <reference types="node" />
/**
 * node:http <-> fetch adapter over `@hono/node-server`, plus what a plain adapter cannot express:
 * an injected network error drops the connection.
 */
import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/** Turns a fetch-style handler into a node:http request listener. */
export function toRequestListener(handle: (request: Request) => Promise<Response>): RequestListener {
  const listener = getRequestListener(
    async (request, env) => {
      const response = await handle(request);
      if (response.type === 'error') {
        // Response.error() is how the mock says "network error": reset the connection instead of replying.
        env.incoming.socket.destroy();
        return new Response(null, { status: 204 });
      }
      return response;
    },
    { overrideGlobalObjects: false },
  );
  return (incoming, outgoing) => {
    void listener(incoming, outgoing);
  };
}
