import { describe, expect, it } from 'vitest';
import { RestdbClient, RestdbConfigError, type RestdbClientOptions } from '../../src/index';
import { createRestdbMock } from '../../src/mock/index';

const auth0 = createRestdbMock().auth0Client();
const url = 'https://db.restdb.test';

describe('options', () => {
  it.each<[string, unknown, RegExp]>([
    ['a relative url', { url: '/api', auth0 }, /`url` must be the database origin/],
    ['a non-http url', { url: 'ftp://db.example', auth0 }, /`url` must be the database origin/],
    ['a url with a path', { url: 'https://db.example/rest', auth0 }, /`url` must be the database origin/],
    ['no auth0', { url }, /`auth0` must be Auth0 client options/],
    ['auth0 options without clientId', { url, auth0: { domain: 'x.auth0.com' } }, /\{ domain, clientId \}/],
    ['an Auth0-like object lacking methods', { url, auth0: { ...auth0, loginWithPopup: undefined, checkSession: 'no' } }, /or an Auth0Client \(it lacks loginWithPopup, checkSession\)$/],
    ['an empty apiKey', { url, auth0, apiKey: '' }, /`apiKey`/],
    ['a negative timeout', { url, auth0, timeout: -1 }, /`timeout`/],
    ['a bad storage', { url, auth0, storage: 'cookies' }, /`storage`/],
    ['a bad margin', { url, auth0, refreshMarginSeconds: Number.NaN }, /`refreshMarginSeconds`/],
    ['a bad retry limit', { url, auth0, retry: { limit: 1.5 } }, /`retry.limit`/],
    ['fetch that is not a function', { url, auth0, fetch: 'fetch' }, /`fetch` must be a function/],
  ])('rejects %s with a RestdbConfigError saying what to fix', (_label, options, message) => {
    const error = (() => {
      try {
        new RestdbClient(options as RestdbClientOptions);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RestdbConfigError);
    expect(error).toMatchObject({ code: 'config' });
    expect((error as Error).message).toMatch(message);
  });

  it('normalises a trailing slash and accepts http for local development', async () => {
    const mock = createRestdbMock({ url: 'http://127.0.0.1:9' });
    const client = new RestdbClient({ url: 'http://127.0.0.1:9/', auth0: mock.auth0Client() });
    expect(client.status).toBe('unknown');
  });

  it('constructing with Auth0 options or an injected client touches neither window nor the network', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const calls: string[] = [];
    const client = new RestdbClient({
      url,
      auth0: { domain: 'tenant.eu.auth0.com', clientId: 'abc' },
      fetch: (input) => (calls.push(String(input)), Promise.reject(new Error('no network'))),
    });
    expect(client.status).toBe('unknown');
    expect(client.getSession()).toBeNull();
    expect(client.collection('todos').name).toBe('todos');
    new RestdbClient({ url, auth0 });
    expect(calls).toEqual([]);
  });
});
