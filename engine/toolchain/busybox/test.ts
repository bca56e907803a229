import type { Applet, Proc } from '../process/proc.ts';
import { resolvePath } from '../process/path.ts';

class TestError extends Error {}

const FILE_OPS = new Set(['-e', '-f', '-d', '-h', '-L', '-s', '-r', '-w', '-x', '-b', '-c', '-p', '-S', '-g', '-u', '-k', '-O', '-G', '-t']);
const STR_OPS = new Set(['=', '==', '!=', '<', '>']);
const INT_OPS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

function int(s: string): number {
  const t = s.trim();
  if (!/^[-+]?\d+$/.test(t)) throw new TestError(`${s}: bad number`);
  return Number(t);
}

function fileTest(p: Proc, op: string, arg: string): boolean {
  const path = resolvePath(p.cwd, arg);
  if (op === '-h' || op === '-L') return p.fs.lstat(path)?.type === 'symlink';
  if (op === '-t') return false;
  const st = p.fs.stat(path);
  if (!st) return false;
  const root = p.user.uid === 0;
  switch (op) {
    case '-e':
      return true;
    case '-f':
      return st.type === 'file';
    case '-d':
      return st.type === 'dir';
    case '-s':
      return st.size > 0 || st.type === 'dir';
    case '-r':
      return root || (st.uid === p.user.uid ? !!(st.mode & 0o400) : !!(st.mode & 0o044));
    case '-w':
      return root || (st.uid === p.user.uid ? !!(st.mode & 0o200) : !!(st.mode & 0o022));
    case '-x':
      return root ? !!(st.mode & 0o111) || st.type === 'dir' : !!(st.mode & 0o111);
    case '-u':
      return !!(st.mode & 0o4000);
    case '-g':
      return !!(st.mode & 0o2000);
    case '-k':
      return !!(st.mode & 0o1000);
    case '-O':
      return st.uid === p.user.uid;
    case '-G':
      return st.gid === p.user.gid;
    default:
      return false;
  }
}

/** Recursive-descent evaluation of test's grammar: `!`, `-a`, `-o`, `( )`, unary and binary primaries. */
function evaluate(p: Proc, args: string[]): boolean {
  let i = 0;
  const primary = (): boolean => {
    const a = args[i];
    if (a === undefined) throw new TestError('argument expected');
    const rest = args.length - i;
    if (a === '!' && rest > 1) {
      i++;
      return !primary();
    }
    if (a === '(' && rest > 2) {
      i++;
      const v = orExpr();
      if (args[i] !== ')') throw new TestError(`')' expected`);
      i++;
      return v;
    }
    const op = args[i + 1];
    if (op !== undefined && rest >= 3 && (STR_OPS.has(op) || INT_OPS.has(op) || op === '-nt' || op === '-ot' || op === '-ef')) {
      const b = args[i + 2]!;
      i += 3;
      switch (op) {
        case '=':
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '>':
          return a > b;
        case '-eq':
          return int(a) === int(b);
        case '-ne':
          return int(a) !== int(b);
        case '-lt':
          return int(a) < int(b);
        case '-le':
          return int(a) <= int(b);
        case '-gt':
          return int(a) > int(b);
        case '-ge':
          return int(a) >= int(b);
        default: {
          const sa = p.fs.stat(resolvePath(p.cwd, a));
          const sb = p.fs.stat(resolvePath(p.cwd, b));
          if (op === '-nt') return !!sa && (!sb || sa.mtime > sb.mtime);
          if (op === '-ot') return !!sb && (!sa || sa.mtime < sb.mtime);
          return !!sa && !!sb && resolvePath(p.cwd, a) === resolvePath(p.cwd, b);
        }
      }
    }
    if ((FILE_OPS.has(a) || a === '-n' || a === '-z') && rest >= 2) {
      const arg = args[i + 1]!;
      i += 2;
      if (a === '-n') return arg !== '';
      if (a === '-z') return arg === '';
      return fileTest(p, a, arg);
    }
    i++;
    return a !== '';
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (args[i] === '-a') {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (args[i] === '-o') {
      i++;
      const r = andExpr();
      v = v || r;
    }
    return v;
  };
  if (args.length === 0) return false;
  const v = orExpr();
  if (i < args.length) throw new TestError(`${args[i]}: unknown operand`);
  return v;
}

/** `test expr` and `[ expr ]` (busybox): 0 true, 1 false, 2 on a usage error. */
export const test: Applet = (argv, p) => {
  let args = argv.slice(1);
  const name = p.errName ?? argv[0]!;
  if (argv[0] === '[' || argv[0]?.endsWith('/[')) {
    if (args[args.length - 1] !== ']') {
      p.err(`${name}: missing ]\n`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evaluate(p, args) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) {
      p.err(`${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
};
