/**
 * Layers: an uncompressed tar that can be re-read, with memoised diff_id, compressed
 * blob and digest (go-containerregistry's Layer).
 */
import type { Change, TreeEntry } from '../fs/index.ts';
import { Snapshot, diffTrees, emptySnapshot } from '../fs/index.ts';
import type { Chunks, PlatformDeps } from '../platform/types.ts';
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
  /** The stored blob (gzip unless the media type says uncompressed). */
  compressed(): Promise<Uint8Array>;
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
}

/** A layer over a re-openable tar stream (`open` must return the same bytes every time). */
export function layerFromTar(open: () => Chunks, deps: PlatformDeps, opts: LayerOptions = {}): Layer {
  const gzip = opts.gzip ?? true;
  const compressed = once(async () => (gzip ? deps.gzip.gzip(open()) : collect(open())));
  let counted: number | undefined;
  async function* counting(): AsyncGenerator<Uint8Array> {
    let n = 0;
    for await (const c of open()) {
      n += c.byteLength;
      yield c;
    }
    counted = n;
  }
  // One pass over the tar yields both the diff_id and the uncompressed size.
  const diffId = once(() => digestOf(deps.hasher, counting()));
  const uncompressedSize = once(async () => {
    await diffId();
    return counted!;
  });
  return {
    mediaType: layerMediaType(opts.oci ?? true, gzip),
    diffId,
    digest: once(async () => (gzip ? digestOf(deps.hasher, [await compressed()]) : diffId())),
    uncompressedChunks: open,
    uncompressed: () => collect(open()),
    compressed,
    size: async () => (await compressed()).byteLength,
    uncompressedSize,
  };
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
