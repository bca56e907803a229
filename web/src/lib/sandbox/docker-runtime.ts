/**
 * The engine side of the sandbox: builds, the image store, layer cache and cache mounts,
 * and the image commands (the CLI's own, from `engine/commands`). It runs in the sandbox
 * worker (`web/src/workers/sandbox.worker.ts`) and, unchanged, in Node tests. Besides
 * terminal text it reports the live build, build and run records, and store changes
 * (`report.ts`), and answers the images panel (`image-views.ts`).
 */
import { MemoryCacheMountStore, MemoryLayerCache } from '../../../../engine/cache/index.ts';
import {
  ContainerManager,
  isContainerCommand,
  noSuchImage,
  runHistory,
  runImages,
  runPrune,
  runRmi,
  cacheRecords,
  formatPrune,
  prunePrompt,
  saveArchive,
  type ContainerCommand,
  type DockerCommand,
  type LocalImages,
} from '../../../../engine/commands/index.ts';
import { runHostLine, ShellSession, type HostLineResult } from '../../../../engine/commands/shell-host.ts';
import { CanceledError } from '../../../../engine/exec/stage.ts';
import { buildRecord } from '../../../../engine/lessons/record.ts';
import { runRecordedContainerCommand, type RecordedCommand } from '../../../../engine/lessons/container-record.ts';
import { inertControls } from '../../../../engine/report/controls.ts';
import type { BuildEvent } from '../../../../engine/progress/events.ts';
import type { PlatformDeps } from '../../../../engine/platform/types.ts';
import { ImageStore, MemoryBlobStore } from '../../../../engine/store/index.ts';
import { basename } from '../workspace/paths.ts';
import { archiveName, buildInPage, textAt, type PageBuildOutcome, type PageBuildState, workspaceDockerfile } from './build-command.ts';
import type { CommandSink, NamedArchive, RunContext } from './engine-api.ts';
import type { StageExecutor } from '../../../../engine/build/stage-executor.ts';
import type { ContainerSummary, ImageLayer, ImageSummary, LayerChange } from './contract.ts';
import { containerSummaries } from './container-views.ts';
import { dockerProgram, downloadProgram, type HostSetting } from './host-programs.ts';
import { imageLayers, layerChanges, listImages } from './image-views.ts';
import type { ReportSink } from './report.ts';
import { eventBatch } from '../../../../workers/event-batch.ts';

/** The host services the runtime needs. */
export interface RuntimeOptions {
  /** Hashing and gzip: `webDeps` in the page, `nodeDeps` in tests. */
  readonly deps: PlatformDeps;
  /** Wall clock, ms (image times and ages). */
  readonly now?: () => number;
  /** One turn of the event loop, awaited at each hash and gzip (default: a macrotask). */
  readonly tick?: () => Promise<void>;
  /** Where a build's stages run (default: this thread); the stage pool in the browser. */
  readonly stages?: StageExecutor;
  /** Images and caches that outlive the page (`web/src/lib/persist`); default: memory only. */
  readonly state?: PersistedState;
}

/** The image store and caches kept across reloads, saved after each command that changes them. */
export interface PersistedState extends LocalImages {
  readonly cache: MemoryLayerCache;
  readonly cacheMounts: MemoryCacheMountStore;
  /** Save what changed (all parts, or only those named). */
  flush(parts?: { readonly images?: boolean; readonly cache?: boolean; readonly cacheMounts?: boolean }): Promise<boolean>;
}

/** A parsed docker command the runtime runs (`help` is answered by the docker program). */
export type EngineCommand = Exclude<DockerCommand, { kind: 'help' }>;

/** How long a live build's log lines may wait for their batch to the page, ms. */
const EVENT_BATCH_MS = 50;

/** Yield to the event loop with a message (no 4 ms timer clamping), so the page stays responsive. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/** Runs parsed docker commands against the page's store and caches. */
export class DockerRuntime {
  /** The local image store (the page's `docker images`). */
  readonly store: LocalImages;
  private readonly state: PersistedState | undefined;
  private readonly page: PageBuildState;
  private readonly stages: StageExecutor | undefined;
  private readonly cache: MemoryLayerCache;
  private readonly cacheMounts: MemoryCacheMountStore;
  private builds = 0;
  /** The terminal shell's working directory and variables, kept between lines. */
  private readonly shell = new ShellSession();
  /** The latest save to `state`; the next command waits for it (saves never overlap a build). */
  private saving: Promise<unknown> = Promise.resolve();
  /** The page's containers: they live as long as this runtime (the sandbox worker, the page). */
  readonly containers: ContainerManager;
  /** A container changed since the last `containers-changed` report. */
  private containersChanged = false;
  /** The running container command's reports: a change is told at once (a foreground `docker run` lasts). */
  private containerReport: ReportSink | undefined;

  constructor(options: RuntimeOptions) {
    this.stages = options.stages;
    this.state = options.state;
    this.store = options.state ?? { images: new ImageStore(), blobs: new MemoryBlobStore() };
    this.cache = options.state?.cache ?? new MemoryLayerCache();
    this.cacheMounts = options.state?.cacheMounts ?? new MemoryCacheMountStore();
    this.page = {
      deps: options.deps,
      cache: this.cache,
      cacheMounts: this.cacheMounts,
      store: this.store,
      tick: options.tick ?? macrotask,
      now: options.now ?? (() => Date.now()),
    };
    this.containers = new ContainerManager({
      images: this.store,
      deps: options.deps,
      now: this.page.now,
      tick: this.page.tick,
      onChange: () => {
        this.containersChanged = true;
        if (this.containerReport) this.reportContainers(this.containerReport);
      },
    });
  }

  /**
   * Run one terminal line in the shell over the workspace (`engine/commands/shell-host.ts`),
   * `docker` and `download` among its programs; returns the exit status and the files the
   * line wrote or removed. The shell's working directory and variables carry to the next line.
   */
  async runLine(ctx: RunContext, out: CommandSink): Promise<HostLineResult> {
    const setting: HostSetting = {
      ...(ctx.terminal?.columns ? { columns: ctx.terminal.columns } : {}),
      ...(ctx.terminal?.rows ? { rows: ctx.terminal.rows } : {}),
      ...(out.download ? { download: (n: string, b: Uint8Array, t: string) => out.download!(n, b, t) } : {}),
      ...(ctx.report ? { report: ctx.report } : {}),
    };
    return runHostLine({
      line: ctx.line,
      files: ctx.files,
      session: this.shell,
      programs: (api) => ({
        docker: dockerProgram(api, (cmd, o, c) => this.run(cmd, o, { line: ctx.line, files: c.files, terminal: c.terminal, ...(c.signal ? { signal: c.signal } : {}), ...(ctx.report ? { report: ctx.report } : {}) }), setting),
        download: downloadProgram(setting),
      }),
      stdout: (t) => out.stdout(t),
      stderr: (t) => out.stderr(t),
      tty: ctx.terminal?.tty ?? false,
      now: this.page.now() / 1000,
      net: this.containers.network.hostNetwork(),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  }

  /** Run one docker command (not `help`); returns the exit code. */
  async run(cmd: EngineCommand, out: CommandSink, ctx: RunContext): Promise<number> {
    const io = { stdout: (t: string) => out.stdout(t), stderr: (t: string) => out.stderr(t), now: this.page.now };
    await this.saving;
    if (isContainerCommand(cmd)) return this.containerCommand(cmd, io, ctx);
    switch (cmd.kind) {
      case 'build': {
        const code = await this.buildCommand(cmd.options, out, ctx);
        // Saved after the prompt returns, before the next command (never during a build: a flush collects unreferenced blobs).
        this.persist(() => this.state?.flush());
        return code;
      }
      case 'images':
        return runImages(this.store, io, cmd.pattern, cmd.quiet);
      case 'history':
        return runHistory(this.store, io, cmd.image, cmd.quiet);
      case 'rmi':
      case 'image-prune': {
        // an image a container uses is refused (rmi) or kept (prune), as the daemon does
        const user = (id: string) => this.containers.imageUser(id);
        const code = cmd.kind === 'rmi' ? await runRmi(this.store, io, cmd.images, cmd.force, user) : await runPrune(this.store, io, cmd.all, user);
        this.persist(() => this.state?.flush({ images: true }));
        ctx.report?.({ kind: 'store-changed' });
        return code;
      }
      case 'save':
        return this.save(cmd.images, cmd.output, out);
      case 'builder-prune':
        return this.pruneBuildCache(cmd.all, cmd.force, out);
    }
  }

  /**
   * The container commands (`engine/commands/containers`). A foreground `docker run`'s and a
   * `docker exec`'s output is its record (lesson checks read it); stderr is made inert,
   * since on a terminal the docker program's stderr lets the build view's redraws through.
   */
  private async containerCommand(cmd: ContainerCommand, io: { stdout(t: string): void; stderr(t: string): void; now(): number }, ctx: RunContext): Promise<number> {
    this.containerReport = ctx.report;
    let done: RecordedCommand;
    try {
      done = await runRecordedContainerCommand(
        { containers: this.containers, images: this.store },
        cmd,
        { stdout: io.stdout, stderr: (t) => io.stderr(inertControls(t)), env: {}, now: io.now, ...(ctx.signal ? { signal: ctx.signal } : {}) },
        ctx.line,
      );
    } finally {
      this.containerReport = undefined;
    }
    if (done.record) ctx.report?.({ kind: 'run', record: done.record });
    if (ctx.report) this.reportContainers(ctx.report);
    return done.exitCode;
  }

  /** Tell the page its containers changed (the Containers view refreshes). */
  private reportContainers(report: ReportSink): void {
    if (!this.containersChanged) return;
    this.containersChanged = false;
    report({ kind: 'containers-changed' });
  }

  /** The Containers view: every container, newest first. */
  listContainers(): ContainerSummary[] {
    return containerSummaries(this.containers, this.page.now());
  }

  /** The Containers view's Stop button: `docker stop`. */
  async stopContainer(id: string): Promise<void> {
    const c = this.containers.find(id);
    if (c) await this.containers.stop(c);
  }

  /** The Containers view's Remove button: `docker rm -f`. */
  async removeContainer(id: string): Promise<void> {
    const c = this.containers.find(id);
    if (c) await this.containers.remove(c, true);
  }

  /** The Containers view's logs: what `docker logs` prints, stdout and stderr interleaved. */
  containerLogs(id: string): string {
    return this.containers.find(id)?.log.map((l) => l.text).join('') ?? '';
  }

  /**
   * `docker builder prune [-a] [-f]`: empties the layer cache and the cache mounts. Without
   * `-f` buildx asks first; the terminal reads no answers, so it shows the question and, like
   * an answer at end of input, keeps everything.
   */
  private pruneBuildCache(all: boolean, force: boolean, out: CommandSink): number {
    if (!force) {
      out.stdout(`${prunePrompt(all)}\n`);
      return 0;
    }
    const records = cacheRecords(this.cache.dump(), this.cacheMounts.dump());
    this.cache.clear();
    this.cacheMounts.clear();
    out.stdout(formatPrune(records));
    this.persist(() => this.state?.flush({ cache: true, cacheMounts: true }));
    return 0;
  }

  private persist(flush: () => Promise<unknown> | undefined): void {
    this.saving = Promise.resolve(flush()).catch(() => undefined);
  }

  /** Resolves once the latest save is done (tests, and before a worker is closed). */
  saved(): Promise<unknown> {
    return this.saving;
  }

  /** `docker build`: the build, its live view and its record (not for `--call`/`--check`, which build nothing). */
  private async buildCommand(opts: Parameters<typeof buildInPage>[0], out: CommandSink, ctx: RunContext): Promise<number> {
    const report = ctx.report;
    if (opts.call.name !== 'build' || !report) {
      return (await buildInPage(opts, ctx.files, this.page, out, ctx.signal, ctx.terminal, this.hooks())).exitCode;
    }
    const id = ++this.builds;
    const events: BuildEvent[] = [];
    const batch = eventBatch((events) => report({ kind: 'build-events', id, events }), { holdMs: EVENT_BATCH_MS });
    report({
      kind: 'build-start',
      view: {
        id,
        command: ctx.line,
        dockerfile: textAt(ctx.files, workspaceDockerfile(opts)) ?? '',
        ...(opts.target !== undefined ? { target: opts.target } : {}),
        platforms: opts.platforms,
        events: [],
        status: 'running',
      },
    });
    const onEvent = (ev: BuildEvent) => {
      events.push(ev);
      batch.push(ev);
    };
    let outcome: PageBuildOutcome;
    try {
      outcome = await buildInPage(opts, ctx.files, this.page, out, ctx.signal, ctx.terminal, this.hooks(onEvent));
    } finally {
      void batch.flush();
    }
    const canceled = outcome.exitCode !== 0 && (outcome.error instanceof CanceledError || ctx.signal?.aborted === true);
    const error = outcome.inputError ?? (outcome.error !== undefined ? errorMessage(outcome.error) : outcome.exitCode !== 0 ? 'the build\'s output could not be delivered' : undefined);
    const record = await buildRecord({
      command: ctx.line,
      request: outcome.request ?? { ...(opts.target !== undefined ? { target: opts.target } : {}), tags: opts.tags },
      events,
      ...(outcome.exitCode === 0 && outcome.result ? { result: outcome.result } : { error: error ?? 'the build did not finish' }),
    });
    report({ kind: 'build-end', id, status: outcome.exitCode === 0 ? 'done' : canceled ? 'canceled' : 'failed', ...(error !== undefined ? { error } : {}), record });
    if (outcome.exitCode === 0) report({ kind: 'store-changed' });
    return outcome.exitCode;
  }

  private hooks(onEvent?: (ev: BuildEvent) => void) {
    return { ...(onEvent ? { onEvent } : {}), ...(this.stages ? { stages: this.stages } : {}) };
  }

  /** The images panel: `docker images` rows. */
  listImages(): ImageSummary[] {
    return listImages(this.store);
  }

  /** The images panel: an image's history with layer sizes. */
  imageLayers(ref: string): ImageLayer[] {
    return imageLayers(this.store, ref);
  }

  /** The layer explorer: what history entry `index` of `ref` changed. */
  layerChanges(ref: string, index: number): Promise<LayerChange[]> {
    return layerChanges(this.store, ref, index, this.page.deps);
  }

  /** The Download button: `ref` as `docker save` writes it, named after its tag; throws Docker's error. */
  async imageArchive(ref: string): Promise<NamedArchive> {
    let err = '';
    const bytes = await saveArchive(this.store, { stdout: () => {}, stderr: (t) => (err += t) }, [ref], this.page.deps);
    if (typeof bytes === 'number') throw new Error(err.trim());
    return { name: archiveName(ref), bytes };
  }

  /** `docker save [-o NAME] IMAGE`: the archive written to `-o` in the shell's directory; without a directory, a download named by `-o`, else by the tag. */
  private async save(refs: readonly string[], output: string | undefined, out: CommandSink): Promise<number> {
    if (refs.length === 1 && !this.store.images.find(refs[0]!)) return noSuchImage(out, refs[0]!);
    if (out.files && output !== undefined) {
      const bytes = await saveArchive(this.store, out, refs, this.page.deps);
      if (typeof bytes === 'number') return bytes;
      const failed = out.files.writeFile(output, bytes);
      if (failed !== undefined) out.stderr(`Error response from daemon: ${failed}\n`);
      return failed === undefined ? 0 : 1;
    }
    if (!out.download) {
      out.stderr('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
      return 1;
    }
    const bytes = await saveArchive(this.store, out, refs, this.page.deps);
    if (typeof bytes === 'number') return bytes;
    out.download(output !== undefined ? basename(output) : archiveName(refs[0]), bytes, 'application/x-tar');
    return 0;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
