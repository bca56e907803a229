/**
 * The executor's `StageState` ⇄ transferables, for moving `executeStage` into stage
 * workers: the tree as a delta over its catalog base image (which the receiver rebuilds
 * from the catalog), each step layer's entries packed, base layers as the plain
 * references they already are. Base-image files stay lazy on both sides.
 */
import { resolveImage } from '../engine/catalog/index.ts';
import type { StageLayer, StageState } from '../engine/exec/index.ts';
import { catalogSnapshot } from '../engine/exec/base.ts';
import { emptySnapshot, packEntries, packTree, unpackEntries, unpackTree } from '../engine/fs/index.ts';
import type { PackedTree, Snapshot } from '../engine/fs/index.ts';
import type { ConfigFile } from '../engine/image/index.ts';
import { baseImage, baseRegistry } from '../engine/build/base-images.ts';

/** A `StageState` on the wire. */
export interface WireStageState {
  /** The catalog image the tree is a delta over (absent: over the empty tree). */
  readonly base?: { readonly ref: string; readonly platform: string };
  readonly snapshot: PackedTree;
  readonly layers: readonly (Extract<StageLayer, { kind: 'base' }> | { readonly kind: 'step'; readonly packed: PackedTree })[];
  readonly config: ConfigFile;
  readonly cacheKey: string;
}

/** The catalog tree of the state's base image on this thread (registered for lazy references). */
function baseTree(base: WireStageState['base']): Snapshot {
  if (!base) return emptySnapshot();
  baseImage(base.ref, base.platform);
  return catalogSnapshot(resolveImage(base.ref, base.platform));
}

/** Packs a state; returns it with the buffers to pass as transferables. */
export function encodeState(state: StageState): { wire: WireStageState; transfer: ArrayBuffer[] } {
  const first = state.layers[0];
  const base = first?.kind === 'base' ? { ref: first.ref, platform: first.platform } : undefined;
  const tree = baseTree(base);
  const transfer: ArrayBuffer[] = [];
  const { packed } = packTree(state.snapshot, { base: { key: 'stage-base', snapshot: tree }, lazy: baseRegistry });
  transfer.push(packed.meta, packed.data);
  const layers = state.layers.map((l) => {
    if (l.kind === 'base') return l;
    const p = packEntries(l.entries, baseRegistry);
    transfer.push(p.meta, p.data);
    return { kind: 'step' as const, packed: p };
  });
  return { wire: { ...(base ? { base } : {}), snapshot: packed, layers, config: state.config, cacheKey: state.cacheKey }, transfer };
}

/** Rebuilds a state (file bytes are views into the received buffers). */
export function decodeState(wire: WireStageState): StageState {
  const snapshot = unpackTree(wire.snapshot, baseRegistry, baseTree(wire.base));
  const layers: StageLayer[] = wire.layers.map((l) => (l.kind === 'base' ? l : { kind: 'step', entries: unpackEntries(l.packed, baseRegistry) }));
  return { snapshot, layers, config: wire.config, cacheKey: wire.cacheKey };
}
