import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { parseAuthorizeRequest, type AuthorizeRequest } from './authorize-request';
import type { IdpSession } from './grants';
import { completeLogin } from './login';
import { errorPage, signInPage } from './page';
import { noStoreHeaders, respondAuthorization } from './respond';
import { SESSION_COOKIE, type IdpState } from './state';
import { isPlausibleEmail } from './users';

function currentSession(c: Context, state: IdpState): IdpSession | undefined {
  const sid = getCookie(c, SESSION_COOKIE);
  const session = sid ? state.grants.sessions.get(sid) : undefined;
  return session && state.users.bySub(session.sub) ? session : undefined;
}

function renderForm(
  c: Context,
  state: IdpState,
  request: AuthorizeRequest,
  status: 200 | 400,
  filled: { email?: string; name?: string; error?: string } = {},
): Response {
  const email = filled.email ?? request.loginHint;
  const page = signInPage({
    clientName: state.clientName,
    query: request.rawQuery,
    signup: request.screenHint === 'signup',
    ...(email === undefined ? {} : { email }),
    ...(filled.name === undefined ? {} : { name: filled.name }),
    ...(filled.error === undefined ? {} : { error: filled.error }),
  });
  return c.html(page, status, noStoreHeaders());
}

type Parsed = { request: AuthorizeRequest } | { response: Response };

function parse(c: Context, state: IdpState): Parsed {
  const parsed = parseAuthorizeRequest(new URL(c.req.url), state.clientId);
  if (parsed.ok) return { request: parsed.request };
  if (parsed.page) return { response: c.html(errorPage('Invalid request', parsed.message), 400, noStoreHeaders()) };
  return {
    response: respondAuthorization(c, parsed.target, { error: parsed.error, error_description: parsed.description }),
  };
}

/**
 * Mounts `GET /authorize` (sign-in page, SSO through the session cookie, `prompt=none`) and `POST /authorize`
 * (the sign-in form, whose action repeats the original query string so every parameter survives).
 */
export function mountAuthorize(app: Hono, state: IdpState): void {
  app.get('/authorize', async (c) => {
    const parsed = parse(c, state);
    if ('response' in parsed) return parsed.response;
    const { request } = parsed;
    const session = currentSession(c, state);
    const user = session && state.users.bySub(session.sub);
    if (request.prompt.includes('none')) {
      // Silent authentication never shows UI: a code at once, or login_required through the response mode.
      if (!session || !user) {
        return respondAuthorization(c, request, { error: 'login_required', error_description: 'Login required' });
      }
      return completeLogin(c, state, request, user, session);
    }
    // Like Auth0's universal login, an existing session signs in without UI unless prompt=login asks for it.
    if (session && user && !request.prompt.includes('login')) return completeLogin(c, state, request, user, session);
    return renderForm(c, state, request, 200);
  });

  app.post('/authorize', async (c) => {
    const parsed = parse(c, state);
    if ('response' in parsed) return parsed.response;
    const { request } = parsed;
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      form = {};
    }
    const email = typeof form['email'] === 'string' ? form['email'].trim() : '';
    const name = typeof form['name'] === 'string' ? form['name'].trim().slice(0, 100) : '';
    if (!isPlausibleEmail(email)) {
      return renderForm(c, state, request, 400, { email, name, error: 'Enter a valid email address.' });
    }
    const user = state.users.upsert({ email, name }, state.now());
    return completeLogin(c, state, request, user);
  });
}
