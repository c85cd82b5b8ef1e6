/**
 * restdb-client: sign SPA users in with Auth0 and work with their restdb.io data through typed collections,
 * with the database token exchanged, refreshed and attached for you.
 *
 * Internals (the session manager, transport, query serializer) are deliberately not exported: they are not a
 * stable API.
 * @packageDocumentation
 */
export { RestdbClient, createRestdbClient } from './client';
export type { RestdbLoginOptions, RestdbPopupLoginOptions, RestdbLogoutResult, RestdbRedirectResult, RestdbUserInfo } from './client';
export type { RestdbClientOptions, RestdbRetryOptions, RestdbRetryMethod, RestdbWarning } from './options';
export type { Auth0Like } from './auth/auth0-types';
export type { RestdbSession } from './auth/exchange';
export type { RestdbAuthEvent, RestdbAuthEventDetails, RestdbAuthListener, RestdbAuthStatus, RestdbSignOutReason } from './auth/events';
export type { RestdbStorageAdapter, RestdbStorageOption } from './auth/storage';
export type { RestdbTabsOptions, RestdbLocks, RestdbChannel } from './auth/tabs';
export type { RestdbCallOptions } from './http/http';
export type { RestdbCollection, IterateOptions } from './collections/collection';
export type {
  ComparableValue,
  Condition,
  DateValue,
  ElementOf,
  FieldName,
  FieldOperators,
  Filter,
  Hints,
  PageWithTotals,
  Query,
  RestdbRecord,
  RestdbSchema,
  SchemaOf,
  SystemFields,
  Totals,
  UntypedSchema,
} from './collections/types';
export { RestdbError } from './errors/RestdbError';
export type { RestdbErrorCode, RestdbAuthErrorCode } from './errors/RestdbError';
export { RestdbHttpError } from './errors/RestdbHttpError';
export type { RestdbHttpErrorInit } from './errors/RestdbHttpError';
export { RestdbAuthError } from './errors/RestdbAuthError';
export { RestdbConfigError } from './errors/RestdbConfigError';
export { RestdbNetworkError } from './errors/RestdbNetworkError';
export { RestdbTimeoutError } from './errors/RestdbTimeoutError';
export { RestdbAbortError } from './errors/RestdbAbortError';
export { isRestdbError, isRestdbHttpError, isRestdbAuthError } from './errors/guards';
