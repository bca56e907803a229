/**
 * `docker save`'s archive: what `docker save` writes with the containerd image store (an
 * OCI layout plus `manifest.json`, names as given), built from the stored blobs. Where the
 * bytes go (a file, stdout, a browser download) is the caller's business.
 */
import { exportArchive } from '../image/index.ts';
import { collect, type PlatformDeps } from '../platform/types.ts';
import { imageFromStore, MissingBlobError } from '../store/index.ts';
import { catalogLayerBlob } from '../store/base-layers.ts';
import type { CommandOutput } from './frontend-calls.ts';
import { noSuchImage, type LocalImages } from './images.ts';

/** Re-creates a layer blob the store chose not to keep (base-image layers), by digest. */
export type LayerFallback = (digest: string) => Promise<Uint8Array | undefined>;

/**
 * The archive of the one image `refs` names, or the exit code after printing Docker's
 * error (several images, an unknown one, lost blobs). `fallback` defaults to re-creating
 * catalog base layers.
 */
export async function saveArchive(
  state: LocalImages,
  io: CommandOutput,
  refs: readonly string[],
  deps: PlatformDeps,
  fallback: LayerFallback = (d) => catalogLayerBlob(d, deps),
): Promise<Uint8Array | number> {
  if (refs.length > 1) {
    io.stderr('stageplay: saving several images into one archive is not supported; save them one at a time\n');
    return 1;
  }
  const ref = refs[0]!;
  const stored = state.images.find(ref);
  if (!stored) return noSuchImage(io, ref);
  try {
    const image = await imageFromStore(stored, state.blobs, deps, fallback);
    // Saved by ID: no names; by reference: that name, as `docker save` records it.
    const byId = stored.id.replace(/^sha256:/, '').startsWith(ref.replace(/^sha256:/, ''));
    return await collect(exportArchive(image, { variant: 'docker', names: byId ? [] : [ref] }));
  } catch (err) {
    if (err instanceof MissingBlobError) {
      io.stderr(`Error response from daemon: ${err.message} (the local store lost this image's data; build it again)\n`);
      return 1;
    }
    throw err;
  }
}
