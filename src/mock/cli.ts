#!/usr/bin/env node
/// <reference types="node" />
/**
 * `restdb-mock`: runs the reference server until SIGINT/SIGTERM.
 *
 *   restdb-mock --port 4010 --idp-port 4011 [--static DIR] [--app-port N] [--client-id ID] [--api-key KEY]
 *               [--seed FILE.json] [--private COLL]... [--token-ttl SECONDS]
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import type { PostLoginAction } from './idp/actions';
import { startMockServer, type MockServerOptions } from './node';

const USAGE = `Usage: restdb-mock [options]

  --port N           restdb API port on 127.0.0.1 (default 4010; 0 = any free port)
  --idp-port N       dev identity provider port on localhost (default 4011; 0 = any free port)
  --static DIR       serve DIR as an app on http://localhost:<app-port>
  --app-port N       app port (default 4012 with --static; 0 = any free port)
  --client-id ID     Auth0 client id (default dev-client)
  --api-key KEY      full-access API key (default mock-full-access-key)
  --seed FILE        JSON file {"collection": [records...]} loaded at start
  --private COLL     make COLL a private-data collection (repeatable)
  --token-ttl S      database token lifetime in seconds (default 3600)
  --no-user-sync     do not run the user-sync post-login Action (by default the dev identity provider runs
                     examples/auth0-action/user-sync.cjs, which adds first-time users to the users collection)
  -h, --help         show this help
`;

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name} must be a port number, got "${value}"`);
  return n;
}

/**
 * The user-sync Action shipped in the package (`examples/auth0-action/user-sync.cjs`, two folders above
 * `dist/mock/`), exactly as it is pasted into an Auth0 tenant. Undefined when the file is absent.
 */
function loadUserSyncAction(): PostLoginAction | undefined {
  const file = new URL('../../examples/auth0-action/user-sync.cjs', import.meta.url);
  if (!existsSync(file)) return undefined;
  const action = (createRequire(import.meta.url)(file.pathname) as { onExecutePostLogin?: PostLoginAction }).onExecutePostLogin;
  return typeof action === 'function' ? action : undefined;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'idp-port': { type: 'string' },
      static: { type: 'string' },
      'app-port': { type: 'string' },
      'client-id': { type: 'string' },
      'api-key': { type: 'string' },
      seed: { type: 'string' },
      private: { type: 'string', multiple: true },
      'token-ttl': { type: 'string' },
      'no-user-sync': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options: MockServerOptions = {
    port: port(values.port, 4010, 'port'),
    idpPort: port(values['idp-port'], 4011, 'idp-port'),
  };
  if (values.static !== undefined) {
    options.staticDir = values.static;
    options.appPort = port(values['app-port'], 4012, 'app-port');
  }
  if (values['client-id'] !== undefined) options.clientId = values['client-id'];
  if (values['api-key'] !== undefined) options.apiKey = values['api-key'];
  if (values.private !== undefined) options.privateCollections = values.private;
  if (values['token-ttl'] !== undefined) options.tokenTtlSeconds = Number(values['token-ttl']);
  if (values.seed !== undefined) options.collections = JSON.parse(await readFile(values.seed, 'utf8')) as MockServerOptions['collections'] & object;

  if (!values['no-user-sync']) {
    const action = loadUserSyncAction();
    if (action) options.postLoginActions = [action];
  }

  const server = await startMockServer(options);
  process.stdout.write(`restdb API:        ${server.url}\n`);
  process.stdout.write(`identity provider: ${server.idpUrl}   (Auth0 domain; client id ${server.clientId})\n`);
  if (server.appUrl !== undefined) process.stdout.write(`app:               ${server.appUrl}\n`);
  if (options.postLoginActions) process.stdout.write('post-login Action: user-sync (first logins are added to the users collection)\n');
  process.stdout.write('Press Ctrl+C to stop.\n');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`restdb-mock: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
});
