/**
 * Auth0 post-login Action: add a user to restdb.io's `users` collection at their first login.
 *
 * The successor of restdb's documented Auth0 *Rule* (Rules are retired in Auth0). Paste this file into
 * Actions > Library > Build custom (trigger "Login / Post Login", Node 18 or later) and set the secrets:
 *
 *   RESTDB_URL          required  the database origin, e.g. https://mydb-1234.restdb.io
 *   RESTDB_API_KEY      required  a server key that may GET and POST /rest/users (the full-access key)
 *   RESTDB_ROLES        optional  comma-separated roles for new users, default "external"
 *   RESTDB_TIMEOUT_MS   optional  time budget for all restdb calls of one login, default 3000
 *
 * Guarantees:
 * - A login is never blocked or broken by restdb: every call shares one bounded time budget and every error
 *   is caught and logged; the Action never calls `api.access.deny`.
 * - A retried first login does not create a second record: the Action looks the user up by email first.
 * - Neither the API key nor any other secret is ever logged.
 *
 * No dependencies: it uses the global `fetch` and `AbortSignal.timeout` of Node 18+.
 */
'use strict';

const LOG_PREFIX = 'restdb user sync:';
const DEFAULT_TIMEOUT_MS = 3000;
/** Auth0 gives a whole Action 20 s; leave most of it to the login itself. */
const MAX_TIMEOUT_MS = 10000;
const DEFAULT_ROLES = ['external'];

/** Profile fields copied from `event.user` (Auth0's normalised profile); ids and metadata are left out. */
const PROFILE_FIELDS = [
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'locale',
  'username',
  'phone_number',
  'phone_verified',
];

/**
 * @param {Record<string, string | undefined> | undefined} secrets
 * @returns {{ problem?: undefined, url: string, apiKey: string, roles: string[], timeoutMs: number } | { problem: string }}
 */
function readConfig(secrets) {
  const url = typeof secrets?.RESTDB_URL === 'string' ? secrets.RESTDB_URL.trim() : '';
  const apiKey = typeof secrets?.RESTDB_API_KEY === 'string' ? secrets.RESTDB_API_KEY.trim() : '';
  if (!url || !apiKey) return { problem: 'the RESTDB_URL or RESTDB_API_KEY secret is not set' };
  const origin = parseOrigin(url);
  if (!origin) return { problem: 'RESTDB_URL is not a URL like https://mydb-1234.restdb.io' };
  return {
    url: origin,
    apiKey,
    roles: parseRoles(secrets?.RESTDB_ROLES),
    timeoutMs: parseTimeout(secrets?.RESTDB_TIMEOUT_MS),
  };
}

/**
 * Accepts `https://db.restdb.io`, `db.restdb.io`, `https://db.restdb.io/` or `https://db.restdb.io/rest`.
 * @param {string} value
 */
function parseOrigin(value) {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    const path = url.pathname.replace(/\/+$/, '').replace(/\/rest$/, '');
    return `${url.origin}${path}`;
  } catch {
    return undefined;
  }
}

/** @param {string | undefined} value */
function parseRoles(value) {
  if (typeof value !== 'string') return DEFAULT_ROLES.slice();
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role.length > 0);
  return roles.length > 0 ? [...new Set(roles)] : DEFAULT_ROLES.slice();
}

/** @param {string | undefined} value */
function parseTimeout(value) {
  const ms = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(ms) || ms <= 0) return DEFAULT_TIMEOUT_MS;
  return Math.min(Math.round(ms), MAX_TIMEOUT_MS);
}

/**
 * The `users` document for this login: the profile plus where the login came from.
 * No `_id` and no Auth0 id in an `_`-prefixed field: restdb assigns `_id` itself and rejects foreign ones.
 */
function buildRecord(event, roles) {
  const user = event.user || {};
  /** @type {Record<string, unknown>} */
  const record = {};
  for (const field of PROFILE_FIELDS) {
    if (user[field] !== undefined && user[field] !== null) record[field] = user[field];
  }
  if (typeof user.user_id === 'string') record.auth0_id = user.user_id;
  record.appName = event.client?.name;
  record.userAgent = event.request?.user_agent;
  record.ip = event.request?.ip;
  record.connection = event.connection?.name;
  record.strategy = event.connection?.strategy;
  record.roles = roles;
  record.active = true;
  for (const key of Object.keys(record)) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}

/** A fallback for runtimes without `AbortSignal.timeout` (it exists in every Node that Auth0 offers). */
function deadline(ms) {
  if (typeof AbortSignal.timeout === 'function') return AbortSignal.timeout(ms);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), ms);
  if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref();
  return controller.signal;
}

/** A short, secret-free description of a failure: never the message of an unknown error verbatim. */
function describeError(error, signal) {
  if (signal.aborted) return 'timed out';
  const name = error && typeof error.name === 'string' ? error.name : 'Error';
  if (name === 'TimeoutError' || name === 'AbortError') return 'timed out';
  if (error instanceof TypeError) return 'network error';
  if (name === 'LookupRefused') return 'restdb refused the users lookup';
  if (name === 'SyntaxError' || name === 'UnexpectedBody') return 'unexpected lookup response';
  return `unexpected ${name}`;
}

/**
 * Releases a response body we do not read. Not awaited: some fetch implementations (e.g. msw's interception of
 * it in tests) only settle `cancel()` once every tee'd branch is cancelled.
 */
function discard(response) {
  try {
    response.body?.cancel().catch(() => undefined);
  } catch {
    // A locked or already consumed body needs no release.
  }
}

/** Resolves when `signal` aborts, however the fetch implementation in use treats the signal. */
function whenAborted(signal) {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}

/**
 * Looks the user up by email. Returns true when a record exists, false when none does.
 * Throws on any failure, so that an unanswered check never leads to a duplicate.
 */
async function userExists(config, email, signal) {
  const query = encodeURIComponent(JSON.stringify({ email }));
  const hints = encodeURIComponent(JSON.stringify({ $fields: { _id: 1 } }));
  const response = await fetch(`${config.url}/rest/users?q=${query}&h=${hints}&max=1`, {
    method: 'GET',
    headers: { 'x-apikey': config.apiKey, accept: 'application/json', 'cache-control': 'no-cache' },
    signal,
  });
  if (!response.ok) {
    discard(response);
    throw Object.assign(new Error('lookup refused'), { name: 'LookupRefused', status: response.status });
  }
  const body = await response.json();
  const list = Array.isArray(body) ? body : Array.isArray(body?.data) ? body.data : undefined;
  if (!list) throw Object.assign(new Error('unexpected lookup body'), { name: 'UnexpectedBody' });
  return list.length > 0;
}

/** POSTs the record; resolves to the HTTP status. */
async function createUser(config, record, signal) {
  const response = await fetch(`${config.url}/rest/users`, {
    method: 'POST',
    headers: { 'x-apikey': config.apiKey, 'content-type': 'application/json', 'cache-control': 'no-cache' },
    body: JSON.stringify(record),
    signal,
  });
  discard(response);
  return response.status;
}

/** Lookup, then create when missing; resolves to the line to log. */
async function syncUser(config, event, email, signal, started) {
  if (await userExists(config, email, signal)) return `${LOG_PREFIX} users record already exists, nothing to do`;
  const status = await createUser(config, buildRecord(event, config.roles), signal);
  const ms = Date.now() - started;
  return status >= 200 && status < 300
    ? `${LOG_PREFIX} created the users record (${status}, ${ms} ms)`
    : `${LOG_PREFIX} restdb refused the users record (HTTP ${status}, ${ms} ms); login continues`;
}

/**
 * Handler that will be called during the execution of a PostLogin flow.
 *
 * @param {object} event Details about the user and the context in which they are logging in.
 * @param {object} api Interface whose methods can be used to change the behavior of the login.
 * @returns {Promise<void>} Always resolves: restdb problems are logged, never thrown.
 */
exports.onExecutePostLogin = async (event, api) => {
  void api;
  try {
    if (event?.stats?.logins_count !== 1) return;
    // Auth0 also runs post-login Actions when a refresh token is exchanged; that is never a first login.
    if (event.transaction?.protocol === 'oauth2-refresh-token') return;
    const config = readConfig(event.secrets);
    if (config.problem) {
      console.log(`${LOG_PREFIX} skipped, ${config.problem}`);
      return;
    }
    const email = event.user?.email;
    if (typeof email !== 'string' || email.trim() === '') {
      console.log(`${LOG_PREFIX} skipped, the user has no email to match a users record by`);
      return;
    }
    const signal = deadline(config.timeoutMs);
    const started = Date.now();
    try {
      // The race makes the budget hold even where a fetch implementation ignores the signal.
      const line = await Promise.race([
        syncUser(config, event, email, signal, started),
        whenAborted(signal).then(() => {
          throw Object.assign(new Error('budget exhausted'), { name: 'TimeoutError' });
        }),
      ]);
      console.log(line);
    } catch (error) {
      const status = error && typeof error.status === 'number' ? ` (HTTP ${error.status})` : '';
      console.log(
        `${LOG_PREFIX} ${describeError(error, signal)}${status} after ${Date.now() - started} ms` +
          ` (budget ${config.timeoutMs} ms); login continues without a users record`,
      );
    }
  } catch (error) {
    // Nothing above should throw, but a login must never fail because of this Action.
    console.log(`${LOG_PREFIX} unexpected ${error && error.name ? error.name : 'error'}; login continues`);
  }
};
