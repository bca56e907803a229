/**
 * `--output type=oci` and `type=docker`: an OCI image layout as a tar stream, as
 * containerd's archive exporter writes it for BuildKit (see docs/oci-export.md §1).
 */
import { parseReference } from '../../reference/index.ts';
import type { Digest } from '../digest.ts';
import { digestHex, digestOf } from '../digest.ts';
import type { Image } from '../image.ts';
import { goJson } from '../json.ts';
import { rfc3339 } from '../json.ts';
import type { Descriptor } from '../manifest.ts';
import { indexJson } from '../manifest.ts';
import { MediaTypes } from '../media.ts';
import { TAR_END, tarHeader, tarPadding } from '../tar.ts';

/** Options of `exportArchive`. */
export interface ArchiveOptions {
  /** `oci` (no manifest.json) or `docker` (adds manifest.json; single platform only). */
  readonly variant: 'oci' | 'docker';
  /** Image names (`name=` exporter option), e.g. `myimg` or `registry/x:1`. */
  readonly names?: readonly string[];
  /** `org.opencontainers.image.created` when no SOURCE_DATE_EPOCH is given (RFC 3339). */
  readonly created?: string;
  /** SOURCE_DATE_EPOCH in seconds. */
  readonly sourceDateEpoch?: number;
  /** Extra annotations for the index.json descriptor. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Error text of BuildKit's docker exporter for multi-platform results. */
export const DOCKER_MANIFEST_LIST_ERROR = 'docker exporter does not currently support exporting manifest lists';

const enc = new TextEncoder();

interface Blob {
  readonly size: number;
  read(): Promise<Uint8Array>;
}

/**
 * The archive for one image, or an index with one image per platform. Chunks are
 * produced lazily: one blob at a time is held in memory besides the layers' memoised blobs.
 */
export async function* exportArchive(target: Image | readonly Image[], opts: ArchiveOptions): AsyncGenerator<Uint8Array> {
  const images = Array.isArray(target) ? (target as readonly Image[]) : [target as Image];
  if (images.length === 0) throw new Error('nothing to export');
  if (opts.variant === 'docker' && images.length > 1) throw new Error(DOCKER_MANIFEST_LIST_ERROR);
  const hasher = images[0]!.options.deps.hasher;
  const blobs = new Map<string, Blob>();
  const add = (d: Digest, size: number, read: () => Promise<Uint8Array>) => {
    if (!blobs.has(digestHex(d))) blobs.set(digestHex(d), { size, read });
  };
  const manifests: Descriptor[] = [];
  for (const img of images) {
    const raw = await img.rawManifest();
    add(await img.digest(), raw.byteLength, async () => raw);
    const cfg = await img.rawConfigFile();
    add(await img.configName(), cfg.byteLength, async () => cfg);
    for (const l of await img.layers()) add(await l.digest(), await l.size(), () => l.compressed());
    manifests.push({ mediaType: img.mediaType, digest: await img.digest(), size: raw.byteLength, platform: img.platform() });
  }
  let top: Descriptor;
  if (images.length === 1) {
    top = manifests[0]!;
  } else {
    const oci = images[0]!.options.oci ?? true;
    const mediaType = oci ? MediaTypes.ociIndex : MediaTypes.dockerList;
    const raw = enc.encode(indexJson({ schemaVersion: 2, mediaType, manifests }, 2));
    const digest = await digestOf(hasher, [raw]);
    add(digest, raw.byteLength, async () => raw);
    top = { mediaType, digest, size: raw.byteLength };
  }
  const created = opts.sourceDateEpoch !== undefined ? rfc3339(opts.sourceDateEpoch) : opts.created;
  const base = { ...opts.annotations, ...(created ? { 'org.opencontainers.image.created': created } : {}) };
  const refs = (opts.names ?? []).map((n) => parseReference(n));
  const descs: Descriptor[] =
    refs.length === 0
      ? [{ ...top, annotations: base }]
      : refs.map((r) => ({
          ...top,
          annotations: { ...base, 'io.containerd.image.name': r.full, 'org.opencontainers.image.ref.name': r.tag ?? r.digest ?? 'latest' },
        }));
  const files: [string, number, () => Promise<Uint8Array>][] = [];
  for (const hex of [...blobs.keys()].sort()) files.push([`blobs/sha256/${hex}`, 0o444, blobs.get(hex)!.read]);
  const indexBytes = enc.encode(indexJson({ schemaVersion: 2, manifests: descs }));
  files.push(['index.json', 0o644, async () => indexBytes]);
  if (opts.variant === 'docker') {
    const img = images[0]!;
    const layers = await Promise.all((await img.layers()).map(async (l) => `blobs/sha256/${digestHex(await l.digest())}`));
    const repoTags = refs.length === 0 ? null : refs.map((r) => parseReference(r.full).familiar);
    const record = [{ Config: `blobs/sha256/${digestHex(await img.configName())}`, RepoTags: repoTags, Layers: layers }];
    const bytes = enc.encode(goJson(record));
    files.push(['manifest.json', 0o644, async () => bytes]);
  }
  const layout = enc.encode('{"imageLayoutVersion":"1.0.0"}');
  files.push(['oci-layout', 0o444, async () => layout]);

  const dir = (name: string) => tarHeader({ name, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 0 });
  yield dir('blobs/');
  yield dir('blobs/sha256/');
  let written = 2 * 512;
  for (const [name, mode, read] of files) {
    const data = await read();
    const header = tarHeader({ name, type: 'file', mode, uid: 0, gid: 0, mtime: 0, size: data.byteLength });
    const pad = tarPadding(data.byteLength);
    yield header;
    yield data;
    yield pad;
    written += header.byteLength + data.byteLength + pad.byteLength;
  }
  yield TAR_END;
  written += TAR_END.byteLength;
  // Pad to whole 10 KiB records, as tar(1) and docker save do: Go's archive/tar stops after
  // the end blocks, but GNU tar's --delete/--append then truncate the archive.
  yield new Uint8Array((RECORD - (written % RECORD)) % RECORD);
}

/** tar(1)'s default record size (blocking factor 20). */
const RECORD = 20 * 512;
