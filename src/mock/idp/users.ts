/** A user account of the dev IdP, shaped like Auth0's user profile. */
export interface DevUser {
  /** Stable id (`auth0|<24 hex>`), the `sub` of every token issued for this user. */
  readonly user_id: string;
  /** Lower-cased, trimmed email; the key users are looked up by. */
  readonly email: string;
  email_verified: boolean;
  name: string;
  nickname: string;
  picture: string;
  readonly created_at: string;
  updated_at: string;
  last_login?: string;
  /** Interactive logins so far (silent `prompt=none` re-authentication does not count, as in Auth0). */
  logins_count: number;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
}

/** What the sign-in form (or a test) provides about a user. */
export interface UserInput {
  email: string;
  name?: string;
}

/** Normalises an email the way Auth0 does for database connections (trim, lower case). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Loose structural check, enough to reject obvious typos in the sign-in form. */
export function isPlausibleEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254;
}

function randomHex(bytes: number): string {
  const buf = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** An offline avatar (SVG data URI with initials), so no network fetch is ever needed. */
function initialsPicture(name: string): string {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('')
    .replace(/[^A-Z0-9]/g, '');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#4f46e5"/>` +
    `<text x="32" y="41" font-family="sans-serif" font-size="26" fill="#fff" text-anchor="middle">${initials || '?'}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** In-memory users of one IdP instance, keyed by normalised email; `user_id` is stable per email. */
export class UserStore {
  readonly #byEmail = new Map<string, DevUser>();
  readonly #bySub = new Map<string, DevUser>();

  /** The user with this email, if any. */
  byEmail(email: string): DevUser | undefined {
    return this.#byEmail.get(normalizeEmail(email));
  }

  /** The user with this `user_id` / `sub`, if any. */
  bySub(sub: string): DevUser | undefined {
    return this.#bySub.get(sub);
  }

  /**
   * Returns the user for `input.email`, creating it (sign-up) when new. A non-empty `name` different from the
   * stored one updates the profile, as a returning user's edited display name would.
   */
  upsert(input: UserInput, nowMs: number): DevUser {
    const email = normalizeEmail(input.email);
    const name = input.name?.trim() ?? '';
    const stamp = new Date(nowMs).toISOString();
    const existing = this.#byEmail.get(email);
    if (existing) {
      if (name && name !== existing.name) {
        existing.name = name;
        existing.picture = initialsPicture(name);
        existing.updated_at = stamp;
      }
      return existing;
    }
    const nickname = email.split('@')[0] ?? email;
    const displayName = name || nickname;
    const user: DevUser = {
      user_id: `auth0|${randomHex(12)}`,
      email,
      email_verified: true,
      name: displayName,
      nickname,
      picture: initialsPicture(displayName),
      created_at: stamp,
      updated_at: stamp,
      logins_count: 0,
      app_metadata: {},
      user_metadata: {},
    };
    this.#byEmail.set(email, user);
    this.#bySub.set(user.user_id, user);
    return user;
  }

  /** Counts an interactive login (Auth0 increments `logins_count` before post-login Actions run). */
  recordLogin(user: DevUser, nowMs: number): void {
    user.logins_count += 1;
    user.last_login = new Date(nowMs).toISOString();
  }

  /** Every user, in sign-up order. */
  all(): DevUser[] {
    return [...this.#byEmail.values()];
  }
}
