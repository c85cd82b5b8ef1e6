/**
 * The restdb API as one Hono app: CORS, body limit, `/auth/*`, `/rest/*`, JSON errors for everything else.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { mountAuthRoutes } from './auth-routes';
import type { RestdbDeps } from './deps';
import { HttpError } from './errors';
import { mountRestRoutes } from './rest-routes';

/** Headers a browser may read from restdb replies. */
export const EXPOSED_HEADERS: readonly string[] = ['X-Pagination'];

/**
 * Builds the restdb API app. Dispatch with `app.fetch(request)`.
 *
 * @param deps - options, store, token service and id_token verifier of one mock.
 */
export function createRestdbApp(deps: RestdbDeps): Hono {
  const app = new Hono();
  app.use(
    '*',
    cors({
      origin: (origin) => origin || '*',
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      // No allowHeaders: hono echoes Access-Control-Request-Headers (Authorization, x-apikey, content-type, cache-control, ...).
      exposeHeaders: [...EXPOSED_HEADERS],
      maxAge: 600,
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.options.bodyLimitBytes,
      onError: () => {
        throw new HttpError(413, `Request body is larger than ${deps.options.bodyLimitBytes} bytes`);
      },
    }),
  );
  mountAuthRoutes(app, deps);
  mountRestRoutes(app, deps);

  app.notFound((c) => c.json({ message: `Not found: ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(error.body, error.status as 400);
    if (error instanceof URIError) return c.json({ message: `Malformed URL: ${error.message}` }, 400);
    if (error instanceof HTTPException) return c.json({ message: error.message || 'Request failed' }, error.status);
    return c.json({ message: 'Internal server error' }, 500);
  });
  return app;
}
