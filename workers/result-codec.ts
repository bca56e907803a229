/**
 * An engine `BuildResult` ⇄ `WireBuildResult` (coordinator → page): archives are moved,
 * the target filesystems are packed with base-image files by reference (`packTree`), so
 * base-image filler never crosses and file bytes cross once, in transferable buffers.
 */
import { packTree, unpackTree } from '../engine/fs/index.ts';
import type { Snapshot } from '../engine/fs/index.ts';
import { baseImage, baseRegistry } from '../engine/build/base-images.ts';
import type { BuildRequest, BuildResult } from '../engine/build/types.ts';
import { loadDockerfile } from '../engine/frontend/index.ts';
import type { WireBuildResult } from './protocol.ts';

/**
 * Registers the base images `request` builds from, so their lazy files are packed by
 * reference (the engine and `baseImage` share the catalog's layer objects).
 */
function registerBases(request: BuildRequest): void {
  let refs: string[];
  try {
    refs = loadDockerfile(request.dockerfile, { ...(request.target !== undefined ? { target: request.target } : {}), ...(request.buildArgs ? { buildArgs: request.buildArgs } : {}) })
      .graph.bases.flatMap((b) => (b.kind === 'image' ? [b.ref] : []));
  } catch {
    return;
  }
  const platforms = request.platforms?.length ? request.platforms : ['linux/amd64'];
  for (const ref of new Set(refs)) {
    for (const p of platforms) {
      try {
        baseImage(ref, p);
      } catch {
        // not in the catalog: the build reported it; nothing to reference
      }
    }
  }
}

/** Packs an engine `BuildResult` for the page: archives moved, filesystems packed. */
export async function encodeBuildResult(request: BuildRequest, res: BuildResult): Promise<{ wire: WireBuildResult; transfer: ArrayBuffer[] }> {
  registerBases(request);
  const transfer: ArrayBuffer[] = [];
  for (const o of res.outputs) if (o.archive && o.archive.byteOffset === 0 && o.archive.byteLength === o.archive.buffer.byteLength) transfer.push(o.archive.buffer as ArrayBuffer);
  const filesystems = res.filesystems.map((fs) => {
    const { packed } = packTree(fs, { lazy: baseRegistry });
    transfer.push(packed.meta, packed.data);
    return packed;
  });
  const imageDigests = await Promise.all(res.images.map((i) => i.digest()));
  return { wire: { outputs: res.outputs, warnings: res.warnings, modeledMs: res.modeledMs, imageDigests, filesystems }, transfer };
}

/** The target filesystems of a `WireBuildResult` (lazy files resolve through this thread's catalog). */
export function decodeFilesystems(wire: WireBuildResult): Snapshot[] {
  return wire.filesystems.map((p) => unpackTree(p, baseRegistry));
}
