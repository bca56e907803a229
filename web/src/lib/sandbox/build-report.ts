/**
 * What the page learns of a `docker build` besides its terminal text: the live view
 * (`build-start`, its events in batches, `build-end`), the build's record for lesson checks,
 * and `store-changed` once it loaded an image. It stands beside the build, not on its path:
 * the docker program opens a report, hands its `onEvent` to the engine's command core, and
 * ends it with the outcome.
 */
import type { BuildFlags, DockerBuildOutcome } from '#engine/commands';
import type { ProcessDeps } from '#engine/toolchain';
import type { WorkspaceContent } from '#engine/commands';
import { CanceledError } from '#engine/exec';
import { buildRecord } from '#engine/lessons';
import type { BuildEvent } from '#engine/progress';
import { eventBatch } from '../../../../workers/event-batch.ts';
import type { ReportSink } from './report.ts';
import { textAt, workspaceDockerfile } from './workspace-place.ts';

/** How long a live build's log lines may wait for their batch to the page, ms. */
const EVENT_BATCH_MS = 50;

/** One build's open report. */
export interface BuildReport {
  /** Sees every event as it happens (absent when nothing is reported). */
  readonly onEvent?: (ev: BuildEvent) => void;
  /** Send the events still waiting (also when the build threw). */
  flush(): void;
  /** The build ended as `outcome`: its view ends and its record is reported. */
  end(outcome: DockerBuildOutcome): Promise<void>;
}

const NOTHING: BuildReport = { flush() {}, end: () => Promise.resolve() };

/** The sandbox's build reports, numbered 1, 2, ... for its lifetime. */
export class BuildReports {
  private builds = 0;

  /** `deps`: the platform's services, for the built image's recorded run. */
  constructor(private readonly deps: ProcessDeps) {}

  /**
   * Open the report of a build of `opts`, typed as `line` over `files`, to `report`, with
   * Ctrl+C as `signal`. `--call`/`--check` build nothing and report nothing, as do builds
   * run without a report sink.
   */
  open(line: string, opts: BuildFlags, files: ReadonlyMap<string, WorkspaceContent>, report: ReportSink | undefined, signal?: AbortSignal): BuildReport {
    if (opts.call.name !== 'build' || !report) return NOTHING;
    const id = ++this.builds;
    const deps = this.deps;
    const events: BuildEvent[] = [];
    const batch = eventBatch((evs) => report({ kind: 'build-events', id, events: evs }), { holdMs: EVENT_BATCH_MS });
    report({
      kind: 'build-start',
      view: {
        id,
        command: line,
        dockerfile: textAt(files, workspaceDockerfile(opts)) ?? '',
        ...(opts.target !== undefined ? { target: opts.target } : {}),
        platforms: opts.platforms,
        events: [],
        status: 'running',
      },
    });
    const flush = () => void batch.flush();
    return {
      onEvent: (ev) => {
        events.push(ev);
        batch.push(ev);
      },
      flush,
      async end(outcome) {
        flush();
        const canceled = outcome.exitCode !== 0 && (outcome.error instanceof CanceledError || signal?.aborted === true);
        const error = outcome.inputError ?? (outcome.error !== undefined ? errorMessage(outcome.error) : outcome.exitCode !== 0 ? 'the build\'s output could not be delivered' : undefined);
        const record = await buildRecord({
          deps,
          command: line,
          request: outcome.request ?? { ...(opts.target !== undefined ? { target: opts.target } : {}), tags: opts.tags },
          events,
          ...(outcome.exitCode === 0 && outcome.result ? { result: outcome.result } : { error: error ?? 'the build did not finish' }),
        });
        report({ kind: 'build-end', id, status: outcome.exitCode === 0 ? 'done' : canceled ? 'canceled' : 'failed', ...(error !== undefined ? { error } : {}), record });
        if (outcome.exitCode === 0) report({ kind: 'store-changed' });
      },
    };
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
