/**
 * `docker build --secret` in the browser: buildx's parsing (`id=x,src=path`, `id=x,env=NAME`,
 * `type=env,id=x`; a bare `id=x` reads the variable `x`, else the file `x`) with the
 * workspace as the disk (paths relative to its root) and an empty environment, so an
 * `env=` secret fails as buildx does when the variable is not set. Same wording as the
 * CLI's `cli/secrets.ts`, which reads the real disk and environment.
 */
import { splitCsv } from '../../../../engine/commands/outputs.ts';
import { resolvePath } from '../workspace/paths.ts';

/** A `--secret` value the sandbox cannot use, with buildx's wording. */
export class SecretSpecError extends Error {}

/** The page has no environment variables. */
const EMPTY_ENV: Readonly<Record<string, string | undefined>> = {};

/** Resolve `--secret` values into bytes by id, reading `files` (the workspace). */
export function workspaceSecrets(
  values: readonly string[],
  files: ReadonlyMap<string, string>,
  env: Readonly<Record<string, string | undefined>> = EMPTY_ENV,
): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const v of values) {
    let typ: string | undefined;
    let id = '';
    let src = '';
    let envName = '';
    for (const field of splitCsv(v)) {
      const eq = field.indexOf('=');
      if (eq < 0) throw new SecretSpecError(`invalid field '${field}' must be a key=value pair`);
      const key = field.slice(0, eq).toLowerCase();
      const value = field.slice(eq + 1);
      if (key === 'type') {
        if (value !== 'file' && value !== 'env') throw new SecretSpecError(`unsupported secret type "${value}"`);
        typ = value;
      } else if (key === 'id') id = value;
      else if (key === 'source' || key === 'src') src = value;
      else if (key === 'env') envName = value;
      else throw new SecretSpecError(`unexpected key '${key}' in '${field}'`);
    }
    if (typ === 'env' && envName === '') {
      envName = src;
      src = '';
    }
    if (id === '') id = envName || src;
    if (id === '') throw new SecretSpecError(`invalid secret ${v}: an id is required`);
    if (envName === '' && src === '') {
      if (env[id] !== undefined) envName = id;
      else src = id;
    }
    if (envName !== '') {
      const value = env[envName];
      if (value === undefined) throw new SecretSpecError(`secret ${id}: environment variable ${envName} is not set`);
      out[id] = new TextEncoder().encode(value);
      continue;
    }
    const path = resolvePath('', src);
    const text = path === null ? undefined : files.get(path);
    if (text === undefined) throw new SecretSpecError(`failed to stat ${src}: stat ${src}: no such file or directory`);
    out[id] = new TextEncoder().encode(text);
  }
  return out;
}
