import type { Command } from './ast.ts';
import type { Shell } from './interpreter.ts';
import type { ExecContext } from '../types.ts';
import type { Io } from './redirect.ts';
import type { Proc } from '../process/proc.ts';
import { utf8 } from '../process/proc.ts';
import { readToolMarker } from '../marker.ts';
import { expandString, expandWords, ExpandError } from './expand.ts';
import { BUILTINS, SPECIAL_BUILTINS } from './builtins.ts';
import { BudgetError, COMMAND_LIMIT, ExitSignal, FatalError, ReturnSignal } from './signals.ts';
import { baseName, resolvePath } from '../process/path.ts';
import { parseScript } from './parser.ts';
import { ShSyntaxError } from './errors.ts';

/** Modeled cost of one applet/builtin invocation (process start on a real machine). */
const APPLET_MS = 1;
const BUILTIN_MS = 0.01;
const MAX_DEPTH = 200;

type Simple = Extract<Command, { k: 'simple' }>;

async function expand<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ExpandError) throw new FatalError(e.message, e.status);
    throw e;
  }
}

/** Runs a simple command: expansion, assignments, redirections, then function/builtin/program. */
export async function runSimple(sh: Shell, c: Simple, io: Io): Promise<number> {
  const limit = sh.options.commandLimit ?? COMMAND_LIMIT;
  if (++sh.clock.commands > limit) throw new BudgetError(`stopped after ${limit} commands (stageplay's bound on one RUN)`, 2);
  sh.line = c.line;
  sh.errSink = io.err;
  sh.substStatus = 0;
  const argv = await expand(() => expandWords(c.words, sh));
  const assigns = new Map<string, string>();
  for (const a of c.assigns) assigns.set(a.name, await expand(() => expandString(a.value, sh)));
  if (sh.opts.x) {
    const shown = [...[...assigns].map(([k, v]) => `${k}=${v}`), ...argv];
    io.err(`+ ${shown.join(' ')}\n`);
  }
  if (argv.length === 0) {
    for (const [k, v] of assigns) sh.vars.set(k, v);
    const st = sh.substStatus;
    return sh.withRedirs(c.redirs, io, async () => st);
  }
  const name = argv[0]!;
  const special = SPECIAL_BUILTINS.has(name);
  if (special) for (const [k, v] of assigns) sh.vars.set(k, v);
  return sh.withRedirs(c.redirs, io, async (rio) => {
    const fn = sh.funcs.get(name);
    if (fn && !special) return callFunction(sh, fn, argv, assigns, rio);
    const builtin = BUILTINS[name];
    if (builtin) {
      sh.clock.ms += BUILTIN_MS;
      return builtin(sh, argv, rio, assigns);
    }
    return runProgram(sh, argv, rio, sh.environ(assigns));
  });
}

async function callFunction(sh: Shell, body: Command, argv: string[], assigns: Map<string, string>, io: Io): Promise<number> {
  if (sh.depth >= MAX_DEPTH) throw new FatalError('function nesting too deep');
  const saved = sh.positional;
  const savedVars = new Map<string, string | undefined>();
  for (const [k, v] of assigns) {
    savedVars.set(k, sh.vars.get(k));
    sh.vars.set(k, v);
  }
  sh.positional = argv.slice(1);
  sh.depth++;
  const frame = new Map<string, string | undefined>();
  sh.locals.push(frame);
  try {
    return await sh.exec(body, io);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    sh.depth--;
    sh.locals.pop();
    for (const [k, v] of frame) {
      if (v === undefined) sh.vars.delete(k);
      else sh.vars.set(k, v);
    }
    sh.positional = saved;
    for (const [k, v] of savedVars) {
      if (v === undefined) sh.vars.delete(k);
      else sh.vars.set(k, v);
    }
  }
}

/** Finds `name` like ash: a path when it contains `/`, else the first executable file on PATH. */
export function findProgram(sh: Shell, name: string, path?: string): string | undefined {
  if (name.includes('/')) return resolvePath(sh.cwd, name);
  for (const dir of (path ?? sh.vars.get('PATH') ?? '').split(':')) {
    const p = resolvePath(sh.cwd, `${dir || '.'}/${name}`);
    const st = sh.fs.stat(p);
    if (st?.type === 'file' && st.mode & 0o111) return p;
  }
  return undefined;
}

/** A Proc for applets and builtins running inside this shell. */
export function procFor(sh: Shell, io: Io, env: ReadonlyMap<string, string>): Proc {
  return {
    fs: sh.fs,
    env,
    cwd: sh.cwd,
    user: sh.ctx.user,
    platform: sh.ctx.platform,
    ...(sh.ctx.hostname !== undefined ? { hostname: sh.ctx.hostname } : {}),
    ...(sh.ctx.now !== undefined ? { now: sh.ctx.now } : {}),
    stdin: io.stdin,
    out: io.out,
    outBytes: io.out,
    err: io.err,
    spend: (ms) => void (sh.clock.ms += ms),
    programs: sh.ctx.programs,
    deps: sh.ctx.deps,
    ...(sh.ctx.signal ? { signal: sh.ctx.signal } : {}),
    exec: (argv, e) => runProgram(sh, argv, io, e ?? env),
  };
}

/** Runs an external command (applet via its busybox link, or a toolchain via `ctx.programs`). */
export async function runProgram(sh: Shell, argv: string[], io: Io, env: Map<string, string> | ReadonlyMap<string, string>): Promise<number> {
  const name = argv[0]!;
  const path = findProgram(sh, name, env.get('PATH'));
  const st = path ? sh.fs.stat(path) : undefined;
  if (!path || !st) {
    io.err(sh.message(`${name}: not found`));
    return 127;
  }
  if (st.type === 'dir' || !(st.mode & 0o111)) {
    io.err(sh.message(`${name}: Permission denied`));
    return 126;
  }
  const data = sh.fs.readHead(path, 4096);
  const marker = readToolMarker(data);
  if (marker === 'busybox') {
    let args = argv;
    if (baseName(args[0]!) === 'busybox' && args.length > 1) args = args.slice(1);
    const applet = baseName(args[0]!);
    if (applet === 'sh' || applet === 'ash') return runNestedShell(sh, args, io, env);
    const fn = sh.options.applets[applet];
    if (!fn) {
      io.err(`${applet}: applet not found\n`);
      return 127;
    }
    sh.clock.ms += APPLET_MS;
    return fn(args, procFor(sh, io, env));
  }
  const tool = sh.ctx.programs(path, sh.fs);
  if (tool) {
    const res = await tool.run(argv, childContext(sh, io, env));
    sh.clock.ms += res.modeledMs;
    return res.exitCode;
  }
  const text = utf8.decode(data.subarray(0, 4096));
  if (!text.includes('\0')) {
    // ash runs a file without a known interpreter as a shell script (ENOEXEC fallback)
    const m = /^#!\s*(\S+)/.exec(text);
    if (!m || /\/(ba|a)?sh$/.test(m[1]!)) return runNestedShell(sh, ['sh', path, ...argv.slice(1)], io, env);
  }
  io.err(sh.message(`${name}: Exec format error`));
  return 126;
}

/** `sh [-ex] [-c script | file] args...` inside a running shell. */
export async function runNestedShell(sh: Shell, argv: readonly string[], io: Io, env: ReadonlyMap<string, string>): Promise<number> {
  const res = await sh.options.nested(argv, childContext(sh, io, env));
  sh.clock.ms += res.modeledMs;
  return res.exitCode;
}

/** What a program started by the shell sees: the shell's fs, cwd, user and platform, this command's env and stdio. */
function childContext(sh: Shell, io: Io, env: ReadonlyMap<string, string>): ExecContext {
  return {
    fs: sh.fs,
    env,
    cwd: sh.cwd,
    user: sh.ctx.user,
    platform: sh.ctx.platform,
    ...(sh.ctx.hostname !== undefined ? { hostname: sh.ctx.hostname } : {}),
    ...(sh.ctx.now !== undefined ? { now: sh.ctx.now } : {}),
    stdin: io.stdin.readAllBytes(),
    stdout: (s) => io.out(s),
    stderr: (s) => io.err(s),
    programs: sh.ctx.programs,
    deps: sh.ctx.deps,
    ...(sh.ctx.signal ? { signal: sh.ctx.signal } : {}),
    ...(sh.ctx.net ? { net: sh.ctx.net } : {}),
  };
}

/** Parses and runs `src` in the current shell (`eval`, `.`). */
export async function evalIn(sh: Shell, src: string, io: Io): Promise<number> {
  let list;
  try {
    list = parseScript(src);
  } catch (e) {
    if (e instanceof ShSyntaxError) throw new FatalError(e.message, 2);
    throw e;
  }
  return sh.runList(list, io);
}

export { ExitSignal };
