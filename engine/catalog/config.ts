import { platformObject } from './platform.ts';
import type { ContainerConfig, HistoryEntry, ImageConfig, PlatformString } from './types.ts';

/** Seconds since the epoch of an RFC 3339 time. */
export function epoch(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/**
 * One history entry. `buildkit` adds the comment BuildKit writes (`buildkit.dockerfile.v0`);
 * the classic builder wrote `/bin/sh -c #(nop) ` prefixes instead, which callers include
 * in `createdBy` themselves.
 */
export function history(created: string, createdBy: string, empty: boolean, buildkit: boolean): HistoryEntry {
  return {
    created,
    created_by: createdBy,
    ...(buildkit ? { comment: 'buildkit.dockerfile.v0' } : {}),
    ...(empty ? { empty_layer: true } : {}),
  };
}

/** An image config for `platform`, created at `created`. */
export function baseConfig(
  platform: PlatformString,
  created: string,
  config: ContainerConfig,
  hist: readonly HistoryEntry[],
): ImageConfig {
  return { ...platformObject(platform), created, config, history: hist };
}

/**
 * `ENV name=value` applied as Docker does: an existing variable keeps its position and
 * gets the new value; a new one is appended.
 */
export function setEnv(env: readonly string[], name: string, value: string): string[] {
  const out = [...env];
  const i = out.findIndex((e) => e.slice(0, e.indexOf('=')) === name);
  if (i >= 0) out[i] = `${name}=${value}`;
  else out.push(`${name}=${value}`);
  return out;
}

/** Extends an image: the child's history follows the parent's, its config replaces fields it sets. */
export function extendConfig(
  parent: ImageConfig,
  created: string,
  config: Partial<ContainerConfig>,
  hist: readonly HistoryEntry[],
): ImageConfig {
  return { ...parent, created, config: { ...parent.config, ...config }, history: [...parent.history, ...hist] };
}
