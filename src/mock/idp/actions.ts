/**
 * Post-login Actions as the dev IdP runs them: the subset of Auth0's `event` and `api`
 * (https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger)
 * that user-sync and claim-enrichment Actions use.
 */

/** The signed-in user as `event.user` shows it (a copy: mutating it changes nothing). */
export interface PostLoginUser {
  user_id: string;
  email: string;
  email_verified: boolean;
  name: string;
  nickname: string;
  picture: string;
  created_at: string;
  updated_at: string;
  last_login?: string;
  identities: { connection: string; provider: string; user_id: string; isSocial: boolean }[];
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
}

/** `event` of an `onExecutePostLogin(event, api)` Action. */
export interface PostLoginEvent {
  user: PostLoginUser;
  /** `logins_count` is 1 on a user's first login; silent re-authentication does not increment it. */
  stats: { logins_count: number };
  request: {
    ip: string;
    user_agent: string;
    hostname: string;
    /** The /authorize query parameters. */
    query: Record<string, string>;
    language?: string;
  };
  client: { client_id: string; name: string; metadata: Record<string, string> };
  connection: { id: string; name: string; strategy: string; metadata: Record<string, string> };
  /** The `actionSecrets` the IdP was created with. */
  secrets: Readonly<Record<string, string>>;
  /**
   * The transaction. `protocol` is `oidc-basic-profile` for /authorize logins and `oauth2-refresh-token` when Auth0
   * (and this IdP) runs the Actions for a refresh-token exchange; the redirect fields are absent then.
   */
  transaction: {
    id: string;
    protocol: 'oidc-basic-profile' | 'oauth2-refresh-token';
    requested_scopes: string[];
    redirect_uri?: string;
    response_mode?: string;
    response_type?: string[];
    state?: string;
    locale: string;
    prompt?: string[];
  };
  /** Present on refresh-token exchanges only. */
  refresh_token?: { id: string; client_id: string; session_id: string; created_at: string; expires_at: string };
  authentication: { methods: { name: string; timestamp: string }[] };
  tenant: { id: string };
}

/** `api` of an `onExecutePostLogin(event, api)` Action; every method returns `api` for chaining, as Auth0's does. */
export interface PostLoginApi {
  idToken: { setCustomClaim(name: string, value: unknown): PostLoginApi };
  accessToken: { setCustomClaim(name: string, value: unknown): PostLoginApi };
  /**
   * `deny(reason)` fails the login with `error=access_denied&error_description=<reason>` (a refresh-token exchange
   * with `403 access_denied`); later Actions do not run.
   */
  access: { deny(reason: string): PostLoginApi };
  /** Metadata changes are applied when the Action returns, and later Actions see them; `null` removes a key. */
  user: {
    setAppMetadata(name: string, value: unknown): PostLoginApi;
    setUserMetadata(name: string, value: unknown): PostLoginApi;
  };
}

/** An Auth0 post-login Action: the body of `exports.onExecutePostLogin`. */
export type PostLoginAction = (event: PostLoginEvent, api: PostLoginApi) => Promise<void> | void;
