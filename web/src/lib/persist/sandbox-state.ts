/**
 * The sandbox's images, blobs, layer cache and cache mounts, kept in IndexedDB so they
 * survive a reload (what `cli/state.ts` and `cli/cache-files.ts` do on disk for the CLI).
 * Everything lives in memory while the page runs; `flush()` writes what changed in one
 * transaction after each command. Works in a page or a worker (IndexedDB exists in both).
 * When storage is unavailable or full the sandbox keeps working in memory, with a notice.
 */
import { ImageStore, type StoredImage } from '#engine/store';
import { isCatalogLayer } from '#engine/store/base-layers';
import { TrackedBlobStore } from './blobs.ts';
import { packEntries, TrackedCacheMountStore, TrackedLayerCache, type KeyedChanges, type PackedEntries } from './caches.ts';
import { blobsOf, DOC, FORMAT } from './documents.ts';
import { BLOBS, CACHE, committed, DB_NAME, isQuotaError, MOUNTS, openDb, STATE, STORES } from './idb.ts';
import { loadSaved, type Loaded } from './load.ts';
import { quota, reasonOf, reset, savedAgain, unavailable, writeFailed, type PersistNotice } from './notices.ts';

/** Options of `openBrowserSandboxState`. */
export interface SandboxStateOptions {
  /** The IndexedDB factory (default: `globalThis.indexedDB`; tests pass `fake-indexeddb`'s). */
  readonly indexedDB?: IDBFactory;
  /** Database name (default `stageplay-sandbox`). */
  readonly name?: string;
  /** Receives each notice as it happens (opening's notices are also in `notices`). */
  readonly onNotice?: (notice: PersistNotice) => void;
  /** The origin's storage estimate (default: `navigator.storage.estimate()` when there is one). */
  readonly estimate?: () => Promise<{ usage?: number; quota?: number }>;
  /** How long to wait for the database to open before working in memory (default 5000 ms). */
  readonly timeoutMs?: number;
}

/** Which parts a flush writes (all by default). */
export interface FlushParts {
  /** The image index and the blobs (and garbage-collects blobs no image uses). */
  readonly images?: boolean;
  /** The layer cache's new records (or its clearing). */
  readonly cache?: boolean;
  /** The `RUN --mount=type=cache` contents that changed (or their clearing). */
  readonly cacheMounts?: boolean;
}

/** What `usage()` reports. */
export interface StorageUsage {
  /** The last write succeeded (or nothing was written yet) and the database is open. */
  readonly persistent: boolean;
  readonly images: number;
  readonly blobs: number;
  /** Bytes of image blobs kept (catalog base layers excluded: they are generated again). */
  readonly blobBytes: number;
  /** Bytes of the layer cache and cache mounts as written. */
  readonly cacheBytes: number;
  /** The origin's usage and quota, when the browser tells. */
  readonly origin?: { readonly usage?: number; readonly quota?: number };
}

/** The sandbox's persistent state: what `DockerRuntime` keeps in memory today, plus `flush`. */
export interface BrowserSandboxState {
  readonly images: ImageStore;
  readonly blobs: TrackedBlobStore;
  readonly cache: TrackedLayerCache;
  readonly cacheMounts: TrackedCacheMountStore;
  /** Every notice so far, oldest first (opening's first: database unavailable, cleared, images dropped). */
  readonly notices: readonly PersistNotice[];
  /** Whether the state is being saved (false: memory only, after a failure or without IndexedDB). */
  readonly persistent: boolean;
  /**
   * Write what changed (`parts`, default all; parts a failed flush did not write are
   * retried) in one transaction. Call it after a command, not during a build: it deletes
   * blobs no image refers to. Resolves false when nothing could be saved (a notice says why).
   */
  flush(parts?: FlushParts): Promise<boolean>;
  /** Sizes, for a storage line in the UI. */
  usage(): Promise<StorageUsage>;
  /** Close the database (the state keeps working in memory). */
  close(): void;
}

type Part = 'images' | 'cache' | 'cacheMounts';
const ALL: FlushParts = { images: true, cache: true, cacheMounts: true };

/** Open the saved sandbox (or a fresh one); never rejects: failures give a memory-only state and a notice. */
export async function openBrowserSandboxState(options: SandboxStateOptions = {}): Promise<BrowserSandboxState> {
  const notices: PersistNotice[] = [];
  const notify = (n: PersistNotice) => {
    notices.push(n);
    options.onNotice?.(n);
  };
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) {
    notify(unavailable('this browser has no IndexedDB'));
    return new SandboxState(undefined, notify, options, notices);
  }
  let db: IDBDatabase;
  try {
    const opened = await openDb(factory, options.name ?? DB_NAME, options.timeoutMs);
    db = opened.db;
    if (opened.reset) notify(reset('images and build cache', 'were from another version of stageplay'));
  } catch (err) {
    notify(unavailable(reasonOf(err)));
    return new SandboxState(undefined, notify, options, notices);
  }
  try {
    const loaded = await loadSaved(db, isCatalogLayer);
    for (const n of loaded.notices) notify(n);
    const state = new SandboxState(db, notify, options, notices, loaded);
    if (loaded.dirty) await state.flush();
    return state;
  } catch (err) {
    db.close();
    notify(unavailable(`the saved sandbox could not be read: ${reasonOf(err)}`));
    return new SandboxState(undefined, notify, options, notices);
  }
}

class SandboxState implements BrowserSandboxState {
  readonly images: ImageStore;
  readonly blobs: TrackedBlobStore;
  readonly cache: TrackedLayerCache;
  readonly cacheMounts: TrackedCacheMountStore;
  private failing: PersistNotice['kind'] | undefined;
  private readonly pending = new Set<Part>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly cacheBytes: Loaded['cacheBytes'];

  constructor(
    private db: IDBDatabase | undefined,
    private readonly notify: (n: PersistNotice) => void,
    private readonly options: SandboxStateOptions,
    readonly notices: readonly PersistNotice[],
    loaded?: Loaded,
  ) {
    this.images = new ImageStore(loaded?.images ?? ([] as StoredImage[]));
    this.blobs = new TrackedBlobStore(loaded?.blobs ?? [], isCatalogLayer);
    this.cache = loaded?.cache ?? new TrackedLayerCache();
    this.cacheMounts = loaded?.cacheMounts ?? new TrackedCacheMountStore();
    this.cacheBytes = loaded?.cacheBytes ?? { cache: new Map(), cacheMounts: new Map() };
  }

  get persistent(): boolean {
    return this.db !== undefined && this.failing === undefined;
  }

  flush(parts: FlushParts = ALL): Promise<boolean> {
    const run = this.chain.then(() => this.write(parts));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(parts: FlushParts): Promise<boolean> {
    for (const p of ['images', 'cache', 'cacheMounts'] as const) if (parts[p]) this.pending.add(p);
    if (!this.db) return false;
    if (this.pending.has('images')) await this.collectGarbage();
    const changes = this.blobs.changes();
    const writing = new Set(this.pending);
    const docs: [string, unknown][] = [[DOC.format, FORMAT]];
    if (writing.has('images')) docs.push([DOC.images, this.images.toJSON()]);
    const cache = writing.has('cache') ? this.cache.pending() : undefined;
    const mounts = writing.has('cacheMounts') ? this.cacheMounts.pending() : undefined;
    const packed = {
      cache: (cache?.puts ?? []).map(([k, r]) => [k, packEntries(r.entries, r.modeledMs, r.createdAt, r.inputs)] as const),
      mounts: (mounts?.puts ?? []).map(([k, snap]) => [k, packEntries(snap.entries())] as const),
    };
    try {
      const tx = this.db.transaction(STORES, 'readwrite');
      const done = committed(tx);
      try {
        const blobs = tx.objectStore(BLOBS);
        const state = tx.objectStore(STATE);
        for (const d of changes.deletes) blobs.delete(d);
        for (const [d, bytes] of changes.puts) blobs.put(bytes, d);
        for (const [k, v] of docs) state.put(v, k);
        writeKeyed(tx.objectStore(CACHE), cache, packed.cache);
        writeKeyed(tx.objectStore(MOUNTS), mounts, packed.mounts);
      } catch (err) {
        // a put can throw at once (e.g. QuotaExceededError); undo the rest of the transaction
        done.catch(() => undefined);
        try {
          tx.abort();
        } catch {
          // already finished
        }
        throw err;
      }
      await done;
    } catch (err) {
      const kind = isQuotaError(err) ? 'quota' : 'write-failed';
      if (this.failing !== kind) this.notify(kind === 'quota' ? quota() : writeFailed(reasonOf(err)));
      this.failing = kind;
      return false;
    }
    this.blobs.saved(changes);
    for (const p of writing) this.pending.delete(p);
    if (cache) this.cache.saved(cache);
    if (mounts) this.cacheMounts.saved(mounts);
    countBytes(this.cacheBytes.cache, cache, packed.cache);
    countBytes(this.cacheBytes.cacheMounts, mounts, packed.mounts);
    if (this.failing !== undefined) this.notify(savedAgain());
    this.failing = undefined;
    return true;
  }

  /** Delete blobs no image refers to (what `docker rmi`/`image prune` leave behind). */
  private async collectGarbage(): Promise<void> {
    const live = new Set(this.images.list().flatMap(blobsOf));
    for (const d of this.blobs.digests()) if (!live.has(d)) await this.blobs.delete(d);
  }

  async usage(): Promise<StorageUsage> {
    const estimate = this.options.estimate ?? defaultEstimate();
    let origin: StorageUsage['origin'];
    try {
      origin = estimate ? await estimate() : undefined;
    } catch {
      origin = undefined;
    }
    return {
      persistent: this.persistent,
      images: this.images.list().length,
      blobs: this.blobs.digests().length,
      blobBytes: this.blobs.bytes().saved,
      cacheBytes: sum(this.cacheBytes.cache) + sum(this.cacheBytes.cacheMounts),
      ...(origin ? { origin: { ...(origin.usage !== undefined ? { usage: origin.usage } : {}), ...(origin.quota !== undefined ? { quota: origin.quota } : {}) } } : {}),
    };
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}

/** Clear `store` if the changes say so, then put each packed value. */
function writeKeyed(store: IDBObjectStore, changes: KeyedChanges<unknown> | undefined, packed: readonly (readonly [string, PackedEntries])[]): void {
  if (changes?.cleared) store.clear();
  for (const [k, v] of packed) store.put(v, k);
}

function countBytes(sizes: Map<string, number>, changes: KeyedChanges<unknown> | undefined, packed: readonly (readonly [string, PackedEntries])[]): void {
  if (changes?.cleared) sizes.clear();
  for (const [k, v] of packed) sizes.set(k, v.bin.byteLength);
}

function sum(sizes: Map<string, number>): number {
  let n = 0;
  for (const v of sizes.values()) n += v;
  return n;
}

function defaultEstimate(): (() => Promise<{ usage?: number; quota?: number }>) | undefined {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  return storage?.estimate ? () => storage.estimate() : undefined;
}
