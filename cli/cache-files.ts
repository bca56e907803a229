import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { MemoryCacheMountStore, MemoryLayerCache, type CacheDump, type CacheMountDump, type CacheRecord } from '#engine/cache';
import type { Snapshot } from '#engine/fs';
import { checkCacheDump, checkCacheMountDump } from '#engine/store';
import { entry, setAside, withStoreLock } from './store-lock.ts';

const FORMAT = 1;

/** The schema check of each dump kept in the state root, by name. */
const CHECKS: Record<string, (data: unknown, blobs: number) => string | undefined> = {
  cache: checkCacheDump,
  'cache-mounts': checkCacheMountDump,
};

type Dump = { readonly blobs: readonly Uint8Array[] };

/**
 * A dump with byte blobs (the layer cache's and the cache mounts' `dump()`), kept as two
 * files: `<name>.json` (the plain data, blobs replaced by their sizes) and `<name>.bin`
 * (the blobs back to back). Each is written atomically (write-file-atomic), bin first,
 * under the state root's lock.
 */
export function writeDump<T extends Dump>(root: string, name: string, dump: T): void {
  withStoreLock(root, () => writeUnlocked(root, name, dump));
}

function writeUnlocked(root: string, name: string, dump: Dump): void {
  const { blobs, ...rest } = dump;
  // The blobs are not fsync'd (tens of MB after a big build): a cache lost to a power cut is
  // found damaged on the next read, set aside, and costs one rebuild.
  const bin = Buffer.concat(blobs.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
  writeFileAtomic.sync(join(root, `${name}.bin`), bin, { fsync: false });
  writeFileAtomic.sync(join(root, `${name}.json`), JSON.stringify({ version: FORMAT, sizes: blobs.map((b) => b.byteLength), data: rest }));
}

/**
 * Read what `writeDump` wrote; undefined when absent. A damaged pair (unreadable, not
 * the dump's schema, sizes that do not add up) is checked again under the lock (a
 * concurrent write may have been half way), then set aside as `<name>.json.corrupt-<time>`
 * with one warning line, and reads as absent (the build starts with an empty cache).
 */
export function readDump<T extends Dump>(root: string, name: string, warn: (line: string) => void): T | undefined {
  const first = parseDump(root, name);
  if (!('damage' in first)) return first.dump as T | undefined;
  return withStoreLock(root, () => readLocked(root, name, warn)) as T | undefined;
}

function readLocked(root: string, name: string, warn: (line: string) => void): Dump | undefined {
  const again = parseDump(root, name);
  if (!('damage' in again)) return again.dump;
  discard(root, name, again.damage, warn);
  return undefined;
}

function discard(root: string, name: string, reason: string, warn: (line: string) => void): void {
  const json = join(root, `${name}.json`);
  const bin = join(root, `${name}.bin`);
  const now = new Date();
  if (existsSync(bin)) setAside(bin, reason, '', () => {}, now);
  setAside(json, reason, 'starting with an empty cache', warn, now);
}

function parseDump(root: string, name: string): { dump: Dump | undefined } | { damage: string } {
  const json = join(root, `${name}.json`);
  const st = entry(json);
  if (!st) return { dump: undefined };
  try {
    if (!st.isFile()) throw new Error('not a regular file');
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { version?: unknown; sizes?: unknown; data?: unknown };
    if (typeof doc !== 'object' || doc === null || doc.version !== FORMAT) throw new Error('unknown format');
    const sizes = doc.sizes;
    if (!Array.isArray(sizes) || !sizes.every((n) => Number.isInteger(n) && n >= 0)) throw new Error('sizes: not a list of sizes');
    const bad = CHECKS[name]?.(doc.data, sizes.length) ?? (typeof doc.data === 'object' && doc.data !== null ? undefined : 'data: not an object');
    if (bad) throw new Error(bad);
    const binPath = join(root, `${name}.bin`);
    if (entry(binPath)?.isFile() !== true) throw new Error(`${name}.bin: missing or not a regular file`);
    const bin = readFileSync(binPath);
    const total = (sizes as number[]).reduce((a, b) => a + b, 0);
    if (total !== bin.byteLength) throw new Error(`expected ${total} bytes of data, found ${bin.byteLength}`);
    const blobs: Uint8Array[] = [];
    let off = 0;
    for (const n of sizes as number[]) {
      blobs.push(new Uint8Array(bin.buffer, bin.byteOffset + off, n));
      off += n;
    }
    return { dump: { ...(doc.data as object), blobs } };
  } catch (err) {
    return { damage: err instanceof Error ? err.message : String(err) };
  }
}

/** A file's identity and version: unchanged means no other command wrote it since. */
function version(path: string): string {
  const st = entry(path);
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : 'absent';
}

/**
 * The layer cache and cache mounts a build uses, loaded from the state root and saved
 * back after it. Saving is a read-modify-write under the lock: what other commands stored
 * meanwhile is kept, and this build adds the steps it ran and the mounts it changed (a
 * step another command pruned meanwhile is not brought back unless this build ran it).
 */
export class BuildCaches {
  private constructor(
    private readonly root: string,
    private readonly warn: (line: string) => void,
    readonly cache: MemoryLayerCache,
    readonly mounts: MemoryCacheMountStore,
    private readonly seen: { readonly cache: string; readonly mounts: string },
    private readonly startRecords: ReadonlyMap<string, CacheRecord>,
    private readonly startMounts: ReadonlyMap<string, Snapshot | undefined>,
  ) {}

  static open(root: string, warn: (line: string) => void): BuildCaches {
    const seen = { cache: version(join(root, 'cache.json')), mounts: version(join(root, 'cache-mounts.json')) };
    const cache = loadCache(root, warn);
    const mounts = loadMounts(root, warn);
    return new BuildCaches(root, warn, cache, mounts, seen, new Map(cache.list()), new Map(mounts.ids().map((id) => [id, mounts.get(id)])));
  }

  /** Write both back, merged with what is on disk now. */
  save(): void {
    withStoreLock(this.root, () => {
      let cache = this.cache;
      if (version(join(this.root, 'cache.json')) !== this.seen.cache) {
        cache = loadCache(this.root, this.warn, true);
        for (const [key, record] of this.cache.list()) if (this.startRecords.get(key) !== record) cache.put(key, record);
      }
      writeUnlocked(this.root, 'cache', cache.dump());
      let mounts = this.mounts;
      if (version(join(this.root, 'cache-mounts.json')) !== this.seen.mounts) {
        mounts = loadMounts(this.root, this.warn, true);
        for (const id of this.mounts.ids()) {
          const mine = this.mounts.get(id)!;
          if (this.startMounts.get(id) !== mine) mounts.set(id, mine);
        }
      }
      writeUnlocked(this.root, 'cache-mounts', mounts.dump());
    });
  }
}

/** The layer cache kept under `root` (empty when absent or damaged). */
function loadCache(root: string, warn: (line: string) => void, locked = false): MemoryLayerCache {
  return load(root, 'cache', warn, locked, (d) => MemoryLayerCache.load(d as CacheDump)) ?? new MemoryLayerCache();
}

/** The cache mounts kept under `root` (none when absent or damaged). */
function loadMounts(root: string, warn: (line: string) => void, locked = false): MemoryCacheMountStore {
  return load(root, 'cache-mounts', warn, locked, (d) => MemoryCacheMountStore.load(d as CacheMountDump)) ?? new MemoryCacheMountStore();
}

function load<T>(root: string, name: string, warn: (line: string) => void, locked: boolean, make: (dump: Dump) => T): T | undefined {
  const dump = locked ? readLocked(root, name, warn) : readDump(root, name, warn);
  if (!dump) return undefined;
  try {
    return make(dump);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (locked) discard(root, name, reason, warn);
    else withStoreLock(root, () => discard(root, name, reason, warn));
    return undefined;
  }
}
