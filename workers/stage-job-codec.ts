/**
 * A `StageJob` (engine/build/stage-executor.ts) and its result ⇄ transferables. States go
 * through `state-codec.ts`, the build context and cache-mount trees through `packTree`,
 * layer-cache records through the message's `EntriesPacker` (a record and the layer of its
 * step share one buffer): file bytes travel in transferred buffers, base-image files by
 * reference, context files the worker keeps from its last job by path (`kept-context.ts`).
 * The caches stay the coordinator's: a job carries the cache mounts the worker may read
 * (not the layer cache: the worker asks for a record by key, `CacheLookup`), the result the
 * records and mounts the stage wrote.
 */
import type { CacheRecord, StepHistory, StepInputs } from '#engine/cache';
import type { Stage, SimulatedStep, ArgPair } from '#engine/dockerfile';
import type { StageState } from '#engine/exec';
import { EnvSnapshot } from '#engine/dockerfile/shell';
import { packTree, unpackTree, type PackedTree, type Snapshot } from '#engine/fs';
import { type StageJob, baseRegistry } from '#engine/build';
import { EntriesPacker, EntriesUnpacker, decodeState, encodeState, type WireStageState } from './state-codec.ts';
import type { KeptContext, KeptContextSender, WireKept } from './kept-context.ts';

/** A layer-cache record on the wire. */
export interface WireCacheRecord {
  readonly key: string;
  readonly modeledMs: number;
  readonly createdAt?: string;
  /** What the step's key was made of (plain data). */
  readonly inputs?: StepInputs;
  readonly entries: PackedTree;
}

/** A cache mount on the wire. */
export interface WireCacheMount {
  readonly id: string;
  readonly tree: PackedTree;
}

/** A `StageJob` on the wire, with the cache mounts the worker starts from. */
export interface WireStageJob {
  readonly index: number;
  readonly label?: string;
  readonly stages: readonly Stage[];
  readonly deps: readonly (readonly [number, WireStageState])[];
  readonly baseStage?: number;
  readonly escapeToken: string;
  readonly input: {
    readonly stage: Stage;
    readonly steps: readonly SimulatedStep[];
    readonly base: WireStageState;
    readonly platform: string;
    readonly baseArgs: readonly ArgPair[];
    readonly context: PackedTree;
    /** Which of the worker's kept context files `context` refers to (absent: it carries every file). */
    readonly kept?: WireKept;
    readonly buildArgs: Readonly<Record<string, string>>;
    readonly secrets: Readonly<Record<string, Uint8Array>>;
    readonly noCache: boolean;
    readonly created: string;
    readonly mtime: number;
    readonly history?: readonly (StepHistory | undefined)[];
  };
  readonly mounts: readonly WireCacheMount[];
}

/** The coordinator's layer cache as a stage worker reads it: one record by key, when a step needs it. */
export type CacheLookup = (key: string) => Promise<WireCacheRecord | undefined>;

/** What a stage worker returns: the final state and what it wrote to the caches. */
export interface WireStageDone {
  readonly state: WireStageState;
  readonly cache: readonly WireCacheRecord[];
  readonly mounts: readonly WireCacheMount[];
}

/** Packs cache records (their buffers join `packer.transfer`). */
export function encodeRecords(records: Iterable<readonly [string, CacheRecord]>, packer: EntriesPacker): WireCacheRecord[] {
  return [...records].map(([key, r]) => ({ key, modeledMs: r.modeledMs, ...(r.createdAt !== undefined ? { createdAt: r.createdAt } : {}), ...(r.inputs ? { inputs: r.inputs } : {}), entries: packer.pack(r.entries) }));
}

/** Unpacks cache records. */
export function decodeRecords(wire: readonly WireCacheRecord[], unpacker: EntriesUnpacker = new EntriesUnpacker()): [string, CacheRecord][] {
  return wire.map((r) => [r.key, { modeledMs: r.modeledMs, ...(r.createdAt !== undefined ? { createdAt: r.createdAt } : {}), ...(r.inputs ? { inputs: r.inputs } : {}), entries: unpacker.unpack(r.entries) }]);
}

/** Packs cache mounts (pushing their buffers to `transfer`). */
export function encodeMounts(mounts: Iterable<readonly [string, Snapshot]>, transfer: ArrayBuffer[]): WireCacheMount[] {
  return [...mounts].map(([id, s]) => {
    const { packed } = packTree(s, { lazy: baseRegistry });
    transfer.push(packed.meta, packed.data);
    return { id, tree: packed };
  });
}

/** Unpacks cache mounts. */
export function decodeMounts(wire: readonly WireCacheMount[]): [string, Snapshot][] {
  return wire.map((m) => [m.id, unpackTree(m.tree, baseRegistry)]);
}

/** Packs a job and the cache mounts it may read (the context against what `sender`'s worker keeps, when given). */
export function encodeJob(
  job: StageJob, mounts: Iterable<readonly [string, Snapshot]>, sender?: KeptContextSender,
): { wire: WireStageJob; transfer: ArrayBuffer[] } {
  const packer = new EntriesPacker();
  const { transfer } = packer;
  const state = (s: StageState): WireStageState => encodeState(s, packer);
  const { input } = job;
  const { packed: context, kept } = sender ? sender.pack(input.context) : { ...packTree(input.context, { lazy: baseRegistry }), kept: undefined };
  transfer.push(context.meta, context.data);
  const wire: WireStageJob = {
    index: job.index,
    ...(job.label !== undefined ? { label: job.label } : {}),
    stages: job.stages,
    deps: [...job.deps].map(([i, s]) => [i, state(s)] as const),
    ...(job.baseStage !== undefined ? { baseStage: job.baseStage } : {}),
    escapeToken: job.escapeToken,
    input: {
      stage: input.stage, steps: input.steps, base: state(input.base), platform: input.platform, baseArgs: input.baseArgs, context,
      ...(kept ? { kept } : {}), buildArgs: input.buildArgs, secrets: input.secrets, noCache: input.noCache, created: input.created, mtime: input.mtime,
      ...(input.history ? { history: input.history } : {}),
    },
    mounts: encodeMounts(mounts, transfer),
  };
  return { wire, transfer };
}

/**
 * Rebuilds a job on the worker's side; its
 * context from the files `keeper` keeps, which then keeps this job's context.
 */
export function decodeJob(wire: WireStageJob, unpacker: EntriesUnpacker = new EntriesUnpacker(), keeper?: KeptContext): StageJob {
  const { kept, ...input } = wire.input;
  const context = keeper ? keeper.unpack(input.context, kept ?? { gen: 0, from: 0 }) : unpackTree(input.context, baseRegistry);
  return {
    index: wire.index,
    ...(wire.label !== undefined ? { label: wire.label } : {}),
    stages: wire.stages,
    deps: new Map(wire.deps.map(([i, s]) => [i, decodeState(s, unpacker)])),
    ...(wire.baseStage !== undefined ? { baseStage: wire.baseStage } : {}),
    escapeToken: wire.escapeToken,
    // each step's env is a snapshot of one shared log (engine/dockerfile/shell/env.ts): cloned as plain data, revived here
    input: { ...input, steps: input.steps.map((s) => ({ ...s, env: EnvSnapshot.revive(s.env) })), base: decodeState(input.base, unpacker), context },
  };
}
