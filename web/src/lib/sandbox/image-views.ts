/**
 * The image store as the images panel reads it: `docker images` rows, `docker history`
 * layers, what each layer added, changed or removed (like `dive`), and an image's archive
 * for the Download button, all computed from the stored blobs with the engine's functions.
 * Runs where the store lives (the sandbox worker); the results are plain data.
 */
import { saveArchive, type LocalImages } from '#engine/commands';
import { emptySnapshot, layerChanges as engineLayerChanges, stackLayers, type TreeEntry } from '#engine/fs';
import { tarToEntries } from '#engine/image';
import type { PlatformDeps } from '#engine/platform';
import { catalogLayerBlob } from '#engine/store/base-layers';
import { familiar, imageFromStore, imageSize, type StoredImage } from '#engine/store';
import type { ImageLayer, ImageSummary, LayerChange } from './panel-data.ts';
import type { NamedArchive } from './engine-api.ts';
import { archiveName } from './workspace-place.ts';

/** An image the store does not have, as the daemon says it. */
export class NoSuchImageError extends Error {
  constructor(ref: string) {
    super(`Error response from daemon: No such image: ${ref}`);
  }
}

function find(store: LocalImages, ref: string): StoredImage {
  const img = store.images.find(ref);
  if (!img) throw new NoSuchImageError(ref);
  return img;
}

/** Every image, newest first, one row per tag (`<none>:<none>` for a dangling image), as `docker images` lists them. */
export function listImages(store: LocalImages): ImageSummary[] {
  const rows: ImageSummary[] = [];
  for (const img of store.images.list()) {
    const base = { id: img.id, size: imageSize(img), created: Date.parse(img.created), platforms: img.platforms };
    if (img.repoTags.length === 0) rows.push({ ...base, ref: '<none>:<none>' });
    for (const t of img.repoTags) rows.push({ ...base, ref: familiar(t) });
  }
  return rows;
}

/** The history of `ref`, oldest first, each entry with the layer it made (if any). */
export function imageLayers(store: LocalImages, ref: string): ImageLayer[] {
  const img = find(store, ref);
  let next = 0;
  return img.history.map((h, index) => {
    const layer = h.emptyLayer ? undefined : img.layers[next++];
    return {
      index,
      createdBy: h.createdBy,
      size: layer?.size ?? 0,
      unpackedSize: layer?.uncompressedSize ?? 0,
      empty: layer === undefined,
      ...(layer ? { diffId: layer.diffId } : {}),
    };
  });
}

/** What history entry `index` of `ref` added, changed or removed (empty for metadata-only steps). */
export async function layerChanges(store: LocalImages, ref: string, index: number, deps: PlatformDeps): Promise<LayerChange[]> {
  const img = find(store, ref);
  const h = img.history[index];
  if (!h) throw new RangeError(`${ref} has no history entry ${index}`);
  if (h.emptyLayer) return [];
  const layerIndex = img.history.slice(0, index).filter((x) => !x.emptyLayer).length;
  const image = await imageFromStore(img, store.blobs, deps, (d) => catalogLayerBlob(d, deps));
  const layers = await image.layers();
  const below: TreeEntry[][] = [];
  for (const l of layers.slice(0, layerIndex)) below.push(tarToEntries(await l.uncompressed()));
  const lower = stackLayers(emptySnapshot(), below);
  return engineLayerChanges(lower, tarToEntries(await layers[layerIndex]!.uncompressed()));
}

/** The Download button: `ref` as `docker save` writes it, named after its tag; throws Docker's error. */
export async function imageArchive(store: LocalImages, ref: string, deps: PlatformDeps): Promise<NamedArchive> {
  let err = '';
  const bytes = await saveArchive(store, { stdout: () => {}, stderr: (t) => (err += t) }, [ref], deps);
  if (typeof bytes === 'number') throw new Error(err.trim());
  return { name: archiveName(ref), bytes };
}
