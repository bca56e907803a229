/**
 * A pool of stage workers. `dispatch()` runs one call on a free worker (`pool-executor.ts`
 * sends it a stage's steps) and relays the stage's events, tagged with the worker. A worker
 * that dies (throws, runs out of memory, is terminated) fails only the stage it was
 * running, with an error naming that stage and step, and is replaced; a worker that does
 * not stop after a cancel within `cancelGraceMs` is terminated and replaced.
 */
import { proxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { BuildEvent } from '#engine/progress';
import { ExecError } from '#engine/source';
import { CanceledError } from '#engine/exec';
import { registerErrorTransfer } from './errors.ts';
import { cancelFlag } from './cancel-flag.ts';
import type { EventSink, SpawnWorker, StageWorkerApi, WorkerHandle } from './protocol.ts';

/** Options of `StagePool`. */
export interface PoolOptions {
  /** Number of stage workers (≥ 1). */
  readonly size: number;
  readonly spawn: SpawnWorker;
  /** How long a canceled stage may take to stop before its worker is replaced (default 1000 ms). */
  readonly cancelGraceMs?: number;
  /** Time origin of `realMs` in events (default: the pool's creation). */
  readonly clock?: () => number;
}

interface Slot {
  /** 1-based worker id, as events report it (0 is the coordinator). */
  readonly id: number;
  readonly handle: WorkerHandle;
  readonly api: Remote<StageWorkerApi>;
  /** Rejects with the reason when the worker dies. */
  readonly death: Promise<never>;
  busy: boolean;
  dead: boolean;
  /** Marks the slot dead and rejects `death` with `reason` (first call wins). */
  fail(reason: string): void;
}

/** What `dispatch` is given besides the call: the build's signal and where the stage's events go. */
export interface DispatchContext {
  /** Aborted when the build is canceled or superseded. */
  readonly signal: AbortSignal;
  /** Receives the stage's events (stage-local vertex numbers), tagged with the worker and `realMs`. */
  onEvent(event: BuildEvent): void;
  /** Told which worker (1-based) runs the call. */
  readonly onWorker?: (id: number) => void;
  /** The vertex name of the stage's local vertex (for `WORKER_LOST` naming the step). */
  readonly stepName?: (vertex: number) => string;
}

/** Stage workers, started lazily (or by `warmUp`), replaced when they die. */
export class StagePool {
  private readonly slots: (Slot | undefined)[];
  private readonly waiters: (() => void)[] = [];
  private readonly clock: () => number;
  private disposed = false;

  constructor(private readonly opts: PoolOptions) {
    registerErrorTransfer();
    this.slots = new Array<Slot | undefined>(Math.max(1, opts.size)).fill(undefined);
    const t0 = Date.now();
    this.clock = opts.clock ?? (() => Date.now() - t0);
  }

  /** Number of workers. */
  get size(): number {
    return this.slots.length;
  }

  /** Starts every worker and waits until each answers. */
  async warmUp(): Promise<void> {
    await Promise.all(this.slots.map((_, i) => {
      const slot = this.slotAt(i);
      return Promise.race([slot.api.ping(), slot.death]);
    }));
  }

  /**
   * Runs `call` on a free worker (waiting for one if all are busy), relaying the events it
   * sends through `sink` to `ctx.onEvent` tagged with the worker. A dead worker fails the call
   * with `WORKER_LOST` naming the stage's running step; a cancel sets the shared flag, asks the
   * worker to stop, and replaces it when it does not within the grace time.
   */
  async dispatch<T>(
    job: { readonly buildId: number; readonly stage: number; readonly label?: string },
    ctx: DispatchContext,
    call: (api: Remote<StageWorkerApi>, sink: EventSink, cancel: SharedArrayBuffer | undefined) => Promise<T>,
  ): Promise<T> {
    const slot = await this.acquire();
    ctx.onWorker?.(slot.id);
    let step: string | undefined;
    let lastT = 0;
    const open = new Set<number>();
    const sink = proxy((events: readonly BuildEvent[]) => {
      for (const e of events) {
        if (e.kind === 'warning') {
          ctx.onEvent(e);
          continue;
        }
        if (e.kind === 'vertex-start') {
          step = ctx.stepName ? ctx.stepName(e.vertex) : e.name;
          open.add(e.vertex);
        }
        if (e.kind === 'vertex-done') open.delete(e.vertex);
        lastT = e.t;
        ctx.onEvent({ ...e, worker: slot.id, realMs: this.clock() });
      }
    });
    /** Ends the steps the worker left open (it was canceled, or died) as BuildKit shows them. */
    const closeOpen = (how: { canceled: true } | { error: string }): void => {
      for (const vertex of open) ctx.onEvent({ kind: 'vertex-done', t: lastT, vertex, worker: slot.id, realMs: this.clock(), ...how });
      open.clear();
    };
    const flag = cancelFlag();
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    let onAbort = (): void => undefined;
    const canceled = new Promise<never>((_, reject) => {
      onAbort = (): void => {
        flag.set();
        void slot.api.cancel(job.buildId).catch(() => undefined);
        graceTimer = setTimeout(() => {
          reject(new CanceledError());
          this.replace(slot, 'the worker did not stop after a cancel');
        }, this.opts.cancelGraceMs ?? 1000);
      };
    });
    canceled.catch(() => undefined);
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([call(slot.api, sink, flag.buffer), slot.death, canceled]);
    } catch (err) {
      if (slot.dead && !ctx.signal.aborted) {
        const where = step ?? job.label ?? `stage ${job.stage}`;
        closeOpen({ error: `worker ${slot.id} stopped: ${(err as Error).message}` });
        throw new ExecError('WORKER_LOST', `worker ${slot.id} stopped while running ${where}: ${(err as Error).message}`, [], {
          stage: job.stage, step: step ?? null, worker: slot.id,
        });
      }
      if (ctx.signal.aborted) closeOpen({ canceled: true });
      else closeOpen({ error: (err as Error).message });
      throw err;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      clearTimeout(graceTimer);
      this.release(slot);
    }
  }

  /** Terminates a worker on purpose (tests, "stop" buttons); it is replaced like a crash. */
  kill(workerId: number): void {
    const slot = this.slots[workerId - 1];
    if (slot) this.replace(slot, 'the worker was terminated');
  }

  /** Stops every worker; the pool cannot be used afterwards. */
  dispose(): void {
    this.disposed = true;
    for (const s of this.slots) if (s) this.replace(s, 'the pool was disposed');
  }

  private slotAt(i: number): Slot {
    if (this.disposed) throw new Error('the stage pool was disposed');
    const cur = this.slots[i];
    if (cur && !cur.dead) return cur;
    const handle = this.opts.spawn();
    let reject!: (e: Error) => void;
    const death = new Promise<never>((_, r) => (reject = r));
    death.catch(() => undefined);
    const slot: Slot = {
      id: i + 1, handle, api: wrap<StageWorkerApi>(handle.endpoint), death, busy: cur?.busy ?? false, dead: false,
      fail(reason) {
        if (slot.dead) return;
        slot.dead = true;
        reject(new Error(reason));
      },
    };
    handle.onDeath((reason) => slot.fail(reason));
    this.slots[i] = slot;
    return slot;
  }

  /** Marks `slot` dead, terminates it; the next `acquire` starts a fresh worker in its place. */
  private replace(slot: Slot, reason: string): void {
    slot.fail(reason);
    slot.handle.terminate();
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      const i = this.slots.findIndex((s) => !s?.busy);
      if (i >= 0) {
        const slot = this.slotAt(i);
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiters.shift()?.();
  }
}
