/**
 * The one object components use to run commands and get Dockerfile diagnostics. It calls
 * the engine directly for now (builds yield to the event loop at each hash and gzip); the
 * engine moves to a worker later behind these same methods, so components never change
 * (see STYLE.md §3).
 */
import type { PlatformDeps } from '../../../../engine/platform/types.ts';
import { webDeps } from '../../../../engine/platform/web.ts';
import type { Workspace } from '../workspace/Workspace.svelte.ts';
import type { BuildView, WorkRecords } from './contract.ts';
import { diagnoseDockerfile, type Diagnostic } from './diagnostics.ts';
import { downloadBytes } from './download.ts';
import { Session, type CommandResult, type SessionOutput } from './session.ts';

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
  /** The learner's builds and runs so far (lesson checks read them). */
  records = $state.raw<WorkRecords>({ builds: [], runs: [] });
  /** Bumped whenever the image store may have changed (a build, rmi, prune). */
  imagesVersion = $state(0);

  private readonly session: Session;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private checked: string | undefined;
  private controller: AbortController | undefined;

  /** `deps` and `download` are injectable for tests (Node has no downloads). */
  constructor(
    private readonly workspace: Workspace,
    deps: PlatformDeps = webDeps,
    private readonly download: SessionOutput['download'] = downloadBytes,
  ) {
    this.session = new Session(() => workspace.files, { deps });
  }

  /** Run one terminal line; output goes to `out` as it is produced (a build streams its progress). */
  async run(line: string, out: Omit<SessionOutput, 'download'>): Promise<CommandResult> {
    this.running = true;
    const controller = new AbortController();
    this.controller = controller;
    try {
      return await this.session.run(line, { ...out, ...(this.download ? { download: this.download } : {}) }, controller.signal);
    } finally {
      if (this.controller === controller) this.controller = undefined;
      this.running = false;
    }
  }

  /** Ctrl+C in the terminal: cancels the running command (a build's steps end CANCELED). */
  interrupt(): void {
    this.controller?.abort();
  }

  /** Workspace directories, for completing a build context. */
  directories(): string[] {
    const dirs = new Set<string>();
    for (const p of this.workspace.files.keys()) {
      for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
    }
    return [...dirs].sort();
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
