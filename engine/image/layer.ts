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
import { digestOf, once } from './digest.ts';
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
  const hashed = once(() => digestOf(deps.hasher, counting()));
  const diffId = opts.diffId !== undefined ? () => Promise.resolve(opts.diffId!) : hashed;
  const uncompressedSize = once(async () => {
    await hashed();
    return counted!;
  });
  let blob: Promise<Uint8Array> | undefined;
  let madeDigest: Promise<Digest> | undefined; // the blob's digest, when `make` hashed it for the blob cache
  const make = async (gz?: GzipOptions): Promise<Uint8Array> => {
    if (!gzip) return collect(open());
    const cache = deps.layerBlobs;
    const id = cache ? await diffId() : undefined;
    const kept = id !== undefined ? await cache!.get(id) : undefined;
    if (kept) {
      takeReadTar(self);
      return kept;
    }
    const made = await deps.gzip.gzip(takeReadTar(self) ?? open(), gz);
    if (id !== undefined) {
      madeDigest = digestOf(deps.hasher, [made]);
      await cache!.put(id, made, await madeDigest);
    }
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
