/**
 * The real, unmodified @auth0/auth0-spa-js (UMD build) against the dev IdP in headless Chromium:
 * redirect login (sign-up), silent auth through the iframe after a reload, logout, popup login with rotating
 * refresh tokens, and a post-login Action that adds a claim or denies the login.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Auth0Client } from '@auth0/auth0-spa-js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDevIdp, type DevIdp } from '../../src/mock/idp/app';
import type { PostLoginAction } from '../../src/mock/idp/actions';
import { describeBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { serveFetch, type TestServer } from '../support/ports';

declare global {
  interface Window {
    auth0: typeof import('@auth0/auth0-spa-js');
    client?: Auth0Client;
  }
}

const CLIENT_ID = 'dev-client';

/** The spa-js options the tests pass into the page (plain data, so Playwright can serialise them). */
interface ClientOptions {
  domain: string;
  clientId: string;
  authorizationParams: { redirect_uri: string };
  authorizeTimeoutInSeconds: number;
  useRefreshTokens?: boolean;
  cacheLocation?: 'memory' | 'localstorage';
}
const CLAIM = 'https://restdb.test/logins_count';

/** Every request the IdP saw, with the token-endpoint grant type. */
interface Seen {
  method: string;
  path: string;
  params: URLSearchParams;
  grant?: string;
  refreshToken?: string;
}

const actions: PostLoginAction[] = [
  (event, api) => {
    api.idToken.setCustomClaim(CLAIM, event.stats.logins_count);
    if (event.user.email.startsWith('blocked')) api.access.deny('Blocked by the test policy');
  },
];

describeBrowser('@auth0/auth0-spa-js against the dev IdP (Chromium)', () => {
  let idp: DevIdp;
  let idpServer: TestServer;
  let appServer: TestServer;
  let browser: LaunchedBrowser;
  const seen: Seen[] = [];
  let options: ClientOptions;

  beforeAll(async () => {
    const spaPath = join(dirname(createRequire(import.meta.url).resolve('@auth0/auth0-spa-js/package.json')), 'dist/auth0-spa-js.production.js');
    const spa = await readFile(spaPath, 'utf8');
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>spa test app</title>
<script src="/auth0-spa-js.production.js"></script></head><body><h1>test app</h1></body></html>`;
    appServer = await serveFetch(() => (request) =>
      new URL(request.url).pathname === '/auth0-spa-js.production.js'
        ? new Response(spa, { headers: { 'content-type': 'text/javascript' } })
        : new Response(html, { headers: { 'content-type': 'text/html' } }),
    );
    idpServer = await serveFetch(() => async (request) => {
      const url = new URL(request.url);
      const entry: Seen = { method: request.method, path: url.pathname, params: url.searchParams };
      if (request.method === 'POST' && url.pathname === '/oauth/token') {
        const body = new URLSearchParams(await request.clone().text());
        entry.grant = body.get('grant_type') ?? '';
        const rt = body.get('refresh_token');
        if (rt) entry.refreshToken = rt;
      }
      seen.push(entry);
      return idp.app.fetch(request);
    });
    idp = createDevIdp({ issuerUrl: idpServer.url, clientId: CLIENT_ID, now: Date.now, postLoginActions: actions });
    options = {
      domain: idpServer.url,
      clientId: CLIENT_ID,
      authorizationParams: { redirect_uri: `${appServer.url}/callback` },
      authorizeTimeoutInSeconds: 10,
    };
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await idpServer?.close();
    await appServer?.close();
  });

  const since = (start: number): Seen[] => seen.slice(start);

  /** Creates an Auth0 client on the page and starts a redirect login; resolves once the IdP's /authorize is shown. */
  const startRedirectLogin = async (page: Page, authorizationParams: Record<string, string>): Promise<void> => {
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${idpServer.url}/authorize?`)),
      page
        .evaluate(
          async ({ opts, params }) => {
            const client = await window.auth0.createAuth0Client(opts);
            await client.loginWithRedirect({ authorizationParams: params });
          },
          { opts: options, params: authorizationParams },
        )
        .catch(() => undefined), // the page navigates away mid-evaluate
    ]);
  };

  it('signs up through loginWithRedirect, then handleRedirectCallback + getUser see the new user', async () => {
    const page = await browser.newPage();
    await page.goto(`${appServer.url}/`);
    await startRedirectLogin(page, { screen_hint: 'signup' });
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Email address').fill('ada@example.com');
    await page.getByLabel('Display name').fill('Ada Lovelace');
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${appServer.url}/callback?`)),
      page.getByRole('button', { name: 'Continue' }).click(),
    ]);
    const result = await page.evaluate(async (opts) => {
      const client = await window.auth0.createAuth0Client(opts);
      window.client = client;
      await client.handleRedirectCallback();
      const claims = await client.getIdTokenClaims();
      return { user: await client.getUser(), iss: claims?.iss, token: await client.getTokenSilently() };
    }, options);
    expect(result.user).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', [CLAIM]: 1 });
    expect(result.user?.sub).toMatch(/^auth0\|/);
    expect(result.iss).toBe(`${idpServer.url}/`);
    expect(String(result.token).split('.')).toHaveLength(3);
    await page.close();
  });

  it('restores the session after a reload through the prompt=none iframe (memory cache)', async () => {
    const page = await browser.newPage();
    await page.goto(`${appServer.url}/`);
    const start = seen.length;
    const result = await page.evaluate(async (opts) => {
      const client = await window.auth0.createAuth0Client(opts); // checkSession: is.authenticated cookie -> iframe
      const user = await client.getUser();
      const cached = await client.getTokenSilently();
      const fresh = await client.getTokenSilently({ cacheMode: 'off' });
      return { email: user?.email, cached, fresh };
    }, options);
    expect(result.email).toBe('ada@example.com');
    expect(result.fresh).not.toBe(result.cached);
    const silent = since(start).filter((r) => r.path === '/authorize');
    expect(silent).toHaveLength(2);
    expect(silent.every((r) => r.params.get('prompt') === 'none' && r.params.get('response_mode') === 'web_message')).toBe(true);
    expect(since(start).filter((r) => r.grant === 'authorization_code')).toHaveLength(2);
    await page.close();
  });

  it('logs out at the IdP (returnTo) so silent auth then reports login_required', async () => {
    const page = await browser.newPage();
    await page.goto(`${appServer.url}/`);
    const start = seen.length;
    await Promise.all([
      page.waitForURL(`${appServer.url}/bye`),
      page
        .evaluate(async (opts) => {
          const client = await window.auth0.createAuth0Client(opts);
          await client.logout({ logoutParams: { returnTo: `${location.origin}/bye` } });
        }, options)
        .catch(() => undefined),
    ]);
    expect(since(start).some((r) => r.path === '/v2/logout' && r.params.get('client_id') === CLIENT_ID)).toBe(true);
    const after = await page.evaluate(async (opts) => {
      const client = await window.auth0.createAuth0Client(opts);
      const authenticated = await client.isAuthenticated();
      const error = await client.getTokenSilently().then(
        () => 'no error',
        (e: { error?: string }) => e.error ?? String(e),
      );
      return { authenticated, error };
    }, options);
    expect(after).toEqual({ authenticated: false, error: 'login_required' });
    await page.close();
  });

  it('logs in with a popup and then refreshes through rotating refresh tokens (worker, memory cache)', async () => {
    const page = await browser.newPage();
    await page.goto(`${appServer.url}/`);
    const refreshOptions: ClientOptions = { ...options, useRefreshTokens: true };
    const popupOpened = page.waitForEvent('popup');
    const login = page.evaluate(async (opts) => {
      const client = await window.auth0.createAuth0Client(opts);
      window.client = client;
      await client.loginWithPopup();
      return client.getUser();
    }, refreshOptions);
    const popup = await popupOpened;
    await popup.getByLabel('Email address').fill('grace@example.com');
    await popup.getByLabel('Display name').fill('Grace Hopper');
    await popup.getByRole('button', { name: 'Continue' }).click();
    const user = await login;
    expect(user).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper', [CLAIM]: 1 });

    const start = seen.length;
    const tokens = await page.evaluate(async () => {
      const client = window.client!;
      const a = await client.getTokenSilently({ cacheMode: 'off' });
      const b = await client.getTokenSilently({ cacheMode: 'off' });
      return { a, b, email: (await client.getUser())?.email };
    });
    expect(tokens.a).not.toBe(tokens.b);
    expect(tokens.email).toBe('grace@example.com');
    const refreshes = since(start).filter((r) => r.grant === 'refresh_token');
    expect(refreshes).toHaveLength(2);
    expect(refreshes[0]?.refreshToken).toBeTruthy();
    expect(refreshes[1]?.refreshToken).not.toBe(refreshes[0]?.refreshToken); // rotated
    expect(since(start).some((r) => r.path === '/authorize')).toBe(false);
    await page.close();
  });

  it('keeps a refresh token across a reload with cacheLocation localstorage (popup signs in by SSO, no form)', async () => {
    const lsOptions: ClientOptions = { ...options, useRefreshTokens: true, cacheLocation: 'localstorage' };
    const page = await browser.newPage();
    await page.goto(`${appServer.url}/`);
    const start = seen.length;
    const popupOpened = page.waitForEvent('popup');
    const email = await page.evaluate(async (opts) => {
      const client = await window.auth0.createAuth0Client(opts);
      await client.loginWithPopup(); // the IdP session from the previous test answers at once
      return (await client.getUser())?.email;
    }, lsOptions);
    await popupOpened;
    expect(email).toBe('grace@example.com');
    expect(since(start).filter((r) => r.path === '/authorize' && r.method === 'POST')).toHaveLength(0);

    await page.reload();
    const afterReload = seen.length;
    const result = await page.evaluate(async (opts) => {
      const client = await window.auth0.createAuth0Client(opts);
      const token = await client.getTokenSilently({ cacheMode: 'off' });
      return { token, email: (await client.getUser())?.email };
    }, lsOptions);
    expect(result.email).toBe('grace@example.com');
    expect(String(result.token).split('.')).toHaveLength(3);
    const refreshes = since(afterReload).filter((r) => r.grant === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(since(afterReload).some((r) => r.path === '/authorize')).toBe(false);
    await page.close();
  });

  it('shows a post-login Action denial as an access_denied error from handleRedirectCallback', async () => {
    const page = await browser.newPage();
    await page.goto(`${appServer.url}/`);
    await startRedirectLogin(page, { prompt: 'login' });
    await page.getByLabel('Email address').fill('blocked@example.com');
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${appServer.url}/callback?`)),
      page.getByRole('button', { name: 'Continue' }).click(),
    ]);
    const outcome = await page.evaluate(async (opts) => {
      const client = await window.auth0.createAuth0Client(opts);
      return client.handleRedirectCallback().then(
        () => ({ error: 'none', description: '' }),
        (e: { error?: string; error_description?: string }) => ({ error: e.error, description: e.error_description }),
      );
    }, options);
    expect(outcome).toEqual({ error: 'access_denied', description: 'Blocked by the test policy' });
    await page.close();
  });
});
