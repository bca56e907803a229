/**
 * RUN (BuildKit `dispatchRun` + runc): the process runs with the stage's env (declared
 * ARGs and proxy build args included), WORKDIR and USER, against a copy-on-write tree
 * with the mounts grafted on. Shell form goes through the image's SHELL.
 */
import type { RunCommand } from '../dockerfile/index.ts';
import type { Snapshot } from '../fs/index.ts';
import { DEFAULT_LIMIT_BYTES } from '../fs/index.ts';
import type { ContainerConfig } from '../image/index.ts';
import { ExecError } from '../source/errors.ts';
import type { ProcessDeps, ProgramResolver, Toolchain } from '../toolchain/types.ts';
import { goQuote } from '../util/go-quote.ts';
import { emulatedMs } from './emulation.ts';
import { argumentListTooLong } from './arg-max.ts';
import { withShell } from './metadata.ts';
import type { PreparedMount } from './mounts.ts';
import { runUser } from './users.ts';

/** Fixed cost of starting a container for a RUN (modeled). */
export const RUN_START_MS = 120;

/** What a RUN needs besides its command. */
export interface RunContext {
  /** The tree with mounts grafted on. */
  readonly root: Snapshot;
  readonly config: ContainerConfig;
  readonly workdir: string;
  /** `USER` in effect (raw). */
  readonly user: string;
  /** Build env (config Env, ENV, declared ARGs). */
  readonly env: ReadonlyMap<string, string>;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Extra variables (secret `env=` mounts). */
  readonly extraEnv: ReadonlyMap<string, string>;
  readonly platform: string;
  /** The build machine's platform (default linux/amd64): a RUN for another architecture is emulated, 10x slower. */
  readonly hostPlatform?: string;
  readonly programs: ProgramResolver;
  /** The platform's hashing and gzip, for the step's processes (`ExecContext.deps`). */
  readonly deps: ProcessDeps;
  readonly signal?: AbortSignal;
  readonly mtime: number;
  readonly mounts: readonly PreparedMount[];
  /** `BUILDKIT_SANDBOX_HOSTNAME`; absent: BuildKit's `buildkitsandbox`. */
  readonly hostname?: string;
  log(data: string, stream: 'stdout' | 'stderr'): void;
}

/** The process args of a RUN (shell form wrapped with SHELL). */
export function runArgs(cmd: RunCommand, config: ContainerConfig): string[] {
  if (cmd.files.length > 0 && cmd.prependShell) {
    const line = cmd.cmdLine.join(' ');
    // A lone heredoc runs its body as the script; otherwise the heredocs are put back after the line.
    const script = /^<<-?["']?[A-Za-z0-9_]+["']?$/.test(line.trim())
      ? cmd.files[0]!.data
      : `${line}\n${cmd.files.map((f) => `${f.data}${f.name}\n`).join('')}`;
    return withShell(config, [script], true);
  }
  return withShell(config, cmd.cmdLine, cmd.prependShell);
}

/**
 * The proxy variables a RUN sees (`proxyEnvFromBuildArgs`, then the executor's
 * `proxyEnvList`): a `--build-arg` named like `http_proxy` in any case sets both
 * `HTTP_PROXY` and `http_proxy` (of several spellings, the last in sorted order wins; an
 * empty value sets nothing). They are not part of the step's cache key or history.
 */
export function proxyEnv(buildArgs: Readonly<Record<string, string>>): [string, string][] {
  const kinds = ['http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy'];
  const values = new Map<string, string>();
  for (const k of Object.keys(buildArgs).sort()) {
    const kind = k.toLowerCase();
    if (kinds.includes(kind)) values.set(kind, buildArgs[k]!);
  }
  const out: [string, string][] = [];
  for (const kind of kinds) {
    const v = values.get(kind);
    if (v) out.push([kind.toUpperCase(), v], [kind, v]);
  }
  return out;
}

/** The process environment: build env, proxy args, secret env, HOME when unset. */
export function processEnv(ctx: Pick<RunContext, 'env' | 'buildArgs' | 'extraEnv'>, home: string): Map<string, string> {
  const env = new Map(ctx.env);
  // appended after the build env, so they win (the OCI spec keeps the last of a name)
  for (const [k, v] of proxyEnv(ctx.buildArgs)) env.set(k, v);
  for (const [k, v] of ctx.extraEnv) env.set(k, v);
  if (!env.has('HOME')) env.set('HOME', home);
  return env;
}

function homeOf(root: Snapshot, uid: number): string {
  try {
    const line = new TextDecoder().decode(root.readFile('/etc/passwd')).split('\n').map((l) => l.split(':')).find((r) => r[2] === String(uid));
    if (line?.[5]) return line[5];
  } catch {
    // no passwd file
  }
  return uid === 0 ? '/root' : '/';
}

function startError(args: readonly string[], detail: string): ExecError {
  return new ExecError(
    'run-start',
    `process ${goQuote(args.join(' '))} did not complete successfully: runc run failed: unable to start container process: error during container init: ${detail}`,
  );
}

/** Finds `name` like Go's `exec.LookPath` with the container's PATH. */
function lookPath(root: Snapshot, name: string, cwd: string, path: string | undefined): string | undefined {
  if (name.includes('/')) return name.startsWith('/') ? name : `${cwd === '/' ? '' : cwd}/${name}`;
  for (const dir of (path ?? '').split(':')) {
    if (!dir) continue;
    const p = `${dir.replace(/\/$/, '')}/${name}`;
    const st = root.stat(p);
    if (st?.type === 'file' && st.mode & 0o111) return p;
  }
  return undefined;
}

/**
 * Runs the RUN's process on a writable copy of `ctx.root`. Returns the tree after the
 * process and its modeled time; a non-zero exit or a failed start throws `ExecError`
 * worded as BuildKit reports it (the caller attaches the Dockerfile range).
 */
export async function runProcess(cmd: RunCommand, ctx: RunContext): Promise<{ after: Snapshot; modeledMs: number }> {
  const args = runArgs(cmd, ctx.config);
  let user;
  try {
    user = runUser(ctx.root, ctx.user);
  } catch (e) {
    throw startError(args, (e as Error).message);
  }
  const env = processEnv(ctx, homeOf(ctx.root, user.uid));
  const arg0 = args[0] ?? '';
  const path = lookPath(ctx.root, arg0, ctx.workdir, env.get('PATH'));
  if (path === undefined) {
    ctx.log(`runc run failed: unable to start container process: error during container init: exec: ${goQuote(arg0)}: executable file not found in $PATH\n`, 'stderr');
    throw startError(args, `exec: ${goQuote(arg0)}: executable file not found in $PATH`);
  }
  if (argumentListTooLong(args, env)) {
    const detail = `exec ${path}: argument list too long`;
    ctx.log(`runc run failed: unable to start container process: error during container init: ${detail}\n`, 'stderr');
    throw startError(args, detail);
  }
  const st = ctx.root.stat(path);
  if (st === undefined) {
    const detail = `exec: ${goQuote(arg0)}: stat ${arg0}: no such file or directory`;
    ctx.log(`runc run failed: unable to start container process: error during container init: ${detail}\n`, 'stderr');
    throw startError(args, detail);
  }
  // The budget bounds what the step writes, not the image under it (a golang Debian base is ~800 MB).
  const o = ctx.root.edit({ now: ctx.mtime, limitBytes: ctx.root.size + DEFAULT_LIMIT_BYTES });
  if (st.type !== 'file' || !(st.mode & 0o111)) {
    const detail = `exec: ${goQuote(arg0)}: permission denied`;
    ctx.log(`runc run failed: unable to start container process: error during container init: ${detail}\n`, 'stderr');
    throw startError(args, detail);
  }
  const tool: Toolchain | undefined = ctx.programs(path, o);
  if (!tool) {
    const detail = `exec ${path}: exec format error`;
    ctx.log(`${detail}\n`, 'stderr');
    throw new ExecError('run-exit', `process ${goQuote(args.join(' '))} did not complete successfully: exit code: 1`);
  }
  const res = await runTool(tool, args, {
    fs: o,
    env,
    cwd: ctx.workdir,
    user,
    platform: ctx.platform,
    ...(ctx.hostname ? { hostname: ctx.hostname } : {}),
    stdout: (s) => ctx.log(s, 'stdout'),
    stderr: (s) => ctx.log(s, 'stderr'),
    programs: ctx.programs,
    deps: ctx.deps,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (res.exitCode !== 0) {
    throw new ExecError('run-exit', `process ${goQuote(args.join(' '))} did not complete successfully: exit code: ${res.exitCode}`, [], { exitCode: res.exitCode });
  }
  return { after: o.commit().snapshot, modeledMs: RUN_START_MS + emulatedMs(res.modeledMs, ctx.platform, ctx.hostPlatform) };
}

/** Runs a tool; an abort (from the signal) becomes BuildKit's `context canceled`. */
async function runTool(tool: Toolchain, args: readonly string[], ctx: Parameters<Toolchain['run']>[1]): Promise<Awaited<ReturnType<Toolchain['run']>>> {
  try {
    const res = await tool.run(args, ctx);
    if (ctx.signal?.aborted) throw new ExecError('canceled', 'context canceled');
    return res;
  } catch (e) {
    if (ctx.signal?.aborted) throw new ExecError('canceled', 'context canceled');
    // The JS heap refused a string or buffer (a value doubled past V8's limits): the process
    // ran out of memory, as busybox reports it, instead of a host error escaping the build.
    if (e instanceof RangeError && /Invalid (string|typed array|array) length|allocation failed/i.test(e.message)) {
      ctx.stderr('sh: out of memory\n');
      return { exitCode: 1, modeledMs: 0 };
    }
    throw e;
  }
}
