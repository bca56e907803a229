/**
 * The terminal shell's own programs that reach past the shell: `docker` and `download` (a
 * workspace file to the browser's downloads). Both are `Toolchain`s, so the shell runs
 * them like any program: in pipes, with redirections, reading the workspace files as the
 * line has them at that moment, writing outputs (`-o`, `save -o`) into them. `docker build`
 * goes from here straight to the engine's command core (`runDockerBuild`, the CLI's too)
 * with the workspace as its place; the other docker commands run in `docker-commands.ts`.
 */
import { FlagError } from '#engine/commands/flags';
import { parseDockerCommand, UsageError } from '#engine/commands/docker';
import { runDockerBuild, type BuildFlags, type DockerBuildOutcome } from '#engine/commands';
import { asWorkspaceContent, filesUnder, PROJECT_DIR, type HostLineApi, type WorkspaceContent } from '#engine/commands';
import { baseName, resolvePath } from '#engine/toolchain/process';
import type { ExecContext, ExecResult, Toolchain } from '#engine/toolchain';
import type { BuildReports } from './build-report.ts';
import { runDockerCommand } from './docker-commands.ts';
import type { CommandSink, TerminalInfo } from './engine-api.ts';
import type { ReportSink } from './report.ts';
import type { RuntimeState } from './runtime-state.ts';
import type { SandboxContainers } from './sandbox-containers.ts';
import { workspaceDockerfile, workspacePlace, workspaceWriter } from './workspace-place.ts';

/** What the docker program runs against: the sandbox's store and caches, its build reports, its containers. */
export interface DockerSandbox {
  readonly state: RuntimeState;
  readonly builds: BuildReports;
  readonly containers: SandboxContainers;
}

/** The line's setting: the line as typed, the terminal's size, where downloads go, reports. */
export interface HostSetting {
  readonly line: string;
  readonly columns?: number;
  readonly rows?: number;
  readonly download?: (name: string, bytes: Uint8Array, type: string) => void;
  readonly report?: ReportSink;
}

function done(exitCode: number): Promise<ExecResult> {
  return Promise.resolve({ exitCode, modeledMs: 1 });
}

/** `docker build`'s paths typed in directory `cwd`, made relative to the workspace root; `..` when outside it (the build then says it is not found). */
function fromDirectory(api: HostLineApi, o: BuildFlags, cwd: string): BuildFlags {
  const fromDir = (path: string): string => {
    const p = api.workspacePath(resolvePath(cwd, path));
    return p === null ? '..' : p === '' ? '.' : p;
  };
  return {
    ...o,
    context: fromDir(o.context),
    ...(o.file !== undefined && o.file !== '-' ? { file: fromDir(o.file) } : {}),
    secrets: o.secrets.map((v) => v.replace(/(^|,)((?:src|source)=)([^,]+)/, (_, pre: string, key: string, src: string) => `${pre}${key}${fromDir(src)}`)),
  };
}

/** `docker ...` inside the shell, on `sandbox`. */
export function dockerProgram(api: HostLineApi, sandbox: DockerSandbox, setting: HostSetting): Toolchain {
  /** `docker build` over `files`: the engine's command core with the workspace as its place and the sandbox's state as its host; the build's report stands beside it. */
  async function build(opts: BuildFlags, files: ReadonlyMap<string, WorkspaceContent>, out: CommandSink, terminal: TerminalInfo, signal: AbortSignal | undefined): Promise<number> {
    const report = sandbox.builds.open(setting.line, opts, files, setting.report, signal);
    let outcome: DockerBuildOutcome;
    try {
      outcome = await runDockerBuild(opts, workspacePlace(files, out), {
        stdout: (t) => out.stdout(t),
        stderr: (t) => out.stderr(t),
        stderrIsTTY: terminal.tty,
        ...(terminal.columns ? { columns: terminal.columns } : {}),
        ...(terminal.rows ? { rows: terminal.rows } : {}),
        ...sandbox.state.buildHost(),
        ...(signal ? { signal } : {}),
        ...(report.onEvent ? { onEvent: report.onEvent } : {}),
      });
    } finally {
      report.flush();
    }
    await report.end(outcome);
    // saved after the prompt returns, before the next command (never during a build: a save collects unreferenced blobs)
    sandbox.state.save();
    return outcome.exitCode;
  }

  return {
    name: 'docker',
    async run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
      let cmd;
      try {
        cmd = parseDockerCommand(argv.slice(1));
      } catch (err) {
        if (err instanceof UsageError || err instanceof FlagError) {
          ctx.stderr(`${err.message}\n`);
          return done(125);
        }
        throw err;
      }
      if (cmd.kind === 'help') {
        ctx.stdout(cmd.text);
        return done(0);
      }
      // the build's files: the whole workspace as the line has it now; its paths (context, -f,
      // --secret src=) are relative to the working directory, as on a real machine
      const files = new Map<string, WorkspaceContent>();
      if (cmd.kind === 'build') {
        const context = resolvePath(ctx.cwd, cmd.options.context);
        if (ctx.fs.stat(context)?.type !== 'dir' || api.workspacePath(context) === null) {
          ctx.stderr(`ERROR: unable to prepare context: path "${cmd.options.context}" not found\n`);
          return done(1);
        }
        for (const [p, bytes] of filesUnder(ctx.fs, PROJECT_DIR)) files.set(p, asWorkspaceContent(bytes));
        cmd = { ...cmd, options: fromDirectory(api, cmd.options, ctx.cwd) };
        const df = workspaceDockerfile(cmd.options);
        if (df !== null) api.protect(df);
      }
      const tty = api.isTerminal(ctx.stderr);
      const terminal: TerminalInfo = { tty, ...(setting.columns ? { columns: setting.columns } : {}), ...(setting.rows ? { rows: setting.rows } : {}) };
      const out: CommandSink = {
        stdout: (t) => ctx.stdout(t),
        // on the terminal, the build's display writes as it is (its redraws); its step output is already inert
        stderr: tty ? (t) => api.terminalStderr(t) : (t) => ctx.stderr(t),
        files: workspaceWriter(ctx.fs, ctx.cwd),
      };
      if (cmd.kind === 'save' && cmd.output === undefined) {
        ctx.stderr(api.isTerminal(ctx.stdout)
          ? 'cowardly refusing to save to a terminal. Use the -o flag or redirect\n'
          : 'stageplay: docker save writes its archive with -o FILE here (the shell\'s pipes and redirections carry text)\n');
        return done(1);
      }
      await sandbox.state.saved();
      const exitCode = cmd.kind === 'build'
        ? await build(cmd.options, files, out, terminal, ctx.signal)
        : await runDockerCommand(cmd, out, { line: setting.line, ...(ctx.signal ? { signal: ctx.signal } : {}), ...(setting.report ? { report: setting.report } : {}) }, sandbox.state, sandbox.containers);
      return { exitCode, modeledMs: 1 };
    },
  };
}

/** `download FILE...`: each file to the browser's downloads, under its own name. */
export function downloadProgram(setting: HostSetting): Toolchain {
  return {
    name: 'download',
    run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
      const names = argv.slice(1);
      if (names.length === 0) {
        ctx.stderr('Usage: download FILE...\nSaves workspace files to your browser\'s downloads.\n');
        return done(1);
      }
      if (!setting.download) {
        ctx.stderr('download: this page cannot offer downloads\n');
        return done(1);
      }
      let code = 0;
      for (const n of names) {
        const abs = resolvePath(ctx.cwd, n);
        const st = ctx.fs.stat(abs);
        if (st?.type !== 'file') {
          ctx.stderr(`download: ${n}: ${st ? 'Is a directory' : 'No such file or directory'}\n`);
          code = 1;
          continue;
        }
        const bytes = ctx.fs.readFile(abs);
        setting.download(baseName(abs), bytes, /\.tar$/.test(n) ? 'application/x-tar' : 'application/octet-stream');
        ctx.stdout(`download: ${n} (${bytes.length} bytes) offered to the browser\n`);
      }
      return done(code);
    },
  };
}

/** `help`'s text: the sandbox's own programs and what is simulated. */
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

/** `help`: the sandbox's help (ash's own `help` lists its builtins; this one says what the sandbox is). */
export const helpProgram: Toolchain = {
  name: 'help',
  run(_argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
    ctx.stdout(SANDBOX_HELP);
    return done(0);
  },
};

/** What `clear` writes on an xterm: cursor home, erase the screen, erase the scrollback. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

/**
 * `clear`: `CLEAR_SCREEN`, drawn on the terminal when stdout is the terminal (its programs'
 * output is otherwise shown inert there), as bytes anywhere else (`clear > f`, a pipe).
 */
export function clearProgram(api: HostLineApi): Toolchain {
  return {
    name: 'clear',
    run(_argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
      if (api.isTerminal(ctx.stdout)) api.terminalStderr(CLEAR_SCREEN);
      else ctx.stdout(CLEAR_SCREEN);
      return done(0);
    },
  };
}

/** `history`: the lines typed so far, this one last, numbered from 0 in four columns as busybox ash lists them. */
export function historyProgram(lines: readonly string[]): Toolchain {
  return {
    name: 'history',
    run(_argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
      ctx.stdout(lines.map((l, i) => `${String(i).padStart(4)} ${l}\n`).join(''));
      return done(0);
    },
  };
}
