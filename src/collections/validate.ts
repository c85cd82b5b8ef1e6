import { RestdbConfigError } from '../errors/RestdbConfigError';

/**
 * Checks a collection name: letters, digits, `_` and `-` only, so a name can never change the request's path
 * or origin (`../auth/logout`, `http://evil.example/x` are refused before any request).
 * @param name - the collection name
 * @throws {@link RestdbConfigError} `invalid_argument`
 */
export function checkCollectionName(name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(name)) {
    throw new RestdbConfigError(`Invalid collection name ${JSON.stringify(name)}: use A-Z a-z 0-9 _ -`, 'invalid_argument');
  }
  return name;
}

/**
 * Checks a record id: a 24-hex ObjectId.
 * @param id - the id
 * @throws {@link RestdbConfigError} `invalid_argument`
 */
export function checkId(id: unknown): string {
  if (typeof id !== 'string' || !/^[0-9a-fA-F]{24}$/.test(id)) {
    throw new RestdbConfigError(`Invalid record id ${JSON.stringify(id)}: expected 24 hex digits`, 'invalid_argument');
  }
  return id;
}
