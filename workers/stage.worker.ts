/**
 * A stage worker: runs one stage at a time with the engine's stage runner. Thin adapter:
 * decode the dependencies' trees, run, encode the result as transferables.
 */
import { expose, releaseProxy, transfer } from 'comlink';
import type { Remote } from 'comlink';
import { localStageRunner } from '../engine/build/stage-runner-local.ts';
import { decodeOutput, encodeOutput } from './codec.ts';
import { registerErrorTransfer } from './errors.ts';
import { eventBatch } from './event-batch.ts';
import { currentHost } from './host.ts';
import { watchFlag } from './cancel-flag.ts';
import type { EventSink, StageJob, StageWorkerApi, WireStageOutput } from './protocol.ts';
import { executeWireJob } from './stage-exec.ts';
import type { WireStageDone, WireStageJob } from './stage-job-codec.ts';

registerErrorTransfer();
const host = currentHost();
const runner = localStageRunner();
const running = new Map<number, AbortController>();

const api: StageWorkerApi = {
  async runStage(job: StageJob, sink: EventSink): Promise<WireStageOutput> {
    const remote = sink as unknown as Remote<EventSink>;
    const ac = new AbortController();
    const signal = watchFlag(ac, job.cancel);
    running.set(job.buildId, ac);
    const batch = eventBatch((events) => remote(events));
    try {
      const deps = new Map(job.deps.map(([s, w]) => [s, decodeOutput(w)]));
      const out = await runner.runStage({ buildId: job.buildId, request: job.request, stage: job.stage, deps }, { signal, onEvent: (e) => batch.push(e) });
      await batch.flush();
      const { wire, transfer: buffers } = encodeOutput(out);
      return transfer(wire, buffers);
    } catch (err) {
      await batch.flush();
      throw err;
    } finally {
      running.delete(job.buildId);
      remote[releaseProxy]();
    }
  },
  async execStage(job: WireStageJob, buildId: number, sink: EventSink, cancel?: SharedArrayBuffer): Promise<WireStageDone> {
    const remote = sink as unknown as Remote<EventSink>;
    const ac = new AbortController();
    const signal = watchFlag(ac, cancel);
    running.set(buildId, ac);
    const batch = eventBatch((events) => remote(events));
    try {
      const { done, transfer: buffers } = await executeWireJob(job, host.platform, signal, (e) => {
        void signal.aborted; // reads the shared cancel flag
        batch.push(e);
      });
      await batch.flush();
      return transfer(done, buffers);
    } catch (err) {
      await batch.flush();
      throw err;
    } finally {
      running.delete(buildId);
      remote[releaseProxy]();
    }
  },
  cancel(buildId: number): void {
    running.get(buildId)?.abort();
  },
  ping: () => Date.now(),
};

expose(api, host.endpoint);
