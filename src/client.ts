import type { LogoutOptions, PopupConfigOptions, PopupLoginOptions, RedirectLoginOptions } from '@auth0/auth0-spa-js';
import { auth0Provider, fromAuth0Error, readIdToken, type Auth0Provider } from './auth/auth0';
import type { Auth0Like } from './auth/auth0-types';
import { systemClock } from './auth/clock';
import type { RestdbAuthListener, RestdbAuthStatus } from './auth/events';
import type { RestdbSession } from './auth/exchange';
import { notSignedIn, SessionManager } from './auth/session';
import { createRevoker, type Revoker } from './auth/revoke';
import { resolveStorage } from './auth/storage';
import { openTabs } from './auth/tabs';
import { createCollection, type RestdbCollection } from './collections/collection';
import type { SchemaOf, UntypedSchema } from './collections/types';
import type { RestdbError } from './errors/RestdbError';
import { createSend, type RestdbCallOptions, type Send } from './http/http';
import { validateOptions, type RestdbClientOptions, type RestdbWarning } from './options';

/** Options of {@link RestdbClient.login}: Auth0's redirect options plus `signup`. */
export interface RestdbLoginOptions extends RedirectLoginOptions<unknown> {
  /** Open Auth0's sign-up screen (`screen_hint: 'signup'`). */
  signup?: boolean;
}

/** Options of {@link RestdbClient.loginWithPopup}. */
export interface RestdbPopupLoginOptions extends PopupLoginOptions {
  /** Open Auth0's sign-up screen. */
  signup?: boolean;
  /** Popup window settings (Auth0's `PopupConfigOptions`). */
  popup?: PopupConfigOptions;
}

/** What {@link RestdbClient.handleRedirectCallback} resolves to. */
export interface RestdbRedirectResult<TAppState = unknown> {
  /** The `appState` given to {@link RestdbClient.login}, back from the Auth0 round trip. */
  appState: TAppState | undefined;
  /** The database session the login was exchanged for. */
  session: RestdbSession;
}

/** The signed-in user as `GET /auth/userinfo` describes them. */
export interface RestdbUserInfo {
  /** The user's email address, from the Auth0 login. */
  email?: string;
  /** The user's display name. */
  displayname?: string;
  /** URL of the user's picture. */
  image?: string;
  /** `_id` of the user's record in the `users` collection, when one exists (e.g. added by the user-sync Action). */
  _id?: string;
}

/** What {@link RestdbClient.logout} reports. The local session is gone whatever it says. */
export interface RestdbLogoutResult {
  /** Whether `POST /auth/logout` revoked the token on the server. */
  revoked: boolean;
  /** Why the server revoke failed, if it did. */
  error?: RestdbError;
}

const hint = <O extends { authorizationParams?: object }>(options: O, signup?: boolean): O =>
  signup ? { ...options, authorizationParams: { ...options.authorizationParams, screen_hint: 'signup' } } : options;

/**
 * The restdb client: signs users in with Auth0, keeps a database token fresh, and gives typed collections.
 * The constructor only validates and wires; it touches neither `window` nor the network. Use
 * {@link createRestdbClient} to also restore an existing session.
 *
 * @typeParam Schema - collection names mapped to record types
 * @example
 * ```ts
 * type Schema = { todos: { title: string; done: boolean } };
 * const db = new RestdbClient<Schema>({ url: 'https://mydb-1234.restdb.io', auth0: { domain, clientId } });
 * db.onAuthStateChange((event, session) => render(session));
 * await db.restore();
 * const todos = await db.collection('todos').find({ q: { done: false } });
 * ```
 */
export class RestdbClient<Schema extends SchemaOf<Schema> = UntypedSchema> {
  #s: SessionManager;
  #send: Send;
  #auth0: Auth0Provider;
  #revoker: Revoker;

  /**
   * @param options - database url, Auth0 options or client, and optional settings
   * @throws {@link RestdbConfigError} when an option is invalid (the message says which and how to fix it)
   */
  constructor(options: RestdbClientOptions) {
    const o = validateOptions(options);
    const clock = systemClock;
    this.#send = createSend(o, clock);
    this.#auth0 = auth0Provider(o.auth0);
    const warn = (code: RestdbWarning['code'], cause: unknown): void => o.onWarning({ code, message: code.replace('_', ' '), cause });
    const storage = resolveStorage(o.storage, (cause) => warn('storage_unavailable', cause));
    const key = `restdb-client:${o.origin}`;
    this.#revoker = createRevoker((auth) => this.#send('POST', 'auth/logout', { auth, keepalive: true, timeout: Math.min(5000, o.timeout) }), storage, `${key}:revoke`, clock.now);
    this.#s = new SessionManager({
      post: (json) => this.#send('POST', 'auth/token', { json }),
      idToken: async (fresh) => readIdToken(await this.#auth0(), clock.now(), fresh),
      silentIdToken: async () => {
        const a0 = await this.#auth0();
        await a0.checkSession().catch(() => undefined);
        return (await a0.isAuthenticated()) ? readIdToken(a0, clock.now()) : null;
      },
      clock,
      storage,
      storageKey: key,
      warm: () => void this.#auth0().catch(() => undefined),
      tabs: (receive) => openTabs(options.tabs, `${key}:${(o.auth0 as { clientId?: string }).clientId ?? ''}`, clock, o.timeout, receive),
      marginSeconds: o.refreshMarginSeconds,
      warn,
    });
  }

  /** Runs `call` on the Auth0 client (loaded first if need be); any failure, the load's too, becomes a {@link RestdbAuthError} naming `what`. */
  async #withAuth0<T>(what: string, call: (a0: Auth0Like) => Promise<T>): Promise<T> {
    try {
      return await call(await this.#auth0());
    } catch (error) {
      throw fromAuth0Error(error, what);
    }
  }

  /** Auth status: `unknown` until restore has finished, then `signedOut` / `signingIn` / `signedIn` / `refreshing`. */
  get status(): RestdbAuthStatus {
    return this.#s.status;
  }

  /** Server clock minus this device's clock in ms, measured at the last token exchange (0 before any). */
  get clockSkewMs(): number {
    return this.#s.skewMs;
  }

  /**
   * Restores a session: a stored database session if still valid, else Auth0's session silently (no redirect).
   * Emits `INITIAL_SESSION`. Never rejects for a missing session; resolves to the session or null.
   * @throws `RestdbError` `disposed` after {@link RestdbClient.dispose}
   */
  restore(): Promise<RestdbSession | null> {
    this.#revoker.retry();
    return this.#s.restore();
  }

  /**
   * Redirects to Auth0's login (or sign-up with `{ signup: true }`). The page then comes back to the redirect
   * URI, where {@link RestdbClient.handleRedirectCallback} completes it.
   * @param options - Auth0 redirect options (`appState`, `authorizationParams`) and `signup`
   */
  async login(options: RestdbLoginOptions = {}): Promise<void> {
    this.#s.alive();
    const { signup, ...rest } = options;
    await this.#withAuth0('login', (a0) => a0.loginWithRedirect(hint(rest, signup)));
  }

  /**
   * Logs in through a popup, then exchanges the Auth0 id_token for a database session (`SIGNED_IN`).
   * When the SDK builds the Auth0 client from options and has not loaded it yet, the popup opens after that
   * (small, usually cached) import; browsers that are strict about user activation may block it: pass a window
   * opened in the click handler as `popup: { popup: window.open('', 'auth0:authorize:popup', 'width=400,height=600') }`.
   * @param options - Auth0 popup options, `signup`, and `popup` window settings
   * @throws {@link RestdbAuthError} `popup_closed`, `interaction_required` or `exchange_failed`
   */
  async loginWithPopup(options: RestdbPopupLoginOptions = {}): Promise<RestdbSession> {
    this.#s.alive();
    const { signup, popup, ...rest } = options;
    await this.#withAuth0('popup login', (a0) => a0.loginWithPopup(hint(rest, signup), popup));
    return this.#s.signIn();
  }

  /**
   * Completes a redirect login on the callback page and exchanges the Auth0 id_token at `POST /auth/token`.
   * @param url - the callback URL (default: the current location)
   * @returns `{ appState, session }`: the `appState` passed to {@link RestdbClient.login} and the new session
   * @throws {@link RestdbAuthError} when Auth0 or the exchange fails
   */
  async handleRedirectCallback<TAppState = unknown>(url?: string): Promise<RestdbRedirectResult<TAppState>> {
    this.#s.alive();
    const { appState } = await this.#withAuth0('redirect callback', (a0) => a0.handleRedirectCallback(url));
    return { appState: appState as TAppState | undefined, session: await this.#s.signIn() };
  }

  /** The current database session (`token`, `iat`, `exp`, local `expiresAt`), or null. Synchronous. */
  getSession(): RestdbSession | null {
    return this.#s.current && { ...this.#s.current };
  }

  /**
   * A valid database token, refreshing first when it is due (shares any refresh in flight).
   * @throws {@link RestdbAuthError} `login_required` when signed out
   */
  async getToken(): Promise<string> {
    const token = await this.#s.token();
    if (!token) throw notSignedIn();
    return token;
  }

  /**
   * Forces `POST /auth/token {"refresh": token}` now (falling back once to a silent Auth0 re-exchange when the
   * database refuses). Concurrent callers share one request.
   * @throws {@link RestdbAuthError} `login_required` when signed out, `refresh_failed` when the session ended
   */
  async refresh(): Promise<RestdbSession> {
    const s = await this.#s.refresh();
    if (!s) throw notSignedIn();
    return s;
  }

  /**
   * Subscribes to auth events: `INITIAL_SESSION`, `SIGNED_IN`, `TOKEN_REFRESHED`, `SIGNED_OUT` (with
   * `details.reason`: `logout`, `refresh_failed`, `revoked`, `expired`).
   * @param listener - called after each committed change
   * @returns a function that unsubscribes
   */
  onAuthStateChange(listener: RestdbAuthListener): () => void {
    return this.#s.subscribe(listener);
  }

  /**
   * The signed-in user as restdb knows them (`GET /auth/userinfo`).
   * @typeParam T - the reply's shape, when your database returns more than {@link RestdbUserInfo}
   * @param opts - signal and timeout
   */
  async userinfo<T extends object = RestdbUserInfo>(opts?: RestdbCallOptions): Promise<T> {
    // After dispose() the session refuses the token: the call rejects with `disposed`, as the collections' calls do.
    return this.#send('GET', 'auth/userinfo', { ...opts, auth: this.#s }) as Promise<T>;
  }

  /**
   * Logs out: clears the local session and emits `SIGNED_OUT` first (nothing in flight can bring it back), then
   * revokes the token with `POST /auth/logout` (a failure is reported in the result, never leaves a session),
   * then logs out of Auth0 (`{ openUrl: false }` for local only; `logoutParams.returnTo` for the redirect).
   * @param options - Auth0 logout options
   */
  async logout(options?: LogoutOptions): Promise<RestdbLogoutResult> {
    this.#s.alive();
    const old = this.#s.end('logout');
    const error = old && (await this.#revoker.revoke(old));
    await this.#withAuth0('logout', (a0) => a0.logout(options));
    return error ? { revoked: false, error } : { revoked: !!old };
  }

  /**
   * A typed collection. Names are validated (letters, digits, `_`, `-`), so no name can reach another path.
   * @param name - the collection name, a key of `Schema`
   * @throws {@link RestdbConfigError} for an invalid name
   */
  collection<K extends keyof Schema & string>(name: K): RestdbCollection<Schema[K]> {
    return createCollection(this.#send, this.#s, name);
  }

  /** Stops timers, drops listeners and in-flight work. Later calls reject with code `disposed`. */
  dispose(): void {
    this.#s.dispose();
  }
}

/**
 * Creates a client and restores an existing session (stored, or Auth0's, silently) before resolving, so
 * `status` is already `signedIn` or `signedOut`.
 * @param options - as for {@link RestdbClient}
 * @throws {@link RestdbConfigError} for invalid options
 * @example
 * ```ts
 * const db = await createRestdbClient<Schema>({ url: 'https://mydb-1234.restdb.io', auth0: { domain, clientId } });
 * if (location.search.includes('code=')) await db.handleRedirectCallback();
 * if (db.status === 'signedOut') await db.login();
 * ```
 */
export async function createRestdbClient<Schema extends SchemaOf<Schema> = UntypedSchema>(options: RestdbClientOptions): Promise<RestdbClient<Schema>> {
  const client = new RestdbClient<Schema>(options);
  await client.restore();
  return client;
}
