/**
 * A stage worker: runs one stage's steps at a time with the engine's `executeStage`
 * (`stage-exec.ts`). Thin adapter: decode the job, run, encode the result as transferables.
 */
import { expose, releaseProxy, transfer } from 'comlink';
import type { Remote } from 'comlink';
import { registerErrorTransfer } from './errors.ts';
import { eventBatch } from './event-batch.ts';
import { currentHost } from './host.ts';
import { watchFlag } from './cancel-flag.ts';
import { KeptContext } from './kept-context.ts';
import type { EventSink, StageWorkerApi } from './protocol.ts';
import { executeWireJob } from './stage-exec.ts';
import type { CacheLookup, WireStageDone, WireStageJob } from './stage-job-codec.ts';

registerErrorTransfer();
const host = currentHost();
const running = new Map<number, AbortController>();
/** The build context of the last job, which the next job's context refers to. */
const kept = new KeptContext();

const api: StageWorkerApi = {
  async execStage(job: WireStageJob, buildId: number, sink: EventSink, lookup: CacheLookup, cancel?: SharedArrayBuffer): Promise<WireStageDone> {
    const remote = sink as unknown as Remote<EventSink>;
    const records = lookup as unknown as Remote<CacheLookup>;
    const ac = new AbortController();
    const unwatch = watchFlag(ac, cancel);
    const signal = ac.signal;
    running.set(buildId, ac);
    const batch = eventBatch((events) => remote(events));
    try {
      const { done, transfer: buffers } = await executeWireJob(job, host.platform, signal, (e) => {
        void signal.aborted; // reads the shared cancel flag
        batch.push(e);
      }, (key) => records(key), kept);
      await batch.flush();
      return transfer(done, buffers);
    } catch (err) {
      await batch.flush();
      throw err;
    } finally {
      unwatch();
      running.delete(buildId);
      remote[releaseProxy]();
      records[releaseProxy]();
    }
  },
  cancel(buildId: number): void {
    running.get(buildId)?.abort();
  },
  ping: () => Date.now(),
};

expose(api, host.endpoint);
