import type { TreeEntry } from '../fs/types.ts';
import { contentRatio, contentSize } from './tree.ts';

/** Bytes of an uncompressed layer tar for `entries` (headers, padded contents, end marker). */
export function estimateTarSize(entries: readonly TreeEntry[]): number {
  let n = 1024;
  for (const e of entries) {
    n += 512;
    if (e.path.length > 100 || (e.target?.length ?? 0) > 100) n += 1024;
    if (e.type === 'file' && e.content) n += Math.ceil(contentSize(e.content) / 512) * 512;
  }
  return n;
}

/**
 * Estimated gzip size of that tar: each file's bytes times the ratio its filler was made
 * for, plus ~64 bytes per (highly compressible) header. Within a few percent of the measured
 * value for the catalog's layers; the digest table replaces it where present.
 */
export function estimateGzipSize(entries: readonly TreeEntry[]): number {
  let n = 40;
  for (const e of entries) {
    n += 64;
    if (e.type === 'file' && e.content) n += Math.round(contentSize(e.content) * contentRatio(e.content));
  }
  return n;
}
