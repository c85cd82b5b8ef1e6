// A tiny static server for the browser benchmarks' pages: one inline HTML page at `/`, single files and whole
// directories mounted at fixed paths. Listens on 127.0.0.1 (port 0: a free one); the page is opened as
// http://localhost:<port>, a secure context and another origin than the database (http://127.0.0.1:<port>).
// Every answer carries COOP same-origin + COEP require-corp, so the page is cross-origin isolated: Chromium then
// gives performance.now() a 5 µs resolution instead of 100 µs (what a per-call timing of a loopback call needs).
// Cross-origin fetch() calls are CORS requests, which COEP lets through.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};
const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-cache' };

/** The file a path names: an exact `files` entry, or a file under a `dirs` mount (never outside it). */
function locate(pathname, files, dirs) {
  if (files[pathname]) return files[pathname];
  for (const [prefix, dir] of Object.entries(dirs)) {
    if (!pathname.startsWith(prefix)) continue;
    const root = resolve(dir);
    const file = resolve(join(root, pathname.slice(prefix.length)));
    if (file.startsWith(root + sep)) return file;
  }
  return undefined;
}

/**
 * Serves `html` at `/`, `files` ({ '/a.js': path }) and `dirs` ({ '/ky/': dir }).
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function servePage({ html, files = {}, dirs = {} }) {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/') return res.writeHead(200, { ...ISOLATED, 'content-type': 'text/html; charset=utf-8' }).end(html);
    const file = locate(decodeURIComponent(pathname), files, dirs);
    const body = file && (await readFile(file).catch(() => undefined));
    if (!body) return res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    res.writeHead(200, { ...ISOLATED, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    url: `http://localhost:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
