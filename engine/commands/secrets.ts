/**
 * `docker build --secret` values as buildx parses them (`id=x,src=file`, `id=x,env=NAME`,
 * `type=env,id=x`; a bare `id=x` reads the environment variable `x`, else the file `x`),
 * resolved into bytes by id. The host says how a file is read (the CLI: the disk; the web
 * sandbox: the workspace). The bytes go to the build only: never to a layer or a log.
 */
import { splitCsv } from './outputs.ts';

/** A `--secret` value that cannot be used, with buildx's wording. */
export class SecretSpecError extends Error {}

/** Reads a secret's `src` file; `undefined` when it does not exist. */
export type ReadSecretFile = (src: string) => Uint8Array | undefined;

/** Resolve `--secret` values into bytes by id. Throws `SecretSpecError`. */
export function resolveSecrets(values: readonly string[], env: Readonly<Record<string, string | undefined>>, readFile: ReadSecretFile): Record<string, Uint8Array> {
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
      // buildkit's secretsprovider: the id names an environment variable, else a file
      if (env[id] !== undefined) envName = id;
      else src = id;
    }
    if (envName !== '') {
      const value = env[envName];
      if (value === undefined) throw new SecretSpecError(`secret ${id}: environment variable ${envName} is not set`);
      out[id] = new TextEncoder().encode(value);
      continue;
    }
    const bytes = readFile(src);
    if (bytes === undefined) throw new SecretSpecError(`failed to stat ${src}: stat ${src}: no such file or directory`);
    out[id] = bytes;
  }
  return out;
}
