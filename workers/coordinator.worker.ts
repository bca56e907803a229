/**
 * The coordinator worker: owns a workspace's builds and the stage-worker pool, so the
 * page only sends requests and receives events and the target's tree. Thin adapter over
 * `BuildCoordinator`.
 */
import { expose, releaseProxy, transfer } from 'comlink';
import type { Remote } from 'comlink';
import type { BuildRequest } from '../engine/build/types.ts';
import { encodeOutput } from './codec.ts';
import { BuildCoordinator } from './coordinator.ts';
import { registerErrorTransfer } from './errors.ts';
import { eventBatch } from './event-batch.ts';
import { currentHost } from './host.ts';
import { StagePool } from './pool.ts';
import type { CoordinatorApi, CoordinatorResult, EventSink } from './protocol.ts';

registerErrorTransfer();
const host = currentHost();
let pool: StagePool | undefined;
let coordinator: BuildCoordinator | undefined;

/** The coordinator, over a pool of `jobs` workers (grown, never shrunk, when a build asks for more). */
function ensure(jobs?: number): BuildCoordinator {
  const size = jobs ?? host.concurrency;
  if (!pool || !coordinator || pool.size < size) {
    pool?.dispose();
    pool = new StagePool({ size, spawn: host.spawn });
    coordinator = new BuildCoordinator(pool);
  }
  return coordinator;
}

const api: CoordinatorApi = {
  async build(request: BuildRequest, sink: EventSink, jobs?: number): Promise<CoordinatorResult> {
    const remote = sink as unknown as Remote<EventSink>;
    const batch = eventBatch((events) => remote(events));
    try {
      const res = await ensure(jobs).build(request, (e) => batch.push(e), jobs ?? pool?.size);
      await batch.flush();
      const { wire, transfer: buffers } = encodeOutput(res.target);
      return transfer({ target: wire, modeledMs: res.modeledMs, jobs: res.jobs }, buffers);
    } catch (err) {
      await batch.flush();
      throw err;
    } finally {
      remote[releaseProxy]();
    }
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
