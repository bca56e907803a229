/**
 * The executor's `StageState` ⇄ transferables, for moving `executeStage` into stage
 * workers. A state crosses as its layers only: base layers as the plain references they
 * already are, each step layer's entries packed once; the receiver rebuilds the tree by
 * stacking the step layers on its own copy of the catalog base (`executeStage` makes
 * every step's tree as `applyLayer(parent, entries)`, so the two are the same tree).
 * An `EntriesPacker` shared by a whole message packs an entry list once, so a step's
 * layer and its layer-cache record travel as one buffer. Base-image files stay lazy.
 */
import { resolveImage } from '#engine/catalog';
import { type StageLayer, type StageState, catalogSnapshot } from '#engine/exec';
import { applyLayer, emptySnapshot, packEntries, unpackEntries, type PackedTree, type Snapshot, type TreeEntry } from '#engine/fs';
import type { ConfigFile } from '#engine/image';
import { baseImage, baseRegistry } from '#engine/build';

/** A `StageState` on the wire. */
export interface WireStageState {
  /** The catalog image the tree starts from (absent: the empty tree). */
  readonly base?: { readonly ref: string; readonly platform: string };
  readonly layers: readonly (Extract<StageLayer, { kind: 'base' }> | { readonly kind: 'step'; readonly packed: PackedTree; readonly id?: string; readonly ran?: true })[];
  readonly config: ConfigFile;
  readonly cacheKey: string;
}

/** Packs entry lists for one message: each list once, its buffers listed once for the transfer. */
export class EntriesPacker {
  private readonly packed = new Map<readonly TreeEntry[], PackedTree>();
  /** The buffers to pass as transferables. */
  readonly transfer: ArrayBuffer[] = [];

  pack(entries: readonly TreeEntry[]): PackedTree {
    let p = this.packed.get(entries);
    if (p === undefined) {
      p = packEntries(entries, baseRegistry);
      this.packed.set(entries, p);
      this.transfer.push(p.meta, p.data);
    }
    return p;
  }
}

/** Unpacks entry lists of one message: a list packed once comes back as one array. */
export class EntriesUnpacker {
  private readonly lists = new Map<PackedTree, TreeEntry[]>();

  unpack(packed: PackedTree): TreeEntry[] {
    let e = this.lists.get(packed);
    if (e === undefined) {
      e = unpackEntries(packed, baseRegistry);
      this.lists.set(packed, e);
    }
    return e;
  }
}

/** The catalog tree of the state's base image on this thread (registered for lazy references). */
function baseTree(base: WireStageState['base']): Snapshot {
  if (!base) return emptySnapshot();
  baseImage(base.ref, base.platform);
  return catalogSnapshot(resolveImage(base.ref, base.platform));
}

/** Packs a state; its buffers join `packer.transfer`. */
export function encodeState(state: StageState, packer: EntriesPacker): WireStageState {
  const first = state.layers[0];
  const base = first?.kind === 'base' ? { ref: first.ref, platform: first.platform } : undefined;
  const layers = state.layers.map((l) => (l.kind === 'base' ? l : { kind: 'step' as const, packed: packer.pack(l.entries), ...(l.id !== undefined ? { id: l.id } : {}), ...(l.ran ? { ran: true as const } : {}) }));
  return { ...(base ? { base } : {}), layers, config: state.config, cacheKey: state.cacheKey };
}

/** Rebuilds a state: the step layers stacked on the base (file bytes are views into the received buffers). */
export function decodeState(wire: WireStageState, unpacker: EntriesUnpacker = new EntriesUnpacker()): StageState {
  let snapshot = baseTree(wire.base);
  const layers: StageLayer[] = wire.layers.map((l) => {
    if (l.kind === 'base') return l;
    const entries = unpacker.unpack(l.packed);
    if (entries.length > 0) snapshot = applyLayer(snapshot, entries);
    return { kind: 'step', entries, ...(l.id !== undefined ? { id: l.id } : {}), ...(l.ran ? { ran: true as const } : {}) };
  });
  return { snapshot, layers, config: wire.config, cacheKey: wire.cacheKey };
}
