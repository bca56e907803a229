/**
 * A multi-platform build loaded into the store, as Docker's containerd image store keeps
 * it: one image (one `docker images` row) whose ID is its OCI index digest, with one
 * manifest per platform. The record's own fields are the host platform's variant
 * (linux/amd64 here, else the first), which `run`, `history` and `save` use.
 */
import { indexJson } from '../image/manifest.ts';
import type { Digest } from '../image/digest.ts';
import type { PlatformDeps } from '../platform/types.ts';
import type { BlobStore, StoredImage, StoredVariant } from '../store/index.ts';

/** The host platform whose variant a multi-platform image shows by default. */
export const HOST_PLATFORM = 'linux/amd64';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** Combines the persisted per-platform images into one stored multi-platform image; writes the index blob. */
export async function multiPlatformImage(images: readonly StoredImage[], blobs: BlobStore, deps: PlatformDeps): Promise<StoredImage> {
  const variants: StoredVariant[] = [];
  for (const img of images) {
    const raw = img.manifestDigest ? await blobs.get(img.manifestDigest) : undefined;
    variants.push({ platform: img.platforms[0]!, manifestDigest: img.manifestDigest!, manifestSize: raw?.byteLength ?? 0, id: img.id, layers: img.layers });
  }
  const manifests = variants.map((v) => {
    const [os = '', architecture = '', variant] = v.platform.split('/');
    return { mediaType: OCI_MANIFEST, digest: v.manifestDigest as Digest, size: v.manifestSize, platform: { architecture, os, ...(variant ? { variant } : {}) } };
  });
  const bytes = new TextEncoder().encode(indexJson({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  const digest = `sha256:${await deps.hasher.sha256([bytes])}`;
  await blobs.put(digest, bytes);
  const host = images.find((i) => i.platforms[0] === HOST_PLATFORM) ?? images[0]!;
  return { ...host, platforms: variants.map((v) => v.platform), index: { digest, size: bytes.byteLength, variants } };
}
