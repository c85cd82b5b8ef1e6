/**
 * Who is calling: the full-access API key (`x-apikey` header or `?apikey=`), or a user with
 * `Authorization: Bearer <token>`. The token may be a database token (HS256, from `/auth/token`) or, as restdb
 * accepts too, an id_token of the trusted identity provider (RS256).
 */
import { decodeProtectedHeader } from 'jose';
import type { RestdbDeps } from './deps';
import { HttpError } from './errors';
import type { Identity } from './db-token';

/** The caller of a request. */
export type Caller =
  | { kind: 'apikey' }
  | ({ kind: 'user'; /** Login session of a database token; undefined for a bare id_token. */ sid: string | undefined } & Identity);

/** Extracts the bearer token, or undefined when there is no Authorization header. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (header === null) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new HttpError(401, 'Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Verifies a bearer token of either kind and returns the user it stands for. */
export async function verifyBearer(token: string, deps: RestdbDeps): Promise<Extract<Caller, { kind: 'user' }>> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new HttpError(403, 'Token is malformed or invalid');
  }
  if (alg === 'HS256') {
    const claims = await deps.tokens.verify(token);
    return { kind: 'user', sid: claims.sid, sub: claims.sub, email: claims.email, name: claims.name, picture: claims.picture };
  }
  if (alg === 'RS256') return { kind: 'user', sid: undefined, ...(await deps.verifyIdToken(token)) };
  throw new HttpError(403, `Token uses an algorithm that is not allowed (${String(alg)})`);
}

/**
 * Authenticates a request.
 *
 * @throws HttpError 401 without a credential or with a wrong API key, 403 for an invalid, expired or revoked token.
 */
export async function authenticate(request: Request, deps: RestdbDeps): Promise<Caller> {
  const apiKey = request.headers.get('x-apikey') ?? new URL(request.url).searchParams.get('apikey');
  if (apiKey !== null) {
    if (apiKey !== deps.options.apiKey) throw new HttpError(401, 'Invalid API key');
    return { kind: 'apikey' };
  }
  const token = bearerToken(request);
  if (token === undefined) throw new HttpError(401, 'Missing credentials: send Authorization: Bearer <token> or x-apikey');
  return verifyBearer(token, deps);
}

/** `_createdby`/`_changedby` value for a caller: the user's email, or `api` for the API key. */
export function actorOf(caller: Caller): string {
  return caller.kind === 'apikey' ? 'api' : caller.email;
}
