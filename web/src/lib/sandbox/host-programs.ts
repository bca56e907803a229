/**
 * The terminal shell's own programs that reach past the shell: `docker` (the page's
 * docker commands, `engine/commands`' parser, run by `DockerRuntime`) and `download` (a
 * workspace file to the browser's downloads). Both are `Toolchain`s, so the shell runs
 * them like any program: in pipes, with redirections, reading the workspace files as the
 * line has them at that moment, writing outputs (`-o`, `save -o`) into them.
 */
import { FlagError } from '../../../../engine/commands/flags.ts';
import { parseDockerCommand, UsageError } from '../../../../engine/commands/docker.ts';
import { asWorkspaceContent, filesUnder, PROJECT_DIR, type HostLineApi } from '../../../../engine/commands/shell-host.ts';
import type { BuildOptions } from '../../../../engine/commands/docker.ts';
import { FsError, type WorkFs } from '../../../../engine/fs/index.ts';
import type { LocalFile } from '../../../../engine/image/index.ts';
import { baseName, dirName, resolvePath } from '../../../../engine/toolchain/sh/path.ts';
import type { ExecContext, ExecResult, Toolchain } from '../../../../engine/toolchain/types.ts';
import { workspaceDockerfile, type OutputWriter } from './build-command.ts';
import type { CommandSink, TerminalInfo } from './engine-api.ts';
import type { EngineCommand } from './docker-runtime.ts';
import type { ReportSink } from './report.ts';

/** What the docker program runs a parsed command with (the runtime's `run`). */
export type RunDocker = (
  cmd: EngineCommand,
  out: CommandSink,
  ctx: { readonly files: ReadonlyMap<string, string | Uint8Array>; readonly terminal: TerminalInfo; readonly signal?: AbortSignal },
) => Promise<number>;

/** The line's setting: the terminal's size, where downloads go, reports. */
export interface HostSetting {
  readonly columns?: number;
  readonly rows?: number;
  readonly download?: (name: string, bytes: Uint8Array, type: string) => void;
  readonly report?: ReportSink;
}

const LEARNER = { uid: 1000, gid: 1000 };

function done(exitCode: number): Promise<ExecResult> {
  return Promise.resolve({ exitCode, modeledMs: 1 });
}

function fsMessage(e: unknown, path: string): string {
  if (e instanceof FsError) {
    const why = { ENOENT: 'no such file or directory', ENOTDIR: 'not a directory', EISDIR: 'is a directory', EEXIST: 'file exists', ENOSPC: 'no space left on device' }[e.code as string] ?? e.code.toLowerCase();
    return `open ${path}: ${why}`;
  }
  throw e;
}

/** Writes outputs into the shell's filesystem, relative to its working directory. */
function writerOn(fs: WorkFs, cwd: string): OutputWriter {
  const opts = (mode: number) => ({ mode, ...LEARNER });
  return {
    writeTree(dest, files: readonly LocalFile[]) {
      const root = resolvePath(cwd, dest);
      let at = root;
      try {
        fs.mkdir(root, { recursive: true, ...opts(0o755) });
        for (const f of files) {
          if (f.path === '' || f.path === '.') continue;
          at = `${root}/${f.path}`;
          if (f.type === 'dir') {
            if (fs.stat(at)?.type !== 'dir') fs.mkdir(at, { recursive: true, ...opts(f.mode & 0o7777) });
            continue;
          }
          if (fs.lstat(at)) fs.rm(at, { recursive: true, force: true });
          if (f.type === 'symlink') fs.symlink(f.target ?? '', at, opts(0o777));
          else {
            const src = f.type === 'hardlink' ? files.find((x) => x.path === f.target) : f;
            fs.writeContent(at, src?.content ?? new Uint8Array(), opts(f.mode & 0o7777));
          }
        }
      } catch (e) {
        return `failed to solve: error from receiver: ${fsMessage(e, at)}`;
      }
      return undefined;
    },
    writeFile(dest, bytes) {
      const at = resolvePath(cwd, dest);
      try {
        fs.mkdir(dirName(at), { recursive: true, ...opts(0o755) });
        if (fs.stat(at)?.type === 'dir') return `open ${dest}: is a directory`;
        fs.writeFile(at, bytes, opts(0o644));
      } catch (e) {
        return fsMessage(e, dest);
      }
      return undefined;
    },
  };
}

/** `docker build`'s paths typed in directory `cwd`, made relative to the workspace root; `..` when outside it (the build then says it is not found). */
function fromDirectory(api: HostLineApi, o: BuildOptions, cwd: string): BuildOptions {
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

/** `docker ...` inside the shell. */
export function dockerProgram(api: HostLineApi, run: RunDocker, setting: HostSetting): Toolchain {
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
      const files = new Map<string, string | Uint8Array>();
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
        files: writerOn(ctx.fs, ctx.cwd),
      };
      if (cmd.kind === 'save' && cmd.output === undefined) {
        ctx.stderr(api.isTerminal(ctx.stdout)
          ? 'cowardly refusing to save to a terminal. Use the -o flag or redirect\n'
          : 'stageplay: docker save writes its archive with -o FILE here (the shell\'s pipes and redirections carry text)\n');
        return done(1);
      }
      const exitCode = await run(cmd, out, { files, terminal, ...(ctx.signal ? { signal: ctx.signal } : {}) });
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
