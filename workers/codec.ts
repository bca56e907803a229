/**
 * `StageOutput` ⇄ `WireStageOutput`: each layer is packed as a delta over the one before
 * it (the first over the base image, which the receiver rebuilds from its key), so file
 * bytes cross once, in transferable buffers, and base-image filler never crosses.
 */
import { emptySnapshot, packTree, unpackTree } from '../engine/fs/index.ts';
import type { Snapshot } from '../engine/fs/index.ts';
import { baseByKey, baseRegistry } from '../engine/build/stage-runner-bases.ts';
import type { StageOutput } from '../engine/build/stage-runner.ts';
import type { WireStageOutput } from './protocol.ts';

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
