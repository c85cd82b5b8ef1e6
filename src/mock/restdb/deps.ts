/**
 * What the restdb routes share: options, the store, the token service and the id_token verifier.
 */
import type { ResolvedMockOptions } from '../options';
import type { Store } from '../store/store';
import type { DbTokens } from './db-token';
import type { IdTokenVerifier } from './id-token';

/** Dependencies of the restdb API app. */
export interface RestdbDeps {
  options: ResolvedMockOptions;
  store: Store;
  tokens: DbTokens;
  verifyIdToken: IdTokenVerifier;
}
