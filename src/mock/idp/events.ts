import type { Context } from 'hono';
import type { PostLoginEvent, PostLoginUser } from './actions';
import { randomToken } from './grants';
import { CONNECTION, type IdpState } from './state';
import type { DevUser } from './users';

/** Duck-typed @hono/node-server binding, to read the peer address without importing node:*. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The caller's IP: first `X-Forwarded-For` hop, else the Node socket when served by @hono/node-server, else loopback. */
export function clientIp(c: Context): string {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  const env = c.env as NodeBindings | undefined;
  const remote = env?.incoming?.socket?.remoteAddress;
  return remote ? remote.replace(/^::ffff:/, '') : '127.0.0.1';
}

function eventUser(user: DevUser): PostLoginUser {
  return structuredClone({
    user_id: user.user_id,
    email: user.email,
    email_verified: user.email_verified,
    name: user.name,
    nickname: user.nickname,
    picture: user.picture,
    created_at: user.created_at,
    updated_at: user.updated_at,
    ...(user.last_login === undefined ? {} : { last_login: user.last_login }),
    identities: [
      { connection: CONNECTION.name, provider: 'auth0', user_id: user.user_id.replace(/^auth0\|/, ''), isSocial: false },
    ],
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
  });
}

/** The parts of a post-login event that depend on the kind of transaction. */
export interface EventSpecifics {
  query: Record<string, string>;
  transaction: Omit<PostLoginEvent['transaction'], 'id' | 'locale'>;
  authTime: number;
  refreshToken?: PostLoginEvent['refresh_token'];
}

/** Builds a fresh `event` for one Action from the request, the user's current state and the transaction. */
export function buildPostLoginEvent(c: Context, state: IdpState, user: DevUser, specifics: EventSpecifics): PostLoginEvent {
  const language = c.req.header('accept-language')?.split(',')[0]?.trim();
  return {
    user: eventUser(user),
    stats: { logins_count: user.logins_count },
    request: {
      ip: clientIp(c),
      user_agent: c.req.header('user-agent') ?? '',
      hostname: new URL(c.req.url).hostname,
      query: { ...specifics.query },
      ...(language ? { language } : {}),
    },
    client: { client_id: state.clientId, name: state.clientName, metadata: {} },
    connection: { id: 'con_devidp', name: CONNECTION.name, strategy: CONNECTION.strategy, metadata: {} },
    secrets: { ...state.secrets },
    transaction: { id: randomToken(16), locale: language?.split('-')[0] ?? 'en', ...structuredClone(specifics.transaction) },
    ...(specifics.refreshToken ? { refresh_token: { ...specifics.refreshToken } } : {}),
    authentication: { methods: [{ name: 'pwd', timestamp: new Date(specifics.authTime * 1000).toISOString() }] },
    tenant: { id: 'devidp' },
  };
}
