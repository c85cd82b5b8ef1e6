/**
 * The user-sync Action against the in-process reference server (msw handlers), the way an app's own test suite
 * would run it: global fetch intercepted, unhandled requests are errors.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRestdbMock } from '../../src/mock/index';
import { captureConsole, makeApi, makeEvent, makeUser, onExecutePostLogin, timed } from './support';

const mock = createRestdbMock({ apiKey: 'msw-full-access-key-77aa55' });
const server = setupServer(...mock.handlers);
let logs: ReturnType<typeof captureConsole>;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  mock.store.reset();
  mock.faults.clear();
  mock.requests.clear();
  logs = captureConsole();
});
afterEach(() => {
  logs.restore();
  for (const line of logs.lines()) expect(line).not.toContain(mock.apiKey);
});

async function firstLogin(secrets: Record<string, string> = {}): Promise<string[]> {
  const { api, calls } = makeApi();
  const event = makeEvent({
    user: makeUser(),
    loginsCount: 1,
    secrets: { RESTDB_URL: mock.url, RESTDB_API_KEY: mock.apiKey, ...secrets },
  });
  await expect(onExecutePostLogin(event, api)).resolves.toBeUndefined();
  return calls;
}

describe('user-sync Action through msw', () => {
  it('creates one users record, retried or not', async () => {
    const user = makeUser();
    for (let i = 0; i < 2; i += 1) {
      const { api } = makeApi();
      const secrets = { RESTDB_URL: mock.url, RESTDB_API_KEY: mock.apiKey };
      await onExecutePostLogin(makeEvent({ user, loginsCount: 1, secrets }), api);
    }
    expect(mock.store.list('users').map((record) => record['email'])).toEqual([user.email]);
  });

  it('a network error (fault networkError) resolves without a record and without api calls', async () => {
    mock.faults.add({ path: '/rest/users', networkError: true });
    expect(await firstLogin()).toEqual([]);
    expect(mock.store.list('users')).toEqual([]);
    expect(logs.lines().join('\n')).toContain('network error');
  });

  it('a delay beyond RESTDB_TIMEOUT_MS resolves within the budget plus a small slack', async () => {
    mock.faults.add({ path: '/rest/users', delayMs: 1500 });
    const ms = await timed(() => firstLogin({ RESTDB_TIMEOUT_MS: '250' }));
    expect(ms).toBeLessThan(250 + 300);
    expect(logs.lines().join('\n')).toContain('timed out');
  });

  it('a 503 on the POST resolves and leaves no record', async () => {
    mock.faults.add({ method: 'POST', path: '/rest/users', status: 503 });
    await firstLogin();
    expect(mock.store.list('users')).toEqual([]);
    expect(logs.lines().join('\n')).toContain('restdb refused the users record (HTTP 503');
  });
});
