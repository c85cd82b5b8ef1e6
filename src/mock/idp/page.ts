import { escapeHtml, htmlDocument } from './html';

/** What the sign-in page shows. */
export interface SignInPageOptions {
  clientName: string;
  /** `/authorize` query string (without `?`), posted back unchanged so every original parameter survives. */
  query: string;
  /** `screen_hint=signup` shows the sign-up wording. */
  signup: boolean;
  email?: string;
  name?: string;
  error?: string;
}

/** The universal-login stand-in: email and display name, no password (any email signs in or signs up). */
export function signInPage(options: SignInPageOptions): string {
  const heading = options.signup ? 'Create your account' : 'Sign in';
  const lead = options.signup
    ? `Sign up to continue to ${options.clientName}.`
    : `Log in to continue to ${options.clientName}.`;
  const switchParams = new URLSearchParams(options.query);
  if (options.signup) switchParams.delete('screen_hint');
  else switchParams.set('screen_hint', 'signup');
  const switchLink = options.signup
    ? `Already have an account? <a href="/authorize?${escapeHtml(switchParams.toString())}">Sign in</a>`
    : `New here? <a href="/authorize?${escapeHtml(switchParams.toString())}">Sign up</a>`;
  const error = options.error ? `<p id="form-error" role="alert">${escapeHtml(options.error)}</p>` : '';
  const invalid = options.error ? ' aria-invalid="true" aria-describedby="form-error"' : '';
  return htmlDocument(
    `${heading} · ${options.clientName}`,
    `<main>
<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(lead)}</p>
${error}
<form method="post" action="/authorize?${escapeHtml(options.query)}">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email" required autofocus${invalid} value="${escapeHtml(options.email ?? '')}">
<label for="name">Display name</label>
<input id="name" name="name" type="text" autocomplete="name" maxlength="100" value="${escapeHtml(options.name ?? '')}">
<button type="submit">Continue</button>
</form>
<p class="switch">${switchLink}</p>
<small>Development identity provider: no password; a new email creates an account.</small>
</main>`,
  );
}

/** A plain error page for requests that cannot be answered through a response mode (e.g. unknown client). */
export function errorPage(title: string, message: string): string {
  return htmlDocument(title, `<main><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p></main>`);
}

/** Shown by `/v2/logout` when no `returnTo` is given. */
export function loggedOutPage(): string {
  return htmlDocument('Logged out', '<main><h1>You are logged out</h1><p>You can close this window.</p></main>');
}
