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

/** What a line did: its exit status, whether the terminal should clear its screen, and the workspace files it wrote or removed. */
export interface CommandResult {
  readonly exitCode: number;
  readonly clear?: boolean;
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

/** `help`'s text. */
export const SANDBOX_HELP = `This terminal is a shell (busybox sh) over your workspace, mounted at
/home/learner/project (the working directory). Pipes, ; && ||, > >> 2> 2>&1 <, quotes,
$VAR, cd, export and the busybox tools work: ls -la, cat, echo, printf, grep, awk, sed,
head, tail, wc, sort, uniq, cut, tr, find, mkdir, rm, cp, mv, touch, diff, tar, ...
Its own programs:
  docker build [OPTIONS] PATH      build (-t, --target, --build-arg, -o, --no-cache, --progress, ...)
  docker build --check .           check the Dockerfile as BuildKit does (lint rules, errors)
  docker build --call=targets .    list the Dockerfile's stages (build targets)
  docker images [PATTERN]          list images (docker images | grep buildme)
  docker history IMAGE             show how an image was made, layer by layer
  docker inspect IMAGE             an image's details as JSON
  docker run [--rm] IMAGE [ARGS]   run an image's entrypoint in the sandbox (Ctrl+C stops it)
  docker run -d --name N -p 3000:3000 IMAGE   run a container in the background
  docker ps [-a] / logs / exec -it C CMD / stop / start / rm   the containers
  docker save -o NAME.tar IMAGE    write an image archive into the workspace (docker load reads it)
  docker rmi IMAGE / image prune   remove images
  docker builder prune -f          empty the build cache and cache mounts
  docker --help                    Docker's own help
  file FILE                        what a file is (ELF 64-bit LSB executable, ASCII text, ...)
  tree [DIR]                       the directory tree
  curl localhost:3000/?name=ana    HTTP to a port a container published (also wget -qO- URL)
  download FILE                    save a workspace file to your browser's downloads
  history                          the lines typed so far
  clear                            clear the screen
  help                             this text
What is simulated: no internet and no daemon; containers live as long as this page. Files the line writes under the project
(redirections, -o / --output, save -o, cp, mkdir...) go into the workspace and its file
tree; the rest of the filesystem is fresh for every line. The Go toolchain and step
durations are simulated; images, the build cache and cache mounts are saved in this
browser and survive a reload. --secret id=x,src=path reads a workspace file.
Keys: Up/Down history, Tab completes, Ctrl+C cancels the running line or abandons the line, Ctrl+L clears.
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
  /** The lines run so far, for `history`. */
  private readonly history: string[] = [];
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
    this.history.push(line);
    if (word === 'clear') return { exitCode: 0, clear: true };
    if (word === 'history') {
      // busybox ash's listing: the index (from 0) in 4 columns, then the line
      out.stdout(this.history.map((l, i) => `${String(i).padStart(4)} ${l}\n`).join(''));
      return { exitCode: 0 };
    }
    if (word === 'help') {
      out.stdout(SANDBOX_HELP);
      return { exitCode: 0 };
    }
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
