// Runs IN THE PAGE (headless Chromium), not in Node: the browser half of bench/call-overhead.mjs. Served as
// /bench.mjs next to the self-contained browser build (/restdb-client.js) and ky's ESM files (/ky/); the page's
// <script type="module"> puts this module on window.bench and Node drives it with page.evaluate. Timing is done
// here with performance.now() (5 µs resolution: the page is cross-origin isolated, see page-server.mjs).
import { RestdbClient } from '/restdb-client.js';
import ky from '/ky/index.js';

/** The callers being measured, by name: each makes one call and resolves to the parsed record. */
const callers = {};
const clients = [];

/**
 * An object with every method the SDK checks on `options.auth0` (src/auth/auth0-types.ts), already signed in:
 * getIdTokenClaims() gives `idToken` (signed in Node by the reference server, so POST /auth/token accepts it).
 */
function signedInAuth0(idToken) {
  const done = async () => undefined;
  return {
    loginWithRedirect: done,
    loginWithPopup: done,
    handleRedirectCallback: async () => ({ appState: undefined }),
    getIdTokenClaims: async () => ({ __raw: idToken }),
    getTokenSilently: async () => idToken,
    isAuthenticated: async () => true,
    getUser: async () => ({ email: 'bench@example.com' }),
    checkSession: done,
    logout: done,
  };
}

/** A client signed in through the redirect callback (one POST /auth/token through `fetch`, if given). */
async function signedInClient({ url, idToken, fetch }) {
  const client = new RestdbClient({ url, auth0: signedInAuth0(idToken), onWarning() {}, ...(fetch ? { fetch } : {}) });
  await client.handleRedirectCallback(`${location.origin}/callback?code=bench&state=bench`);
  clients.push(client);
  return client;
}

/** (c) Loopback: `sdk` = todos.get(id), `plain` = fetch of the same URL with the same Authorization header. */
export async function setupLoopback({ url, idToken, id }) {
  const client = await signedInClient({ url, idToken });
  const todos = client.collection('todos');
  const target = `${url}/rest/todos/${id}`;
  const headers = { authorization: `Bearer ${client.getSession().token}` };
  callers.sdk = () => todos.get(id);
  callers.plain = async () => {
    const res = await fetch(target, { headers });
    if (!res.ok) throw new Error(`plain fetch: ${res.status}`);
    return res.json();
  };
  await sameAnswer('sdk', 'plain', id);
}

/**
 * (d) In-page stub, the same as bench/call-overhead.mjs (b): a `fetch` answering the data path with a canned
 * record and POST /auth/token with a one-hour token. `stubSdk` = todos.get(id) over it, `stubPlain` = the stub
 * + res.json() with the same header, `stubKy` = bare ky over the same stub (ky's share of the SDK's time).
 */
export async function setupStub({ url, idToken, record }) {
  const body = JSON.stringify(record);
  const jsonHeaders = { 'content-type': 'application/json' };
  const dataPath = `/rest/todos/${record._id}`;
  const stub = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (request.url.endsWith('/auth/token')) {
      const now = Math.floor(Date.now() / 1000);
      return Response.json({ token: 'stub-database-token', iat: now, exp: now + 3600 });
    }
    return new Response(body, { status: 200, headers: jsonHeaders });
  };
  const client = await signedInClient({ url, idToken, fetch: stub });
  const todos = client.collection('todos');
  const headers = { authorization: `Bearer ${client.getSession().token}` };
  const bare = ky.create({ prefixUrl: url, fetch: stub, retry: 0, timeout: false });
  callers.stubSdk = () => todos.get(record._id);
  callers.stubPlain = async () => (await stub(`${url}${dataPath}`, { headers })).json();
  callers.stubKy = () => bare.get(dataPath.slice(1), { headers }).json();
  await sameAnswer('stubSdk', 'stubPlain', record._id);
  await sameAnswer('stubKy', 'stubPlain', record._id);
}

/** Both callers answer the same record (a wrong URL or header would show here, not as a fast number). */
async function sameAnswer(a, b, id) {
  const [x, y] = [await callers[a](), await callers[b]()];
  if (x?._id !== id || JSON.stringify(x) !== JSON.stringify(y)) throw new Error(`${a} and ${b} disagree: ${JSON.stringify([x, y])}`);
}

/** Calls `name` n times one after the other; the time of each call in ms. */
export async function timeEach(name, n) {
  const fn = callers[name];
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** Mean ms per call of `size` calls in a row. */
async function batch(fn, size) {
  const t = performance.now();
  for (let i = 0; i < size; i++) await fn();
  return (performance.now() - t) / size;
}

/** Interleaved batches: `count` rounds of one batch of `size` calls per name; { name: [mean ms per call] }. */
export async function batches(names, count, size) {
  const per = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < count; i++) for (const n of names) per[n].push(await batch(callers[n], size));
  return per;
}

/**
 * What the pieces a call is made of cost here, in µs per operation (each awaited, so ~0.3 µs of microtask is
 * included): the Fetch API objects ky and the stub build per call, body reading, and the SDK's per-call timer.
 */
export async function primitives(url, record, n = 5000) {
  const body = JSON.stringify(record);
  const headers = { authorization: 'Bearer x' };
  const init = { status: 200, headers: { 'content-type': 'application/json' } };
  const { signal } = new AbortController();
  const request = new Request(url, { headers, signal });
  const ops = [
    ['await Promise.resolve()', () => Promise.resolve()],
    ['new Request(url, { headers })', () => new Request(url, { headers })],
    ['new Request(url, { headers, signal })', () => new Request(url, { headers, signal })],
    ['request.clone()', () => request.clone()],
    ['new Response(body, init)', () => new Response(body, init)],
    ['new Response(body, init).text()', () => new Response(body, init).text()],
    ['new Response(body, init).json()', () => new Response(body, init).json()],
    ['JSON.parse(body)', () => JSON.parse(body)],
    ['new AbortController() + AbortSignal.any()', () => AbortSignal.any([signal, new AbortController().signal])],
    ['setTimeout() + clearTimeout()', () => clearTimeout(setTimeout(() => undefined, 60_000))],
  ];
  const out = [];
  for (const [name, fn] of ops) {
    for (let i = 0; i < n; i++) await fn();
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn();
    out.push([name, ((performance.now() - t) / n) * 1000]);
  }
  return out;
}

/** Disposes every client made here (their refresh timers, tab listeners). */
export function dispose() {
  for (const c of clients.splice(0)) c.dispose();
}
