/**
 * Runtime configuration, read from `config.json` next to the page, so one build can point at the
 * embedded reference server or at a real restdb.io database and Auth0 tenant without a code change.
 */

/** The app's runtime configuration (the shape of `config.json`). */
export interface AppConfig {
  /** The restdb database origin, e.g. `https://mydb-1234.restdb.io`. */
  restdbUrl: string;
  /** The Auth0 domain, e.g. `my-tenant.eu.auth0.com`, or `http://localhost:4010` for the dev IdP. */
  auth0Domain: string;
  /** The Auth0 application's client id. */
  auth0ClientId: string;
  /** Optional CORS (web) API key for calls made while signed out. Never a full-access key. */
  apiKey?: string;
}

/** Thrown when `config.json` is missing or malformed; the message says what to fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function requireString(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`config.json: "${key}" must be a non-empty string.`);
  }
  return value.trim();
}

/**
 * Validates a parsed `config.json`.
 *
 * @throws ConfigError naming the field to fix.
 */
export function parseConfig(raw: unknown): AppConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('config.json must contain a JSON object.');
  }
  const record = raw as Record<string, unknown>;
  const restdbUrl = requireString(record, 'restdbUrl').replace(/\/+$/, '');
  try {
    new URL(restdbUrl);
  } catch {
    throw new ConfigError(`config.json: "restdbUrl" is not a URL: ${restdbUrl}`);
  }
  const config: AppConfig = {
    restdbUrl,
    // auth0-spa-js builds URLs as domain + path: a trailing slash would break them.
    auth0Domain: requireString(record, 'auth0Domain').replace(/\/+$/, ''),
    auth0ClientId: requireString(record, 'auth0ClientId'),
  };
  if (record['apiKey'] !== undefined && record['apiKey'] !== null && record['apiKey'] !== '') {
    config.apiKey = requireString(record, 'apiKey');
  }
  return config;
}

/**
 * Fetches and validates `config.json` relative to the page.
 *
 * @throws ConfigError when the file cannot be loaded or is invalid.
 */
export async function loadConfig(url: URL = new URL('config.json', document.baseURI)): Promise<AppConfig> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store' });
  } catch {
    throw new ConfigError(`Could not load ${url.pathname}: the server did not answer.`);
  }
  if (!response.ok) {
    throw new ConfigError(`Could not load ${url.pathname} (HTTP ${response.status}). Start the demo with "npm start".`);
  }
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new ConfigError(`${url.pathname} is not valid JSON.`);
  }
  return parseConfig(raw);
}
