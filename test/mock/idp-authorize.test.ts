import { describe, expect, it } from 'vitest';
import {
  APP, CALLBACK, CLIENT_ID, IDP, STATE, authorizeParams, getAuthorize, makeIdp, pkce, postLogin,
  redirectParams, sessionCookie,
} from '../support/idp';

describe('dev IdP /authorize', () => {
  it('shows a sign-in page with labelled email and name inputs, posting back the original query', async () => {
    const { idp } = makeIdp({ clientName: 'Todo <Demo>' });
    const { challenge } = await pkce();
    const params = authorizeParams(challenge);
    const res = await getAuthorize(idp, params);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    for (const header of ['x-frame-options', 'content-security-policy', 'cross-origin-opener-policy']) {
      expect(res.headers.get(header)).toBeNull();
    }
    const html = await res.text();
    expect(html).toContain('<h1>Sign in</h1>');
    expect(html).toContain('Todo &lt;Demo&gt;'); // escaped client name
    expect(html).toMatch(/<label for="email">[^<]+<\/label>\s*<input id="email" name="email" type="email"/);
    expect(html).toMatch(/<label for="name">[^<]+<\/label>\s*<input id="name" name="name"/);
    expect(html).toContain('<button type="submit">');
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(action).toBe(`/authorize?${params}`);
  });

  it('shows the sign-up heading for screen_hint=signup and pre-fills login_hint', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    const html = await (
      await getAuthorize(idp, authorizeParams(challenge, { screen_hint: 'signup', login_hint: 'new@example.com' }))
    ).text();
    expect(html).toContain('<h1>Create your account</h1>');
    expect(html).toContain('value="new@example.com"');
  });

  it('redirects with an encoded code and the exact state after sign-in, and sets an HttpOnly Lax session cookie', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    const res = await postLogin(idp, authorizeParams(challenge), { email: 'ada@example.com', name: 'Ada' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe(STATE); // '+', '/' and '=' survive
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('devidp_session='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('auth0'))).toBe(false);
  });

  it('re-renders the form with an error for an invalid email, issuing nothing', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    const res = await postLogin(idp, authorizeParams(challenge), { email: 'not-an-email', name: 'X' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('role="alert"');
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('answers prompt=none with login_required (never UI) without a session, in both response modes', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    const query = await getAuthorize(idp, authorizeParams(challenge, { prompt: 'none' }));
    expect(query.status).toBe(302);
    expect(Object.fromEntries(redirectParams(query))).toEqual({
      error: 'login_required',
      error_description: 'Login required',
      state: STATE,
    });
    const iframe = await getAuthorize(idp, authorizeParams(challenge, { prompt: 'none', response_mode: 'web_message' }));
    const html = await iframe.text();
    expect(html).not.toContain('<form');
    expect(html).toContain('"error":"login_required"');
    expect(html).toContain(`postMessage(message, "${APP}")`);
  });

  it('issues a code at once for prompt=none with a session, as a web_message page for the parent or opener', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    const login = await postLogin(idp, authorizeParams(challenge), { email: 'ada@example.com' });
    const cookie = sessionCookie(login);
    expect(cookie).toBeDefined();
    const res = await getAuthorize(
      idp,
      authorizeParams(challenge, { prompt: 'none', response_mode: 'web_message', redirect_uri: `${APP}/callback?x=1` }),
      cookie,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('cross-origin-opener-policy')).toBeNull();
    const html = await res.text();
    expect(html).toContain("type: 'authorization_response'");
    expect(html).toContain('window.opener || window.parent');
    expect(html).toContain(`postMessage(message, "${APP}")`); // origin of redirect_uri, not the full URL
    const response = JSON.parse(/response: (\{.*?\}) \};/.exec(html)?.[1] ?? '{}') as Record<string, string>;
    expect(response['state']).toBe(STATE);
    expect(response['code']).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('escapes script-breaking state in the web_message page', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    const res = await getAuthorize(
      idp,
      authorizeParams(challenge, { prompt: 'none', response_mode: 'web_message', state: '</script><script>alert(1)//' }),
    );
    const html = await res.text();
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('\\u003c/script\\u003e');
  });

  it('signs a returning session in without UI, unless prompt=login', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    const cookie = sessionCookie(await postLogin(idp, authorizeParams(challenge), { email: 'ada@example.com' }));
    const sso = await getAuthorize(idp, authorizeParams(challenge), cookie);
    expect(sso.status).toBe(302);
    expect(redirectParams(sso).get('code')).toBeTruthy();
    const forced = await getAuthorize(idp, authorizeParams(challenge, { prompt: 'login' }), cookie);
    expect(forced.status).toBe(200);
    expect(await forced.text()).toContain('<form');
  });

  it('rejects an unknown or missing client and a missing redirect_uri with an error page, not a redirect', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    for (const extra of [{ client_id: 'other-client' }, { client_id: '' }, { redirect_uri: '' }, { redirect_uri: 'javascript:alert(1)' }]) {
      const params = authorizeParams(challenge, extra);
      for (const [k, v] of [...params]) if (v === '') params.delete(k);
      const res = await getAuthorize(idp, params);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('role="alert"');
    }
  });

  it('reports protocol errors through the response mode once the redirect target is known', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    const noPkce = authorizeParams(challenge);
    noPkce.delete('code_challenge');
    expect(redirectParams(await getAuthorize(idp, noPkce)).get('error')).toBe('invalid_request');
    const plain = await getAuthorize(idp, authorizeParams(challenge, { code_challenge_method: 'plain' }));
    expect(redirectParams(plain).get('error')).toBe('invalid_request');
    const token = await getAuthorize(idp, authorizeParams(challenge, { response_type: 'token' }));
    expect(redirectParams(token).get('error')).toBe('unsupported_response_type');
    expect(redirectParams(token).get('state')).toBe(STATE);
  });

  it('ends the session on /v2/logout and redirects to returnTo', async () => {
    const { idp } = makeIdp();
    const { challenge } = await pkce();
    const cookie = sessionCookie(await postLogin(idp, authorizeParams(challenge), { email: 'ada@example.com' }));
    const logout = await idp.app.fetch(
      new Request(`${IDP}/v2/logout?client_id=${CLIENT_ID}&returnTo=${encodeURIComponent(`${APP}/bye`)}&federated`, {
        headers: { cookie: cookie ?? '' },
      }),
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(`${APP}/bye`);
    expect(logout.headers.getSetCookie().find((c) => c.startsWith('devidp_session='))).toMatch(/Max-Age=0/);
    // The old cookie value no longer signs anyone in, even if a client kept it.
    const silent = await getAuthorize(idp, authorizeParams(challenge, { prompt: 'none' }), cookie);
    expect(redirectParams(silent).get('error')).toBe('login_required');
    const page = await idp.app.fetch(new Request(`${IDP}/v2/logout`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('logged out');
    const bad = await idp.app.fetch(new Request(`${IDP}/v2/logout?returnTo=javascript:alert(1)`));
    expect(bad.status).toBe(400);
  });

});
