// A tiny Chromium launcher for the .mjs benchmarks (test/support/browser.ts is TypeScript): Debian's Chromium,
// headless, the team's flags; chromium.launch uses a fresh temporary profile and deletes it on close.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Why no browser bench can run here, or undefined. */
export const browserUnavailable = () => (existsSync(CHROMIUM_PATH) ? undefined : `Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);

/** Launches headless Chromium; each `browser.newContext()` is a fresh cookie jar. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
