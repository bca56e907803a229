/**
 * Reading the saved sandbox back: blobs, the image index, cache records and cache mounts,
 * checked. Data of another format is cleared; damaged cache records are deleted (the rest
 * is kept); images whose blobs are gone are removed; blobs no image uses are flagged.
 */
import { Snapshot } from '#engine/fs';
import { type StoredImage, familiar, shortId } from '#engine/store';
import { TrackedCacheMountStore, TrackedLayerCache, unpackEntries } from './caches.ts';
import { blobsOf, checkImages, DOC, FORMAT } from './documents.ts';
import { BLOBS, CACHE, committed, done, MOUNTS, STATE, STORES } from './idb.ts';
import { dropped, reasonOf, reset, type PersistNotice } from './notices.ts';

/** The saved sandbox, checked. */
export interface Loaded {
  readonly blobs: [string, Uint8Array][];
  readonly images: StoredImage[];
  readonly cache: TrackedLayerCache;
  readonly cacheMounts: TrackedCacheMountStore;
  /** Stored bytes of each cache record and mount, by key. */
  readonly cacheBytes: { readonly cache: Map<string, number>; readonly cacheMounts: Map<string, number> };
  readonly notices: PersistNotice[];
  /** Something was dropped: the image index and blobs should be written again. */
  readonly dirty: boolean;
}

/** Read and check everything; `canRebuild(digest)` says which missing layers are not a loss (catalog layers). */
export async function loadSaved(db: IDBDatabase, canRebuild: (digest: string) => boolean): Promise<Loaded> {
  const tx = db.transaction(STORES, 'readonly');
  const all = (s: string) => Promise.all([done(tx.objectStore(s).getAllKeys()), done(tx.objectStore(s).getAll())]);
  const [[keys, values], [cacheKeys, cacheValues], [mountKeys, mountValues], format, images] = await Promise.all([
    all(BLOBS),
    all(CACHE),
    all(MOUNTS),
    done(tx.objectStore(STATE).get(DOC.format)),
    done(tx.objectStore(STATE).get(DOC.images)),
  ]);
  await committed(tx);
  const notices: PersistNotice[] = [];
  const empty = keys.length === 0 && cacheKeys.length === 0 && mountKeys.length === 0 && images === undefined;
  if (format !== FORMAT && !empty) {
    await clear(db, STORES);
    notices.push(reset('images and build cache', 'were from another version of stageplay'));
    return fresh(notices);
  }
  let list: StoredImage[];
  try {
    list = images === undefined ? [] : checkImages(images);
  } catch (err) {
    await clear(db, STORES);
    notices.push(reset('images and build cache', `could not be read (${reasonOf(err)})`));
    return fresh(notices);
  }
  const blobs: [string, Uint8Array][] = [];
  keys.forEach((k, i) => {
    const v: unknown = values[i];
    if (typeof k === 'string' && v instanceof Uint8Array) blobs.push([k, v]);
  });
  let dirty = blobs.length !== keys.length;

  // images whose blobs are gone cannot be run or saved: drop them
  const have = new Set(blobs.map(([d]) => d));
  const complete = list.filter((img) => img.manifestDigest !== undefined && blobsOf(img).every((d, i) => have.has(d) || (i >= 2 && canRebuild(d))));
  if (complete.length !== list.length) {
    const gone = list.filter((i) => !complete.includes(i));
    notices.push(dropped(gone.map((i) => (i.repoTags[0] ? familiar(i.repoTags[0]) : shortId(i.id)))));
    dirty = true;
  }
  // blobs no image refers to (left by a removed image or an interrupted write): the first flush collects them
  const live = new Set(complete.flatMap(blobsOf));
  if (blobs.some(([d]) => !live.has(d))) dirty = true;

  const cache = new TrackedLayerCache();
  const cacheMounts = new TrackedCacheMountStore();
  const cacheBytes = { cache: new Map<string, number>(), cacheMounts: new Map<string, number>() };
  const bad = { [CACHE]: [] as IDBValidKey[], [MOUNTS]: [] as IDBValidKey[] };
  let why = '';
  const each = (store: typeof CACHE | typeof MOUNTS, ks: IDBValidKey[], vs: unknown[], add: (key: string, v: ReturnType<typeof unpackEntries>) => void) =>
    ks.forEach((k, i) => {
      try {
        if (typeof k !== 'string') throw new Error('bad key');
        add(k, unpackEntries(vs[i]));
        (store === CACHE ? cacheBytes.cache : cacheBytes.cacheMounts).set(k, (vs[i] as { bin: Uint8Array }).bin.byteLength);
      } catch (err) {
        why ||= reasonOf(err);
        bad[store].push(k);
      }
    });
  each(CACHE, cacheKeys, cacheValues, (k, r) => cache.restore(k, { entries: r.entries, modeledMs: r.modeledMs, ...(r.createdAt !== undefined ? { createdAt: r.createdAt } : {}), ...(r.inputs ? { inputs: r.inputs } : {}) }));
  each(MOUNTS, mountKeys, mountValues, (k, r) => cacheMounts.restore(k, Snapshot.fromEntries(r.entries)));
  if (bad[CACHE].length + bad[MOUNTS].length > 0) {
    await remove(db, bad);
    notices.push(reset('build cache', `could not be read (${why})`));
  }
  return { blobs, images: complete, cache, cacheMounts, cacheBytes, notices, dirty };
}

function fresh(notices: PersistNotice[]): Loaded {
  const cacheBytes = { cache: new Map<string, number>(), cacheMounts: new Map<string, number>() };
  return { blobs: [], images: [], cache: new TrackedLayerCache(), cacheMounts: new TrackedCacheMountStore(), cacheBytes, notices, dirty: true };
}

async function clear(db: IDBDatabase, stores: readonly string[]): Promise<void> {
  const tx = db.transaction(stores, 'readwrite');
  for (const s of stores) tx.objectStore(s).clear();
  await committed(tx);
}

async function remove(db: IDBDatabase, keys: Record<string, IDBValidKey[]>): Promise<void> {
  const tx = db.transaction(Object.keys(keys), 'readwrite');
  for (const [s, ks] of Object.entries(keys)) for (const k of ks) tx.objectStore(s).delete(k);
  await committed(tx);
}
