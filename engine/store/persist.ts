/**
 * Moving images between the engine's `Image` and the local store: `persistImage` writes
 * an image's blobs and describes it as a `StoredImage`; `imageFromStore` gives back an
 * `Image` over the stored blobs (byte-identical manifest and config, so digests and
 * `save` archives match the build's own export).
 */
import { imageFromParts, type Image } from '../image/image.ts';
import type { Layer } from '../image/layer.ts';
import type { Digest } from '../image/digest.ts';
import type { Manifest, Platform } from '../image/manifest.ts';
import type { ConfigFile } from '../image/config.ts';
import type { MediaType } from '../image/media.ts';
import type { PlatformDeps } from '../platform/types.ts';
import type { BlobStore } from './blobs.ts';
import type { StoredImage } from './types.ts';

/** Options of `persistImage`. */
export interface PersistOptions {
  /** Whether to write a layer's blob (default: all). Skipped layers must be re-creatable by `imageFromStore`'s `missingLayer`. */
  readonly storeLayer?: (layer: Layer, index: number) => boolean | Promise<boolean>;
  /** `Metadata.LastTagTime` for `inspect` (RFC 3339). */
  readonly tagTime?: string;
  /**
   * Keep the image with OCI media types (Docker's containerd image store with BuildKit
   * ≥ v0.13 does), whatever types `image` has. The config, and so the image ID, is unchanged.
   */
  readonly oci?: boolean;
}

/** `image` with OCI media types: the same layers and config, an OCI manifest. */
export async function withOciMediaTypes(image: Image): Promise<Image> {
  if (image.options.oci !== false) return image;
  return imageFromParts(await image.layers(), image.baseConfig(), { ...image.options, oci: true });
}

const dec = new TextDecoder();

/** Write `image`'s manifest, config and layer blobs and describe it for the store (no tags yet). */
export async function persistImage(original: Image, blobs: BlobStore, opts: PersistOptions = {}): Promise<StoredImage> {
  const image = opts.oci ? await withOciMediaTypes(original) : original;
  const [rawManifest, rawConfig, layers] = await Promise.all([image.rawManifest(), image.rawConfigFile(), image.layers()]);
  const manifestDigest = await image.digest();
  const id = await image.configName();
  const config = JSON.parse(dec.decode(rawConfig)) as ConfigFile;
  await blobs.put(manifestDigest, rawManifest);
  await blobs.put(id, rawConfig);
  const stored = [];
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    const digest = await l.digest();
    if ((opts.storeLayer ? await opts.storeLayer(l, i) : true) && !(await blobs.has(digest))) await blobs.put(digest, await l.compressed());
    stored.push({ digest, size: await l.size(), diffId: await l.diffId(), uncompressedSize: await l.uncompressedSize() });
  }
  const p = image.platform();
  return {
    id,
    repoTags: [],
    created: config.created ?? new Date(0).toISOString(),
    layers: stored,
    history: (config.history ?? []).map((h) => ({
      created: h.created ?? config.created ?? '',
      createdBy: h.created_by ?? '',
      ...(h.comment !== undefined ? { comment: h.comment } : {}),
      emptyLayer: h.empty_layer === true,
    })),
    config: config as unknown as Record<string, unknown>,
    platforms: [platformString(p)],
    manifestDigest,
    ...(opts.tagTime ? { lastTagTime: opts.tagTime } : {}),
  };
}

/** `os/arch[/variant]`. */
export function platformString(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/** A blob the store does not hold was asked for. */
export class MissingBlobError extends Error {
  constructor(readonly digest: string) {
    super(`content digest ${digest}: not found`);
  }
}

/**
 * The stored image as an engine `Image` whose blobs come from `blobs` (or, for layers the
 * store skipped, from `missingLayer`). Reads lazily: only what an export touches.
 */
export async function imageFromStore(
  stored: StoredImage,
  blobs: BlobStore,
  deps: PlatformDeps,
  missingLayer?: (digest: string) => Promise<Uint8Array | undefined>,
): Promise<Image> {
  if (!stored.manifestDigest) throw new MissingBlobError(`manifest of ${stored.id}`);
  const rawManifest = await need(blobs, stored.manifestDigest);
  const rawConfig = await need(blobs, stored.id);
  const manifest = JSON.parse(dec.decode(rawManifest)) as Manifest;
  const config = JSON.parse(dec.decode(rawConfig)) as ConfigFile;
  const diffIds = config.rootfs?.diff_ids ?? [];
  const layers: Layer[] = manifest.layers.map((d, i) => storedLayer(d.digest, d.mediaType as MediaType, d.size, diffIds[i] as Digest, stored.layers[i]?.uncompressedSize, blobs, deps, missingLayer));
  const oci = manifest.mediaType !== 'application/vnd.docker.distribution.manifest.v2+json';
  return {
    mediaType: manifest.mediaType,
    options: { deps, oci },
    layers: async () => layers,
    baseConfig: () => config,
    configFile: async () => config,
    rawConfigFile: async () => rawConfig,
    configName: async () => stored.id as Digest,
    manifest: async () => manifest,
    rawManifest: async () => rawManifest,
    digest: async () => stored.manifestDigest as Digest,
    platform: () => ({
      architecture: config.architecture,
      os: config.os,
      ...(config.variant ? { variant: config.variant } : {}),
    }),
  };
}

function storedLayer(
  digest: Digest,
  mediaType: MediaType,
  size: number,
  diffId: Digest,
  uncompressedSize: number | undefined,
  blobs: BlobStore,
  deps: PlatformDeps,
  missingLayer?: (digest: string) => Promise<Uint8Array | undefined>,
): Layer {
  let blob: Promise<Uint8Array> | undefined;
  const load = async (): Promise<Uint8Array> => {
    const bytes = (await blobs.get(digest)) ?? (await missingLayer?.(digest));
    if (!bytes) throw new MissingBlobError(digest);
    return bytes;
  };
  const compressed = () => (blob ??= load());
  const gzip = mediaType.endsWith('gzip');
  const uncompressed = async () => (gzip ? deps.gzip.gunzip(await compressed()) : compressed());
  return {
    mediaType,
    digest: async () => digest,
    diffId: async () => diffId,
    uncompressedChunks: () => (async function* () { yield await uncompressed(); })(),
    uncompressed,
    compressed,
    size: async () => size,
    uncompressedSize: async () => uncompressedSize ?? (await uncompressed()).byteLength,
  };
}

async function need(blobs: BlobStore, digest: string): Promise<Uint8Array> {
  const b = await blobs.get(digest);
  if (!b) throw new MissingBlobError(digest);
  return b;
}
