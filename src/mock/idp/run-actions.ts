import type { PostLoginAction, PostLoginApi, PostLoginEvent } from './actions';
import { isSettableClaim } from './tokens';
import type { DevUser } from './users';

/** Auth0 stops an Actions execution after 20 s; a hung Action must not hang the login forever. */
export const ACTION_TIMEOUT_MS = 20_000;

/** The result of running the post-login Actions of one login transaction. */
export type ActionOutcome =
  | { ok: true; idTokenClaims: Record<string, unknown>; accessTokenClaims: Record<string, unknown> }
  | { ok: false; error: 'access_denied'; description: string };

function applyMetadata(target: Record<string, unknown>, changes: Map<string, unknown>): void {
  for (const [key, value] of changes) {
    if (value === null || value === undefined) delete target[key];
    else target[key] = value;
  }
}

function withTimeout(run: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Script execution time exceeded')), ms);
  });
  return Promise.race([run, limit]).finally(() => clearTimeout(timer));
}

/**
 * Runs `actions` in order with a fresh `event` (built by `makeEvent` from the user's current state) and `api`.
 * Denial stops the chain. An Action that throws (or exceeds {@link ACTION_TIMEOUT_MS}) also rejects the login:
 * Auth0 redirects to the app with an error whose description is the exception message; we use the same
 * `access_denied` code as `api.access.deny`, so apps show one kind of error for both.
 */
export async function runPostLoginActions(
  actions: readonly PostLoginAction[],
  user: DevUser,
  makeEvent: (user: DevUser) => PostLoginEvent,
  timeoutMs: number = ACTION_TIMEOUT_MS,
): Promise<ActionOutcome> {
  const idTokenClaims: Record<string, unknown> = {};
  const accessTokenClaims: Record<string, unknown> = {};
  for (const action of actions) {
    let denied: string | undefined;
    const appMetadata = new Map<string, unknown>();
    const userMetadata = new Map<string, unknown>();
    const api: PostLoginApi = {
      idToken: {
        setCustomClaim: (name, value) => {
          if (isSettableClaim(name)) idTokenClaims[name] = value;
          return api;
        },
      },
      accessToken: {
        setCustomClaim: (name, value) => {
          if (isSettableClaim(name)) accessTokenClaims[name] = value;
          return api;
        },
      },
      access: {
        deny: (reason) => {
          denied ??= String(reason);
          return api;
        },
      },
      user: {
        setAppMetadata: (name, value) => (appMetadata.set(name, value), api),
        setUserMetadata: (name, value) => (userMetadata.set(name, value), api),
      },
    };
    try {
      await withTimeout(Promise.resolve().then(() => action(makeEvent(user), api)), timeoutMs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: 'access_denied', description: message || 'Post-login Action failed' };
    }
    applyMetadata(user.app_metadata, appMetadata);
    applyMetadata(user.user_metadata, userMetadata);
    if (denied !== undefined) return { ok: false, error: 'access_denied', description: denied };
  }
  return { ok: true, idTokenClaims, accessTokenClaims };
}
