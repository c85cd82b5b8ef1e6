import type { Context } from 'hono';
import type { ErrorTarget } from './authorize-request';
import { htmlDocument, scriptJson } from './html';

/** The result of an authorization: a code, or an OAuth error. `state` is added from the target. */
export type AuthorizationResult = { code: string } | { error: string; error_description: string };

/** No caching of anything carrying codes or sessions. Deliberately no X-Frame-Options, frame-ancestors or COOP. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * Sends an authorization result through the response mode (auth0-dev-idp.md §3.2, §3.3):
 * `query` → 302 to `redirect_uri` with properly encoded parameters; `web_message` → an HTML page that posts
 * `{type:'authorization_response', response}` to `window.opener || window.parent`, targeted at the origin of
 * `redirect_uri`.
 */
export function respondAuthorization(
  c: Context,
  target: ErrorTarget,
  result: AuthorizationResult,
  extraHeaders: Record<string, string> = {},
): Response {
  const response: Record<string, string> = { ...result };
  if (target.state !== undefined) response['state'] = target.state;
  if (target.responseMode === 'query') {
    const location = new URL(target.redirectUri);
    for (const [key, value] of Object.entries(response)) location.searchParams.set(key, value);
    return c.body(null, 302, { ...NO_STORE, ...extraHeaders, location: location.toString() });
  }
  const targetOrigin = new URL(target.redirectUri).origin;
  const script = `(function () {
  var message = { type: 'authorization_response', response: ${scriptJson(response)} };
  var target = window.opener || window.parent;
  target.postMessage(message, ${scriptJson(targetOrigin)});
})();`;
  const html = htmlDocument('Authorization response', `<main><p>Returning to the application…</p></main>\n<script>${script}</script>`);
  return c.html(html, 200, { ...NO_STORE, ...extraHeaders });
}

/** Headers for pages that must never be cached. */
export function noStoreHeaders(): Record<string, string> {
  return { ...NO_STORE };
}
