/**
 * Everything a login transaction decided, carried from /authorize through the code to every refresh token,
 * because /oauth/token receives neither scope nor audience (auth0-dev-idp.md §4.1, pitfall 16).
 */
export interface LoginContext {
  clientId: string;
  /** The redirect_uri /authorize received; the code exchange must repeat it. */
  redirectUri: string;
  scope: string;
  audience?: string;
  /** Echoed byte for byte in the id_token of the code exchange only. */
  nonce?: string;
  sub: string;
  /** IdP session id, the id_token's `sid`. */
  sid: string;
  /** Epoch seconds of the interactive authentication. */
  authTime: number;
  /** Claims added by post-login Actions. */
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
}

/** An authorization code: single use, short-lived, bound to its PKCE challenge. */
export interface CodeGrant {
  context: LoginContext;
  codeChallenge: string;
  expiresAt: number;
  /** Set at the first exchange attempt; any later attempt is a replay. */
  usedAt?: number;
  /** Refresh-token family minted from this code, revoked if the code is replayed (RFC 9700 §4.5). */
  family?: string;
}

/** A refresh token; rotation links each one to its successor. */
export interface RefreshGrant {
  /** Stable id of the token (`event.refresh_token.id`); the value itself is the map key. */
  id: string;
  createdAt: number;
  context: LoginContext;
  family: string;
  expiresAt: number;
  revoked: boolean;
  /** Successor issued when this token was used, and when. */
  rotatedTo?: string;
  rotatedAt?: number;
}

/** An IdP login session (the `devidp_session` cookie value is its id). */
export interface IdpSession {
  sid: string;
  sub: string;
  authTime: number;
}

/** Random URL-safe opaque value (base64url of `bytes` random bytes). */
export function randomToken(bytes = 32): string {
  const buf = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  let bin = '';
  for (const b of buf) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** In-memory sessions, codes and refresh tokens of one IdP instance. */
export class GrantStore {
  readonly sessions: Map<string, IdpSession> = new Map();
  readonly codes: Map<string, CodeGrant> = new Map();
  readonly refreshTokens: Map<string, RefreshGrant> = new Map();

  /** Starts a session for `sub` and returns it. */
  createSession(sub: string, authTime: number): IdpSession {
    const session = { sid: randomToken(18), sub, authTime };
    this.sessions.set(session.sid, session);
    return session;
  }

  /** Stores a new code and returns its value. */
  issueCode(grant: CodeGrant): string {
    const code = randomToken(24);
    this.codes.set(code, grant);
    return code;
  }

  /** Stores a new refresh token and returns its value. */
  issueRefreshToken(grant: Omit<RefreshGrant, 'id'>): string {
    const token = `v1.${randomToken(36)}`;
    this.refreshTokens.set(token, { id: globalThis.crypto.randomUUID(), ...grant });
    return token;
  }

  /** Revokes every refresh token of a family (rotation chain). */
  revokeFamily(family: string): void {
    for (const grant of this.refreshTokens.values()) {
      if (grant.family === family) grant.revoked = true;
    }
  }

  /** Drops expired codes (called opportunistically so memory stays bounded in long dev runs). */
  sweep(nowMs: number): void {
    for (const [code, grant] of this.codes) {
      if (grant.expiresAt + 600_000 < nowMs) this.codes.delete(code);
    }
  }
}
