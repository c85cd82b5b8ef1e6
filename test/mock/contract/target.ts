/**
 * What the shared restdb contract suite runs against: a started mock (msw in-process or the real HTTP server),
 * plus small request helpers. The suite only talks HTTP through the global `fetch`; the mock's control surface is
 * used to seed, move time and revoke, exactly as SDK tests would.
 */
import type { MockOptions, RestdbMockControl } from '../../../src/mock/index';

/** Options a contract block may start a mock with (origins are chosen by the runner). */
export type TargetOptions = Omit<MockOptions, 'url' | 'idpUrl'>;

/** A started mock. */
export interface Target {
  url: string;
  idpUrl: string;
  clientId: string;
  apiKey: string;
  mock: RestdbMockControl;
  close(): Promise<void>;
}

/** Starts a mock with the given options. */
export type StartTarget = (options?: TargetOptions) => Promise<Target>;

/** A controllable epoch-ms clock. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

/** A clock starting at the real time, moved only by `advance`. */
export function testClock(): TestClock {
  let t = Date.now();
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A reply: status, headers and the parsed JSON body (undefined when the body is not JSON). */
export interface Reply {
  status: number;
  headers: Headers;
  // Test-only: bodies are checked field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

/** Request options of {@link call}. */
export interface CallInit {
  token?: string;
  apiKey?: string;
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** Sends one request to the target's restdb origin. */
export async function call(target: Target, method: string, path: string, init: CallInit = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  if (init.apiKey !== undefined) headers['x-apikey'] = init.apiKey;
  let body: string | Uint8Array | undefined = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${target.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: body as BodyInit }) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** Exchanges an id_token (signed by the target's dev IdP for `claims`) for a database token. */
export async function login(target: Target, claims: Record<string, unknown> = {}): Promise<{ token: string; iat: number; exp: number }> {
  const code = await target.mock.signIdToken(claims);
  const reply = await call(target, 'POST', '/auth/token', { json: { code } });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`);
  return reply.body as { token: string; iat: number; exp: number };
}

/** `q=<json>` query string part. */
export function q(query: unknown): string {
  return `q=${encodeURIComponent(JSON.stringify(query))}`;
}

/** `h=<json>` query string part. */
export function h(hints: unknown): string {
  return `h=${encodeURIComponent(JSON.stringify(hints))}`;
}

/** Decodes a JWT part without verifying. */
export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split('.')[index] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Re-encodes a JWT with a changed payload, keeping the original signature (a tampered token). */
export function tamper(token: string, change: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  const payload = Buffer.from(JSON.stringify({ ...decodePart(token, 1), ...change })).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** An unsigned (`alg: none`) copy of a token's claims. */
export function algNone(token: string, change: Record<string, unknown> = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ ...decodePart(token, 1), ...change })).toString('base64url');
  return `${header}.${payload}.`;
}
