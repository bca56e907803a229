import type { TreeEntry } from '../fs/types.ts';
import { layerFromEntries } from '../image/layer.ts';
import type { PlatformDeps } from '../platform/types.ts';
import type { LayerNumbers } from './layer-table.ts';

/**
 * Measures a catalog layer exactly as an export writes it (`engine/image`'s layer tar,
 * gzip level 6). Used by `scripts/compute-digests.ts` and by the test that checks the table.
 */
export async function layerNumbers(entries: readonly TreeEntry[], deps: PlatformDeps): Promise<LayerNumbers> {
  const layer = layerFromEntries(entries, deps);
  return {
    diffId: await layer.diffId(),
    size: await layer.uncompressedSize(),
    digest: await layer.digest(),
    compressedSize: await layer.size(),
  };
}
