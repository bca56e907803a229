import type { LayerBlobCache } from '#engine/platform';
import type { StoredImage, StoredLayer } from '#engine/store';
import type { LocalState } from './state.ts';

/**
 * The store's compressed layers by diff ID, as BuildKit keeps a blob for each diff ID it
 * has compressed: a layer an image in the store already has (a fully cached rebuild, the
 * unchanged layers of an edited one) is read from `blobs/`, not compressed again. New
 * blobs reach the store with the image that holds them, so `put` keeps nothing.
 */
export class StoreLayerBlobs implements LayerBlobCache {
  private byDiffId: Map<string, string> | undefined;

  constructor(private readonly state: LocalState) {}

  async get(diffId: string): Promise<Uint8Array | undefined> {
    this.byDiffId ??= digestsByDiffId(this.state.images.list());
    const digest = this.byDiffId.get(diffId);
    // a blob that is missing or damaged reads as undefined (DiskBlobStore checks its digest): compressed anew
    return digest === undefined ? undefined : this.state.blobs.get(digest);
  }

  async put(): Promise<void> {}
}

/** Each stored layer's blob digest by its diff ID, every platform of every image. */
function digestsByDiffId(images: readonly StoredImage[]): Map<string, string> {
  const out = new Map<string, string>();
  const add = (layers: readonly StoredLayer[]) => {
    for (const l of layers) if (!out.has(l.diffId)) out.set(l.diffId, l.digest);
  };
  for (const img of images) {
    add(img.layers);
    for (const v of img.index?.variants ?? []) add(v.layers);
  }
  return out;
}
