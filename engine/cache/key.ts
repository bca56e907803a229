/**
 * Cache keys as BuildKit derives them: an op's key is a digest of its definition (the
 * instruction after expansion, env, cwd, user, mounts) together with its parent's key
 * and the content checksums of the files it reads. Metadata instructions are not ops.
 */
import type { Hasher } from '../platform/types.ts';

const enc = new TextEncoder();

/** Stable JSON: object keys sorted, so equal definitions give equal keys. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value instanceof Map) return stableJson(Object.fromEntries([...value.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(',')}}`;
}

/** `sha256:<hex>` of `parent` + the op definition `op` + the checksums of its inputs. */
export async function cacheKey(hasher: Hasher, parent: string, op: unknown, inputs: readonly string[] = []): Promise<string> {
  const hex = await hasher.sha256([enc.encode(stableJson({ parent, op, inputs }))]);
  return `sha256:${hex}`;
}
