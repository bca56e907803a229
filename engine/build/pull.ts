/**
 * The FROM vertex of an external image: `resolve ...@sha256:...`, and on the first pull of
 * an image the per-layer download and extract rows, with a modeled time ∝ compressed size.
 * Pulled images are remembered in the layer cache (key `image:<manifest digest>`).
 */
import type { LayerCache } from '../cache/index.ts';
import type { CatalogImage } from '../catalog/index.ts';
import type { Progress } from './progress.ts';

/** Modeled download speed, bytes per ms (~40 MB/s). */
const DOWNLOAD_BYTES_PER_MS = 40_000;
/** Modeled extraction speed, bytes per ms (~150 MB/s uncompressed). */
const EXTRACT_BYTES_PER_MS = 150_000;

/** The FROM vertex text: `FROM docker.io/library/golang:1.20-alpine@sha256:...`. */
export function fromText(img: CatalogImage): string {
  return `FROM ${img.ref.includes('@') ? img.ref : `${img.ref}@${img.digest}`}`;
}

/**
 * Emits the FROM vertex `name` starting at `t` and returns when it ends. A cached image
 * only resolves; a first pull downloads and extracts every layer.
 */
export function pullImage(img: CatalogImage, name: string, t: number, progress: Progress, cache: LayerCache, stage?: string): number {
  const v = progress.start(name, t, stage);
  const ref = img.ref.includes('@') ? img.ref : `${img.ref}@${img.digest}`;
  progress.status(v, `resolve ${ref}`, t, t);
  const key = `image:${img.manifestDigest}`;
  if (cache.get(key)) {
    progress.done(v, t);
    return t;
  }
  let end = t;
  let at = t;
  for (const l of img.layers) {
    const size = l.compressedSize ?? 0;
    const dl = Math.max(10, Math.round(size / DOWNLOAD_BYTES_PER_MS));
    progress.status(v, l.digest ?? 'sha256:', t, t + dl, size, size);
    end = Math.max(end, t + dl);
  }
  for (const l of img.layers) {
    const ex = Math.max(10, Math.round((l.size ?? 0) / EXTRACT_BYTES_PER_MS));
    at = Math.max(at, end) ;
    progress.status(v, `extracting ${l.digest ?? 'sha256:'}`, at, at + ex);
    at += ex;
  }
  cache.put(key, { entries: [], modeledMs: at - t });
  progress.done(v, at);
  return at;
}
