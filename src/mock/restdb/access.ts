/**
 * Who may see and change which records: the API key sees everything; signed-in users see everything except
 * in private collections (only records they created) and in `users` (only their own record, read-only).
 */
import type { MockRecord } from '../store/store';
import type { Caller } from './credentials';
import type { RestdbDeps } from './deps';
import { HttpError } from './errors';

/** restdb's predefined collection of users. */
export const USERS_COLLECTION = 'users';

const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** @throws HttpError 400 when `name` cannot be a collection name. */
export function checkCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) throw new HttpError(400, `Invalid collection name "${name}"`);
}

/** True when the caller may see `record` of `collection`. */
export function canSee(caller: Caller, collection: string, record: MockRecord, deps: RestdbDeps): boolean {
  if (caller.kind === 'apikey') return true;
  if (collection === USERS_COLLECTION) return record['email'] === caller.email;
  if (deps.options.privateCollections.has(collection)) return record['_createdby'] === caller.email;
  return true;
}

/** The records of `collection` the caller may see (the same array when it may see all of them). */
export function visibleRecords(caller: Caller, collection: string, records: readonly MockRecord[], deps: RestdbDeps): readonly MockRecord[] {
  if (caller.kind === 'apikey') return records;
  if (collection !== USERS_COLLECTION && !deps.options.privateCollections.has(collection)) return records;
  return records.filter((record) => canSee(caller, collection, record, deps));
}

/** @throws HttpError 403 when the caller may not write to `collection` at all (JWT users and `users`). */
export function checkCanWrite(caller: Caller, collection: string): void {
  if (caller.kind === 'user' && collection === USERS_COLLECTION) {
    throw new HttpError(403, 'Writing to the users collection needs the full-access API key');
  }
}
