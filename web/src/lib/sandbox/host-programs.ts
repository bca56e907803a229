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
