import type { RestdbSession } from './exchange';
import { readJson, type RestdbStorageAdapter } from './storage';
import type { RestdbError } from '../errors/RestdbError';

/** Server-side revocation that survives being offline. */
export interface Revoker {
  /** `POST /auth/logout` with the session's token; when the server cannot be reached, keeps it to retry later. */
  revoke(s: Pick<RestdbSession, 'token' | 'expiresAt'>): Promise<RestdbError | undefined>;
  /** Retries a kept revocation (on `online` and at the next start); an expired one is dropped unsent. */
  retry(): void;
}

/**
 * Creates the revoker. The pending record (the last unrevoked token and its local expiry, kept until it is revoked,
 * refused or expired) lives in the client's storage: memory by default, Web Storage when persistence was chosen.
 * @param send - sends `POST /auth/logout` with the token (keepalive)
 * @param storage - the client's storage
 * @param key - storage key of the pending record
 * @param now - local clock (epoch ms)
 */
export function createRevoker(send: (token: string) => Promise<unknown>, storage: RestdbStorageAdapter, key: string, now: () => number): Revoker {
  let listening = false;
  const r: Revoker = {
    async revoke(s) {
      try {
        await send(s.token);
      } catch (error) {
        const e = error as RestdbError & { status?: number };
        // Not reached (offline, timeout) or failed (5xx): retry later. A 4xx means nothing is left to revoke.
        if (e.code == 'network' || e.code == 'timeout' || e.status! >= 500) {
          storage.set(key, JSON.stringify({ token: s.token, expiresAt: s.expiresAt }));
          const g = globalThis as { addEventListener?: (type: string, fn: () => void, o: object) => void };
          if (!listening && g.addEventListener) g.addEventListener('online', () => ((listening = false), r.retry()), { once: (listening = true) });
          return e;
        }
        storage.remove(key);
        return e;
      }
      storage.remove(key);
      return undefined;
    },
    retry() {
      const s = readJson<Pick<RestdbSession, 'token' | 'expiresAt'>>(storage, key);
      // An unreadable or expired record is dropped unsent.
      if (s && s.expiresAt > now()) void r.revoke(s);
      else storage.remove(key);
    },
  };
  return r;
}
