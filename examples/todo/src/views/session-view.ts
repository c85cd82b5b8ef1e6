/**
 * The header of the signed-in screen: who is signed in (from `userinfo()`), the session status
 * (signed in / refreshing / signed out) with the database token's remaining lifetime, and "Log out".
 */
import { h } from '../dom';
import { formatRemaining, initials } from '../format';
import type { Client } from '../sdk';

/** The profile fields the header shows. */
export interface Profile {
  name: string;
  email?: string;
  picture?: string;
}

/** The header's handle. */
export interface SessionView {
  el: HTMLElement;
  /** Shows the user's name and picture (initials while loading or when the picture fails). */
  setProfile(profile: Profile): void;
  /** Re-reads the client's status and session now (also done every second). */
  update(): void;
  /** Stops the ticker. */
  dispose(): void;
}

const STATUS_TEXT: Record<string, string> = {
  unknown: 'Checking session',
  signedOut: 'Signed out',
  signingIn: 'Signing in',
  signedIn: 'Signed in',
  refreshing: 'Refreshing',
};

/**
 * Extracts a profile from whatever `userinfo()` returned: restdb answers with `displayname` and `image`,
 * plus the fields of the user's `users` record (e.g. `name`, `picture` copied there by the user-sync Action).
 */
export function profileFrom(info: unknown): Profile {
  const r = (typeof info === 'object' && info !== null ? info : {}) as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : undefined);
  const email = str('email');
  const profile: Profile = { name: str('name') ?? str('displayname') ?? str('nickname') ?? email ?? 'Signed-in user' };
  if (email) profile.email = email;
  const picture = str('picture') ?? str('image');
  if (picture) profile.picture = picture;
  return profile;
}

/** Builds the header. */
export function createSessionView(client: Client, onLogout: () => void): SessionView {
  const avatar = h('span', { class: 'avatar', 'aria-hidden': 'true' }, '…');
  const name = h('span', { class: 'user__name', 'data-testid': 'user-name' }, 'Loading profile…');
  const email = h('span', { class: 'user__email' });
  const dot = h('span', { class: 'session__dot', 'aria-hidden': 'true' });
  const stateText = h('span', { class: 'session__state', 'data-testid': 'session-state' });
  const remaining = h('span', { class: 'session__remaining', role: 'timer', 'data-testid': 'token-remaining' });
  const session = h('p', { class: 'session', 'data-testid': 'session' }, dot, stateText, remaining);

  const el = h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'brand' }, h('span', { class: 'logo logo--small', 'aria-hidden': 'true' }, '✓'), h('span', {}, 'To-Do')),
    h('div', { class: 'user' }, avatar, h('span', { class: 'user__text' }, name, email)),
    session,
    h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => onLogout() }, 'Log out'),
  );

  const update = (): void => {
    const status = client.status;
    session.dataset['status'] = status;
    stateText.textContent = STATUS_TEXT[status] ?? status;
    const current = client.getSession();
    remaining.textContent = current && status !== 'signedOut' ? `token ${formatRemaining(current.expiresAt - Date.now())} left` : '';
    remaining.title = current ? `The database token expires at ${new Date(current.expiresAt).toLocaleTimeString()}` : '';
  };
  update();
  const timer = setInterval(update, 1000);

  return {
    el,
    setProfile(profile) {
      name.textContent = profile.name;
      email.textContent = profile.email && profile.email !== profile.name ? profile.email : '';
      const fallback = (): void => {
        avatar.replaceChildren(initials(profile.name));
      };
      if (profile.picture) {
        const img = h('img', { src: profile.picture, alt: '', referrerpolicy: 'no-referrer' });
        img.addEventListener('error', fallback, { once: true });
        avatar.replaceChildren(img);
      } else {
        fallback();
      }
    },
    update,
    dispose() {
      clearInterval(timer);
    },
  };
}
