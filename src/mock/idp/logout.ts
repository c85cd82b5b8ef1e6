import type { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { errorPage, loggedOutPage } from './page';
import { noStoreHeaders } from './respond';
import { SESSION_COOKIE, type IdpState } from './state';

/**
 * Mounts `GET /v2/logout`: ends the IdP session (server side and cookie), then 302 to `returnTo` (Auth0's name;
 * `post_logout_redirect_uri` is accepted too) or shows a "logged out" page. Refresh tokens survive, as in Auth0.
 */
export function mountLogout(app: Hono, state: IdpState): void {
  app.get('/v2/logout', (c) => {
    const clientId = c.req.query('client_id');
    if (clientId !== undefined && clientId !== state.clientId) {
      return c.html(errorPage('Invalid request', `Unknown client: ${clientId}`), 400, noStoreHeaders());
    }
    const returnTo = c.req.query('returnTo') ?? c.req.query('post_logout_redirect_uri');
    let target: URL | undefined;
    if (returnTo !== undefined) {
      try {
        target = new URL(returnTo);
      } catch {
        target = undefined;
      }
      if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
        return c.html(errorPage('Invalid request', `Invalid returnTo: ${returnTo}`), 400, noStoreHeaders());
      }
    }
    const sid = getCookie(c, SESSION_COOKIE);
    if (sid) state.grants.sessions.delete(sid);
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax' });
    if (target) return c.body(null, 302, { ...noStoreHeaders(), location: target.toString() });
    return c.html(loggedOutPage(), 200, noStoreHeaders());
  });
}
