import type { RestdbSession } from './exchange';
import type { RestdbStorageAdapter } from './storage';
import type { RestdbError } from '../errors/RestdbError';

/** Server-side revocation that survives being offline. */
export interface Revoker {
  /** `POST /auth/logout` with the session's token; when the server cannot be reached, keeps it to retry later. */
  revoke(s: Pick<RestdbSession, 'token' | 'expiresAt'>): Promise<RestdbError | undefined>;
  /** Retries the kept revocations (on `online` and at the next start); expired ones are dropped unsent. */
  retry(): void;
}

type Kept = Pick<RestdbSession, 'token' | 'expiresAt'>;

/** The server was not reached (or failed): worth retrying. A 4xx answer means there is nothing left to revoke. */
const unreached = (e: RestdbError): boolean => e.code === 'network' || e.code === 'timeout' || ((e as { status?: number }).status ?? 0) >= 500;

/**
 * Creates the revoker. The pending record (token and local expiry only, until it is revoked or expires) lives
 * in the client's storage: memory by default, the chosen Web Storage when persistence was opted into.
 * @param send - sends `POST /auth/logout` with the token (keepalive)
 * @param storage - the client's storage
 * @param key - storage key of the pending record
 * @param now - local clock (epoch ms)
 */
export function createRevoker(send: (token: string) => Promise<unknown>, storage: RestdbStorageAdapter, key: string, now: () => number): Revoker {
  let listening = false;
  const read = (): Kept[] => {
    try {
      return (JSON.parse(storage.get(key) ?? '[]') as Kept[]).filter((k) => k.expiresAt > now());
    } catch {
      return [];
    }
  };
  const write = (list: Kept[]): void => (list.length ? storage.set(key, JSON.stringify(list)) : storage.remove(key));
  const drop = (token: string): void => write(read().filter((k) => k.token !== token));
  const r: Revoker = {
    async revoke({ token, expiresAt }) {
      try {
        await send(token);
        drop(token);
      } catch (error) {
        const e = error as RestdbError;
        if (!unreached(e)) return drop(token), e;
        const list = read().filter((k) => k.token !== token);
        write([...list, { token, expiresAt }]);
        const g = globalThis as { addEventListener?: (type: string, fn: () => void, o: object) => void };
        if (!listening && g.addEventListener) {
          listening = true;
          g.addEventListener('online', () => ((listening = false), r.retry()), { once: true });
        }
        return e;
      }
      return undefined;
    },
    retry() {
      const list = read();
      write(list);
      for (const k of list) void r.revoke(k);
    },
  };
  return r;
}
