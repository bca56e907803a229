import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveSecrets, SecretSpecError } from '#engine/commands';

export { SecretSpecError };

/** `--secret` values (buildx's syntax, `engine/commands/secrets.ts`) read from the disk (relative to `cwd`) and the environment. */
export function readSecrets(values: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): Record<string, Uint8Array> {
  return resolveSecrets(values, env, (src) => {
    try {
      return new Uint8Array(readFileSync(resolve(cwd, src)));
    } catch {
      return undefined;
    }
  });
}
