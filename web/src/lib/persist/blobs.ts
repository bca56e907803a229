/**
 * The sandbox's `BlobStore`: every blob in memory (as the page's store always was), with
 * a record of what changed since the last write, so `flush()` can save the changes in one
 * IndexedDB transaction. When storage fails the store simply keeps working in memory.
 */
import type { BlobStore } from '#engine/store';

/** The blob changes not yet written. */
export interface BlobChanges {
  readonly puts: readonly (readonly [digest: string, bytes: Uint8Array])[];
  readonly deletes: readonly string[];
}

/** A memory `BlobStore` that tracks unsaved puts and deletes. */
export class TrackedBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly unsaved = new Set<string>();
  private readonly deleted = new Set<string>();

  /**
   * @param initial blobs already saved (read back from the database)
   * @param keepInMemoryOnly digests never saved (catalog base layers, generated again on demand)
   */
  constructor(
    initial: Iterable<readonly [string, Uint8Array]> = [],
    private readonly keepInMemoryOnly: (digest: string) => boolean = () => false,
  ) {
    for (const [d, b] of initial) this.blobs.set(d, b);
  }

  async get(digest: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(digest);
  }

  async put(digest: string, bytes: Uint8Array): Promise<void> {
    if (this.blobs.has(digest)) return;
    this.blobs.set(digest, own(bytes));
    this.deleted.delete(digest);
    if (!this.keepInMemoryOnly(digest)) this.unsaved.add(digest);
  }

  async has(digest: string): Promise<boolean> {
    return this.blobs.has(digest);
  }

  async delete(digest: string): Promise<void> {
    if (!this.blobs.delete(digest)) return;
    this.unsaved.delete(digest);
    // it may be saved already, or be in a write under way: delete it from the database too
    if (!this.keepInMemoryOnly(digest)) this.deleted.add(digest);
  }

  async list(): Promise<string[]> {
    return [...this.blobs.keys()].sort();
  }

  /** What a flush must write. */
  changes(): BlobChanges {
    const puts: [string, Uint8Array][] = [];
    for (const d of this.unsaved) puts.push([d, this.blobs.get(d)!]);
    return { puts, deletes: [...this.deleted] };
  }

  /** `changes` were written: forget them (unless the blob changed again meanwhile). */
  saved(changes: BlobChanges): void {
    for (const [d, bytes] of changes.puts) if (this.blobs.get(d) === bytes) this.unsaved.delete(d);
    for (const d of changes.deletes) if (!this.blobs.has(d)) this.deleted.delete(d);
  }

  /** Digests whose blobs are kept (saved or not). */
  digests(): string[] {
    return [...this.blobs.keys()];
  }

  /** Bytes held, and bytes of the blobs that are (or will be) saved. */
  bytes(): { total: number; saved: number } {
    let total = 0;
    let saved = 0;
    for (const [d, b] of this.blobs) {
      total += b.byteLength;
      if (!this.keepInMemoryOnly(d)) saved += b.byteLength;
    }
    return { total, saved };
  }
}

/**
 * Bytes that own their buffer: IndexedDB's structured clone copies a view's whole
 * `ArrayBuffer`, so a small view into a large buffer would store the large one.
 */
export function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
