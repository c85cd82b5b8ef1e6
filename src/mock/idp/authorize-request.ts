/** The response modes spa-js uses: `query` for redirects, `web_message` for the popup and the silent iframe. */
export type ResponseMode = 'query' | 'web_message';

/** A validated `/authorize` request. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  responseMode: ResponseMode;
  /** Absent when the client sent none; echoed unchanged otherwise. */
  state?: string;
  nonce?: string;
  scope: string;
  audience?: string;
  codeChallenge: string;
  prompt: string[];
  screenHint?: string;
  loginHint?: string;
  /** Every query parameter, for the post-login `event.request.query`. */
  query: Record<string, string>;
  /** The raw query string (no `?`), re-posted by the sign-in form. */
  rawQuery: string;
}

/** Where a request that failed validation can be answered. */
export type AuthorizeParseResult =
  | { ok: true; request: AuthorizeRequest }
  /** No trustworthy redirect target: show an error page. */
  | { ok: false; page: true; message: string }
  /** The redirect target is known: answer through the response mode, as Auth0 does. */
  | { ok: false; page: false; error: string; description: string; target: ErrorTarget };

/** Enough of a request to send an error back through its response mode. */
export interface ErrorTarget {
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** De-duplicates a space-separated scope string, keeping order; `openid` when empty. */
export function normalizeScope(scope: string | undefined): string {
  const parts = [...new Set((scope ?? '').split(/\s+/).filter(Boolean))];
  return parts.length ? parts.join(' ') : 'openid';
}

/** Validates `/authorize` parameters in the order Auth0 does: client, redirect target, then the rest. */
export function parseAuthorizeRequest(url: URL, clientId: string): AuthorizeParseResult {
  const q = url.searchParams;
  const get = (name: string): string | undefined => q.get(name) ?? undefined;
  const requestedClient = get('client_id');
  if (!requestedClient) return { ok: false, page: true, message: 'Missing required parameter: client_id' };
  if (requestedClient !== clientId) return { ok: false, page: true, message: `Unknown client: ${requestedClient}` };
  const redirect = get('redirect_uri');
  if (!redirect) {
    return {
      ok: false,
      page: true,
      message: 'Missing required parameter: redirect_uri (set authorizationParams.redirect_uri in the Auth0 client)',
    };
  }
  if (!parseHttpUrl(redirect)) return { ok: false, page: true, message: `Invalid redirect_uri: ${redirect}` };
  const mode = get('response_mode') ?? 'query';
  if (mode !== 'query' && mode !== 'web_message') {
    return { ok: false, page: true, message: `Unsupported response_mode: ${mode}` };
  }
  const state = get('state');
  const target: ErrorTarget = { redirectUri: redirect, responseMode: mode, ...(state === undefined ? {} : { state }) };
  const fail = (error: string, description: string): AuthorizeParseResult => ({
    ok: false,
    page: false,
    error,
    description,
    target,
  });
  if (get('response_type') !== 'code') {
    return fail('unsupported_response_type', `Unsupported response type: ${get('response_type') ?? '(none)'}`);
  }
  const codeChallenge = get('code_challenge');
  if (!codeChallenge) return fail('invalid_request', "Parameter 'code_challenge' is required (PKCE)");
  if (get('code_challenge_method') !== 'S256') {
    return fail('invalid_request', "Parameter 'code_challenge_method' must be S256");
  }
  const prompt = (get('prompt') ?? '').split(' ').filter(Boolean);
  if (prompt.includes('none') && prompt.length > 1) {
    return fail('invalid_request', 'prompt=none must not be combined with other values');
  }
  const optional = (key: keyof AuthorizeRequest, name: string): Partial<AuthorizeRequest> => {
    const value = get(name);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    ok: true,
    request: {
      clientId: requestedClient,
      redirectUri: redirect,
      responseMode: mode,
      scope: normalizeScope(get('scope')),
      codeChallenge,
      prompt,
      query: Object.fromEntries(q),
      rawQuery: url.search.replace(/^\?/, ''),
      ...optional('state', 'state'),
      ...optional('nonce', 'nonce'),
      ...optional('audience', 'audience'),
      ...optional('screenHint', 'screen_hint'),
      ...optional('loginHint', 'login_hint'),
    },
  };
}
