/**
 * The layer cache and the cache mounts, tracking what changed since the last write so a
 * flush stores only new records (a cache record never changes once put; one step of the
 * course's Go build is ~70 MB, too much to write again after every command). Each record
 * or mount is one value: its entries, and their file bytes back to back in one buffer.
 */
import { dumpEntries, loadEntries, MemoryCacheMountStore, MemoryLayerCache, type CacheRecord, type DumpedEntry, type StepInputs } from '#engine/cache';
import { Snapshot, type TreeEntry } from '#engine/fs';
import { packDump, unpackDump } from './documents.ts';

/** Changes to write: values by key, and whether everything before them was cleared. */
export interface KeyedChanges<T> {
  readonly cleared: boolean;
  readonly puts: readonly (readonly [key: string, value: T])[];
  /** How many clears these changes include. */
  readonly clears: number;
}

/** A stored cache record or mount: entries with `blob` indexes into the packed bytes. */
export interface PackedEntries {
  readonly modeledMs?: number;
  /** A cache record's creation time (RFC 3339). */
  readonly createdAt?: string;
  /** A cache record's key inputs (paths and short digests, capped), for saying why a step ran. */
  readonly inputs?: StepInputs;
  readonly sizes: readonly number[];
  readonly bin: Uint8Array;
  readonly data: { readonly entries: readonly DumpedEntry[] };
}

/** Entries (and a record's modeled time, creation time and key inputs) as one value. */
export function packEntries(entries: readonly TreeEntry[], modeledMs?: number, createdAt?: string, inputs?: StepInputs): PackedEntries {
  const blobs: Uint8Array[] = [];
  const packed = packDump({ entries: dumpEntries(entries, blobs, new Map()), blobs });
  return {
    ...(modeledMs !== undefined ? { modeledMs } : {}), ...(createdAt !== undefined ? { createdAt } : {}), ...(inputs ? { inputs } : {}),
    ...packed, data: packed.data as PackedEntries['data'],
  };
}

/** What `packEntries` packed; throws when the value is damaged. */
export function unpackEntries(value: unknown): { entries: TreeEntry[]; modeledMs: number; createdAt?: string; inputs?: StepInputs } {
  const { entries, blobs } = unpackDump<{ entries: unknown; blobs: Uint8Array[] }>(value);
  if (!Array.isArray(entries) || !entries.every((e) => typeof (e as DumpedEntry)?.path === 'string')) throw new Error('not a build cache record');
  const modeledMs = (value as { modeledMs?: unknown }).modeledMs;
  const createdAt = (value as { createdAt?: unknown }).createdAt;
  const inputs = (value as { inputs?: { step?: unknown } }).inputs;
  return {
    entries: loadEntries(entries as DumpedEntry[], blobs), modeledMs: typeof modeledMs === 'number' ? modeledMs : 0, ...(typeof createdAt === 'string' ? { createdAt } : {}),
    ...(typeof inputs?.step === 'string' ? { inputs: inputs as StepInputs } : {}),
  };
}

/** Tracks puts by key and clears, for the two caches. */
class Changes<T> {
  private readonly dirty = new Map<string, T>();
  private clears = 0;
  private savedClears = 0;

  put(key: string, value: T): void {
    this.dirty.set(key, value);
  }

  clear(): void {
    this.dirty.clear();
    this.clears++;
  }

  pending(): KeyedChanges<T> {
    return { cleared: this.clears !== this.savedClears, puts: [...this.dirty], clears: this.clears };
  }

  saved(c: KeyedChanges<T>): void {
    this.savedClears = Math.max(this.savedClears, c.clears);
    for (const [k, v] of c.puts) if (this.dirty.get(k) === v) this.dirty.delete(k);
  }
}

/** A `MemoryLayerCache` that knows which records are not saved yet. */
export class TrackedLayerCache extends MemoryLayerCache {
  private readonly changes = new Changes<CacheRecord>();

  /** A record read back from the database (not a change). */
  restore(key: string, record: CacheRecord): void {
    super.put(key, record);
  }

  override put(key: string, record: CacheRecord): void {
    super.put(key, record);
    this.changes.put(key, record);
  }

  override clear(): void {
    super.clear();
    this.changes.clear();
  }

  /** What a flush must write. */
  pending(): KeyedChanges<CacheRecord> {
    return this.changes.pending();
  }

  /** `c` was written. */
  saved(c: KeyedChanges<CacheRecord>): void {
    this.changes.saved(c);
  }
}

/** A `MemoryCacheMountStore` that knows which mounts are not saved yet. */
export class TrackedCacheMountStore extends MemoryCacheMountStore {
  private readonly changes = new Changes<Snapshot>();

  /** A mount read back from the database (not a change). */
  restore(id: string, contents: Snapshot): void {
    super.set(id, contents);
  }

  override set(id: string, contents: Snapshot): void {
    super.set(id, contents);
    this.changes.put(id, contents);
  }

  override clear(): void {
    super.clear();
    this.changes.clear();
  }

  /** What a flush must write. */
  pending(): KeyedChanges<Snapshot> {
    return this.changes.pending();
  }

  /** `c` was written. */
  saved(c: KeyedChanges<Snapshot>): void {
    this.changes.saved(c);
  }
}
