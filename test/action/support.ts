/**
 * Helpers for running the user-sync Action (`examples/auth0-action/user-sync.cjs`) the way Auth0 and the dev IdP
 * run it: `event` and `api` shaped like `src/mock/idp/actions.ts`, and the file loaded with CommonJS `require`.
 */
import { createRequire } from 'node:module';
import { vi } from 'vitest';
import { freePort } from '../support/ports';
import type { PostLoginAction, PostLoginApi, PostLoginEvent, PostLoginUser } from '../../src/mock/index';

const require = createRequire(import.meta.url);

/** The Action exactly as Auth0 would load it: a CommonJS module exporting `onExecutePostLogin`. */
export const onExecutePostLogin = (
  require('../../examples/auth0-action/user-sync.cjs') as { onExecutePostLogin: PostLoginAction }
).onExecutePostLogin;

/** A profile as Auth0 gives it for a database-connection user, with the optional OIDC fields filled in. */
export type TestUser = PostLoginUser & { given_name?: string; family_name?: string; locale?: string };

let counter = 0;

/** A fresh Auth0-shaped user with a unique email. */
export function makeUser(overrides: Partial<TestUser> = {}): TestUser {
  counter += 1;
  const email = `ada.${counter}.${Date.now()}@example.com`;
  return {
    user_id: `auth0|${(counter * 7919).toString(16).padStart(24, '0')}`,
    email,
    email_verified: true,
    name: 'Ada Lovelace',
    given_name: 'Ada',
    family_name: 'Lovelace',
    nickname: 'ada',
    picture: 'https://example.com/ada.png',
    locale: 'en',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: 'x', isSocial: false }],
    app_metadata: { plan: 'gold' },
    user_metadata: { theme: 'dark' },
    ...overrides,
  };
}

/** An `event` shaped like the one the dev IdP (and Auth0) hands to post-login Actions. */
export function makeEvent(options: {
  user: TestUser;
  loginsCount: number;
  secrets: Record<string, string>;
}): PostLoginEvent {
  return {
    user: options.user,
    stats: { logins_count: options.loginsCount },
    request: {
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0',
      hostname: 'tenant.example.auth0.com',
      query: { client_id: 'dev-client', response_type: 'code' },
      language: 'en',
    },
    client: { client_id: 'dev-client', name: 'Todo Demo', metadata: {} },
    connection: { id: 'con_123', name: 'Username-Password-Authentication', strategy: 'auth0', metadata: {} },
    secrets: options.secrets,
    transaction: {
      id: 'tx_1',
      protocol: 'oidc-basic-profile',
      requested_scopes: ['openid', 'profile', 'email'],
      redirect_uri: 'http://localhost:5173/callback',
      response_mode: 'query',
      response_type: ['code'],
      state: 'abc',
      locale: 'en',
    },
    authentication: { methods: [{ name: 'pwd', timestamp: '2026-01-01T00:00:00.000Z' }] },
    tenant: { id: 'dev' },
  };
}

/** An `api` that records every call, so tests can assert the Action never denies or edits the login. */
export function makeApi(): { api: PostLoginApi; calls: string[] } {
  const calls: string[] = [];
  const api: PostLoginApi = {
    idToken: { setCustomClaim: (name) => (calls.push(`idToken.setCustomClaim:${name}`), api) },
    accessToken: { setCustomClaim: (name) => (calls.push(`accessToken.setCustomClaim:${name}`), api) },
    access: { deny: (reason) => (calls.push(`access.deny:${reason}`), api) },
    user: {
      setAppMetadata: (name) => (calls.push(`user.setAppMetadata:${name}`), api),
      setUserMetadata: (name) => (calls.push(`user.setUserMetadata:${name}`), api),
    },
  };
  return { api, calls };
}

/** Captures everything written through `console.*` (the only log channel an Action has). */
export function captureConsole(): { lines: () => string[]; restore: () => void } {
  const seen: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const spies = methods.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      seen.push(args.map((arg) => (typeof arg === 'string' ? arg : safeStringify(arg))).join(' '));
    }),
  );
  return { lines: () => [...seen], restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

function safeStringify(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message} ${String(value.stack)} ${String(value.cause)}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A loopback port that nothing listens on (bound, then released): a "restdb is down" URL. */
export async function closedPort(): Promise<number> {
  return freePort();
}

/** Runs `fn` and returns how long it took, in ms. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
