/**
 * The page's (or the CLI's) handle on a coordinator worker. A comlink call to a dead
 * worker never settles, so every call races the worker's death; a coordinator that died
 * (failed to load, crashed, ran out of memory) fails the call in flight and is started
 * again on the next call.
 */
import { proxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { BuildRequest } from '../engine/build/types.ts';
import type { BuildEvent } from '../engine/progress/events.ts';
import { EngineError } from '../engine/source/errors.ts';
import type { Snapshot } from '../engine/fs/index.ts';
import { decodeFilesystems } from './result-codec.ts';
import { registerErrorTransfer } from './errors.ts';
import type { CoordinatorApi, SpawnWorker, WireBuildResult, WorkerHandle } from './protocol.ts';
import { cancelFlag, type CancelFlag } from './cancel-flag.ts';

interface Live {
  readonly handle: WorkerHandle;
  readonly api: Remote<CoordinatorApi>;
  /** Rejects when the coordinator dies. */
  readonly death: Promise<never>;
  dead: boolean;
}

/** A coordinator worker, started on first use and restarted after it dies. */
export class CoordinatorClient {
  private live: Live | undefined;
  /** The flag of the build in flight: raised by `cancel()` or by a newer build. */
  private flag: CancelFlag | undefined;

  /**
   * @param spawn how to start workers here (`spawnWebWorker` in browsers, `nodeSpawner()` in Node)
   * @param jobs pool size (`--jobs`); default: the coordinator's host concurrency
   */
  constructor(private readonly spawn: SpawnWorker, private readonly jobs?: number) {
    registerErrorTransfer();
  }

  /** Starts the coordinator and its stage workers; resolves with the pool size. */
  warmUp(): Promise<number> {
    return this.call((api) => api.warmUp(this.jobs));
  }

  /**
   * Runs the engine's whole build in the coordinator (outputs, warnings, image digests)
   * and rebuilds the target filesystems here. A newer call supersedes (cancels) one still
   * running. With `jobs` > 1 the coordinator runs the stages on that many stage workers
   * (events carry `worker`); without, in the coordinator's thread.
   */
  async buildImage(request: BuildRequest, onEvent: (e: BuildEvent) => void, jobs?: number): Promise<WireBuildResult & { readonly trees: readonly Snapshot[] }> {
    const sink = proxy((events: readonly BuildEvent[]) => {
      for (const e of events) onEvent(e);
    });
    const flag = this.nextFlag();
    const res = await this.call((api) => api.buildImage(request, sink, flag.buffer, jobs));
    return { ...res, trees: decodeFilesystems(res) };
  }

  /** Cancels the running build (it rejects with CANCELED). */
  cancel(): void {
    this.flag?.set();
    void this.live?.api.cancel().catch(() => undefined);
  }

  /** Newest wins: raises the previous build's flag at once, even while the coordinator is busy. */
  private nextFlag(): CancelFlag {
    this.flag?.set();
    this.flag = cancelFlag();
    return this.flag;
  }

  /** Stops the coordinator at once, as a crash would (tests; a "stop" button). */
  kill(): void {
    this.live?.handle.terminate();
  }

  /** Stops the coordinator and its stage workers. */
  async dispose(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    await Promise.race([live.api.dispose(), live.death, new Promise((r) => setTimeout(r, 1000))]).catch(() => undefined);
    live.handle.terminate();
  }

  private async call<T>(fn: (api: Remote<CoordinatorApi>) => Promise<T>): Promise<T> {
    const live = this.ensure();
    return Promise.race([fn(live.api), live.death]);
  }

  private ensure(): Live {
    if (this.live && !this.live.dead) return this.live;
    const handle = this.spawn('coordinator');
    let reject!: (e: Error) => void;
    const death = new Promise<never>((_, r) => (reject = r));
    death.catch(() => undefined);
    const live: Live = { handle, api: wrap<CoordinatorApi>(handle.endpoint), death, dead: false };
    // Dead: the call in flight fails; the next call starts a fresh coordinator.
    handle.onDeath((reason) => {
      live.dead = true;
      reject(new EngineError('WORKER_LOST', `the build coordinator stopped: ${reason}`));
    });
    this.live = live;
    return live;
  }
}
