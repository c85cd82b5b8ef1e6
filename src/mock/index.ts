/**
 * `restdb-client/mock`: the reference restdb API and the dev identity provider, in process, as msw handlers.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createRestdbMock } from 'restdb-client/mock';
 *
 * const mock = createRestdbMock({ collections: { todos: [{ title: 'Buy milk' }] } });
 * const server = setupServer(...mock.handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * const code = await mock.signIdToken({ email: 'ann@example.com' });
 * const { token } = await (await fetch(`${mock.url}/auth/token`, {
 *   method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }),
 * })).json();
 * ```
 *
 * @packageDocumentation
 */
import { createMockCore, type RestdbMockControl } from './core';
import { createMswHandlers, type HttpHandler } from './msw';
import type { MockOptions } from './options';

/** An in-process mock: the control surface plus msw handlers for both origins. */
export interface RestdbMock extends RestdbMockControl {
  /** msw handlers for the restdb origin and the IdP origin: `setupServer(...mock.handlers)`. */
  readonly handlers: HttpHandler[];
}

/**
 * Creates an in-process mock of a restdb database and its Auth0 tenant.
 *
 * @param options - origins, client id, token lifetime, seed data, private collections, API key, trusted issuer, clock.
 * @returns the mock; nothing listens until its `handlers` are given to msw (or requests are passed to `fetch`).
 * @throws TypeError for invalid options.
 */
export function createRestdbMock(options: MockOptions = {}): RestdbMock {
  const core = createMockCore(options);
  const { control } = core;
  const handlers = createMswHandlers([
    { origin: control.url, dispatch: (request) => core.dispatch('restdb', request) },
    { origin: control.idpUrl, dispatch: (request) => core.dispatch('idp', request) },
  ]);
  return { ...control, handlers };
}

export type { RestdbMockControl, MockStore } from './core';
export type { MockOptions, TrustedIssuer } from './options';
export { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_IDP_URL, DEFAULT_MOCK_URL } from './options';
export type { FaultRule, Faults } from './faults';
export type { MockRequest, MockOrigin, RequestLog } from './request-log';
export type { MockRecord, SeedData } from './store/store';
export { FakeAuth0Error } from './auth0-fake';
export type { FakeAuth0Client, FakeAuth0Controls, FakeAuth0Method, FakeAuth0User, FakeTokenResponse } from './auth0-fake';
export type { PostLoginAction, PostLoginApi, PostLoginEvent, PostLoginUser } from './idp/actions';
export type { HttpHandler } from './msw';
