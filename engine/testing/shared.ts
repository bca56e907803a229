import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json is). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `../shared` beside the checkout (read-only; present in CI too), or `$STAGEPLAY_SHARED`.
 * Conformance suites read their data from here at run time and fail loudly when it is missing.
 */
export const SHARED_DIR = process.env.STAGEPLAY_SHARED ?? resolve(REPO_ROOT, '../shared');

export function sharedPath(...parts: string[]): string {
  const p = resolve(SHARED_DIR, ...parts);
  if (!existsSync(p)) throw new Error(`missing shared data: ${p} (set STAGEPLAY_SHARED to the shared/ folder)`);
  return p;
}
