/**
 * The app: loads the runtime config, builds the restdb client, completes a login redirect, and switches
 * between the loading, signed-out and signed-in screens as the client's auth status changes.
 *
 * It receives the SDK as an argument (see `sdk.ts`), so the same code runs with the bundled npm package
 * (`main.ts`) and with the `<script type="module">` browser build (`script.html`).
 */
import { createAnnouncer, type Announcer } from './announcer';
import { loadConfig, type AppConfig } from './config';
import { byId } from './dom';
import { readDraft, saveDraft } from './draft';
import { describeError, reasonOf } from './errors';
import type { Client, ClientOptions, Schema, Sdk } from './sdk';
import { TodoStore } from './todos';
import { createSessionView, profileFrom, type SessionView } from './views/session-view';
import { renderFatal, renderLoading, renderSignedOut } from './views/signed-out';
import { createTodoList, type TodoListView } from './views/todo-list';

/** How the page starts the app. */
export interface StartOptions {
  /** Which way the SDK was loaded; shown as `data-loader` on the root for tests and curious readers. */
  loader?: 'bundle' | 'script';
  /** Where to render (default `#app`). */
  root?: HTMLElement;
}

/** The page's own URL without query or hash: the login redirect target and the logout return address. */
export function pageUrl(): string {
  return `${location.origin}${location.pathname}`;
}

/** True when the URL carries an Auth0 redirect result (`code`/`error` plus `state`). */
export function isRedirectCallback(search: string): boolean {
  const params = new URLSearchParams(search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

const SIGN_OUT_NOTICE: Record<string, string> = {
  expired: 'Your session has expired. Please log in again.',
  refresh_failed: 'Your session could not be renewed. Please log in again.',
  revoked: 'Your session was ended by the server. Please log in again.',
};

/** The SDK client options for the runtime config. */
function clientOptions(config: AppConfig): ClientOptions {
  return {
    url: config.restdbUrl,
    auth0: {
      domain: config.auth0Domain,
      clientId: config.auth0ClientId,
      authorizationParams: { redirect_uri: pageUrl() },
      // Fail fast instead of after 60 s when the identity provider does not answer a silent login.
      authorizeTimeoutInSeconds: 10,
    },
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  };
}

/** Starts the app. Never rejects: every failure ends on a screen that says what happened. */
export async function startApp(sdk: Sdk, options: StartOptions = {}): Promise<void> {
  const root = options.root ?? byId('app');
  root.dataset['loader'] = options.loader ?? 'bundle';
  const announcer = createAnnouncer();
  const show = (screen: HTMLElement): void => {
    root.replaceChildren(screen);
    root.dataset['state'] = screen.dataset['screen'] ?? '';
  };

  let config: AppConfig;
  try {
    config = await loadConfig();
  } catch (err) {
    show(renderFatal('The app is not configured', reasonOf(err)));
    return;
  }

  const callback = isRedirectCallback(location.search);
  let client: Client;
  try {
    // On the login callback there is no session to restore yet: complete the login instead (fewer requests).
    client = callback
      ? new sdk.RestdbClient<Schema>(clientOptions(config))
      : await sdk.createRestdbClient<Schema>(clientOptions(config));
  } catch (err) {
    show(renderFatal('The app could not start', reasonOf(err)));
    return;
  }

  const controller = new AppController(client, config, announcer, show);
  if (callback) {
    show(renderLoading('Signing you in…'));
    try {
      await client.handleRedirectCallback();
    } catch (err) {
      controller.notice = describeError('Sign-in did not complete', err);
    }
    // Drop code and state from the address bar (and from history), whatever the outcome.
    history.replaceState(history.state, '', pageUrl() + location.hash);
    if (client.status === 'unknown') await client.restore();
  }
  controller.start();
}

/** Owns the current screen and reacts to auth changes. */
class AppController {
  /** A message for the signed-out screen (why the user is there). */
  notice: string | undefined;
  #signedIn: { session: SessionView; list: TodoListView } | undefined;
  #screen: 'loading' | 'signedOut' | 'signedIn' | undefined;
  readonly #client: Client;
  readonly #config: AppConfig;
  readonly #announcer: Announcer;
  readonly #show: (screen: HTMLElement) => void;

  constructor(client: Client, config: AppConfig, announcer: Announcer, show: (screen: HTMLElement) => void) {
    this.#client = client;
    this.#config = config;
    this.#announcer = announcer;
    this.#show = show;
  }

  start(): void {
    this.#client.onAuthStateChange((event, _session, details) => {
      if (event === 'SIGNED_OUT') {
        const reason = details?.reason;
        if (reason && reason !== 'logout') {
          this.notice = SIGN_OUT_NOTICE[reason] ?? 'Your session has ended. Please log in again.';
        }
      }
      this.render();
    });
    // A page restored from the back/forward cache must show the current state, not a snapshot.
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) this.render();
    });
    this.render();
  }

  render(): void {
    const status = this.#client.status;
    if (status === 'signedIn' || status === 'refreshing') {
      if (this.#screen === 'signedIn') this.#signedIn?.session.update();
      else this.#showSignedIn();
    } else if (status === 'signedOut') {
      if (this.#screen !== 'signedOut') this.#showSignedOut();
    } else if (this.#screen !== 'signedIn') {
      // unknown or signingIn: never flash the login screen while a session may be on its way.
      this.#teardown();
      this.#screen = 'loading';
      this.#show(renderLoading(status === 'signingIn' ? 'Signing you in…' : undefined));
    }
  }

  #teardown(): void {
    this.#signedIn?.session.dispose();
    this.#signedIn?.list.dispose();
    this.#signedIn = undefined;
  }

  #showSignedOut(): void {
    this.#teardown();
    this.#announcer.status(''); // "Added …" and the like belong to the screen that is going away
    this.#screen = 'signedOut';
    const notice = this.notice;
    this.#show(
      renderSignedOut({
        ...(notice ? { notice } : {}),
        hasDraft: readDraft() !== '',
        restdbUrl: this.#config.restdbUrl,
        onLogin: () => this.#login(false),
        onSignup: () => this.#login(true),
        onPopup: () => this.#loginWithPopup(),
      }),
    );
  }

  #showSignedIn(): void {
    this.#teardown();
    this.notice = undefined;
    this.#screen = 'signedIn';
    const session = createSessionView(this.#client, () => this.#logout());
    const list = createTodoList(new TodoStore(this.#client), this.#announcer);
    this.#signedIn = { session, list };
    const main = list.el;
    main.prepend(session.el);
    this.#show(main);
    // The list first: it is what the user came for (and the first request after a login).
    void list.load();
    this.#client.userinfo().then(
      (info) => session.setProfile(profileFrom(info)),
      (err: unknown) => {
        session.setProfile({ name: 'Signed-in user' });
        this.#announcer.error(describeError("Couldn't load your profile", err));
      },
    );
    main.querySelector<HTMLInputElement>('#new-todo')?.focus();
  }

  #login(signup: boolean): void {
    this.#announcer.clearError();
    this.#client.login(signup ? { signup: true } : undefined).catch((err: unknown) => {
      this.#announcer.error(describeError(signup ? "Couldn't open the sign-up page" : "Couldn't open the login page", err));
    });
  }

  #loginWithPopup(): void {
    this.#announcer.clearError();
    this.#client.loginWithPopup().catch((err: unknown) => {
      this.#announcer.error(describeError('Login did not complete', err));
      this.render();
    });
  }

  #logout(): void {
    this.#announcer.clearError();
    saveDraft(''); // a deliberate logout leaves nothing of this user's behind in the tab
    this.#client.logout({ logoutParams: { returnTo: pageUrl() } }).then(
      (result) => {
        // The local session is gone either way; say so if the server could not revoke the token.
        if (result.error) this.#announcer.error(describeError('Logged out here, but the server was not told', result.error));
      },
      (err: unknown) => this.#announcer.error(describeError('Logout did not complete', err)),
    );
  }
}
