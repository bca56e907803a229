/**
 * The page's handle on the sandbox worker: the `SandboxEngine` the client calls, with the
 * worker's lifecycle hidden. A comlink call to a dead worker never settles, so every call
 * races the worker's death (its `error` event, `kill()`, or a ping watchdog). When the
 * worker dies mid-command, the command fails with a clear message, a running build's
 * view ends `failed`, and the next call starts a fresh worker. The workspace lives on
 * the main thread and is never touched.
 */
import { proxy, wrap, type Endpoint, type Remote } from 'comlink';
import { cancelFlag } from '../../../../workers/cancel-flag.ts';
import type { SandboxWorkerApi, WireContext } from '../../workers/sandbox-api.ts';
import type { ContainerSummary, ImageLayer, ImageSummary, LayerChange } from './panel-data.ts';
import type { CommandSink, NamedArchive, RunContext, SandboxEngine } from './engine-api.ts';
import type { HostLineResult } from '#engine/commands';
import type { RuntimeReport } from './report.ts';
import type { BuildEvent } from '#engine/progress';

/** A started worker: its message endpoint, how to stop it, and how it reports dying. */
export interface WorkerHandle {
  readonly endpoint: Endpoint;
  terminate(): void;
  /** Call `cb` with a reason when the worker fails (throws at load, crashes). */
  onDeath(cb: (reason: string) => void): void;
}

/** The worker died; the message says what the learner lost and kept. */
export class SandboxLostError extends Error {
  constructor(reason: string) {
    super(`the sandbox stopped (${reason}). A fresh sandbox has started with the images and build cache saved before this command; your workspace files are unchanged`);
  }
}

/** Watchdog timings, ms: how often a busy worker is pinged, and how long it may stay silent. */
export interface Watchdog {
  readonly pingMs: number;
  readonly silentMs: number;
}

interface Live {
  readonly handle: WorkerHandle;
  readonly api: Remote<SandboxWorkerApi>;
  readonly death: Promise<never>;
  dead: boolean;
  kill(reason: string): void;
}

/** Runs the sandbox in workers from `spawn`, one at a time, replacing a dead one on the next call. */
export class WorkerEngine implements SandboxEngine {
  private live: Live | undefined;
  private ids = 0;
  /** Build view ids stay unique across workers: a fresh worker counts from 1, shifted by this. */
  private buildOffset = 0;
  private lastBuildId = 0;

  constructor(
    private readonly spawn: () => WorkerHandle,
    private readonly watchdog: Watchdog = { pingMs: 2_000, silentMs: 30_000 },
  ) {}

  /** Stop the current worker (a test hook, and what a watchdog does); a running command fails. */
  kill(reason = 'its worker was stopped'): void {
    this.live?.kill(reason);
  }

  private worker(): Live {
    if (this.live && !this.live.dead) return this.live;
    let reject: (err: Error) => void = () => {};
    const death = new Promise<never>((_, r) => (reject = r));
    death.catch(() => undefined);
    let handle: WorkerHandle;
    try {
      handle = this.spawn();
    } catch (err) {
      const reason = `its worker could not start: ${err instanceof Error ? err.message : String(err)}`;
      return { handle: { endpoint: undefined as never, terminate() {}, onDeath() {} }, api: undefined as never, death: Promise.reject(new SandboxLostError(reason)), dead: true, kill() {} };
    }
    this.buildOffset = this.lastBuildId;
    const live: Live = {
      handle,
      api: wrap<SandboxWorkerApi>(handle.endpoint),
      death,
      dead: false,
      kill(reason) {
        if (live.dead) return;
        live.dead = true;
        handle.terminate();
        reject(new SandboxLostError(reason));
      },
    };
    handle.onDeath((reason) => live.kill(reason));
    this.live = live;
    return live;
  }

  /** `fn` on the worker, or the worker's death, whichever comes first; pings while it waits. */
  private async call<T>(fn: (api: Remote<SandboxWorkerApi>) => Promise<T>): Promise<T> {
    const live = this.worker();
    let heard = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - heard > this.watchdog.silentMs) live.kill('its worker stopped responding');
      else live.api.ping().then(() => (heard = Date.now()), () => undefined);
    }, this.watchdog.pingMs);
    try {
      return await Promise.race([fn(live.api), live.death]);
    } finally {
      clearInterval(timer);
    }
  }

  /** One line on the worker: output and reports through a proxied sink, Ctrl+C, and the worker's death turned into exit status 1. */
  async runLine(ctx: RunContext, out: CommandSink): Promise<HostLineResult> {
    const id = ++this.ids;
    let build: { id: number; events: BuildEvent[]; ended: boolean } | undefined;
    const report = (wire: RuntimeReport) => {
      const r = this.shift(wire, this.buildOffset);
      if (r.kind === 'build-start') build = { id: r.view.id, events: [], ended: false };
      else if (r.kind === 'build-events' && build?.id === r.id) build.events.push(...r.events);
      else if (r.kind === 'build-end' && build?.id === r.id) build.ended = true;
      ctx.report?.(r);
    };
    const sink = proxy({
      stdout: (t: string) => out.stdout(t),
      stderr: (t: string) => out.stderr(t),
      download: (name: string, bytes: Uint8Array, type: string) => out.download?.(name, bytes, type),
      report,
      sync: () => {},
    });
    const flag = cancelFlag();
    const wire: WireContext = {
      line: ctx.line,
      files: ctx.files,
      ...(ctx.terminal ? { terminal: ctx.terminal } : {}),
      downloads: out.download !== undefined,
      ...(flag.buffer ? { cancel: flag.buffer } : {}),
    };
    let live: Live | undefined;
    const onAbort = () => {
      flag.set();
      void live?.api.cancel(id).catch(() => undefined);
    };
    ctx.signal?.addEventListener('abort', onAbort);
    try {
      return await this.call((api) => {
        live = this.live;
        if (ctx.signal?.aborted) onAbort();
        return api.runLine(id, wire, sink);
      });
    } catch (err) {
      if (!(err instanceof SandboxLostError)) throw err;
      out.stderr(`ERROR: ${err.message}\n`);
      if (build && !build.ended) {
        const b = build;
        ctx.report?.({
          kind: 'build-end',
          id: b.id,
          status: 'failed',
          error: err.message,
          record: { command: ctx.line, ok: false, error: err.message, tags: [], images: [], events: b.events, outputs: [] },
        });
      }
      ctx.report?.({ kind: 'store-changed' });
      ctx.report?.({ kind: 'containers-changed' }); // the worker's containers died with it
      return { exitCode: 1, written: new Map(), deleted: [] };
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** `r` with its build id moved past the builds of earlier workers. */
  private shift(r: RuntimeReport, offset: number): RuntimeReport {
    if (r.kind === 'build-start') {
      this.lastBuildId = Math.max(this.lastBuildId, r.view.id + offset);
      return { ...r, view: { ...r.view, id: r.view.id + offset } };
    }
    if (r.kind === 'build-events' || r.kind === 'build-end') return { ...r, id: r.id + offset };
    return r;
  }

  listImages(): Promise<ImageSummary[]> {
    return this.call((api) => api.listImages());
  }

  imageLayers(ref: string): Promise<ImageLayer[]> {
    return this.call((api) => api.imageLayers(ref));
  }

  layerChanges(ref: string, index: number): Promise<LayerChange[]> {
    return this.call((api) => api.layerChanges(ref, index));
  }

  imageArchive(ref: string): Promise<NamedArchive> {
    return this.call((api) => api.imageArchive(ref));
  }

  listContainers(): Promise<ContainerSummary[]> {
    return this.call((api) => api.listContainers());
  }

  stopContainer(id: string): Promise<void> {
    return this.call((api) => api.stopContainer(id));
  }

  removeContainer(id: string): Promise<void> {
    return this.call((api) => api.removeContainer(id));
  }

  containerLogs(id: string): Promise<string> {
    return this.call((api) => api.containerLogs(id));
  }
}
