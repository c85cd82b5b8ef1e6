// The benchmarks measure the built package (dist/), as users get it. This builds it when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const needed = ['dist/index.js', 'dist/mock/index.js', 'dist/mock/node.js', 'dist/browser/restdb-client.js'];

const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

/** Runs `npm run build` when a dist entry is missing (or when `force`); warns when dist is older than src. */
export function ensureBuilt({ force = false } = {}) {
  let missing = needed.filter((f) => !existsSync(join(root, f)));
  // Someone else's build (tsup cleans dist/ first) may be under way: give it a moment before building too.
  for (let i = 0; i < 10 && missing.length && !force; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    missing = needed.filter((f) => !existsSync(join(root, f)));
  }
  if (force || missing.length) {
    console.error(force ? 'building dist/ (npm run build)' : `dist/ incomplete (${missing.join(', ')}): npm run build`);
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    return;
  }
  if (newest(join(root, 'src')) > statSync(join(root, 'dist/index.js')).mtimeMs) {
    console.error('note: src/ is newer than dist/; these numbers are for the last build (npm run build to refresh)');
  }
}

/** Imports the built entries: { sdk, mock, node }. */
export async function loadDist() {
  ensureBuilt();
  const url = (f) => new URL(`../../${f}`, import.meta.url).href;
  const [sdk, mock, node] = await Promise.all([import(url('dist/index.js')), import(url('dist/mock/index.js')), import(url('dist/mock/node.js'))]);
  return { sdk, mock, node };
}

/** A client signed in through the redirect flow with the mock's fake Auth0 client (no browser). */
export async function signedInClient(sdk, control, extra = {}) {
  const auth0 = control.auth0Client({ email: 'bench@example.com', name: 'Bench' });
  const client = new sdk.RestdbClient({ url: control.url, auth0, onWarning: () => undefined, ...extra });
  await client.login();
  await client.handleRedirectCallback('http://localhost/callback?code=bench&state=bench');
  return { client, auth0 };
}
