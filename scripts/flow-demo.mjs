#!/usr/bin/env node
// The whole restdb-client flow in one Node script, against the real reference server (no browser):
// Auth0 login (an injected fake Auth0 client signing id_tokens with the dev IdP's key) -> POST /auth/token exchange
// -> CRUD on a typed collection -> userinfo -> refresh -> logout -> the old token is rejected.
//
//   npm run build && node scripts/flow-demo.mjs
import { createRestdbClient, isRestdbHttpError } from '../dist/index.js';
import { startMockServer } from '../dist/mock/node.js';

const server = await startMockServer({ port: 0, idpPort: 0, collections: { todos: [{ title: 'Seeded by the server', done: true }] } });
const log = (step, detail = '') => console.log(`${step.padEnd(28)} ${detail}`);
const short = (token) => `${token.slice(0, 12)}... (${token.length} chars)`;

try {
  log('reference server', `restdb ${server.url}, IdP ${server.idpUrl}`);
  // In a browser this is `auth0: { domain, clientId, authorizationParams }`; here an Auth0-compatible fake.
  const auth0 = server.mock.auth0Client({ email: 'ann@example.com', name: 'Ann' });
  const db = await createRestdbClient({ url: server.url, auth0 });
  db.onAuthStateChange((event, session, details) => log(`  event ${event}`, session ? `expires in ${Math.round((session.expiresAt - Date.now()) / 1000)} s` : details.reason ?? ''));
  log('after restore', `status=${db.status}`);

  await db.loginWithPopup();
  const first = db.getSession();
  log('exchanged Auth0 id_token', `status=${db.status}, token ${short(first.token)}, clock skew ${db.clockSkewMs} ms`);

  const todos = db.collection('todos');
  const created = await todos.create({ title: 'Try restdb-client', done: false });
  log('create', `${created._id} "${created.title}" _version=${created._version}`);
  const patched = await todos.patch(created._id, { done: true });
  log('patch', `done=${patched.done} _version=${patched._version}`);
  const { data, totals } = await todos.findWithTotals({ q: { done: true }, sort: 'title', fields: ['title'] });
  log('findWithTotals', `${totals.total} done: ${data.map((r) => r.title).join(', ')}`);
  log('count', String(await todos.count()));
  log('delete', JSON.stringify(await todos.delete(created._id)));

  const me = await db.userinfo();
  log('userinfo', `${me.email} (${me.displayname ?? ''})`);

  const refreshed = await db.refresh();
  log('refresh', `new token ${short(refreshed.token)} (changed: ${refreshed.token !== first.token})`);

  const result = await db.logout({ openUrl: false });
  log('logout', `status=${db.status}, server revoke ok=${result.revoked}`);

  const replay = await fetch(`${server.url}/rest/todos`, { headers: { authorization: `Bearer ${refreshed.token}` } });
  log('old token after logout', `GET /rest/todos -> ${replay.status} ${replay.status === 403 ? '(rejected, as it must be)' : '(UNEXPECTED)'}`);
  try {
    await todos.find();
    log('signed-out call', 'unexpectedly succeeded');
  } catch (error) {
    log('signed-out call', isRestdbHttpError(error) ? error.message : String(error));
  }
  db.dispose();
  if (replay.status !== 403) process.exitCode = 1;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await server.close();
}
