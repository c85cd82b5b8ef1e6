/**
 * `/auth/*`: exchange an id_token for a database token, refresh it, read the user's profile, log out.
 */
import type { Hono } from 'hono';
import { userFields } from '../store/store';
import { isObject, readJson } from './body';
import { bearerToken, verifyBearer } from './credentials';
import type { RestdbDeps } from './deps';
import { HttpError } from './errors';

function requireBearer(request: Request): string {
  const token = bearerToken(request);
  if (token === undefined) throw new HttpError(401, 'Missing credentials: send Authorization: Bearer <token>');
  return token;
}

/** Mounts `POST /auth/token`, `GET /auth/userinfo` and `POST /auth/logout` on `app`. */
export function mountAuthRoutes(app: Hono, deps: RestdbDeps): void {
  app.post('/auth/token', async (c) => {
    const body = await readJson(c.req.raw);
    if (!isObject(body)) throw new HttpError(400, 'Body must be {"code": <id_token>} or {"refresh": <token>}');
    const { code, refresh } = body;
    if (code !== undefined && refresh !== undefined) throw new HttpError(400, 'Send either "code" or "refresh", not both');
    if (typeof code === 'string' && code !== '') {
      const identity = await deps.verifyIdToken(code);
      return c.json(await deps.tokens.issue(identity));
    }
    if (typeof refresh === 'string' && refresh !== '') {
      const claims = await deps.tokens.verify(refresh);
      const { sub, email, name, picture } = claims;
      return c.json(await deps.tokens.issue({ sub, email, name, picture }, claims.sid));
    }
    throw new HttpError(400, 'Body must be {"code": <id_token>} or {"refresh": <token>} with a non-empty string');
  });

  app.get('/auth/userinfo', async (c) => {
    const user = await verifyBearer(requireBearer(c.req.raw), deps);
    const record = deps.store.all('users').find((r) => r['email'] === user.email);
    const info: Record<string, unknown> = { email: user.email, displayname: user.name, image: user.picture };
    if (record) Object.assign(info, userFields(record), { _id: record['_id'] });
    return c.json({ ...info, email: user.email, displayname: user.name, image: user.picture });
  });

  app.post('/auth/logout', async (c) => {
    const user = await verifyBearer(requireBearer(c.req.raw), deps);
    if (user.sid !== undefined) deps.tokens.revokeSession(user.sid);
    return c.json({ message: 'Logged out' });
  });
}
