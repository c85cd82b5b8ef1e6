/**
 * Database tokens: HS256 JWTs signed with a per-server random secret, grouped into login sessions (`sid`)
 * that `POST /auth/logout` and `revokeAll()` revoke.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { HttpError } from './errors';

/** Who a database token speaks for. */
export interface Identity {
  sub: string;
  email: string;
  name: string;
  picture: string;
}

/** Verified claims of a database token. */
export interface DbTokenClaims extends Identity {
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

/** The `POST /auth/token` reply: the token and its `iat`/`exp` in epoch seconds. */
export interface IssuedToken {
  token: string;
  iat: number;
  exp: number;
}

/** Issues, verifies and revokes database tokens for one server. */
export interface DbTokens {
  /** Signs a token for `identity`; a new login session unless `sid` continues one (refresh). */
  issue(identity: Identity, sid?: string): Promise<IssuedToken>;
  /** Verifies signature, algorithm, issuer, expiry and revocation; throws a 403 {@link HttpError} otherwise. */
  verify(token: string): Promise<DbTokenClaims>;
  /** Revokes every token of one login session. */
  revokeSession(sid: string): void;
  /** Revokes every token issued so far, like a server restart. */
  revokeAll(): void;
}

function randomId(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(raw, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Maps a jose verification failure to the message of a 403 reply. */
export function tokenFailure(error: unknown, what: string): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof joseErrors.JWTExpired) return new HttpError(403, `${what} expired`);
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new HttpError(403, `${what} uses an algorithm that is not allowed`);
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new HttpError(403, `${what} signature is invalid`);
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return new HttpError(403, `${what} claim "${error.claim}" is invalid: ${error.reason}`);
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) return new HttpError(403, `${what} was signed by an unknown key`);
  return new HttpError(403, `${what} is malformed or invalid`);
}

/**
 * Creates the token service of one server.
 *
 * @param options.issuer - `iss` and `aud` of every token (the database origin).
 * @param options.ttlSeconds - token lifetime.
 * @param options.now - epoch-ms clock.
 */
export function createDbTokens(options: { issuer: string; ttlSeconds: number; now: () => number }): DbTokens {
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const sessions = new Map<string, { revoked: boolean }>();
  // Tokens whose signature already verified. Expiry and revocation are still checked on every use; the cache only
  // saves repeating the HMAC for the same token string (every request of a session carries the same token).
  const verified = new Map<string, DbTokenClaims>();
  const VERIFIED_LIMIT = 1000;
  const check = (claims: DbTokenClaims): DbTokenClaims => {
    if (claims.exp * 1000 <= now()) throw new HttpError(403, 'Token expired');
    const session = sessions.get(claims.sid);
    if (!session || session.revoked) throw new HttpError(403, 'Token has been revoked');
    return claims;
  };
  const { issuer, ttlSeconds, now } = options;

  return {
    async issue(identity, sid) {
      const session = sid ?? randomId(12);
      if (!sessions.has(session)) sessions.set(session, { revoked: false });
      const iat = Math.floor(now() / 1000);
      const exp = iat + ttlSeconds;
      const token = await new SignJWT({ email: identity.email, name: identity.name, picture: identity.picture, sid: session })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(identity.sub)
        .setIssuer(issuer)
        .setAudience(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(randomId(16))
        .sign(secret);
      return { token, iat, exp };
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) return check(known);
      let payload;
      try {
        ({ payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          issuer,
          audience: issuer,
          currentDate: new Date(now()),
          requiredClaims: ['sub', 'sid', 'exp', 'iat', 'jti'],
        }));
      } catch (error) {
        throw tokenFailure(error, 'Token');
      }
      const claims: DbTokenClaims = {
        sub: String(payload.sub),
        email: String(payload['email'] ?? ''),
        name: String(payload['name'] ?? ''),
        picture: String(payload['picture'] ?? ''),
        sid: String(payload['sid']),
        jti: String(payload.jti),
        iat: Number(payload.iat),
        exp: Number(payload.exp),
      };
      check(claims);
      if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value as string);
      verified.set(token, claims);
      return claims;
    },
    revokeSession(sid) {
      const session = sessions.get(sid);
      if (session) session.revoked = true;
    },
    revokeAll() {
      for (const session of sessions.values()) session.revoked = true;
    },
  };
}
