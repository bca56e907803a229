/**
 * Content-addressed blobs (layers, configs, manifests) behind a small interface, so the
 * local image store can outlive one process (the CLI keeps them under `blobs/sha256/`)
 * or one page load (the web app may keep them in IndexedDB).
 */
export interface BlobStore {
  /** The blob's bytes, or undefined when it is not stored. */
  get(digest: string): Promise<Uint8Array | undefined>;
  /** Store `bytes` under `digest` (`sha256:<hex>` of the bytes); storing twice is harmless. */
  put(digest: string, bytes: Uint8Array): Promise<void>;
  has(digest: string): Promise<boolean>;
  /** Remove the blob; a missing one is not an error. */
  delete(digest: string): Promise<void>;
  /** Every stored digest. */
  list(): Promise<string[]>;
}

/** A `BlobStore` in memory (tests, and the web app before persistence). */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Uint8Array>();

  async get(digest: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(digest);
  }

  async put(digest: string, bytes: Uint8Array): Promise<void> {
    this.blobs.set(digest, bytes);
  }

  async has(digest: string): Promise<boolean> {
    return this.blobs.has(digest);
  }

  async delete(digest: string): Promise<void> {
    this.blobs.delete(digest);
  }

  async list(): Promise<string[]> {
    return [...this.blobs.keys()].sort();
  }
}
