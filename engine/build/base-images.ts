/**
 * Base-image trees by key, so every thread can rebuild the same base without sending it:
 * `image:<normalised ref>@<platform>` names the catalog image's layers stacked. Contents
 * stay lazy; each thread holds its own copy (and registers it for `packTree` references).
 */
import { resolveImage } from '../catalog/index.ts';
import { LazyRegistry } from '../fs/index.ts';
import { catalogSnapshot } from '../exec/base.ts';
import type { Snapshot } from '../fs/index.ts';
import type { ImageConfig } from '../catalog/index.ts';

/** A resolved base: its key, tree and config. */
export interface BaseImage {
  readonly key: string;
  readonly tree: Snapshot;
  readonly config: ImageConfig;
}

const byKey = new Map<string, BaseImage>();

/** This thread's registry of base trees; `packTree`/`unpackTree` use it for lazy references (unknown keys are rebuilt). */
export const baseRegistry: LazyRegistry = new LazyRegistry((key) => baseByKey(key).tree);

/** The key of `ref` (as written in FROM) for `platform`. */
export function baseKeyOf(ref: string, platform: string): string {
  const img = resolveImage(ref, platform);
  return `image:${img.ref}@${img.platform}`;
}

/** Resolves and stacks a catalog image once per thread (and registers it). */
export function baseImage(ref: string, platform: string): BaseImage {
  const img = resolveImage(ref, platform);
  const key = `image:${img.ref}@${img.platform}`;
  let hit = byKey.get(key);
  if (!hit) {
    const tree = catalogSnapshot(img); // the executor's own tree of this image, shared
    hit = { key, tree, config: img.config };
    byKey.set(key, hit);
    baseRegistry.add(key, tree);
  }
  return hit;
}

/** The base named by a key made by `baseKeyOf` (rebuilt on this thread when needed). */
export function baseByKey(key: string): BaseImage {
  const hit = byKey.get(key);
  if (hit) return hit;
  const m = /^image:(.*)@([^@]+)$/.exec(key);
  if (!m) throw new Error(`unknown base key ${key}`);
  return baseImage(m[1]!, m[2]!);
}
