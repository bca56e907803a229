import { LAYER_TABLE } from '../catalog/layer-table.ts';
import { listCatalog, resolveImage, type CatalogLayer } from '../catalog/index.ts';
import { layerFromEntries } from '../image/index.ts';
import type { Digest } from '../image/digest.ts';
import type { GzipOptions, PlatformDeps } from '../platform/types.ts';

let known: Set<string> | undefined;

/**
 * Whether a layer blob is a base-image layer of the offline catalog. Those are generated
 * deterministically, so the store keeps only their digest, not ~100 MB of golang layers.
 */
export function isCatalogLayer(digest: string): boolean {
  known ??= new Set(Object.values(LAYER_TABLE).map((n) => n.digest));
  return known.has(digest);
}

/**
 * The blob of a catalog layer, generated again (same bytes, same digest: the layer gzip is
 * the same everywhere) or read from `deps.layerBlobs`, where it is kept after the first
 * time; undefined for any other digest. Searches the catalog's images for the platform the
 * layer was measured for.
 */
export async function catalogLayerBlob(digest: string, deps: PlatformDeps, opts?: GzipOptions): Promise<Uint8Array | undefined> {
  const layer = findCatalogLayer(digest);
  if (!layer) return undefined;
  return layerFromEntries(layer.entries, deps, layer.diffId ? { diffId: layer.diffId as Digest } : {}).compressed(opts);
}

/** The catalog layer whose blob has `digest` (its entries are lazy: nothing is generated). */
export function findCatalogLayer(digest: string): CatalogLayer | undefined {
  if (!isCatalogLayer(digest)) return undefined;
  const key = Object.keys(LAYER_TABLE).find((k) => LAYER_TABLE[k]!.digest === digest)!;
  const platform = /(linux\/[^/]+(?:\/v\d)?)$/.exec(key)?.[1];
  for (const repo of listCatalog()) {
    for (const p of platform ? repo.platforms.filter((x) => x === platform) : repo.platforms) {
      for (const tag of repo.tags) {
        let img;
        try {
          img = resolveImage(`${repo.name}:${tag}`, p);
        } catch {
          continue;
        }
        const layer = img.layers.find((l) => l.digest === digest);
        if (layer) return layer;
      }
    }
  }
  return undefined;
}
