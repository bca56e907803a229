import type { Shell } from './interpreter.ts';
import type { Io } from './redirect.ts';
import { ExitSignal, FatalError, LoopSignal, ReturnSignal } from './signals.ts';
import { evalIn, findProgram, procFor, runProgram } from './simple.ts';
import { resolvePath } from '../process/path.ts';
import { utf8 } from '../process/proc.ts';

/** A shell builtin: runs in the shell itself and may change its state. */
export type Builtin = (sh: Shell, argv: string[], io: Io, assigns: ReadonlyMap<string, string>) => number | Promise<number>;

/** Builtins whose preceding assignments stay in the shell (POSIX special builtins). */
export const SPECIAL_BUILTINS = new Set([':', '.', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'trap', 'unset', 'local']);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function num(sh: Shell, cmd: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^[0-9]+$/.test(v)) throw new FatalError(`${cmd}: line ${sh.line}: Illegal number: ${v}`, 2);
  return Number(v);
}

/** Runs a busybox applet as a builtin; its messages are prefixed like ash's (`sh: ...`). */
function applet(name: string): Builtin {
  return (sh, argv, io, assigns) => sh.options.applets[name]!(argv, { ...procFor(sh, io, sh.environ(assigns)), errName: 'sh' });
}

function setOpts(sh: Shell, args: string[]): string[] | undefined {
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!/^[-+][a-zA-Z]+$/.test(a) && a !== '-o' && a !== '+o') break;
    const on = a[0] === '-';
    if (a.slice(1) === 'o') {
      const o = args[++i];
      if (o === 'errexit') sh.opts.e = on;
      else if (o === 'xtrace') sh.opts.x = on;
      else if (o === 'nounset') sh.opts.u = on;
      else if (o === 'noglob') sh.opts.f = on;
      else if (o === 'pipefail') sh.opts.pipefail = on;
      else return undefined;
      continue;
    }
    for (const c of a.slice(1)) {
      if (c === 'e' || c === 'x' || c === 'u' || c === 'f') sh.opts[c] = on;
      else return undefined;
    }
  }
  return args.slice(i);
}

/** The builtins of busybox ash that stageplay models. */
export const BUILTINS: Record<string, Builtin> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  echo: applet('echo'),
  printf: applet('printf'),
  test: applet('test'),
  '[': applet('['),
  pwd: (sh, _a, io) => {
    io.out(sh.cwd + '\n');
    return 0;
  },
  cd: (sh, argv, io) => {
    const arg = argv[1] === undefined ? (sh.vars.get('HOME') ?? '/') : argv[1] === '-' ? (sh.vars.get('OLDPWD') ?? sh.cwd) : argv[1];
    const path = resolvePath(sh.cwd, arg);
    const st = sh.fs.stat(path);
    if (!st || st.type !== 'dir') {
      io.err(sh.message(`can't cd to ${arg}: ${st ? 'Not a directory' : 'No such file or directory'}`, 'cd'));
      return 2;
    }
    sh.vars.set('OLDPWD', sh.cwd);
    sh.cwd = path;
    sh.vars.set('PWD', path);
    if (argv[1] === '-') io.out(path + '\n');
    return 0;
  },
  export: (sh, argv, io) => exportLike(sh, argv, io, 'export'),
  readonly: (sh, argv, io) => exportLike(sh, argv, io, 'readonly'),
  local: (sh, argv, io) => {
    const frame = sh.locals[sh.locals.length - 1];
    if (!frame) {
      io.err(sh.message('local: not in a function'));
      return 2;
    }
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (!frame.has(name)) frame.set(name, sh.vars.get(name));
      if (eq >= 0) sh.vars.set(name, a.slice(eq + 1));
    }
    return 0;
  },
  unset: (sh, argv) => {
    const fn = argv[1] === '-f';
    for (const a of argv.slice(argv[1] === '-f' || argv[1] === '-v' ? 2 : 1)) {
      if (fn) sh.funcs.delete(a);
      else {
        sh.vars.delete(a);
        sh.exported.delete(a);
      }
    }
    return 0;
  },
  set: (sh, argv, io) => {
    if (argv.length === 1) {
      for (const [k, v] of [...sh.vars].sort(([a], [b]) => (a < b ? -1 : 1))) io.out(`${k}='${v.replace(/'/g, `'"'"'`)}'\n`);
      return 0;
    }
    const rest = setOpts(sh, argv.slice(1));
    if (!rest) {
      io.err(sh.message(`set: line ${sh.line}: illegal option ${argv[1]}`));
      return 2;
    }
    if (rest.length || argv.includes('--')) sh.positional = rest;
    return 0;
  },
  shift: (sh, argv) => {
    const n = num(sh, 'shift', argv[1], 1);
    if (n > sh.positional.length) throw new FatalError(`shift: line ${sh.line}: can't shift that many`, 2);
    sh.positional = sh.positional.slice(n);
    return 0;
  },
  exit: (sh, argv) => {
    throw new ExitSignal(num(sh, 'exit', argv[1], sh.status) & 255);
  },
  return: (sh, argv) => {
    throw new ReturnSignal(num(sh, 'return', argv[1], sh.status) & 255);
  },
  break: (sh, argv) => {
    throw new LoopSignal('break', Math.max(1, num(sh, 'break', argv[1], 1)));
  },
  continue: (sh, argv) => {
    throw new LoopSignal('continue', Math.max(1, num(sh, 'continue', argv[1], 1)));
  },
  eval: (sh, argv, io) => evalIn(sh, argv.slice(1).join(' '), io),
  '.': async (sh, argv, io) => {
    const f = argv[1];
    if (f === undefined) return 0;
    const path = f.includes('/') ? resolvePath(sh.cwd, f) : findProgram(sh, f) ?? resolvePath(sh.cwd, f);
    if (sh.fs.stat(path)?.type !== 'file') throw new FatalError(`.: line ${sh.line}: can't open '${f}'`, 2);
    try {
      return await evalIn(sh, utf8.decode(sh.fs.readFile(path)), io);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.status;
      throw e;
    }
  },
  exec: async (sh, argv, io, assigns) => {
    if (argv.length === 1) return 0;
    throw new ExitSignal(await runProgram(sh, argv.slice(1), io, sh.environ(assigns)));
  },
  read: (sh, argv, io) => {
    const names = argv.slice(1).filter((a) => !a.startsWith('-'));
    const raw = argv.includes('-r');
    let line = io.stdin.readLine();
    if (line === undefined) {
      for (const n of names) sh.vars.set(n, '');
      return 1;
    }
    if (!raw) line = line.replace(/\\(.)/g, '$1');
    const vars = names.length ? names : ['REPLY'];
    const parts = line.trim().split(/[ \t]+/);
    vars.forEach((n, i) => sh.vars.set(n, i === vars.length - 1 ? parts.slice(i).join(' ') : (parts[i] ?? '')));
    return 0;
  },
  type: (sh, argv, io) => {
    let st = 0;
    for (const n of argv.slice(1)) {
      if (sh.funcs.has(n)) io.out(`${n} is a function\n`);
      else if (BUILTINS[n]) io.out(`${n} is a ${SPECIAL_BUILTINS.has(n) ? 'special ' : ''}shell builtin\n`);
      else {
        const p = findProgram(sh, n);
        if (p) io.out(`${n} is ${p}\n`);
        else {
          io.out(`${n}: not found\n`);
          st = 127;
        }
      }
    }
    return st;
  },
  command: async (sh, argv, io, assigns) => {
    if (argv[1] === '-v') {
      const n = argv[2] ?? '';
      if (BUILTINS[n] || sh.funcs.has(n)) io.out(n + '\n');
      else {
        const p = findProgram(sh, n);
        if (!p) return 127;
        io.out(p + '\n');
      }
      return 0;
    }
    const rest = argv.slice(1);
    if (!rest.length) return 0;
    const b = BUILTINS[rest[0]!];
    return b ? b(sh, rest, io, assigns) : runProgram(sh, rest, io, sh.environ(assigns));
  },
  umask: (_sh, argv, io) => {
    if (argv.length === 1) io.out('0022\n');
    return 0;
  },
  wait: () => 0,
  trap: () => 0,
  hash: () => 0,
};

function exportLike(sh: Shell, argv: string[], io: Io, cmd: string): number {
  const args = argv.slice(1).filter((a) => a !== '-p' && a !== '-n');
  if (args.length === 0) {
    for (const k of [...sh.exported].sort()) {
      const v = sh.vars.get(k);
      io.out(v === undefined ? `${cmd} ${k}\n` : `${cmd} ${k}='${v.replace(/'/g, `'"'"'`)}'\n`);
    }
    return 0;
  }
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (!NAME.test(name)) throw new FatalError(`${cmd}: line ${sh.line}: ${name}: bad variable name`, 2);
    if (eq >= 0) sh.vars.set(name, a.slice(eq + 1));
    if (cmd === 'export') sh.exported.add(name);
  }
  return 0;
}
