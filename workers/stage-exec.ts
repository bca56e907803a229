/**
 * The stage worker's side of a `StageJob`: the engine's `executeStage` (every
 * instruction, mounts, cache, secrets, args, platforms) with the cache mounts the job
 * carried, and layer-cache records asked of the coordinator by key as steps need them. Step hooks leave as stage-local vertex events (`vertex` = step index,
 * `t` = the step's modeled ms on `vertex-done`); what the stage wrote to the caches goes
 * back with its final state.
 */
import { MemoryCacheMountStore, type CacheRecord } from '#engine/cache';
import { inProcessExecutor } from '#engine/build';
import type { PlatformDeps } from '#engine/platform';
import type { BuildEvent } from '#engine/progress';
import type { Snapshot } from '#engine/fs';
import { EntriesPacker, EntriesUnpacker, encodeState } from './state-codec.ts';
import { decodeJob, decodeMounts, decodeRecords, encodeMounts, encodeRecords, type CacheLookup, type WireStageDone, type WireStageJob } from './stage-job-codec.ts';
import type { KeptContext } from './kept-context.ts';

/**
 * Runs a wire job (its context from, and then kept in, `kept`; cache records from `lookup`);
 * returns the wire result and its transferables.
 */
export async function executeWireJob(
  wire: WireStageJob, platform: PlatformDeps, signal: AbortSignal, emit: (e: BuildEvent) => void, lookup: CacheLookup, kept?: KeptContext,
): Promise<{ done: WireStageDone; transfer: ArrayBuffer[] }> {
  const job = decodeJob(wire, new EntriesUnpacker(), kept);
  const puts = new Map<string, CacheRecord>();
  const get = async (key: string): Promise<CacheRecord | undefined> => {
    const own = puts.get(key);
    if (own !== undefined) return own;
    const found = await lookup(key);
    return found === undefined ? undefined : decodeRecords([found])[0]![1];
  };
  const mounts = new MemoryCacheMountStore();
  for (const [id, s] of decodeMounts(wire.mounts)) mounts.set(id, s);
  const sets = new Map<string, Snapshot>();
  const state = await inProcessExecutor(platform).execute(job, {
    cache: { get, put: (k, r) => void puts.set(k, r) },
    cacheMounts: { get: (id) => mounts.get(id), set: (id, s) => (mounts.set(id, s), void sets.set(id, s)), clear: () => mounts.clear() },
    signal,
    hooks: {
      start: (i) => emit({ kind: 'vertex-start', vertex: i, name: `step ${i}`, t: 0 }),
      log: (i, data, stream) => emit({ kind: 'vertex-log', vertex: i, data, stream, t: 0 }),
      done: (i, r) => emit({ kind: 'vertex-done', vertex: i, t: r.modeledMs, ...(r.cached ? { cached: true } : {}), ...(r.cause ? { cause: r.cause } : {}) }),
    },
  });
  const packer = new EntriesPacker();
  const done: WireStageDone = { state: encodeState(state, packer), cache: encodeRecords(puts, packer), mounts: encodeMounts(sets, packer.transfer) };
  return { done, transfer: packer.transfer };
}
