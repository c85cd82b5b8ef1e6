/**
 * Security checks: the token reaches only the database origin and never a URL, an error, a warning or the
 * console; logout leaves no token in memory or storage in any tab; the Auth0 client secret is refused.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RestdbClient, RestdbConfigError, type RestdbClientOptions, type RestdbWarning } from '../../src/index';
import type { RestdbMock } from '../../src/mock/index';
import { newClient, newMock, signedIn, useMsw, type TestSchema } from './support';
import { createLocks, until } from './tabs-support';

const msw = useMsw();
const open: RestdbClient<TestSchema>[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.dispose();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** A fetch that records what it sends, then passes it on (msw answers; any other origin is an msw error). */
function spyFetch(): { fetch: typeof fetch; sent: { url: string; auth: string | null }[] } {
  const sent: { url: string; auth: string | null }[] = [];
  return {
    sent,
    fetch: (input, init) => {
      const request = new Request(input, init);
      sent.push({ url: request.url, auth: request.headers.get('authorization') });
      return globalThis.fetch(request);
    },
  };
}

/** A Web Storage stand-in. */
function webStorage(): Storage & { dump(): string } {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, String(v)),
    removeItem: (k: string) => void map.delete(k),
    clear: () => map.clear(),
    dump: () => JSON.stringify([...map]),
  };
}

/** Runs a session through login, reads, writes, a refresh, a 401 replay, a failing call and logout; returns every token seen. */
async function fullFlow(mock: RestdbMock, client: RestdbClient<TestSchema>): Promise<string[]> {
  const tokens: string[] = [];
  client.onAuthStateChange((_e, s) => s && tokens.push(s.token));
  await client.loginWithPopup();
  const todos = client.collection('todos');
  const created = await todos.create({ title: 'a', done: false });
  await todos.find({ q: { done: false } });
  await todos.get(created._id);
  await client.refresh();
  mock.faults.add({ path: '/rest/todos', status: 401, times: 1 });
  await todos.find();
  mock.faults.add({ path: '/rest/todos', status: 500, times: 1 });
  await todos.find().catch(() => undefined);
  await client.userinfo();
  await client.logout({ openUrl: false });
  return tokens;
}

describe('the token reaches only the database origin, never a URL', () => {
  it.each(['../auth/logout', 'http://evil.example/x', '//evil.example/x', '..', 'todos/../../auth/logout', 'todos?x=1', '%2e%2e', ''])(
    'collection name %j is refused before any request',
    async (name) => {
      const { mock, auth0 } = newMock(msw);
      const spy = spyFetch();
      const client = await signedIn(mock, auth0, { fetch: spy.fetch });
      open.push(client);
      spy.sent.length = 0;
      let error: unknown;
      try {
        await client.collection(name as 'todos').find();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RestdbConfigError);
      expect(spy.sent).toEqual([]);
    },
  );

  it.each(['../../auth/logout', 'http://evil.example/x', '507f1f77bcf86cd79943901/..'])('record id %j is refused before any request', async (id) => {
    const { mock, auth0 } = newMock(msw);
    const spy = spyFetch();
    const client = await signedIn(mock, auth0, { fetch: spy.fetch });
    open.push(client);
    spy.sent.length = 0;
    await expect(client.collection('todos').get(id)).rejects.toBeInstanceOf(RestdbConfigError);
    await expect(client.collection('todos').delete(id)).rejects.toBeInstanceOf(RestdbConfigError);
    expect(spy.sent).toEqual([]);
  });

  it('through a whole session, every credentialed request goes to the database origin and no URL holds a token', async () => {
    const { mock, auth0 } = newMock(msw);
    const spy = spyFetch();
    const client = newClient(mock, auth0, { fetch: spy.fetch });
    open.push(client);
    const tokens = await fullFlow(mock, client);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(spy.sent.length).toBeGreaterThan(8);
    for (const { url, auth } of spy.sent) {
      expect(new URL(url).origin).toBe(mock.url);
      for (const t of tokens) expect(url).not.toContain(t);
      if (auth) expect(tokens.map((t) => `Bearer ${t}`)).toContain(auth);
    }
    for (const r of mock.requests.entries()) for (const t of tokens) expect(r.url).not.toContain(t);
  });
});

describe('no token in errors, warnings or console output', () => {
  it('errors of every kind (http, 401 after replay, network, timeout, bad exchange reply) carry no token', async () => {
    const { mock, auth0 } = newMock(msw);
    const client = await signedIn(mock, auth0, { timeout: 300 });
    open.push(client);
    const token = client.getSession()!.token;
    const todos = client.collection('todos');
    const errors: unknown[] = [];
    const fail = async (fault: Parameters<RestdbMock['faults']['add']>[0], call: () => Promise<unknown>): Promise<void> => {
      const remove = mock.faults.add(fault);
      errors.push(await call().catch((e: unknown) => e));
      remove();
    };
    await fail({ path: '/rest/todos', status: 401 }, () => todos.find());
    await fail({ path: '/rest/todos', status: 500, body: { message: 'boom' } }, () => todos.find());
    await fail({ path: '/rest/todos', method: 'POST', networkError: true }, () => todos.create({ title: 'x', done: false }));
    await fail({ path: '/rest/todos', delayMs: 600 }, () => todos.find());
    await fail({ path: '/auth/token', status: 200, body: { token, iat: 5 } }, () => client.refresh());
    await fail({ path: '/auth/logout', status: 500 }, async () => (await client.logout({ openUrl: false })).error);
    expect(errors).toHaveLength(6);
    for (const e of errors) {
      expect(e).toBeInstanceOf(Error);
      const err = e as Error & { cause?: unknown };
      for (const text of [err.message, String(err), err.stack ?? '', JSON.stringify(err), JSON.stringify(err.cause ?? null), String(err.cause ?? '')]) {
        expect(text).not.toContain(token);
      }
    }
  });

  it('warnings and console output during a whole session (with the default console warning sink) hold no token', async () => {
    const { mock, auth0 } = newMock(msw);
    const lines: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : JSON.stringify(a) ?? String(a))).join(' ')));
    }
    const boom = (): never => {
      throw new Error('storage full');
    };
    const options: RestdbClientOptions = { url: mock.url, auth0, storage: { get: boom, set: boom, remove: boom } };
    const client = new RestdbClient<TestSchema>(options);
    open.push(client);
    const tokens = await fullFlow(mock, client);
    const warnings: RestdbWarning[] = [];
    const second = newClient(mock, mock.auth0Client(), { storage: { get: boom, set: boom, remove: boom }, onWarning: (w) => warnings.push(w) });
    open.push(second);
    await second.loginWithPopup();
    expect(lines.length).toBeGreaterThan(0); // the storage warning went to the console
    expect(warnings.map((w) => w.code)).toEqual(['storage_unavailable']);
    const all = [...lines, ...warnings.map((w) => `${w.message} ${String(w.cause)}`)].join('\n');
    for (const t of [...tokens, second.getSession()!.token]) expect(all).not.toContain(t);
  });
});

describe('after logout no token remains, in any tab or storage', () => {
  it('three tabs persisting to sessionStorage, localStorage and an adapter: after logout in one, no tab and no storage holds a token', async () => {
    const [session, local, custom] = [webStorage(), webStorage(), webStorage()];
    vi.stubGlobal('sessionStorage', session);
    vi.stubGlobal('localStorage', local);
    const adapter = { get: (k: string) => custom.getItem(k), set: (k: string, v: string) => custom.setItem(k, v), remove: (k: string) => custom.removeItem(k) };
    const { mock } = newMock(msw);
    const locks = createLocks();
    const tabs = (['sessionStorage', 'localStorage', adapter] as const).map((storage) => newClient(mock, mock.auth0Client(), { storage, tabs: { locks } }));
    open.push(...tabs);
    await Promise.all(tabs.map((t) => t.restore()));
    const token = (await tabs[0]!.loginWithPopup()).token;
    await until(() => tabs.every((t) => t.status === 'signedIn'));
    await tabs[1]!.refresh();
    await until(() => tabs.every((t) => t.getSession()?.token !== token));
    const tokens = [token, tabs[0]!.getSession()!.token];
    for (const s of [session, local, custom]) expect(s.dump()).toContain(tokens[1]);
    await tabs[2]!.logout({ openUrl: false });
    await until(() => tabs.every((t) => t.status === 'signedOut'));
    for (const tab of tabs) {
      expect(tab.getSession()).toBeNull();
      await expect(tab.getToken()).rejects.toMatchObject({ code: 'login_required' });
    }
    for (const s of [session, local, custom]) for (const t of tokens) expect(s.dump()).not.toContain(t);
  });

  it('a custom storage adapter holds nothing after logout', async () => {
    const { mock, auth0 } = newMock(msw);
    const map = new Map<string, string>();
    const client = await signedIn(mock, auth0, { storage: { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) } });
    open.push(client);
    expect(map.size).toBe(1);
    await client.refresh();
    await client.logout({ openUrl: false });
    expect(map.size).toBe(0);
  });
});

describe('no client secret, ever', () => {
  it('an Auth0 clientSecret in the options is a config error that does not echo the secret', () => {
    let error: unknown;
    try {
      new RestdbClient({ url: 'https://db.restdb.test', auth0: { domain: 'me.auth0.com', clientId: 'abc', clientSecret: 'very-secret-value' } as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RestdbConfigError);
    expect((error as Error).message).toMatch(/clientSecret/);
    expect((error as Error).message).not.toContain('very-secret-value');
  });

  it('the options type has no place for a client secret', () => {
    // @ts-expect-error clientSecret is not an Auth0ClientOptions field
    const auth0: RestdbClientOptions['auth0'] = { domain: 'me.auth0.com', clientId: 'abc', clientSecret: 'x' };
    expect(auth0).toBeDefined();
  });
});
