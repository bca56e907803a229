/**
 * The coordinator worker: owns a workspace's builds and the stage-worker pool, so the
 * page only sends requests and receives events and the target's tree. Thin adapter over
 * `BuildCoordinator`.
 */
import { expose, releaseProxy, transfer } from 'comlink';
import type { Remote } from 'comlink';
import type { BuildRequest } from '../engine/build/types.ts';
import type { BuildEvent } from '../engine/progress/events.ts';
import { MemoryCacheMountStore, MemoryLayerCache } from '../engine/build/index.ts';
import type { BuildDeps } from '../engine/build/types.ts';
import { encodeBuildResult } from './result-codec.ts';
import { BuildCoordinator } from './coordinator.ts';
import { registerErrorTransfer } from './errors.ts';
import { eventBatch } from './event-batch.ts';
import { currentHost } from './host.ts';
import { StagePool } from './pool.ts';
import { spawnStageWebWorker } from './web-spawn-stage.ts';
import type { CoordinatorApi, EventSink, WireBuildResult } from './protocol.ts';

registerErrorTransfer();
const host = currentHost();
let pool: StagePool | undefined;
let coordinator: BuildCoordinator | undefined;
/** The workspace's caches, kept between builds like BuildKit's. */
const deps: BuildDeps = { platform: host.platform, cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), now: () => Date.now() };

/** The coordinator, over a pool of `jobs` workers (grown, never shrunk, when a build asks for more). */
function ensure(jobs?: number): BuildCoordinator {
  const size = jobs ?? host.concurrency;
  if (!pool || !coordinator || pool.size < size) {
    pool?.dispose();
    pool = new StagePool({ size, spawn: globalThis.stageplayHost ? host.spawn : spawnStageWebWorker });
    coordinator = new BuildCoordinator(pool);
  }
  return coordinator;
}

/** Runs `fn` with a batching wrapper of `sink`; events are all delivered before it settles. */
async function withSink<T>(sink: EventSink, fn: (push: (e: BuildEvent) => void) => Promise<T>): Promise<T> {
  const remote = sink as unknown as Remote<EventSink>;
  const batch = eventBatch((events) => remote(events));
  try {
    const out = await fn((e) => batch.push(e));
    await batch.flush();
    return out;
  } catch (err) {
    await batch.flush();
    throw err;
  } finally {
    remote[releaseProxy]();
  }
}

const api: CoordinatorApi = {
  buildImage(request: BuildRequest, sink: EventSink, cancel?: SharedArrayBuffer, jobs?: number): Promise<WireBuildResult> {
    return withSink(sink, async (push) => {
      const res = await ensure(jobs).buildImage(request, deps, push, cancel, jobs ?? 1);
      const { wire, transfer: buffers } = await encodeBuildResult(request, res);
      return transfer(wire, buffers);
    });
  },
  cancel: () => coordinator?.cancel(),
  async warmUp(jobs?: number): Promise<number> {
    ensure(jobs);
    await pool!.warmUp();
    return pool!.size;
  },
  dispose(): void {
    pool?.dispose();
    pool = undefined;
    coordinator = undefined;
  },
};

expose(api, host.endpoint);
