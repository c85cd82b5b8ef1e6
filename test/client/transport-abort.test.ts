import { afterEach, describe, expect, it, vi } from 'vitest';
import { RestdbAbortError } from '../../src/index';
import { newMock, signedIn, useMsw } from './support';

const msw = useMsw();
afterEach(() => vi.useRealTimers());

describe('transport: an aborted call leaves no promise unobserved', () => {
  it('a call made with an already aborted signal while the token is due: the refresh it started fails later without an unhandled rejection', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      vi.setSystemTime(client.getSession()!.expiresAt + 1000);
      mock.faults.add({ path: '/auth/token', status: 401 });
      auth0.controls.failSilentAuth('login_required');
      const error = await client.collection('todos').find(undefined, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestdbAbortError);
      await vi.waitUntil(() => client.status === 'signedOut', { timeout: 3000, interval: 5 });
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
