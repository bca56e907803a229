/**
 * A `StageExecutor` over a `StagePool`: `build(req, deps, { stages: poolExecutor(pool) })`
 * runs each stage's steps on a stage worker with the engine's own `executeStage`, while
 * this thread keeps the front end, the progress, pulls, exports and the caches. A job
 * carries the layer-cache records and cache mounts the worker may read; what the stage
 * wrote comes back and is stored here, so cache hits behave as in-process. Each worker
 * keeps the build context of its last job, and a job carries only the context files
 * that differ from those (`kept-context.ts`).
 */
import { transfer } from 'comlink';
import type { Remote } from 'comlink';
import type { CacheMountStore, CacheRecord, LayerCache } from '../engine/cache/index.ts';
import type { StageExecutor } from '../engine/build/stage-executor.ts';
import type { Snapshot } from '../engine/fs/index.ts';
import { EntriesUnpacker, decodeState } from './state-codec.ts';
import { decodeMounts, decodeRecords, encodeJob } from './stage-job-codec.ts';
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

/** The records of a cache this side can list (a `MemoryLayerCache`); others ship nothing and start cold. */
function cacheRecords(cache: LayerCache): [string, CacheRecord][] {
  const c = cache as LayerCache & { list?: () => [string, CacheRecord][] };
  return typeof c.list === 'function' ? c.list() : [];
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

/** Runs stages on `pool`'s workers (the layer cache is listed once per build). */
export function poolExecutor(pool: StagePool): StageExecutor {
  const buildId = nextBuild++;
  let known: Map<string, CacheRecord> | undefined;
  let build: AbortSignal | undefined;
  return {
    parallel: true,
    async execute(job, ctx) {
      if (ctx.signal !== build) known = undefined; // a new build: list the cache again
      build = ctx.signal;
      known ??= new Map(cacheRecords(ctx.cache));
      const records = known;
      const mounts = mountList(ctx.cacheMounts);
      const done = await pool.dispatch(
        { buildId, stage: job.index, ...(job.label !== undefined ? { label: `[${job.label}]` } : {}) },
        {
          signal: ctx.signal,
          ...(ctx.worker ? { onWorker: ctx.worker } : {}),
          onEvent: (e) => {
            if (e.kind === 'vertex-start') ctx.hooks.start(e.vertex);
            else if (e.kind === 'vertex-log') ctx.hooks.log(e.vertex, e.data, e.stream);
            else if (e.kind === 'vertex-done' && e.error === undefined && !e.canceled) ctx.hooks.done(e.vertex, { cached: e.cached === true, modeledMs: e.t });
          },
          ...(ctx.stepName ? { stepName: ctx.stepName } : {}),
        },
        (api, sink, cancel) => {
          const sender = senderFor(api);
          const sent = (async () => {
            const { wire, transfer: buffers } = encodeJob(job, records, mounts, sender);
            return api.execStage(transfer(wire, buffers), buildId, sink, cancel);
          })();
          // A job that failed may have failed before the worker took its context: the next one carries it whole.
          return sent.catch((err: unknown) => {
            sender.forget();
            throw err;
          });
        },
      );
      const unpacker = new EntriesUnpacker();
      for (const [k, r] of decodeRecords(done.cache, unpacker)) {
        ctx.cache.put(k, r);
        known.set(k, r);
      }
      for (const [id, s] of decodeMounts(done.mounts)) ctx.cacheMounts.set(id, s);
      return decodeState(done.state, unpacker);
    },
  };
}
