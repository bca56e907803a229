/**
 * The terminal's command interpreter, free of DOM and Svelte: one line in, Docker's
 * output out. Builds run the engine on the workspace files; the images, layer cache and
 * cache mounts live as long as the session (the page). The engine side (`DockerRuntime`)
 * is loaded on the first docker command.
 */
import { FlagError, tokenize } from '../../../../engine/commands/flags.ts';
import { parseDockerCommand, UsageError } from '../../../../engine/commands/docker.ts';
import type { CommandSink, TerminalInfo } from './build-command.ts';
import type { RuntimeOptions } from './docker-runtime.ts';
import type { SandboxEngine } from './engine-api.ts';
import type { ReportSink } from './report.ts';

/** Where a command writes; text uses `\n` line ends. `download` hands the learner a file. */
export type SessionOutput = CommandSink;

/** What a command did: its exit status, and whether the terminal should clear its screen. */
export interface CommandResult {
  readonly exitCode: number;
  readonly clear?: boolean;
}

/** The commands the sandbox understands (for `help`, completion and "not found"). */
export const SANDBOX_COMMANDS = ['docker', 'clear', 'help'] as const;

/** `help`'s text. */
export const SANDBOX_HELP = `This sandbox understands:
  docker build [OPTIONS] PATH      build the workspace (-t, --target, --build-arg, -o, --no-cache, ...)
  docker build --check .           check the Dockerfile as BuildKit does (lint rules, errors)
  docker build --call=targets .    list the Dockerfile's stages (build targets)
  docker images [PATTERN]          list images
  docker history IMAGE             show how an image was made, layer by layer
  docker inspect IMAGE             an image's details as JSON
  docker run [--rm] IMAGE [ARGS]   run an image's entrypoint in the sandbox
  docker save -o NAME.tar IMAGE    download an image archive (docker load can read it)
  docker rmi IMAGE / image prune   remove images
  docker builder prune -f          empty the build cache and cache mounts
  docker --help                    Docker's own help
  clear                            clear the screen
  help                             this text
Images, the build cache and cache mounts are saved in this browser and survive a reload.
"-o type=docker,dest=x.tar" and "-o type=local,dest=dir" download the result.
--secret id=x,src=path reads a workspace file; the sandbox has no environment variables.
Keys: Up/Down history, Tab completes commands and flags, Ctrl+C cancels a build or abandons the line, Ctrl+L clears.
`;

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
    private readonly files: () => ReadonlyMap<string, string>,
    options: SessionOptions,
    load?: EngineLoader,
  ) {
    this.load = load ?? (() => import('./docker-runtime.ts').then((m) => new m.DockerRuntime(options)));
  }

  /** Run one command line; `signal` (Ctrl+C) cancels a build. Never throws: failures are printed, as a shell would. */
  async run(line: string, out: SessionOutput, signal?: AbortSignal, extras: SessionExtras = {}): Promise<CommandResult> {
    let words: string[];
    try {
      words = tokenize(line);
    } catch (err) {
      out.stderr(`sh: syntax error: ${(err as Error).message}\n`);
      return { exitCode: 2 };
    }
    const [cmd, ...args] = words;
    if (cmd === undefined) return { exitCode: 0 };
    if (cmd === 'clear') return { exitCode: 0, clear: true };
    if (cmd === 'help') {
      out.stdout(SANDBOX_HELP);
      return { exitCode: 0 };
    }
    if (cmd !== 'docker') {
      out.stderr(`sh: ${cmd}: not found\nThis sandbox runs docker commands only; type "help" to see them.\n`);
      return { exitCode: 127 };
    }
    try {
      const parsed = parseDockerCommand(args);
      if (parsed.kind === 'help') {
        out.stdout(parsed.text);
        return { exitCode: 0 };
      }
      const ctx = { line, files: this.files(), ...(signal ? { signal } : {}), ...extras };
      return { exitCode: await (await this.engine()).run(parsed, out, ctx) };
    } catch (err) {
      if (err instanceof UsageError || err instanceof FlagError) {
        out.stderr(`${err.message}\n`);
        return { exitCode: 125 };
      }
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
