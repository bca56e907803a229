/**
 * Compressed layer blobs by diff ID (`LayerBlobCache`), in memory and in IndexedDB, so a
 * layer is compressed once per browser profile: the base images' layers (which the image
 * store does not keep: they are generated again on demand) when a download or `save` first
 * needs them, a step's layer when an export first writes it. A step layer's record holds
 * only its blob's digest, its bytes are the image store's (`blobs`); a base layer's record
 * holds the bytes. The database is opened on first use, never at page load.
 */
import { isCatalogLayer } from '#engine/store/base-layers';
import type { LayerBlobCache } from '#engine/platform';
import { committed, done } from './idb.ts';
import { own } from './blobs.ts';

/** The database's name (apart from the sandbox's, so its schema never empties the images). */
export const LAYER_BLOBS_DB = 'stageplay-layer-blobs';
/** Its one object store: diff ID → `LayerBlobRecord`. */
export const LAYER_BLOBS = 'layers';

/** What is kept for one diff ID. */
export interface LayerBlobRecord {
  /** `sha256:` of the blob. */
  readonly digest: string;
  /** The blob, when the image store does not keep it (base-image layers). */
  readonly blob?: Uint8Array;
}

/** Options of `PersistentLayerBlobs`. */
export interface PersistentLayerBlobsOptions {
  /** IndexedDB (none: memory only). */
  readonly indexedDB?: IDBFactory;
  /** The database name (tests). */
  readonly name?: string;
  /** SHA-256 hex of bytes (WebCrypto in the page). */
  readonly sha256: (bytes: Uint8Array) => Promise<string>;
  /** Whether the record of a blob with this digest keeps its bytes (default: catalog base layers). */
  readonly keepBytes?: (digest: string) => boolean;
}

/** A `LayerBlobCache` in memory, written through to IndexedDB. */
export class PersistentLayerBlobs implements LayerBlobCache {
  private readonly memory = new Map<string, Uint8Array>();
  private db: Promise<IDBDatabase | undefined> | undefined;
  private imageBlobs: ((digest: string) => Promise<Uint8Array | undefined>) | undefined;
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly opts: PersistentLayerBlobsOptions) {}

  /** Where step layers' bytes are read by digest (the image store's blobs). */
  useImageBlobs(get: (digest: string) => Promise<Uint8Array | undefined>): void {
    this.imageBlobs = get;
  }

  async get(diffId: string): Promise<Uint8Array | undefined> {
    const hit = this.memory.get(diffId);
    if (hit) return hit;
    const rec = await this.read(diffId);
    if (!rec) return undefined;
    const blob = rec.blob ?? (await this.imageBlobs?.(rec.digest));
    if (!blob) return undefined;
    this.memory.set(diffId, blob);
    return blob;
  }

  async put(diffId: string, blob: Uint8Array, digest?: string): Promise<void> {
    this.memory.set(diffId, blob);
    const w = this.write(diffId, blob, digest).catch(() => undefined); // storage full or unusable: memory still has it
    this.writes.add(w);
    void w.finally(() => this.writes.delete(w));
  }

  /** Resolves when every write under way has ended (tests, and before a page closes). */
  async flushed(): Promise<void> {
    await Promise.all([...this.writes]);
  }

  private open(): Promise<IDBDatabase | undefined> {
    const factory = this.opts.indexedDB;
    this.db ??= !factory
      ? Promise.resolve(undefined)
      : new Promise<IDBDatabase | undefined>((resolve) => {
        const req = factory.open(this.opts.name ?? LAYER_BLOBS_DB, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(LAYER_BLOBS);
        req.onsuccess = () => {
          req.result.onversionchange = () => req.result.close();
          resolve(req.result);
        };
        req.onerror = () => resolve(undefined);
        req.onblocked = () => resolve(undefined);
      });
    return this.db;
  }

  private async read(diffId: string): Promise<LayerBlobRecord | undefined> {
    const db = await this.open();
    if (!db) return undefined;
    try {
      const rec = (await done(db.transaction(LAYER_BLOBS, 'readonly').objectStore(LAYER_BLOBS).get(diffId))) as LayerBlobRecord | undefined;
      return rec && typeof rec.digest === 'string' ? rec : undefined;
    } catch {
      return undefined;
    }
  }

  private async write(diffId: string, blob: Uint8Array, known?: string): Promise<void> {
    const db = await this.open();
    if (!db) return;
    const digest = known ?? `sha256:${await this.opts.sha256(blob)}`;
    const keep = (this.opts.keepBytes ?? isCatalogLayer)(digest);
    const tx = db.transaction(LAYER_BLOBS, 'readwrite');
    tx.objectStore(LAYER_BLOBS).put({ digest, ...(keep ? { blob: own(blob) } : {}) } satisfies LayerBlobRecord, diffId);
    await committed(tx);
  }
}
