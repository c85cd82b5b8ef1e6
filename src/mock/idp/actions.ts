/**
 * Post-login Actions as the dev IdP runs them: the subset of Auth0's `event` and `api`
 * (https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger)
 * that user-sync and claim-enrichment Actions use.
 */

/** The signed-in user as `event.user` shows it (a copy: mutating it changes nothing). */
export interface PostLoginUser {
  /** The user's unique id, `auth0|<24 hex>`; the `sub` of the tokens being issued. */
  user_id: string;
  /** The user's email address, trimmed and lower-cased. */
  email: string;
  /** Whether the user has verified their email address (always true for dev IdP users). */
  email_verified: boolean;
  /** The user's full (display) name; defaults to the email's local part. */
  name: string;
  /** The user's nickname: the email's local part. */
  nickname: string;
  /** URL of the user's profile picture (here an offline SVG data URI with the initials). */
  picture: string;
  /** ISO 8601 time the user profile was created (sign-up). */
  created_at: string;
  /** ISO 8601 time the user profile was last modified. */
  updated_at: string;
  /** ISO 8601 time of the latest interactive login; for an interactive login, this one (recorded before Actions run). */
  last_login?: string;
  /** The accounts the user authenticates with; here one entry for the database connection. */
  identities: {
    /** Name of the connection, `Username-Password-Authentication`. */
    connection: string;
    /** The identity provider, `auth0` for database connections. */
    provider: string;
    /** The user's id at that provider: `user_id` without the `auth0|` prefix. */
    user_id: string;
    /** Whether the connection is a social one (false here). */
    isSocial: boolean;
  }[];
  /** Data that affects what the user may access (roles, plan); only Actions and the backend may change it. */
  app_metadata: Record<string, unknown>;
  /** Data that does not affect access (preferences, address); the user may edit it. */
  user_metadata: Record<string, unknown>;
}

/** `event` of an `onExecutePostLogin(event, api)` Action. */
export interface PostLoginEvent {
  /** The user logging in, as stored before this Action's metadata changes apply. */
  user: PostLoginUser;
  /** `logins_count` is 1 on a user's first login; silent re-authentication does not increment it. */
  stats: {
    /** How many times the user has logged in interactively, this login included. */
    logins_count: number;
  };
  /** The HTTP request that triggered the login (/authorize, or /oauth/token for a refresh). */
  request: {
    /** The originating IP: the first `X-Forwarded-For` hop, else the peer address, else `127.0.0.1`. */
    ip: string;
    /** The request's `User-Agent` header, or '' without one. */
    user_agent: string;
    /** The host name used for the authentication flow (the IdP's, e.g. `localhost`). */
    hostname: string;
    /** The /authorize query parameters. */
    query: Record<string, string>;
    /** The browser's preferred language: the first `Accept-Language` entry, e.g. `en-US`; absent without the header. */
    language?: string;
  };
  /** The application the user is logging in to. */
  client: {
    /** The application's client id. */
    client_id: string;
    /** The application's name (the IdP's `clientName`, default `Dev App`). */
    name: string;
    /** Application metadata (always empty here). */
    metadata: Record<string, string>;
  };
  /** The connection the user authenticated with. */
  connection: {
    /** The connection's unique id (`con_devidp`). */
    id: string;
    /** The connection's name, `Username-Password-Authentication`. */
    name: string;
    /** The connection type: `auth0` for database connections (social ones use the provider name). */
    strategy: string;
    /** Connection metadata (always empty here). */
    metadata: Record<string, string>;
  };
  /** The `actionSecrets` the IdP was created with. */
  secrets: Readonly<Record<string, string>>;
  /**
   * The transaction. `protocol` is `oidc-basic-profile` for /authorize logins and `oauth2-refresh-token` when Auth0
   * (and this IdP) runs the Actions for a refresh-token exchange; the redirect fields are absent then.
   */
  transaction: {
    /** A random id, new for every event. */
    id: string;
    /** The protocol of the flow: an /authorize login or a refresh-token exchange. */
    protocol: 'oidc-basic-profile' | 'oauth2-refresh-token';
    /** The scopes requested for this flow, e.g. `['openid', 'profile', 'email', 'offline_access']`. */
    requested_scopes: string[];
    /** Where the browser is sent back with the result. */
    redirect_uri?: string;
    /** How the result is returned: `query` (redirect) or `web_message` (silent iframe). */
    response_mode?: string;
    /** The response types requested; `['code']` (authorization code flow). */
    response_type?: string[];
    /** The app's opaque `state` value, returned unchanged with the result ('' when none was sent). */
    state?: string;
    /** The transaction's locale: the language part of `request.language`, default `en`. */
    locale: string;
    /** The `prompt` values requested, e.g. `['none']` for silent authentication; absent when none. */
    prompt?: string[];
  };
  /** Present on refresh-token exchanges only. */
  refresh_token?: {
    /** The refresh token's id (not the token itself). */
    id: string;
    /** The client id the refresh token was issued to. */
    client_id: string;
    /** The id of the login session the refresh token belongs to (the tokens' `sid`). */
    session_id: string;
    /** ISO 8601 time the refresh token was issued. */
    created_at: string;
    /** ISO 8601 time the refresh token expires. */
    expires_at: string;
  };
  /** How the user authenticated in this session. */
  authentication: {
    /** The authentication methods completed in the session, in order; here one password step. */
    methods: {
      /** The method's name, e.g. `pwd` for a password (the only one the dev IdP uses). */
      name: string;
      /** ISO 8601 time the method was completed (the session's `auth_time`). */
      timestamp: string;
    }[];
  };
  /** The tenant the login happens in. */
  tenant: {
    /** The tenant's name; `devidp` here. */
    id: string;
  };
}

/** `api` of an `onExecutePostLogin(event, api)` Action; every method returns `api` for chaining, as Auth0's does. */
export interface PostLoginApi {
  /** Changes to the id_token being issued. */
  idToken: {
    /** Sets a custom claim on the id_token; protocol claims (`iss`, `sub`, `aud`, `exp`, …) are silently ignored. */
    setCustomClaim(name: string, value: unknown): PostLoginApi;
  };
  /** Changes to the access token being issued. */
  accessToken: {
    /** Sets a custom claim on the access token; protocol claims (`iss`, `sub`, `scope`, …) are silently ignored. */
    setCustomClaim(name: string, value: unknown): PostLoginApi;
  };
  /**
   * `deny(reason)` fails the login with `error=access_denied&error_description=<reason>` (a refresh-token exchange
   * with `403 access_denied`); later Actions do not run.
   */
  access: {
    /** Denies this login with `reason` as the error description; the first call wins, and the Action itself runs on. */
    deny(reason: string): PostLoginApi;
  };
  /** Metadata changes are applied when the Action returns, and later Actions see them; `null` removes a key. */
  user: {
    /** Sets `app_metadata[name]` on the user (data the user cannot edit); `null` removes the key. */
    setAppMetadata(name: string, value: unknown): PostLoginApi;
    /** Sets `user_metadata[name]` on the user (data the user may edit); `null` removes the key. */
    setUserMetadata(name: string, value: unknown): PostLoginApi;
  };
}

/** An Auth0 post-login Action: the body of `exports.onExecutePostLogin`. */
export type PostLoginAction = (event: PostLoginEvent, api: PostLoginApi) => Promise<void> | void;
