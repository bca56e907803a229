/**
 * The one object components use to run commands, get Dockerfile diagnostics, watch the
 * live build, read records and browse images. The engine side runs where the loader puts
 * it: the sandbox worker in the page (`worker-engine.ts`), the same thread in Node tests.
 * Components never see a worker (see STYLE.md §3).
 */
import type { PlatformDeps } from '#engine/platform';
import { webDeps } from '#engine/platform/web';
import type { Workspace } from '../workspace/Workspace.svelte.ts';
import type { CommandResult, CommandSink, EngineLoader, SandboxEngine, TerminalInfo } from './engine-api.ts';
import type { BuildView, ContainersApi, ImagesApi, WorkRecords } from './panel-data.ts';
import { diagnoseDockerfile, type Diagnostic } from './diagnostics.ts';
import { downloadBytes } from './download.ts';
import { openRecordsStore, type RecordsStore } from '../persist/records.ts';
import { previewBuild, type BuildPreview } from '../insight/preview.ts';
import { applyReport, type RuntimeReport } from './report.ts';

/** How long the Dockerfile must stay unchanged before it is checked again. */
export const DIAGNOSE_DEBOUNCE_MS = 250;

/** Command runner and diagnostics provider over a workspace. */
export class SandboxClient {
  /** Findings for `diagnosticsPath` (the latest check wins). */
  diagnostics = $state.raw<readonly Diagnostic[]>([]);
  /** The file the diagnostics belong to. */
  diagnosticsPath = $state('Dockerfile');
  /** `true` while a command runs. */
  running = $state(false);
  /** The latest build (live while it runs), for the build panels. */
  current = $state.raw<BuildView | undefined>(undefined);
  /**
   * The learner's builds and runs so far, those of earlier visits first (lesson checks read
   * them); `restoring` until the saved ones are read back.
   */
  records = $state.raw<WorkRecords>({ builds: [], runs: [], restoring: true });
  /** Resolves when the saved records are in `records`. */
  readonly restored: Promise<void>;
  /** Bumped whenever the image store may have changed (a build, rmi, prune). */
  imagesVersion = $state(0);
  /** The image store, for the images panel (every call reads the current store). */
  readonly images: ImagesApi;
  /** Bumped whenever a container may have changed (run, stop, rm, its process ended). */
  containersVersion = $state(0);
  /** The containers (they live in the sandbox worker as long as the page), for the Containers view. */
  readonly containers: ContainersApi;

  /** The engine side, once loaded (again after a failed load). */
  private runtime: Promise<SandboxEngine> | undefined;
  private readonly load: EngineLoader;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private checked: string | undefined;
  private controller: AbortController | undefined;
  /** Image names for completion, refreshed after a command changes the store. */
  private imageNames: string[] = [];

  /**
   * `deps` and `download` are injectable for tests (Node has no downloads); `engine` loads
   * the engine side (default: this thread, with `deps`); `saved` keeps the records between
   * page loads (default: IndexedDB, where there is one).
   */
  constructor(
    private readonly workspace: Workspace,
    deps: PlatformDeps = webDeps,
    private readonly download: CommandSink['download'] = downloadBytes,
    engine?: EngineLoader,
    private readonly saved: RecordsStore = openRecordsStore(),
  ) {
    this.restored = saved.load().then((old) => {
      // records of this page (a command may have finished while reading) come after the saved ones
      this.records = { builds: [...old.builds, ...this.records.builds], runs: [...old.runs, ...this.records.runs] };
    });
    this.load = engine ?? (() => import('./docker-runtime.ts').then((m) => new m.DockerRuntime({ deps })));
    const engineSide = () => this.engine();
    this.images = {
      list: async () => (await engineSide()).listImages(),
      layers: async (ref) => (await engineSide()).imageLayers(ref),
      changes: async (ref, index) => (await engineSide()).layerChanges(ref, index),
      download: async (ref) => {
        const a = await (await engineSide()).imageArchive(ref);
        this.download?.(a.name, a.bytes, 'application/x-tar');
      },
    };
    this.containers = {
      list: async () => (await engineSide()).listContainers(),
      stop: async (id) => {
        await (await engineSide()).stopContainer(id);
        this.containersVersion++;
      },
      remove: async (id) => {
        await (await engineSide()).removeContainer(id);
        this.containersVersion++;
      },
      logs: async (id) => (await engineSide()).containerLogs(id),
    };
  }

  /**
   * Run one terminal line; output goes to `out` as it is produced (a build streams its
   * progress). `terminal` says whether `out` is a TTY (BuildKit's tty view) and its width.
   */
  async run(line: string, out: Omit<CommandSink, 'download'>, terminal?: TerminalInfo): Promise<CommandResult> {
    if (line.trim() === '') return { exitCode: 0 };
    this.running = true;
    const versionBefore = this.imagesVersion;
    const controller = new AbortController();
    this.controller = controller;
    try {
      const sink = { ...out, ...(this.download ? { download: this.download } : {}) };
      const result = await this.runLine(line, sink, controller.signal, terminal);
      // the files the line wrote (redirections, -o, save -o, cp, rm...) join the workspace at once
      this.workspace.applyChanges(result.written ?? new Map(), result.deleted ?? []);
      return result;
    } finally {
      if (this.controller === controller) this.controller = undefined;
      this.running = false;
      if (this.imagesVersion !== versionBefore) {
        this.images.list().then(
          (rows) => (this.imageNames = rows.map((r) => r.ref).filter((ref) => !ref.startsWith('<none>'))),
          () => undefined,
        );
      }
    }
  }

  /** The line on the engine side over the workspace as it is now. Never throws: a failure of the engine itself is printed, as a shell would. */
  private async runLine(line: string, out: CommandSink, signal: AbortSignal, terminal?: TerminalInfo): Promise<CommandResult> {
    try {
      const ctx = { line, files: this.workspace.all(), signal, ...(terminal ? { terminal } : {}), report: (r: RuntimeReport) => this.receive(r) };
      return await (await this.engine()).runLine(ctx, out);
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      out.stderr(`ERROR: stageplay internal error (please report it): ${message}\n`);
      return { exitCode: 1 };
    }
  }

  /** The engine side, loaded on first use (a separate chunk or a worker: the engine is not in the app shell). */
  private engine(): Promise<SandboxEngine> {
    this.runtime ??= this.load();
    const loading = this.runtime;
    loading.catch(() => {
      if (this.runtime === loading) this.runtime = undefined; // a failed chunk load can be retried
    });
    return loading;
  }

  /** Fold one report from the engine side into `current`, `records` and `imagesVersion`. */
  private receive(r: RuntimeReport): void {
    this.current = applyReport(this.current, r);
    if (r.kind === 'build-end') {
      this.records = { ...this.records, builds: [...this.records.builds, r.record] };
      void this.saved.append({ kind: 'build', record: r.record });
    } else if (r.kind === 'run') {
      this.records = { ...this.records, runs: [...this.records.runs, r.record] };
      void this.saved.append({ kind: 'run', record: r.record });
    }
    else if (r.kind === 'store-changed') this.imagesVersion++;
    else if (r.kind === 'containers-changed') this.containersVersion++;
  }

  /** The Download button of a workspace file (text or binary), under its own name. */
  downloadFile(path: string): void {
    const bytes = this.workspace.bytes(path) ?? (this.workspace.read(path) !== undefined ? new TextEncoder().encode(this.workspace.read(path)) : undefined);
    if (bytes !== undefined) this.download?.(path.split('/').pop() ?? path, bytes, 'application/octet-stream');
  }

  /** Ctrl+C in the terminal: cancels the running command (a build's steps end CANCELED). */
  interrupt(): void {
    this.controller?.abort();
  }

  /** Workspace directories, for completing a build context. */
  directories(): string[] {
    const dirs = new Set<string>();
    for (const p of [...this.workspace.files.keys(), ...this.workspace.binaries.keys()]) {
      for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
    }
    return [...dirs].sort();
  }

  /** The Dockerfile's stage names (`FROM ... AS name`) and the local images' names, for Tab completion. */
  completionWords(): { stages: string[]; images: string[] } {
    const text = this.workspace.read('Dockerfile') ?? '';
    const stages = [...text.matchAll(/^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*\S+[ \t]+AS[ \t]+(\S+)/gim)].map((m) => m[1]!.toLowerCase());
    return { stages: [...new Set(stages)], images: this.imageNames };
  }

  /** What a typed `docker build` line would build, for the stage graph's preview (the front end alone, on this thread). */
  previewBuild(line: string): BuildPreview | undefined {
    return previewBuild(line, (path) => this.workspace.read(path));
  }

  /** Check the Dockerfile now (skipped when its text did not change since the last check). */
  diagnoseNow(): void {
    clearTimeout(this.timer);
    const text = this.workspace.read(this.diagnosticsPath);
    if (text === this.checked) return;
    this.checked = text;
    this.diagnostics = text === undefined ? [] : diagnoseDockerfile(text);
  }

  /** Check the Dockerfile after the learner pauses typing. */
  scheduleDiagnose(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.diagnoseNow(), DIAGNOSE_DEBOUNCE_MS);
  }
}
