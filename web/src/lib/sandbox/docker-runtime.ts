/**
 * The engine side of the sandbox, as one object: it runs in the sandbox worker
 * (`web/src/workers/sandbox.worker.ts`) and, unchanged, in Node tests. A composition of
 * the pieces it holds:
 * - `runtime-state.ts`: the image store, layer cache and cache mounts, and their saving;
 * - `sandbox-containers.ts`: the containers, which live as long as the runtime;
 * - `build-report.ts`: each build's live view and record;
 * - the terminal's shell session, in which a line runs (`docker` and `download` among its
 *   programs, `host-programs.ts`);
 * - the panels' queries (`image-views.ts`, `sandbox-containers.ts`).
 */
import { runHostLine, ShellSession, type HostLineResult } from '#engine/commands';
import { BuildReports } from './build-report.ts';
import type { ContainerSummary, ImageLayer, ImageSummary, LayerChange } from './panel-data.ts';
import type { CommandSink, NamedArchive, RunContext, SandboxEngine } from './engine-api.ts';
import { clearProgram, dockerProgram, downloadProgram, helpProgram, historyProgram, type DockerSandbox, type HostSetting } from './host-programs.ts';
import { imageArchive, imageLayers, layerChanges, listImages } from './image-views.ts';
import { RuntimeState, type RuntimeOptions } from './runtime-state.ts';
import { SandboxContainers } from './sandbox-containers.ts';

/** The sandbox's engine side: terminal lines and the panels' queries over one store, its caches and containers. */
export class DockerRuntime implements SandboxEngine {
  private readonly sandbox: DockerSandbox;
  /** The terminal shell's working directory and variables, kept between lines. */
  private readonly shell = new ShellSession();
  /** The lines typed so far, for `history`. */
  private readonly lines: string[] = [];

  constructor(options: RuntimeOptions) {
    const state = new RuntimeState(options);
    this.sandbox = { state, builds: new BuildReports(state.deps), containers: new SandboxContainers(state) };
  }

  /**
   * Run one terminal line in the shell over the workspace (`engine/commands/shell-host.ts`),
   * `docker`, `download`, `history`, `help` and `clear` among its programs; returns the exit status and the files the
   * line wrote or removed. The shell's working directory and variables carry to the next line.
   */
  async runLine(ctx: RunContext, out: CommandSink): Promise<HostLineResult> {
    const setting: HostSetting = {
      line: ctx.line,
      ...(ctx.terminal?.columns ? { columns: ctx.terminal.columns } : {}),
      ...(ctx.terminal?.rows ? { rows: ctx.terminal.rows } : {}),
      ...(out.download ? { download: (n: string, b: Uint8Array, t: string) => out.download!(n, b, t) } : {}),
      ...(ctx.report ? { report: ctx.report } : {}),
    };
    if (ctx.line.trim() !== '') this.lines.push(ctx.line);
    return runHostLine({
      line: ctx.line,
      files: ctx.files,
      session: this.shell,
      programs: (api) => ({
        docker: dockerProgram(api, this.sandbox, setting),
        download: downloadProgram(setting),
        history: historyProgram(this.lines),
        help: helpProgram,
        clear: clearProgram(api),
      }),
      stdout: (t) => out.stdout(t),
      stderr: (t) => out.stderr(t),
      tty: ctx.terminal?.tty ?? false,
      now: this.sandbox.state.now() / 1000,
      deps: this.sandbox.state.deps,
      net: this.sandbox.containers.manager.network.hostNetwork(),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  }

  /** Resolves once the latest save is done (tests, and before a worker is closed). */
  saved(): Promise<unknown> {
    return this.sandbox.state.saved();
  }

  listImages(): ImageSummary[] {
    return listImages(this.sandbox.state.store);
  }

  imageLayers(ref: string): ImageLayer[] {
    return imageLayers(this.sandbox.state.store, ref);
  }

  layerChanges(ref: string, index: number): Promise<LayerChange[]> {
    return layerChanges(this.sandbox.state.store, ref, index, this.sandbox.state.deps);
  }

  imageArchive(ref: string): Promise<NamedArchive> {
    return imageArchive(this.sandbox.state.store, ref, this.sandbox.state.deps);
  }

  listContainers(): ContainerSummary[] {
    return this.sandbox.containers.list();
  }

  stopContainer(id: string): Promise<void> {
    return this.sandbox.containers.stop(id);
  }

  removeContainer(id: string): Promise<void> {
    return this.sandbox.containers.remove(id);
  }

  containerLogs(id: string): string {
    return this.sandbox.containers.logs(id);
  }
}
