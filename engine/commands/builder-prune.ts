/**
 * `docker builder prune [-a] [-f]` (buildx `prune`, what `docker builder` runs with the
 * buildx plugin): forgets the build cache (every cached step and every `--mount=type=cache`
 * directory) and prints the removed records and `Total:` as buildx does. stageplay keeps
 * no internal or frontend records, so `-a` removes the same records as the default.
 */
import type { CacheDump, CacheMountDump, DumpedEntry } from '../cache/index.ts';
import { humanSize } from '../report/units.ts';
import { hash32 } from '../util/prng.ts';

/** One build cache record as `prune` lists it. */
export interface CacheRecordInfo {
  /** BuildKit-style 25-character record ID; `*` marks a mutable record (a cache mount). */
  readonly id: string;
  readonly size: number;
}

/** buildx's confirmation prompt (`-f` skips it). */
export function prunePrompt(all: boolean): string {
  return `WARNING! This will remove all ${all ? '' : 'dangling '}build cache. Are you sure you want to continue? [y/N] `;
}

/** A deterministic BuildKit-looking ID (`t8d1zqz2vy7lowxgpsobbcqk1`) for a cache key. */
export function recordId(key: string): string {
  let id = '';
  for (let i = 0; id.length < 25; i++) id += hash32(`${i}:${key}`).toString(36).padStart(7, '0').slice(0, 7);
  return id.slice(0, 25);
}

function entriesSize(entries: readonly DumpedEntry[], blobs: readonly Uint8Array[]): number {
  const seen = new Set<number>();
  let n = 0;
  for (const e of entries) {
    if (e.recipe !== undefined) n += e.recipe.size;
    if (e.blob === undefined || seen.has(e.blob)) continue;
    seen.add(e.blob);
    n += blobs[e.blob]?.byteLength ?? 0;
  }
  return n;
}

/** The records of the layer cache and the cache mounts, as dumped. */
export function cacheRecords(cache: CacheDump | undefined, mounts: CacheMountDump | undefined): CacheRecordInfo[] {
  const out: CacheRecordInfo[] = [];
  for (const r of cache?.records ?? []) out.push({ id: recordId(r.key), size: entriesSize(r.entries, cache!.blobs) });
  for (const m of mounts?.mounts ?? []) out.push({ id: `${recordId(`mount:${m.id}`)}*`, size: entriesSize(m.entries, mounts!.blobs) });
  return out;
}

/**
 * What buildx prints for the removed records: a tab-padded table (Go tabwriter with tab
 * padding, tab width 8: `%-40s`, `%-5v`, `%-10s` cells), then `Total:` in go-units'
 * `HumanSize` (4 significant digits). The last-accessed column is empty: the sandbox keeps no access times.
 */
export function formatPrune(records: readonly CacheRecordInfo[]): string {
  let out = '';
  if (records.length > 0) {
    out += 'ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED\n';
    for (const r of records) out += `${r.id.padEnd(40)}\t${'true'.padEnd(5)}\t\t${humanSize(r.size, 4).padEnd(10)}\t\n`;
  }
  const total = records.reduce((n, r) => n + r.size, 0);
  return `${out}Total:\t${humanSize(total, 4)}\n`;
}
