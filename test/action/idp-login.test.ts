/**
 * The user-sync Action wired into the dev IdP of the reference server: a login through the IdP's HTTP endpoints
 * (plain fetch, as a browser would navigate) fills `users`, and the database then knows the user.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../../src/mock/node';
import { captureConsole, onExecutePostLogin } from './support';

const KEY = 'idp-test-full-access-key-9b8c7d';
const REDIRECT_URI = 'http://localhost:5173/callback';
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) ActionTest/1.0';

type Server = Awaited<ReturnType<typeof startMockServer>>;
let server: Server;

beforeAll(async () => {
  // No RESTDB_URL / RESTDB_API_KEY given: startMockServer fills them with its own origin and key, so the
  // records the Action creates below prove those defaults.
  server = await startMockServer({
    port: 0,
    idpPort: 0,
    apiKey: KEY,
    postLoginActions: [onExecutePostLogin],
    actionSecrets: { RESTDB_ROLES: 'external,todo-user' },
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.mock.faults.clear();
});

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

/** One browser-like session: the IdP cookie jar is a single session cookie. */
interface Browser {
  cookie?: string;
}

function authorizeUrl(verifier: string, extra: Record<string, string> = {}): URL {
  const url = new URL('/authorize', server.idpUrl);
  const params = {
    client_id: server.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    response_mode: 'query',
    scope: 'openid profile email',
    state: base64url(randomBytes(16)),
    nonce: base64url(randomBytes(16)),
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    ...extra,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url;
}

function codeFrom(response: Response): string {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  expect(location.searchParams.get('error')).toBeNull();
  const code = location.searchParams.get('code');
  expect(code).toBeTruthy();
  return code ?? '';
}

/** GET /authorize -> the sign-in form -> POST it -> the redirect's code; keeps the IdP session cookie. */
async function interactiveLogin(
  browser: Browser,
  email: string,
  name: string,
  extra: Record<string, string> = {},
): Promise<{ code: string; verifier: string }> {
  const verifier = base64url(randomBytes(32));
  const page = await fetch(authorizeUrl(verifier, extra), { headers: { 'user-agent': USER_AGENT } });
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  expect(action).toMatch(/^\/authorize\?/);
  const submitted = await fetch(new URL(action ?? '', server.idpUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
    body: new URLSearchParams({ email, name }),
  });
  const cookie = submitted.headers.get('set-cookie')?.split(';')[0];
  if (cookie) browser.cookie = cookie;
  return { code: codeFrom(submitted), verifier };
}

/** `prompt=none` with the session cookie: Auth0 runs the post-login Actions again, logins_count unchanged. */
async function silentLogin(browser: Browser): Promise<{ code: string; verifier: string }> {
  const verifier = base64url(randomBytes(32));
  const response = await fetch(authorizeUrl(verifier, { prompt: 'none' }), {
    redirect: 'manual',
    headers: { 'user-agent': USER_AGENT, ...(browser.cookie ? { cookie: browser.cookie } : {}) },
  });
  return { code: codeFrom(response), verifier };
}

async function idTokenFor(grant: { code: string; verifier: string }): Promise<string> {
  return (await tokensFor(grant)).id_token;
}

async function tokensFor(grant: { code: string; verifier: string }): Promise<{ id_token: string; refresh_token?: string }> {
  const response = await fetch(new URL('/oauth/token', server.idpUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: server.clientId,
      code: grant.code,
      code_verifier: grant.verifier,
      redirect_uri: REDIRECT_URI,
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { id_token: string; refresh_token?: string };
  expect(body.id_token).toBeTypeOf('string');
  return body;
}

async function usersWithEmail(email: string): Promise<Record<string, unknown>[]> {
  const q = encodeURIComponent(JSON.stringify({ email }));
  const response = await fetch(`${server.url}/rest/users?q=${q}`, { headers: { 'x-apikey': KEY } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>[];
}

async function userinfo(idToken: string): Promise<Record<string, unknown>> {
  const exchange = await fetch(`${server.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: idToken }),
  });
  expect(exchange.status).toBe(200);
  const { token } = (await exchange.json()) as { token: string };
  const info = await fetch(`${server.url}/auth/userinfo`, { headers: { authorization: `Bearer ${token}` } });
  expect(info.status).toBe(200);
  return (await info.json()) as Record<string, unknown>;
}

describe('user-sync Action in the dev IdP', () => {
  it('a first login through the IdP creates exactly one users record, and userinfo returns its _id', async () => {
    const logs = captureConsole();
    try {
      const email = `grace.${Date.now()}@example.com`;
      const grant = await interactiveLogin({}, email, 'Grace Hopper');
      const records = await usersWithEmail(email);
      expect(records).toHaveLength(1);
      const record = records[0] ?? {};
      expect(record).toMatchObject({
        email,
        name: 'Grace Hopper',
        email_verified: true,
        appName: expect.any(String),
        userAgent: USER_AGENT,
        ip: '127.0.0.1',
        connection: 'Username-Password-Authentication',
        strategy: 'auth0',
        roles: ['external', 'todo-user'],
        active: true,
      });
      expect(record['auth0_id']).toMatch(/^auth0\|/);

      const info = await userinfo(await idTokenFor(grant));
      expect(info['_id']).toBe(record['_id']);
      expect(info['email']).toBe(email);
      expect(logs.lines().join('\n')).not.toContain(KEY);
    } finally {
      logs.restore();
    }
  });

  it('silent re-authentication (logins_count still 1) and a second interactive login create no duplicate', async () => {
    const email = `katherine.${Date.now()}@example.com`;
    const browser: Browser = {};
    await interactiveLogin(browser, email, 'Katherine Johnson');
    expect(browser.cookie).toBeTruthy();
    await idTokenFor(await silentLogin(browser));
    await interactiveLogin({}, email, 'Katherine Johnson');
    expect(await usersWithEmail(email)).toHaveLength(1);
  });

  it('a refresh-token exchange right after the first login (Actions run again) makes no restdb request', async () => {
    const email = `mary.${Date.now()}@example.com`;
    const grant = await interactiveLogin({}, email, 'Mary Jackson', { scope: 'openid profile email offline_access' });
    const { refresh_token: refreshToken } = await tokensFor(grant);
    expect(refreshToken).toBeTypeOf('string');
    server.mock.requests.clear();
    const refreshed = await fetch(new URL('/oauth/token', server.idpUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: server.clientId, refresh_token: refreshToken ?? '' }),
    });
    expect(refreshed.status).toBe(200);
    expect(server.mock.requests.entries().filter((entry) => entry.path.startsWith('/rest/'))).toEqual([]);
    expect(await usersWithEmail(email)).toHaveLength(1);
  });

  it('restdb failing during the first login does not fail the login: the code is issued, no record is made', async () => {
    const logs = captureConsole();
    try {
      server.mock.faults.add({ path: '/rest/users', status: 503, body: { message: 'maintenance' } });
      const email = `dorothy.${Date.now()}@example.com`;
      const grant = await interactiveLogin({}, email, 'Dorothy Vaughan');
      const idToken = await idTokenFor(grant);
      server.mock.faults.clear();
      expect(await usersWithEmail(email)).toHaveLength(0);
      const info = await userinfo(idToken);
      expect(info['email']).toBe(email);
      expect(info).not.toHaveProperty('_id');
      expect(logs.lines().join('\n')).toContain('restdb refused the users lookup (HTTP 503)');
    } finally {
      logs.restore();
    }
  });
});
