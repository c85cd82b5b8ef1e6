/// <reference types="node" />
/**
 * A small static file server for the app origin (`staticDir`): files under the directory, `index.html` for `/`
 * and for paths without a file extension (single-page-app routing), 404 otherwise. Never leaves the directory.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

async function fileResponse(path: string, method: string): Promise<Response | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    const body = method === 'HEAD' ? null : await readFile(path);
    return new Response(body, {
      headers: { 'content-type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-cache' },
    });
  } catch {
    return undefined;
  }
}

/** Creates a handler serving `dir`. */
export function createStaticHandler(dir: string): (request: Request) => Promise<Response> {
  const root = resolve(dir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    const target = resolve(join(root, pathname));
    if (target !== root && !target.startsWith(root + sep)) return new Response('Not found', { status: 404 });
    const direct = await fileResponse(pathname.endsWith('/') ? join(target, 'index.html') : target, request.method);
    if (direct) return direct;
    if (extname(pathname) === '') {
      const index = await fileResponse(join(root, 'index.html'), request.method);
      if (index) return index;
    }
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  };
}
