/**
 * The sandbox's containers: they live as long as the runtime (the sandbox worker, the
 * page). Runs the container commands (`engine/commands/containers`) with their records,
 * tells the page when a container changed, and answers the Containers view.
 */
import { ContainerManager, type ContainerCommand } from '#engine/commands';
import { runRecordedContainerCommand, type RecordedCommand } from '#engine/lessons';
import { inertControls } from '#engine/report';
import { containerSummaries } from './container-views.ts';
import type { ContainerSummary } from './panel-data.ts';
import type { ReportSink } from './report.ts';
import type { RuntimeState } from './runtime-state.ts';

/** Where a container command writes, its line, Ctrl+C and where reports go. */
export interface ContainerCommandContext {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly line: string;
  readonly signal?: AbortSignal;
  readonly report?: ReportSink;
}

export class SandboxContainers {
  readonly manager: ContainerManager;
  /** A container changed since the last `containers-changed` report. */
  private changed = false;
  /** The running container command's reports: a change is told at once (a foreground `docker run` lasts). */
  private live: ReportSink | undefined;

  constructor(private readonly state: RuntimeState) {
    this.manager = new ContainerManager({
      images: state.store,
      deps: state.deps,
      now: state.now,
      tick: state.tick,
      onChange: () => {
        this.changed = true;
        if (this.live) this.tell(this.live);
      },
    });
  }

  /**
   * Run a container command. A foreground `docker run`'s and a `docker exec`'s output is
   * its record (lesson checks read it); stderr is made inert, since on a terminal the
   * docker program's stderr lets the build view's redraws through.
   */
  async run(cmd: ContainerCommand, ctx: ContainerCommandContext): Promise<number> {
    this.live = ctx.report;
    let done: RecordedCommand;
    try {
      done = await runRecordedContainerCommand(
        { containers: this.manager, images: this.state.store },
        cmd,
        { stdout: (t) => ctx.stdout(t), stderr: (t) => ctx.stderr(inertControls(t)), env: {}, now: this.state.now, ...(ctx.signal ? { signal: ctx.signal } : {}) },
        ctx.line,
      );
    } finally {
      this.live = undefined;
    }
    if (done.record) ctx.report?.({ kind: 'run', record: done.record });
    if (ctx.report) this.tell(ctx.report);
    return done.exitCode;
  }

  /** Tell the page its containers changed (the Containers view refreshes). */
  private tell(report: ReportSink): void {
    if (!this.changed) return;
    this.changed = false;
    report({ kind: 'containers-changed' });
  }

  /** The Containers view: every container, newest first. */
  list(): ContainerSummary[] {
    return containerSummaries(this.manager, this.state.now());
  }

  /** The Containers view's Stop button: `docker stop`. */
  async stop(id: string): Promise<void> {
    const c = this.manager.find(id);
    if (c) await this.manager.stop(c);
  }

  /** The Containers view's Remove button: `docker rm -f`. */
  async remove(id: string): Promise<void> {
    const c = this.manager.find(id);
    if (c) await this.manager.remove(c, true);
  }

  /** The Containers view's logs: what `docker logs` prints, stdout and stderr interleaved. */
  logs(id: string): string {
    return this.manager.find(id)?.log.map((l) => l.text).join('') ?? '';
  }
}
