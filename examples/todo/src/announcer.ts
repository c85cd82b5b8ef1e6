/**
 * The two live regions of the page: polite status messages and assertive error messages.
 * Every error the user should know about goes through {@link Announcer.error}; nothing is swallowed.
 */
import { byId, h } from './dom';

/** Speaks status and error messages through the page's aria-live regions. */
export interface Announcer {
  /** A short polite message ("Added “milk”"). Clears itself after a few seconds. */
  status(message: string): void;
  /** An error in words; stays until dismissed or replaced. */
  error(message: string): void;
  /** Removes the current error. */
  clearError(): void;
}

/** Binds to `#status` and `#alert`. */
export function createAnnouncer(): Announcer {
  const statusEl = byId('status');
  const alertEl = byId('alert');
  let statusTimer: ReturnType<typeof setTimeout> | undefined;

  // The regions are never hidden, only emptied: a region must already be in the accessibility tree when
  // its content changes for screen readers to announce it.
  const clearError = (): void => {
    alertEl.replaceChildren();
  };

  return {
    status(message) {
      clearTimeout(statusTimer);
      statusEl.textContent = message;
      statusTimer = setTimeout(() => {
        statusEl.textContent = '';
      }, 4000);
    },
    error(message) {
      alertEl.replaceChildren(
        h('span', { class: 'toast__text' }, message),
        h('button', { type: 'button', class: 'btn btn--ghost btn--small', onclick: clearError }, 'Dismiss'),
      );
    },
    clearError,
  };
}
