/**
 * `StageOutput` ⇄ `WireStageOutput`: each layer is packed as a delta over the one before
 * it (the first over the base image, which the receiver rebuilds from its key), so file
 * bytes cross once, in transferable buffers, and base-image filler never crosses.
 */
import { emptySnapshot, packTree, unpackTree } from '../engine/fs/index.ts';
import type { Snapshot } from '../engine/fs/index.ts';
import { baseByKey, baseRegistry } from '../engine/build/stage-runner-bases.ts';
import type { StageOutput } from '../engine/build/stage-runner.ts';
import type { BuildRequest, BuildResult } from '../engine/build/types.ts';
import { loadDockerfile } from '../engine/dockerfile/index.ts';
import { baseImage } from '../engine/build/stage-runner-bases.ts';
import type { WireBuildResult, WireStageOutput } from './protocol.ts';

/** The tree a base key names on this thread (the empty tree for none). */
function baseTree(key: string | undefined): Snapshot {
  return key === undefined ? emptySnapshot() : baseByKey(key).tree;
}

/** Packs an output; returns it with the buffers to pass as transferables. */
export function encodeOutput(out: StageOutput): { wire: WireStageOutput; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  let prev = out.base;
  const layers = out.layers.map((layer, i) => {
    const { packed } = packTree(layer, { base: { key: `layer:${i}`, snapshot: prev }, lazy: baseRegistry });
    prev = layer;
    transfer.push(packed.meta, packed.data);
    return packed;
  });
  const wire: WireStageOutput = { ...(out.baseKey !== undefined ? { baseKey: out.baseKey } : {}), layers, config: out.config, modeledMs: out.modeledMs };
  return { wire, transfer };
}

/** Rebuilds an output (file bytes stay views into the received buffers). */
export function decodeOutput(wire: WireStageOutput): StageOutput {
  const base = baseTree(wire.baseKey);
  let prev = base;
  const layers = wire.layers.map((packed) => (prev = unpackTree(packed, baseRegistry, prev)));
  return { layers, root: prev, base, ...(wire.baseKey !== undefined ? { baseKey: wire.baseKey } : {}), config: wire.config, modeledMs: wire.modeledMs };
}

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
