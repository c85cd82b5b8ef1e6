/** The signed-out screen: what the app is, and real buttons to log in or sign up. */
import { h } from '../dom';

/** What the signed-out screen needs. */
export interface SignedOutProps {
  /** Why the user is here, e.g. "Your session expired". Shown above the buttons. */
  notice?: string;
  /** True when a draft to-do is waiting; the notice then says it is kept. */
  hasDraft: boolean;
  /** Where the data lives, shown as a footnote. */
  restdbUrl: string;
  onLogin(): void;
  onSignup(): void;
  onPopup(): void;
}

/** Renders the signed-out screen. */
export function renderSignedOut(props: SignedOutProps): HTMLElement {
  const notice = props.notice
    ? h(
        'p',
        { class: 'notice', 'data-testid': 'signed-out-notice' },
        props.notice,
        props.hasDraft ? ' What you were typing is kept and will be back after you log in.' : '',
      )
    : null;

  return h(
    'main',
    { id: 'main', class: 'screen screen--center', 'data-screen': 'signed-out' },
    h(
      'section',
      { class: 'card card--hero', 'aria-labelledby': 'hero-title' },
      h(
        'p',
        { class: 'session session--corner', 'data-status': 'signedOut', 'data-testid': 'session' },
        h('span', { class: 'session__dot', 'aria-hidden': 'true' }),
        h('span', { class: 'session__state', 'data-testid': 'session-state' }, 'Signed out'),
      ),
      h('div', { class: 'logo', 'aria-hidden': 'true' }, '✓'),
      h('h1', { id: 'hero-title' }, 'Your to-dos, private to you'),
      h(
        'p',
        { class: 'lead' },
        'A small demo of restdb-client: sign in with Auth0, and your list is stored in a restdb database that only you can read.',
      ),
      notice,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn--primary btn--large', onclick: () => props.onLogin() }, 'Log in'),
        h('button', { type: 'button', class: 'btn btn--secondary btn--large', onclick: () => props.onSignup() }, 'Sign up'),
      ),
      h(
        'p',
        { class: 'alt-action' },
        h('button', { type: 'button', class: 'btn btn--link', onclick: () => props.onPopup() }, 'Log in in a popup window'),
      ),
      h('p', { class: 'footnote' }, 'Data: ', h('code', {}, props.restdbUrl)),
    ),
  );
}

/** A full-page message for a problem the app cannot work around (bad config, SDK failed to start). */
export function renderFatal(title: string, message: string): HTMLElement {
  return h(
    'main',
    { id: 'main', class: 'screen screen--center', 'data-screen': 'error' },
    h(
      'section',
      { class: 'card card--hero', role: 'alert' },
      h('h1', {}, title),
      h('p', { class: 'lead' }, message),
      h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => location.reload() }, 'Reload'),
    ),
  );
}

/** Shown while the session is restored (status `unknown`), so a signed-in user never sees a login flash. */
export function renderLoading(text = 'Checking your session…'): HTMLElement {
  return h(
    'main',
    { id: 'main', class: 'screen screen--center', 'aria-busy': 'true', 'data-screen': 'loading' },
    h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    h('p', { class: 'muted' }, text),
  );
}
