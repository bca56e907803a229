/**
 * What every browser test shares: Debian's Chromium with the flags that work in this
 * sandbox (no background networking, no GPU, no sandboxing as root), and one production build of the app per test file.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The repository root. */
export const REPO = resolve(import.meta.dirname, '../..');

/** Debian's `chromium` package (playwright cannot download browsers here). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, as root, with no background traffic to hosts this machine cannot reach. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** `vite build` of the app into `outDir` (a production build, as a static host serves it). */
export async function buildApp(outDir: string): Promise<void> {
  await promisify(execFile)(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
