/**
 * Contents of `RUN --mount=type=cache` directories: kept across builds of the same
 * workspace, never part of a layer. Each cache id maps to a snapshot.
 */
import { Snapshot, type TreeEntry } from '../fs/index.ts';
import { dumpEntries, loadEntries, type DumpedEntry } from './layer-cache.ts';

/** Where cache mounts live between builds. */
export interface CacheMountStore {
  /** The cache's contents, undefined for a cache never used. */
  get(id: string): Snapshot | undefined;
  set(id: string, contents: Snapshot): void;
  clear(): void;
}

/** Cache mounts as plain data. */
export interface CacheMountDump {
  readonly mounts: readonly { readonly id: string; readonly entries: readonly DumpedEntry[] }[];
  readonly blobs: readonly Uint8Array[];
}

/** An in-memory `CacheMountStore`. */
export class MemoryCacheMountStore implements CacheMountStore {
  private readonly mounts = new Map<string, Snapshot>();

  get(id: string): Snapshot | undefined {
    return this.mounts.get(id);
  }

  set(id: string, contents: Snapshot): void {
    this.mounts.set(id, contents);
  }

  clear(): void {
    this.mounts.clear();
  }

  /** Ids in use. */
  ids(): string[] {
    return [...this.mounts.keys()].sort();
  }

  /** Plain data for persisting. */
  dump(): CacheMountDump {
    const blobs: Uint8Array[] = [];
    const seen = new Map<unknown, number>();
    return { mounts: [...this.mounts].map(([id, s]) => ({ id, entries: dumpEntries(s.entries(), blobs, seen) })), blobs };
  }

  /** A store holding what `dump()` returned. */
  static load(dump: CacheMountDump): MemoryCacheMountStore {
    const s = new MemoryCacheMountStore();
    for (const m of dump.mounts) s.set(m.id, Snapshot.fromEntries(loadEntries(m.entries, dump.blobs) as TreeEntry[]));
    return s;
  }
}
