/**
 * The To-Do demo's pure helpers (no browser): config validation, the wording of errors, and formatting.
 * The browser suites show them on screen (and check the filter queries in the server's log); these pin the edge cases.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../examples/todo/src/config';
import { describeError, isAbort, reasonOf } from '../../examples/todo/src/errors';
import { formatRemaining, initials, plural } from '../../examples/todo/src/format';
import { RestdbAuthError, RestdbHttpError, RestdbNetworkError, RestdbAbortError } from '../../src/index';

describe('parseConfig', () => {
  it('accepts the documented shape, trims trailing slashes (auth0-spa-js builds URLs as domain + path)', () => {
    expect(parseConfig({ restdbUrl: 'https://db-1.restdb.io/', auth0Domain: 'tenant.eu.auth0.com/', auth0ClientId: ' abc ' })).toEqual({
      restdbUrl: 'https://db-1.restdb.io',
      auth0Domain: 'tenant.eu.auth0.com',
      auth0ClientId: 'abc',
    });
  });

  it('keeps an optional apiKey and ignores an empty one', () => {
    const base = { restdbUrl: 'http://127.0.0.1:1', auth0Domain: 'http://localhost:2', auth0ClientId: 'c' };
    expect(parseConfig({ ...base, apiKey: 'k' }).apiKey).toBe('k');
    expect(parseConfig({ ...base, apiKey: '' })).not.toHaveProperty('apiKey');
  });

  it('names the field to fix', () => {
    expect(() => parseConfig({ restdbUrl: 'x', auth0Domain: 'd', auth0ClientId: 'c' })).toThrow('"restdbUrl" is not a URL');
    expect(() => parseConfig({ restdbUrl: 'https://a.b', auth0ClientId: 'c' })).toThrow('"auth0Domain" must be a non-empty string');
    expect(() => parseConfig([])).toThrow(ConfigError);
  });
});

describe('error wording', () => {
  it('turns SDK errors into sentences a person can act on', () => {
    expect(describeError("Couldn't add the to-do", new RestdbHttpError({ status: 500, statusText: 'Internal Server Error', method: 'POST', path: '/rest/todos', body: {} }))).toBe(
      "Couldn't add the to-do: the database had a problem (HTTP 500). Try again in a moment.",
    );
    expect(reasonOf(new RestdbNetworkError('POST /rest/todos failed: network error'))).toMatch(/cannot be reached/);
    expect(reasonOf(new RestdbAuthError('Auth0 popup login failed: cancelled', 'popup_closed'))).toMatch(/login window was closed/);
  });

  it('uses the identity provider’s own reason when it refused the login', () => {
    const cause = { error: 'access_denied', error_description: 'Your account is blocked' };
    expect(reasonOf(new RestdbAuthError('Auth0 redirect callback failed: access_denied', 'interaction_required', cause))).toBe(
      'the identity provider said: Your account is blocked',
    );
  });

  it('treats a cancellation as no error at all', () => {
    expect(isAbort(new RestdbAbortError('GET /rest/todos aborted'))).toBe(true);
    expect(isAbort(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbort(new Error('boom'))).toBe(false);
  });
});

describe('formatting', () => {
  it('formats the token lifetime', () => {
    expect(formatRemaining(59_999)).toBe('0:59');
    expect(formatRemaining(3_599_000)).toBe('59:59');
    expect(formatRemaining(3_723_000)).toBe('1:02:03');
    expect(formatRemaining(-5)).toBe('0:00');
  });

  it('makes initials from a name or an email', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('bob@example.com')).toBe('B');
    expect(initials('jean-luc.picard@x.io')).toBe('JL');
    expect(initials('')).toBe('?');
    expect(plural(1, 'item')).toBe('1 item');
    expect(plural(2, 'item')).toBe('2 items');
  });
});
