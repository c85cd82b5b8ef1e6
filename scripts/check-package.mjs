#!/usr/bin/env node
// Packaging checks on the tarball a user would install: publint, are-the-types-wrong, and the file list.
// Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'restdb-pack-'));
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir]))[0];
  const tarball = join(dir, packed.filename);
  const files = packed.files.map((f) => f.path);
  const unexpected = files.filter((f) => !/^(dist\/|package\.json$|README\.md$|LICENSE$|examples\/auth0-action\/)/.test(f));
  console.log(`tarball ${packed.filename}: ${files.length} files, ${packed.size} B packed, ${packed.unpackedSize} B unpacked`);
  if (unexpected.length) throw new Error(`files users do not need in the tarball: ${unexpected.join(', ')}`);
  console.log(run('npx', ['publint', '--strict', tarball]).trim());
  console.log(run('npx', ['attw', tarball, '--profile', 'esm-only', '--format', 'table-flipped']).trim());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
