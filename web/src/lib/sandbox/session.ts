/**
 * The terminal's command interpreter, free of DOM and Svelte: one line in, output out,
 * and the files the line wrote. Each line runs in the engine's busybox shell over the
 * workspace files (`engine/commands/shell-host.ts`, on the engine side), with `docker`
 * one program among the busybox applets; builds run the engine on the workspace files as
 * the line has them. The images, layer cache and cache mounts live as long as the session
 * (the page). The engine side (`DockerRuntime`) is loaded on the first line.
 */
import type { WorkspaceContent } from '#engine/commands';
import type { RuntimeOptions } from './runtime-state.ts';
import type { CommandSink, SandboxEngine, TerminalInfo } from './engine-api.ts';
import type { ReportSink } from './report.ts';

/** Where a command writes; text uses `\n` line ends. `download` hands the learner a file. */
export type SessionOutput = CommandSink;

/** What a line did: its exit status and the workspace files it wrote or removed. */
export interface CommandResult {
  readonly exitCode: number;
  readonly written?: ReadonlyMap<string, WorkspaceContent>;
  readonly deleted?: readonly string[];
}

/**
 * The programs Tab completes first words to: the terminal's own, the shell's builtins
 * `cd`/`export`, and the busybox applets `help` names (a list here, so the page's first
 * chunk does not carry the applets; a test checks each is one).
 */
export const SANDBOX_COMMANDS: readonly string[] = [
  ...['docker', 'clear', 'help', 'history', 'download', 'file', 'tree', 'curl', 'wget', 'cd', 'export', 'pwd'],
  ...['ls', 'cat', 'echo', 'printf', 'grep', 'awk', 'sed', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'find', 'mkdir', 'rm', 'cp', 'mv', 'touch', 'diff', 'tar', 'gzip', 'sha256sum', 'xargs', 'tee', 'env'],
];


/** The host services a session runs with (hashing, gzip, clock, event-loop yield). */
export type SessionOptions = RuntimeOptions;

/** What a command line runs with besides its output: the terminal it draws on, and where reports go. */
export interface SessionExtras {
  readonly terminal?: TerminalInfo;
  readonly report?: ReportSink;
}

/** Loads the engine side (once; again after a failed load). */
export type EngineLoader = () => Promise<SandboxEngine>;

/** One terminal session over a workspace (`files()` is read at each command). */
export class Session {
  private runtime: Promise<SandboxEngine> | undefined;
  private readonly load: EngineLoader;

  /** `options` configures the in-thread engine; `load` replaces it (the sandbox worker). */
  constructor(
    private readonly files: () => ReadonlyMap<string, WorkspaceContent>,
    options: SessionOptions,
    load?: EngineLoader,
  ) {
    this.load = load ?? (() => import('./docker-runtime.ts').then((m) => new m.DockerRuntime(options)));
  }

  /** Run one command line; `signal` (Ctrl+C) cancels it. Never throws: failures are printed, as a shell would. */
  async run(line: string, out: SessionOutput, signal?: AbortSignal, extras: SessionExtras = {}): Promise<CommandResult> {
    const word = line.trim();
    if (word === '') return { exitCode: 0 };
    try {
      const ctx = { line, files: this.files(), ...(signal ? { signal } : {}), ...extras };
      return await (await this.engine()).runLine(ctx, out);
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      out.stderr(`ERROR: stageplay internal error (please report it): ${message}\n`);
      return { exitCode: 1 };
    }
  }

  /** The engine side, loaded once (a separate chunk or a worker: the engine is not in the app shell). */
  engine(): Promise<SandboxEngine> {
    this.runtime ??= this.load();
    const loading = this.runtime;
    loading.catch(() => {
      if (this.runtime === loading) this.runtime = undefined; // a failed chunk load can be retried
    });
    return loading;
  }
}
