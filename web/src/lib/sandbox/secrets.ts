/**
 * `docker build --secret` in the browser: buildx's parsing (`engine/commands/secrets.ts`)
 * with the workspace as the disk (paths relative to its root, never outside it) and an
 * empty environment, so an `env=` secret fails as buildx does when the variable is not set.
 */
import { resolveSecrets, SecretSpecError } from '#engine/commands';
import type { WorkspaceContent } from '#engine/commands';
import { resolvePath } from '../workspace/paths.ts';

export { SecretSpecError };

/** The page has no environment variables. */
const EMPTY_ENV: Readonly<Record<string, string | undefined>> = {};

/** Resolve `--secret` values into bytes by id, reading `files` (the workspace). */
export function workspaceSecrets(
  values: readonly string[],
  files: ReadonlyMap<string, WorkspaceContent>,
  env: Readonly<Record<string, string | undefined>> = EMPTY_ENV,
): Record<string, Uint8Array> {
  return resolveSecrets(values, env, (src) => {
    const path = resolvePath('', src);
    const text = path === null ? undefined : files.get(path);
    return text === undefined ? undefined : typeof text === 'string' ? new TextEncoder().encode(text) : text;
  });
}
