import { RestdbAuthError } from '../errors/RestdbAuthError';

/**
 * A database session: the token the data calls carry, the server's `iat`/`exp` (epoch seconds) and
 * `expiresAt`, the local epoch ms at which it expires (receive time + `exp - iat`, so a wrong device clock
 * does not matter).
 */
export interface RestdbSession {
  /** The database token (a bearer credential: do not log it). */
  token: string;
  /** Issued-at, epoch seconds, server clock. */
  iat: number;
  /** Expiry, epoch seconds, server clock. */
  exp: number;
  /** Local expiry, epoch ms by this device's clock. */
  expiresAt: number;
}

/** Body of `POST /auth/token`. */
export type TokenRequest = { code: string } | { refresh: string };

/** Sends `POST /auth/token` and returns the parsed reply (wired to the http layer by the client). */
export type PostToken = (body: TokenRequest) => Promise<unknown>;

/** A validated exchange result plus the measured clock skew (server minus local, ms). */
export interface ExchangeResult {
  /** The new session. */
  session: RestdbSession;
  /** Server clock minus local clock, from `iat` and the local receive time (±1 s resolution). */
  skewMs: number;
}

/**
 * Exchanges an Auth0 id_token (`{code}`) or refreshes a database token (`{refresh}`), validating the reply.
 * HTTP errors from `post` propagate unchanged, so the caller can tell a refusal (401/403) from an outage.
 * @param post - sends the request
 * @param body - `{code}` or `{refresh}`
 * @param now - local clock (epoch ms)
 * @throws {@link RestdbAuthError} `exchange_failed` when the reply is not `{token, iat, exp}` with `exp > iat`
 */
export async function exchangeToken(post: PostToken, body: TokenRequest, now: () => number): Promise<ExchangeResult> {
  // Typed as the good case; every field is checked below before it is used.
  const reply = (await post(body)) as { token?: unknown; iat?: number; exp?: number } | null;
  const receivedAt = now();
  const { token, iat, exp } = reply && typeof reply === 'object' ? reply : {};
  if (!(token && typeof token == 'string' && Number.isFinite(iat) && Number.isFinite(exp) && exp! > iat!)) {
    // The cause says what was wrong without quoting the reply (it may hold a token).
    const what = typeof reply !== 'object' || !reply ? 'not a JSON object' : !token ? 'no token' : exp === undefined ? 'no exp' : 'bad iat/exp';
    throw new RestdbAuthError('POST /auth/token: invalid reply, expected {token, iat, exp} with exp > iat', 'exchange_failed', new TypeError(what));
  }
  return {
    session: { token, iat: iat!, exp: exp!, expiresAt: receivedAt + (exp! - iat!) * 1000 },
    skewMs: iat! * 1000 - receivedAt,
  };
}
