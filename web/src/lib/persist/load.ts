/**
 * Reading the saved sandbox back: blobs, the image index and the cache dumps, checked.
 * Data of another format is cleared; a damaged part is dropped (the rest is kept); images
 * whose blobs are gone are removed; blobs no image uses are flagged for the first flush.
 */
import { MemoryCacheMountStore, MemoryLayerCache, type CacheDump, type CacheMountDump } from '../../../../engine/cache/index.ts';
import type { StoredImage } from '../../../../engine/store/index.ts';
import { familiar, shortId } from '../../../../engine/store/index.ts';
import { blobsOf, checkImages, DOC, FORMAT, unpackDump } from './documents.ts';
import { BLOBS, committed, done, STATE } from './idb.ts';
import { dropped, reasonOf, reset, type PersistNotice } from './notices.ts';

/** The saved sandbox, checked. */
export interface Loaded {
  readonly blobs: [string, Uint8Array][];
  readonly images: StoredImage[];
  readonly cache: MemoryLayerCache;
  readonly cacheMounts: MemoryCacheMountStore;
  /** Bytes of the saved cache dumps. */
  readonly cacheBytes: { readonly cache: number; readonly cacheMounts: number };
  readonly notices: PersistNotice[];
  /** Something was dropped or cleared: the database should be written again. */
  readonly dirty: boolean;
}

/** Read and check everything; `canRebuild(digest)` says which missing layers are not a loss (catalog layers). */
export async function loadSaved(db: IDBDatabase, canRebuild: (digest: string) => boolean): Promise<Loaded> {
  const tx = db.transaction([BLOBS, STATE], 'readonly');
  const blobStore = tx.objectStore(BLOBS);
  const state = tx.objectStore(STATE);
  const [keys, values, format, images, cache, mounts] = await Promise.all([
    done(blobStore.getAllKeys()),
    done(blobStore.getAll()),
    done(state.get(DOC.format)),
    done(state.get(DOC.images)),
    done(state.get(DOC.cache)),
    done(state.get(DOC.cacheMounts)),
  ]);
  await committed(tx);
  const notices: PersistNotice[] = [];
  const empty = keys.length === 0 && images === undefined && cache === undefined && mounts === undefined;
  if (format !== FORMAT && !empty) {
    await clearAll(db);
    notices.push(reset('images and build cache', 'were from another version of stageplay'));
    return { blobs: [], images: [], cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), cacheBytes: { cache: 0, cacheMounts: 0 }, notices, dirty: true };
  }
  const blobs: [string, Uint8Array][] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v: unknown = values[i];
    if (typeof k === 'string' && v instanceof Uint8Array) blobs.push([k, v]);
  }
  let dirty = blobs.length !== keys.length;

  let list: StoredImage[] = [];
  try {
    list = images === undefined ? [] : checkImages(images);
  } catch (err) {
    notices.push(reset('images and build cache', `could not be read (${reasonOf(err)})`));
    await clearAll(db);
    return { blobs: [], images: [], cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), cacheBytes: { cache: 0, cacheMounts: 0 }, notices, dirty: true };
  }

  // images whose blobs are gone cannot be run or saved: drop them
  const have = new Set(blobs.map(([d]) => d));
  const complete = list.filter((img) => blobsOf(img).every((d, i) => have.has(d) || (i >= 2 && canRebuild(d))) && img.manifestDigest !== undefined);
  if (complete.length !== list.length) {
    const gone = list.filter((i) => !complete.includes(i));
    notices.push(dropped(gone.map((i) => (i.repoTags[0] ? familiar(i.repoTags[0]) : shortId(i.id)))));
    dirty = true;
  }
  // blobs no image refers to (left by a removed image or an interrupted write): the first flush collects them
  const live = new Set(complete.flatMap(blobsOf));
  if (blobs.some(([d]) => !live.has(d))) dirty = true;

  const layerCache = loadPart(cache, 'build cache', notices, (d: CacheDump) => MemoryLayerCache.load(d)) ?? new MemoryLayerCache();
  const cacheMounts = loadPart(mounts, 'cache mounts', notices, (d: CacheMountDump) => MemoryCacheMountStore.load(d)) ?? new MemoryCacheMountStore();
  const cacheBytes = { cache: binBytes(cache), cacheMounts: binBytes(mounts) };
  if (notices.some((n) => n.kind === 'reset')) dirty = true;
  return { blobs, images: complete, cache: layerCache, cacheMounts, cacheBytes, notices, dirty };
}

function loadPart<D extends { readonly blobs: readonly Uint8Array[] }, T>(value: unknown, what: string, notices: PersistNotice[], load: (d: D) => T): T | undefined {
  if (value === undefined) return undefined;
  try {
    return load(unpackDump<D>(value));
  } catch (err) {
    notices.push(reset(what, `could not be read (${reasonOf(err)})`));
    return undefined;
  }
}

function binBytes(v: unknown): number {
  const bin = (v as { bin?: unknown } | undefined)?.bin;
  return bin instanceof Uint8Array ? bin.byteLength : 0;
}

async function clearAll(db: IDBDatabase): Promise<void> {
  const tx = db.transaction([BLOBS, STATE], 'readwrite');
  tx.objectStore(BLOBS).clear();
  tx.objectStore(STATE).clear();
  await committed(tx);
}
