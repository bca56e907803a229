import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportArchive } from '../engine/image/index.ts';
import { collect, type PlatformDeps } from '../engine/platform/types.ts';
import { imageFromStore, MissingBlobError } from '../engine/store/index.ts';
import type { CliIO } from './io.ts';
import type { LocalState } from './state.ts';
import { noSuchImage } from './images.ts';

/** Re-creates a layer blob the store chose not to keep (base-image layers), by digest. */
export type LayerFallback = (digest: string) => Promise<Uint8Array | undefined>;

/**
 * `stageplay save [-o FILE] IMAGE`: the archive `docker save` writes with the containerd
 * image store (an OCI layout plus `manifest.json`, names as given), built from the stored blobs.
 */
export async function runSave(
  state: LocalState,
  io: CliIO,
  refs: readonly string[],
  output: string | undefined,
  deps: PlatformDeps,
  fallback?: LayerFallback,
): Promise<number> {
  if (refs.length > 1) {
    io.stderr('stageplay: saving several images into one archive is not supported; save them one at a time\n');
    return 1;
  }
  const ref = refs[0]!;
  const stored = state.images.find(ref);
  if (!stored) return noSuchImage(io, ref);
  if (output === undefined && (io.stdoutIsTTY || !io.stdoutBytes)) {
    io.stderr('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
    return 1;
  }
  try {
    const image = await imageFromStore(stored, state.blobs, deps, fallback);
    // Saved by ID: no names; by reference: that name, as `docker save` records it.
    const byId = stored.id.replace(/^sha256:/, '').startsWith(ref.replace(/^sha256:/, ''));
    const bytes = await collect(exportArchive(image, { variant: 'docker', names: byId ? [] : [ref] }));
    if (output === undefined) io.stdoutBytes!(bytes);
    else writeFileSync(resolve(io.cwd, output), bytes);
    return 0;
  } catch (err) {
    if (err instanceof MissingBlobError) {
      io.stderr(`Error response from daemon: ${err.message} (the local store lost this image's data; build it again)\n`);
      return 1;
    }
    throw err;
  }
}
