/**
 * The one object components use to run commands and get Dockerfile diagnostics. It calls
 * the engine directly for now; the engine moves to a worker later behind these same
 * methods, so components never change (see STYLE.md §3).
 */
import type { Workspace } from '../workspace/Workspace.svelte.ts';
import { diagnoseDockerfile, type Diagnostic } from './diagnostics.ts';
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

  private readonly session: Session;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private checked: string | undefined;

  constructor(private readonly workspace: Workspace) {
    this.session = new Session(() => workspace.files);
  }

  /** Run one terminal line; output goes to `out` as it is produced. */
  async run(line: string, out: SessionOutput): Promise<CommandResult> {
    this.running = true;
    try {
      return this.session.run(line, out);
    } finally {
      this.running = false;
    }
  }

  /** Ctrl+C in the terminal: cancels the running command (builds, once they run). */
  interrupt(): void {
    // Commands today finish synchronously; a running build will be aborted here.
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
