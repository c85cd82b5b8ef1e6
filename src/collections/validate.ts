import { RestdbConfigError } from '../errors/RestdbConfigError';

/** Returns `value` if it is a string matching `pattern`, else throws naming the input and the fix. */
const check = (value: unknown, pattern: RegExp, what: string, fix: string): string => {
  if (typeof value == 'string' && pattern.test(value)) return value;
  throw new RestdbConfigError(`Invalid ${what} ${JSON.stringify(value)}: ${fix}`, 'invalid_argument');
};

/**
 * Checks a collection name: letters, digits, `_` and `-` only, so a name can never change the request's path
 * or origin (`../auth/logout`, `http://evil.example/x` are refused before any request).
 * @param name - the collection name
 * @throws {@link RestdbConfigError} `invalid_argument`
 */
export const checkCollectionName = (name: unknown): string => check(name, /^[\w-]{1,100}$/, 'collection name', 'use A-Z a-z 0-9 _ -');

/**
 * Checks a record id: a 24-hex ObjectId (so it needs no escaping in the path).
 * @param id - the id
 * @throws {@link RestdbConfigError} `invalid_argument`
 */
export const checkId = (id: unknown): string => check(id, /^[\da-f]{24}$/i, 'record id', 'expected 24 hex digits');
