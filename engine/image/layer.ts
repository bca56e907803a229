/**
 * Layers: an uncompressed tar that can be re-read, with memoised diff_id, compressed
 * blob and digest (go-containerregistry's Layer).
 */
import type { Change, TreeEntry } from '../fs/index.ts';
import { Snapshot, diffTrees, emptySnapshot } from '../fs/index.ts';
import type { Chunks, GzipOptions, PlatformDeps } from '../platform/types.ts';
import { collect } from '../platform/types.ts';
import type { TreeView } from '../fs/view.ts';
import type { Digest } from './digest.ts';
import { digestOf } from './digest.ts';
import { layerTar } from './layer-tar.ts';
import type { LayerTarOptions } from './layer-tar.ts';
import type { MediaType } from './media.ts';
import { layerMediaType } from './media.ts';

/** An immutable layer. */
export interface Layer {
  /** Media type of the stored blob. */
  readonly mediaType: MediaType;
  /** Digest of the stored (compressed) blob. */
  digest(): Promise<Digest>;
  /** Digest of the uncompressed tar (goes into rootfs.diff_ids). */
  diffId(): Promise<Digest>;
  /** The uncompressed tar as chunks; each call starts over. */
  uncompressedChunks(): Chunks;
  /** The uncompressed tar in one array. */
  uncompressed(): Promise<Uint8Array>;
  /**
   * The stored blob (gzip unless the media type says uncompressed), made once: later calls
   * (and other layers with the same diff ID, through `deps.layerBlobs`) get the same bytes.
   * `opts` let the first caller follow and cancel the compression (a canceled one starts over next time).
   */
  compressed(opts?: GzipOptions): Promise<Uint8Array>;
  /** Size of the stored blob. */
  size(): Promise<number>;
  /** Size of the uncompressed tar. */
  uncompressedSize(): Promise<number>;
}

/** Options of the layer constructors. */
export interface LayerOptions extends LayerTarOptions {
  /** Store the blob gzip-compressed (default true). */
  readonly gzip?: boolean;
  /** Use OCI media types (default true) or Docker schema 2 ones. */
  readonly oci?: boolean;
  /** The tar's diff ID when it is known already (a catalog layer's): the blob cache's key without hashing the tar. */
  readonly diffId?: Digest;
  /**
   * Made by a step that ran just now, so no blob is likely kept for it: `compressed()` reads
   * the tar once for the gzip and the diff ID together instead of hashing it first to look
   * for a kept blob (which a layer of a CACHED step usually has).
   */
  readonly fresh?: boolean;
}

/** The most bytes of tars kept between hashing a layer and compressing it (`readTars`). */
const READ_TARS_MAX = 96 << 20;
/**
 * Tars read to hash them, kept for the compression that usually follows, so a layer's
 * generated contents (built binaries, caches) are made once per export instead of twice:
 * the chunks by layer, oldest first, `READ_TARS_MAX` bytes at most.
 */
const readTars = new Map<object, { chunks: Uint8Array[]; bytes: number }>();
let readTarBytes = 0;

function keepReadTar(key: object, chunks: Uint8Array[], bytes: number): void {
  if (bytes > READ_TARS_MAX) return;
  readTars.set(key, { chunks, bytes });
  readTarBytes += bytes;
  for (const [k, t] of readTars) {
    if (readTarBytes <= READ_TARS_MAX) break;
    readTars.delete(k);
    readTarBytes -= t.bytes;
  }
}

function takeReadTar(key: object): Uint8Array[] | undefined {
  const t = readTars.get(key);
  if (!t) return undefined;
  readTars.delete(key);
  readTarBytes -= t.bytes;
  return t.chunks;
}

/** A layer over a re-openable tar stream (`open` must return the same bytes every time). */
export function layerFromTar(open: () => Chunks, deps: PlatformDeps, opts: LayerOptions = {}): Layer {
  const gzip = opts.gzip ?? true;
  const self = {};
  let counted: number | undefined;
  /** The diff ID once a pass over the tar computes it (forgotten if that pass fails, so the next call starts over). */
  let hashing: Promise<Digest> | undefined;
  async function* counting(): AsyncGenerator<Uint8Array> {
    let n = 0;
    let kept: Uint8Array[] | undefined = gzip ? [] : undefined;
    for await (const c of open()) {
      n += c.byteLength;
      if (kept && n > READ_TARS_MAX) kept = undefined;
      kept?.push(c);
      yield c;
    }
    counted = n;
    if (kept) keepReadTar(self, kept, n);
  }
  // One pass over the tar yields both the diff_id and the uncompressed size.
  const hashed = (): Promise<Digest> => (hashing ??= retrying(digestOf(deps.hasher, counting()), () => (hashing = undefined)));
  const diffId = opts.diffId !== undefined ? () => Promise.resolve(opts.diffId!) : hashed;
  const uncompressedSize = async (): Promise<number> => {
    await hashed();
    return counted!;
  };
  let blob: Promise<Uint8Array> | undefined;
  let madeDigest: Promise<Digest> | undefined; // the blob's digest, when `make` hashed it for the blob cache
  /**
   * The tar read once for both its compression and its diff ID: each chunk goes to the
   * gzip and to the hasher as it is read, so the layer's deflate starts with its first
   * block instead of after a whole pass to hash it (and its generated contents are made once).
   */
  const compressHashing = async (gz?: GzipOptions): Promise<Uint8Array> => {
    const toHasher = new ChunkChannel();
    hashing = retrying(digestOf(deps.hasher, toHasher), () => (hashing = undefined));
    let n = 0;
    let ended = false;
    async function* reading(): AsyncGenerator<Uint8Array> {
      try {
        for await (const c of open()) {
          n += c.byteLength;
          toHasher.push(c);
          yield c;
        }
        counted = n;
        ended = true;
        toHasher.end();
      } finally {
        // the gzip stopped reading (canceled or failed): the diff ID is not known after all
        if (!ended) toHasher.end(new Error('the layer was not read to its end'));
      }
    }
    return deps.gzip.gzip(reading(), gz);
  };
  const make = async (gz?: GzipOptions): Promise<Uint8Array> => {
    if (!gzip) return collect(open());
    const cache = deps.layerBlobs;
    if (!cache) return deps.gzip.gzip(takeReadTar(self) ?? open(), gz);
    const known = opts.fresh !== true || opts.diffId !== undefined || hashing !== undefined;
    // a diff ID known already (or worth hashing first): a blob kept for it is taken before anything is compressed
    const before = known ? await cache.get(await diffId()) : undefined;
    if (before) {
      takeReadTar(self);
      return before;
    }
    const made = known ? await deps.gzip.gzip(takeReadTar(self) ?? open(), gz) : await compressHashing(gz);
    const id = await diffId();
    // compressed while hashing: a blob kept for this diff ID is still the one every use reads
    const kept = known ? undefined : await cache.get(id);
    if (kept) return kept;
    madeDigest = digestOf(deps.hasher, [made]);
    await cache.put(id, made, await madeDigest);
    return made;
  };
  const compressed = (gz?: GzipOptions): Promise<Uint8Array> => (blob ??= retrying(make(gz), () => (blob = undefined)));
  let digest: Promise<Digest> | undefined;
  const blobDigest = async (): Promise<Digest> => {
    const b = await compressed();
    return madeDigest ?? digestOf(deps.hasher, [b]);
  };
  return {
    mediaType: layerMediaType(opts.oci ?? true, gzip),
    diffId,
    digest: () => (digest ??= gzip ? retrying(blobDigest(), () => (digest = undefined)) : diffId()),
    uncompressedChunks: open,
    uncompressed: () => collect(open()),
    compressed,
    size: async () => (await compressed()).byteLength,
    uncompressedSize,
  };
}

/**
 * Chunks handed from one reader to another as an async iterable: `push` never waits (the
 * reader here is a hasher, which keeps up or collects everything anyway), `end` closes it,
 * with an error the reader then throws.
 */
class ChunkChannel implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private head = 0;
  private done = false;
  private error: unknown;
  private wake: (() => void) | undefined;

  push(c: Uint8Array): void {
    this.queue.push(c);
    this.wake?.();
  }

  end(error?: unknown): void {
    this.done = true;
    this.error = error;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (this.head < this.queue.length) {
        const c = this.queue[this.head]!;
        this.queue[this.head++] = EMPTY;
        yield c;
        continue;
      }
      if (this.done) {
        if (this.error !== undefined) throw this.error;
        return;
      }
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }
}

const EMPTY = new Uint8Array(0);

/** `p`, calling `forget` when it rejects (a memo of a canceled or failed result starts over on the next call). */
function retrying<T>(p: Promise<T>, forget: () => void): Promise<T> {
  p.catch(forget);
  return p;
}

/** The layer for a diff (`Overlay.commit().changes`) whose result is `upper`. */
export function layerFromChanges(changes: readonly Change[], upper: TreeView, deps: PlatformDeps, opts: LayerOptions = {}): Layer {
  return layerFromTar(() => layerTar(changes, upper, opts), deps, opts);
}

/** The layer adding every entry of `snapshot` (a base-image layer, or `type=tar` content). */
export function layerFromSnapshot(snapshot: Snapshot, deps: PlatformDeps, opts: LayerOptions = {}): Layer {
  return layerFromChanges(diffTrees(emptySnapshot().rootDir, snapshot.rootDir), snapshot, deps, opts);
}

/** The layer holding exactly `entries` (parents created as 0755 root dirs; `.wh.` files are kept as whiteouts). */
export function layerFromEntries(entries: readonly TreeEntry[], deps: PlatformDeps, opts: LayerOptions = {}): Layer {
  return layerFromSnapshot(Snapshot.fromEntries(entries), deps, opts);
}
