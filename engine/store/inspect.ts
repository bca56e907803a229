import { parseReference } from '../reference/index.ts';
import { displayId, imageSize, type StoredImage, type StoredVariant } from './types.ts';

/** Go's zero time, as Docker prints an unset `LastTagTime`. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * One element of `docker image inspect`'s JSON array, in the Docker Engine's key order
 * (the containerd image store's view: Size is the content size, as `docker images` shows it).
 */
export function inspectImage(img: StoredImage): Record<string, unknown> {
  const cfg = img.config as {
    architecture?: string;
    os?: string;
    variant?: string;
    config?: Record<string, unknown>;
    rootfs?: { diff_ids?: string[] };
    author?: string;
  };
  const repos = [...new Set(img.repoTags.map((t) => parseReference(t).familiar.replace(/:[^:/]*$/, '')))];
  const last = img.history.at(-1);
  return {
    Id: displayId(img),
    RepoTags: img.repoTags.map((t) => parseReference(t).familiar),
    RepoDigests: img.manifestDigest ? repos.map((r) => `${r}@${img.manifestDigest}`) : [],
    Parent: '',
    Comment: last?.comment ?? '',
    Created: img.created,
    DockerVersion: '',
    Author: cfg.author ?? '',
    Config: cfg.config ?? {},
    Architecture: cfg.architecture ?? img.platforms[0]?.split('/')[1] ?? '',
    ...(cfg.variant ? { Variant: cfg.variant } : {}),
    Os: cfg.os ?? img.platforms[0]?.split('/')[0] ?? '',
    Size: imageSize(img),
    GraphDriver: { Data: null, Name: 'overlayfs' },
    RootFS: { Type: 'layers', Layers: cfg.rootfs?.diff_ids ?? img.layers.map((l) => l.diffId) },
    Metadata: { LastTagTime: img.lastTagTime ?? ZERO_TIME },
    ...(img.index
      ? {
          Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: img.index.digest, size: img.index.size },
          Manifests: img.index.variants.map(manifestSummary),
        }
      : {}),
  };
}

/** `os/arch/variant` as an OCI platform object. */
function platformObject(p: string): Record<string, string> {
  const [os = '', architecture = '', variant] = p.split('/');
  return { architecture, os, ...(variant ? { variant } : {}) };
}

/** One entry of inspect's `Manifests` (Engine API ≥ 1.48 with the containerd image store). */
function manifestSummary(v: StoredVariant): Record<string, unknown> {
  const content = v.layers.reduce((n, l) => n + l.size, 0);
  const unpacked = v.layers.reduce((n, l) => n + l.uncompressedSize, 0);
  return {
    ID: v.manifestDigest,
    Descriptor: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: v.manifestDigest, size: v.manifestSize, platform: platformObject(v.platform) },
    Available: true,
    Size: { Total: content + unpacked, Content: content },
    Kind: 'image',
    ImageData: { Platform: platformObject(v.platform), Containers: [], Size: { Unpacked: unpacked } },
  };
}

/** `docker inspect IMAGE...` output: a JSON array indented with four spaces, as the Docker CLI prints it. */
export function formatInspect(images: readonly StoredImage[]): string {
  // Go's encoder escapes <, > and & (the Engine API's JSON), and the CLI keeps them so.
  const json = JSON.stringify(images.map(inspectImage), null, 4).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
  return json + '\n';
}
