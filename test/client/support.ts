import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createRestdbMock, type MockOptions, type RestdbMock } from '../../src/mock/index';
import { RestdbClient, type RestdbAuthEvent, type RestdbClientOptions, type RestdbSession, type RestdbAuthEventDetails } from '../../src/index';

/** The schema used across the SDK tests. */
export type TestSchema = {
  todos: { title: string; done: boolean; priority?: number; tags?: string[]; due?: string };
  notes: { text: string };
};

/**
 * One msw server per test file; each test creates its own mock (so the handlers are swapped per test).
 * Unhandled requests are errors: a request to any other origin fails the test.
 */
export function useMsw(): { use(mock: RestdbMock): void } {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return { use: (mock) => server.use(...mock.handlers) };
}

/** Creates a mock, registers it with msw, and returns it with a fake Auth0 client. */
export function newMock(msw: { use(mock: RestdbMock): void }, options: MockOptions = {}): { mock: RestdbMock; auth0: ReturnType<RestdbMock['auth0Client']> } {
  const mock = createRestdbMock({ collections: { todos: [], notes: [] }, ...options });
  msw.use(mock);
  return { mock, auth0: mock.auth0Client({ email: 'ann@example.com', name: 'Ann' }) };
}

/** A client over `mock` with the fake Auth0 client. */
export function newClient(mock: RestdbMock, auth0: ReturnType<RestdbMock['auth0Client']>, extra: Partial<RestdbClientOptions> = {}): RestdbClient<TestSchema> {
  return new RestdbClient<TestSchema>({ url: mock.url, auth0, onWarning: () => undefined, ...extra });
}

/** A client that is signed in through the redirect flow. */
export async function signedIn(mock: RestdbMock, auth0: ReturnType<RestdbMock['auth0Client']>, extra: Partial<RestdbClientOptions> = {}): Promise<RestdbClient<TestSchema>> {
  const client = newClient(mock, auth0, extra);
  await client.login();
  await client.handleRedirectCallback('https://app.test/callback?code=x&state=y');
  return client;
}

/** Records auth events. */
export function recordEvents(client: RestdbClient<TestSchema>): { event: RestdbAuthEvent; session: RestdbSession | null; details: RestdbAuthEventDetails }[] {
  const log: { event: RestdbAuthEvent; session: RestdbSession | null; details: RestdbAuthEventDetails }[] = [];
  client.onAuthStateChange((event, session, details) => log.push({ event, session, details }));
  return log;
}

/** Requests the mock saw to `path` (optionally with a method). */
export function requestsTo(mock: RestdbMock, path: string | RegExp, method?: string): ReturnType<RestdbMock['requests']['entries']> {
  return mock.requests.entries().filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)) && (!method || r.method === method));
}
