/**
 * A `StageExecutor` over a `StagePool`: `build(req, deps, { stages: poolExecutor(pool) })`
 * runs each stage's steps on a stage worker with the engine's own `executeStage`, while
 * this thread keeps the front end, the progress, pulls, exports and the caches. A job
 * carries the cache mounts the worker may read; a step asks this thread for its layer-cache
 * record by key (so a big cache costs a stage nothing); what the stage wrote comes back and
 * is stored here, so cache hits behave as in-process. Each worker
 * keeps the build context of its last job, and a job carries only the context files
 * that differ from those (`kept-context.ts`).
 */
import { proxy, transfer } from 'comlink';
import type { Remote } from 'comlink';
import type { CacheMountStore, StepCache } from '#engine/cache';
import type { StageExecutor } from '#engine/build';
import type { Snapshot } from '#engine/fs';
import { EntriesPacker, EntriesUnpacker, decodeState } from './state-codec.ts';
import { decodeMounts, decodeRecords, encodeJob, encodeRecords, type CacheLookup } from './stage-job-codec.ts';
import { KeptContextSender } from './kept-context.ts';
import type { StagePool } from './pool.ts';
import type { StageWorkerApi } from './protocol.ts';

let nextBuild = 1_000_000;
let nextContext = 1;

/** What each worker keeps of the build context, by the worker's comlink handle (a replaced worker has a new one). */
const keptBy = new WeakMap<Remote<StageWorkerApi>, KeptContextSender>();

function senderFor(api: Remote<StageWorkerApi>): KeptContextSender {
  let s = keptBy.get(api);
  if (s === undefined) keptBy.set(api, (s = new KeptContextSender(() => nextContext++)));
  return s;
}

/** Answers a worker's lookups from `cache` (each record's buffers are made for the reply and transferred). */
function lookupIn(cache: StepCache): CacheLookup {
  return proxy(async (key: string) => {
    const record = await cache.get(key);
    if (record === undefined) return undefined;
    const packer = new EntriesPacker();
    return transfer(encodeRecords([[key, record]], packer)[0]!, packer.transfer);
  });
}

/** The mounts of a store this side can list (a `MemoryCacheMountStore`). */
function mountList(store: CacheMountStore): [string, Snapshot][] {
  const s = store as CacheMountStore & { ids?: () => string[] };
  if (typeof s.ids !== 'function') return [];
  return s.ids().flatMap((id) => {
    const snap = store.get(id);
    return snap ? [[id, snap] as [string, Snapshot]] : [];
  });
}

/** Runs stages on `pool`'s workers. */
export function poolExecutor(pool: StagePool): StageExecutor {
  const buildId = nextBuild++;
  return {
    parallel: true,
    async execute(job, ctx) {
      const mounts = mountList(ctx.cacheMounts);
      const lookup = lookupIn(ctx.cache);
      const done = await pool.dispatch(
        { buildId, stage: job.index, ...(job.label !== undefined ? { label: `[${job.label}]` } : {}) },
        {
          signal: ctx.signal,
          ...(ctx.worker ? { onWorker: ctx.worker } : {}),
          onEvent: (e) => {
            if (e.kind === 'vertex-start') ctx.hooks.start(e.vertex);
            else if (e.kind === 'vertex-log') ctx.hooks.log(e.vertex, e.data, e.stream);
            else if (e.kind === 'vertex-done' && e.error === undefined && !e.canceled) ctx.hooks.done(e.vertex, { cached: e.cached === true, modeledMs: e.t, ...(e.cause ? { cause: e.cause } : {}) });
          },
          ...(ctx.stepName ? { stepName: ctx.stepName } : {}),
        },
        (api, sink, cancel) => {
          const sender = senderFor(api);
          const sent = (async () => {
            const { wire, transfer: buffers } = encodeJob(job, mounts, sender);
            return api.execStage(transfer(wire, buffers), buildId, sink, lookup, cancel);
          })();
          // A job that failed may have failed before the worker took its context: the next one carries it whole.
          return sent.catch((err: unknown) => {
            sender.forget();
            throw err;
          });
        },
      );
      const unpacker = new EntriesUnpacker();
      for (const [k, r] of decodeRecords(done.cache, unpacker)) ctx.cache.put(k, r);
      for (const [id, s] of decodeMounts(done.mounts)) ctx.cacheMounts.set(id, s);
      return decodeState(done.state, unpacker);
    },
  };
}
