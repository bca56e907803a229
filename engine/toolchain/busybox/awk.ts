/**
 * `awk [-F SEP] [-v VAR=VAL]... 'PROGRAM' [VAR=VAL | FILE]...` as busybox runs it: `BEGIN` and
 * `END` blocks, patterns (expressions, `/regex/`), variables and arrays, fields (assignable,
 * `$0` rebuilt with OFS), `if`/`while`/`do`/`for`/`for (k in a)`, `next`, `exit`, `delete`,
 * `print`/`printf` (also `> file`, `>> file`), string and number semantics (CONVFMT, strnum
 * comparisons) and the POSIX built-in functions. Left out, with a message: user functions,
 * `getline`, pipes, range patterns and `system()`.
 */
import type { Applet, Proc } from '../process/proc.ts';
import { utf8 } from '../process/proc.ts';
import { lines } from './text.ts';
import { compile } from './regex.ts';
import { cFixed, padConversion } from './printf.ts';
import { resolvePath } from '../process/path.ts';
import { AwkSyntaxError, AwkUnsupported, parseAwk, type Expr, type Rule, type Stmt } from './awk-lang.ts';

/** A field or input value: a string that compares as a number when it looks like one (POSIX strnum). */
class StrNum {
  constructor(readonly s: string) {}
}
type Val = number | string | StrNum | undefined;
type Cell = { kind: 'scalar'; v: Val } | { kind: 'array'; m: Map<string, Val> };

const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** C's `%.Ng`. */
function fmtG(v: number, prec: number, alt = false): string {
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan';
  if (v === 0) return '0';
  const p = prec === 0 ? 1 : prec;
  const exp = Math.floor(Math.log10(Math.abs(v)));
  const e = Number(Math.abs(v).toExponential(p - 1).split('e')[1]);
  let s: string;
  if (e < -4 || e >= p) {
    s = v.toExponential(p - 1);
    if (!alt) s = s.replace(/\.?0+e/, 'e');
    s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  } else {
    s = cFixed(v, Math.max(0, p - 1 - e));
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  void exp;
  return s;
}

class Exit {
  constructor(readonly code: number) {}
}
class Next {}
class Break {}
class Continue {}

/** Limits so a runaway program ends (the sandbox has no time slice). */
const MAX_STEPS = 5_000_000;

class Awk {
  readonly vars = new Map<string, Cell>();
  record = '';
  fields: string[] = [];
  fieldsValid = false;
  nf = 0;
  steps = 0;
  out = '';
  files = new Map<string, string>();
  seed = 0;
  prevSeed = 0;

  constructor(
    readonly p: Proc,
    readonly rules: readonly Rule[],
  ) {
    for (const [k, v] of Object.entries({ FS: ' ', OFS: ' ', ORS: '\n', RS: '\n', SUBSEP: '\x1c', CONVFMT: '%.6g', OFMT: '%.6g', NR: 0, NF: 0, FNR: 0, FILENAME: '', RSTART: 0, RLENGTH: -1 })) {
      this.vars.set(k, { kind: 'scalar', v });
    }
    const env = new Map<string, Val>();
    for (const [k, v] of p.env) env.set(k, new StrNum(v));
    this.vars.set('ENVIRON', { kind: 'array', m: env });
  }

  // ---- values ----
  num(v: Val): number {
    if (typeof v === 'number') return v;
    if (v === undefined) return 0;
    const s = typeof v === 'string' ? v : v.s;
    const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?0[xX][0-9a-fA-F]+)/.exec(s);
    return m ? Number(m[1]) : 0;
  }
  str(v: Val, fmt = 'CONVFMT'): string {
    if (v === undefined) return '';
    if (typeof v === 'string') return v;
    if (v instanceof StrNum) return v.s;
    // busybox prints an integral value as %lld
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) return BigInt(v).toString();
    return this.sprintf(this.str(this.scalar(fmt)), [v]);
  }
  bool(v: Val): boolean {
    if (typeof v === 'number') return v !== 0;
    if (v === undefined) return false;
    if (v instanceof StrNum) return NUMERIC.test(v.s) ? this.num(v) !== 0 : v.s !== '';
    return v !== '';
  }
  isNum(v: Val): boolean {
    return typeof v === 'number' || v === undefined || (v instanceof StrNum && NUMERIC.test(v.s));
  }

  // ---- variables ----
  scalar(name: string): Val {
    if (name === 'NF') return this.getNF();
    const c = this.vars.get(name);
    if (c?.kind === 'array') throw new Error(`can't use array ${name} in scalar context`);
    return c?.v;
  }
  setScalar(name: string, v: Val): void {
    const c = this.vars.get(name);
    if (c?.kind === 'array') throw new Error(`can't assign to array ${name}`);
    if (name === 'NF') {
      this.splitFields();
      this.nf = Math.max(0, Math.trunc(this.num(v)));
      this.fields.length = this.nf;
      for (let i = 0; i < this.nf; i++) this.fields[i] ??= '';
      this.rebuild();
    }
    this.vars.set(name, { kind: 'scalar', v });
  }
  array(name: string): Map<string, Val> {
    let c = this.vars.get(name);
    if (!c || (c.kind === 'scalar' && c.v === undefined)) {
      c = { kind: 'array', m: new Map() };
      this.vars.set(name, c);
    }
    if (c.kind !== 'array') throw new Error(`can't use scalar ${name} as array`);
    return c.m;
  }
  key(keys: readonly Expr[]): string {
    return keys.map((k) => this.str(this.eval(k))).join(this.str(this.scalar('SUBSEP')));
  }

  // ---- records and fields ----
  setRecord(s: string): void {
    this.record = s;
    this.fieldsValid = false;
  }
  splitFields(): void {
    if (this.fieldsValid) return;
    this.fields = this.split(this.record, this.str(this.scalar('FS')));
    this.nf = this.fields.length;
    this.fieldsValid = true;
  }
  split(s: string, fs: string): string[] {
    if (fs === ' ') return s.split(/[ \t\n]+/).filter((x) => x !== '');
    if (s === '') return [];
    if (fs.length === 1 && fs !== '\\') return s.split(fs);
    return s.split(this.regex(fs));
  }
  getNF(): number {
    this.splitFields();
    return this.nf;
  }
  field(i: number): Val {
    if (i < 0) throw new Error(`trying to access out of range field ${i}`);
    if (i === 0) return new StrNum(this.record);
    this.splitFields();
    return i <= this.nf ? new StrNum(this.fields[i - 1]!) : undefined;
  }
  setField(i: number, v: string): void {
    if (i < 0) throw new Error(`trying to access out of range field ${i}`);
    if (i === 0) return this.setRecord(v);
    this.splitFields();
    while (this.fields.length < i) this.fields.push('');
    this.fields[i - 1] = v;
    this.nf = this.fields.length;
    this.rebuild();
  }
  rebuild(): void {
    this.record = this.fields.join(this.str(this.scalar('OFS')));
  }

  regexCache = new Map<string, RegExp>();
  regex(src: string, global = false): RegExp {
    const key = `${global ? 'g' : ''}${src}`;
    let re = this.regexCache.get(key);
    if (!re) {
      re = compile(src, { extended: true, icase: false, ...(global ? { global: true } : {}) });
      this.regexCache.set(key, re);
    }
    re.lastIndex = 0;
    return re;
  }
  /** The regex an operand of `~`, `split`, `sub`... stands for: a literal, or a dynamic string. */
  regexOf(e: Expr, global = false): RegExp {
    return this.regex(e.k === 're' ? e.v : this.str(this.eval(e)), global);
  }

  // ---- expressions ----
  tick(): void {
    if (++this.steps > MAX_STEPS) throw new Error('program too long-running for the sandbox (5,000,000 steps)');
  }
  eval(e: Expr): Val {
    this.tick();
    switch (e.k) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 're':
        return this.regex(e.v).test(this.record) ? 1 : 0;
      case 'var':
        return this.scalar(e.name);
      case 'idx': {
        const m = this.array(e.name);
        const k = this.key(e.keys);
        if (!m.has(k)) m.set(k, undefined);
        return m.get(k);
      }
      case 'field':
        return this.field(Math.trunc(this.num(this.eval(e.e))));
      case 'group':
        return this.eval(e.list[e.list.length - 1]!);
      case 'assign': {
        let v = this.eval(e.e);
        if (e.op !== '=') v = this.arith(e.op.slice(0, -1), this.eval(e.target), v);
        else if (v instanceof StrNum) v = new StrNum(v.s);
        this.assign(e.target, v);
        return v;
      }
      case 'cond':
        return this.bool(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'un': {
        const v = this.eval(e.e);
        return e.op === '!' ? (this.bool(v) ? 0 : 1) : e.op === '-' ? -this.num(v) : this.num(v);
      }
      case 'incr': {
        const old = this.num(this.eval(e.target));
        const now = e.op === '++' ? old + 1 : old - 1;
        this.assign(e.target, now);
        return e.prefix ? now : old;
      }
      case 'in':
        return this.array(e.name).has(this.key(e.keys)) ? 1 : 0;
      case 'call':
        return this.call(e.name, e.args);
      case 'bin':
        return this.binary(e.op, e.a, e.b);
    }
  }
  assign(target: Expr, v: Val): void {
    if (target.k === 'var') this.setScalar(target.name, v);
    else if (target.k === 'idx') this.array(target.name).set(this.key(target.keys), v);
    else if (target.k === 'field') this.setField(Math.trunc(this.num(this.eval(target.e))), this.str(v));
  }
  arith(op: string, a: Val, b: Val): number {
    const x = this.num(a);
    const y = this.num(b);
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/':
        if (y === 0) throw new Error('division by zero');
        return x / y;
      case '%':
        if (y === 0) throw new Error('division by zero in %');
        return x % y;
      default: return x ** y;
    }
  }
  binary(op: string, a: Expr, b: Expr): Val {
    if (op === '&&') return this.bool(this.eval(a)) && this.bool(this.eval(b)) ? 1 : 0;
    if (op === '||') return this.bool(this.eval(a)) || this.bool(this.eval(b)) ? 1 : 0;
    if (op === '~' || op === '!~') {
      const hit = this.regexOf(b).test(this.str(this.eval(a)));
      return hit === (op === '~') ? 1 : 0;
    }
    const x = this.eval(a);
    const y = this.eval(b);
    if (op === 'concat') return this.str(x) + this.str(y);
    if (['<', '<=', '>', '>=', '==', '!='].includes(op)) {
      let d: number;
      if (this.isNum(x) && this.isNum(y)) d = this.num(x) - this.num(y);
      else {
        const s = this.str(x);
        const t = this.str(y);
        d = s < t ? -1 : s > t ? 1 : 0;
      }
      const r = op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : op === '>=' ? d >= 0 : op === '==' ? d === 0 : d !== 0;
      return r ? 1 : 0;
    }
    return this.arith(op, x, y);
  }

  call(name: string, args: readonly Expr[]): Val {
    const arg = (i: number): Val => (args[i] ? this.eval(args[i]!) : undefined);
    const s = (i: number): string => this.str(arg(i));
    const n = (i: number): number => this.num(arg(i));
    switch (name) {
      case 'length': {
        if (args.length === 0) return this.record.length;
        const a = args[0]!;
        if (a.k === 'var' && this.vars.get(a.name)?.kind === 'array') return this.array(a.name).size;
        return s(0).length;
      }
      case 'substr': {
        // busybox: the start is clamped into the string first, then up to n characters are taken
        const str = s(0);
        const i = Math.min(Math.max(Math.trunc(n(1)) - 1, 0), str.length);
        const len = args.length > 2 ? Math.max(Math.trunc(n(2)), 0) : str.length - i;
        return str.slice(i, i + len);
      }
      case 'index':
        return s(0).indexOf(s(1)) + 1;
      case 'split': {
        const a = args[1];
        if (a?.k !== 'var') throw new Error('split: second argument must be an array');
        const str = s(0);
        const parts = args[2] ? (args[2].k === 're' ? (str === '' ? [] : str.split(this.regex(args[2].v))) : this.split(str, s(2))) : this.split(str, this.str(this.scalar('FS')));
        const m = this.array(a.name);
        m.clear();
        parts.forEach((part, i) => m.set(String(i + 1), new StrNum(part)));
        return parts.length;
      }
      case 'sub':
      case 'gsub': {
        const target: Expr = args[2] ?? { k: 'field', e: { k: 'num', v: 0 } };
        const re = this.regexOf(args[0]!, name === 'gsub');
        const repl = s(1);
        const text = this.str(this.eval(target));
        let count = 0;
        const out = text.replace(re, (m) => {
          count++;
          return repl.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? m : x === '\\&' ? '&' : '\\'));
        });
        if (count > 0) this.assign(target, out);
        return count;
      }
      case 'match': {
        const m = this.regexOf(args[1]!).exec(s(0));
        this.setScalar('RSTART', m ? m.index + 1 : 0);
        this.setScalar('RLENGTH', m ? m[0].length : -1);
        return m ? m.index + 1 : 0;
      }
      case 'sprintf':
        return this.sprintf(s(0), args.slice(1).map((a) => this.eval(a)));
      case 'tolower':
        return s(0).toLowerCase();
      case 'toupper':
        return s(0).toUpperCase();
      case 'int':
        return Math.trunc(n(0));
      case 'sqrt':
        return Math.sqrt(n(0));
      case 'exp':
        return Math.exp(n(0));
      case 'log':
        return Math.log(n(0));
      case 'sin':
        return Math.sin(n(0));
      case 'cos':
        return Math.cos(n(0));
      case 'atan2':
        return Math.atan2(n(0), n(1));
      case 'rand': {
        // deterministic: the sandbox's runs are reproducible
        this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
        return (this.seed % 2147483648) / 2147483648;
      }
      case 'srand': {
        const prev = this.prevSeed;
        this.prevSeed = args.length ? n(0) : 0;
        this.seed = this.prevSeed >>> 0;
        return prev;
      }
      case 'close':
      case 'fflush':
        return 0;
      default:
        throw new AwkUnsupported(`${name}()`);
    }
  }

  sprintf(fmt: string, vals: readonly Val[]): string {
    let i = 0;
    return fmt.replace(/%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXcsfeEgG%])/g, (_m, flags: string, w?: string, pr?: string, conv?: string) => {
      if (conv === '%') return '%';
      const width = w === '*' ? this.num(vals[i++]) : w ? Number(w) : 0;
      const prec = pr === '*' ? this.num(vals[i++]) : pr !== undefined ? Number(pr || '0') : undefined;
      const v = vals[i++];
      let s: string;
      switch (conv) {
        case 's':
          s = this.str(v);
          if (prec !== undefined) s = s.slice(0, prec);
          break;
        case 'c':
          s = typeof v === 'number' ? String.fromCharCode(v) : this.str(v).slice(0, 1);
          break;
        case 'd':
        case 'i': {
          const x = Math.trunc(this.num(v));
          s = String(Math.abs(x));
          if (prec !== undefined) s = s.padStart(prec, '0');
          s = (x < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
          break;
        }
        case 'o':
        case 'x':
        case 'X':
        case 'u': {
          let x = Math.trunc(this.num(v));
          if (x < 0) x = 2 ** 64 + x;
          s = conv === 'u' ? String(x) : x.toString(conv === 'o' ? 8 : 16);
          if (conv === 'X') s = s.toUpperCase();
          if (prec !== undefined) s = s.padStart(prec, '0');
          if (flags.includes('#') && x !== 0) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : conv === 'X' ? '0X' : '') + s;
          break;
        }
        case 'f':
        case 'e':
        case 'E':
        case 'g':
        case 'G': {
          const x = this.num(v);
          const p = prec ?? 6;
          s = conv === 'f' ? cFixed(x, p) : conv.toLowerCase() === 'e' ? x.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2') : fmtG(x, p, flags.includes('#'));
          if (conv === 'E' || conv === 'G') s = s.toUpperCase();
          if (x >= 0 && flags.includes('+')) s = '+' + s;
          else if (x >= 0 && flags.includes(' ')) s = ' ' + s;
          break;
        }
        default:
          s = '';
      }
      return padConversion(s, conv!, flags, width, prec);
    });
  }

  // ---- statements ----
  write(text: string, dest?: { mode: '>' | '>>'; e: Expr }): void {
    if (!dest) {
      this.out += text;
      if (this.out.length > 65536) this.flush();
      return;
    }
    const name = this.str(this.eval(dest.e));
    if (name === '/dev/stderr') return this.p.err(text);
    if (name === '/dev/stdout' || name === '-') return void (this.out += text);
    const prev = this.files.get(name);
    if (prev === undefined && dest.mode === '>>') {
      const path = resolvePath(this.p.cwd, name);
      this.files.set(name, this.p.fs.stat(path)?.type === 'file' ? utf8.decode(this.p.fs.readFile(path)) : '');
    }
    this.files.set(name, (this.files.get(name) ?? '') + text);
  }
  flush(): void {
    if (this.out) this.p.out(this.out);
    this.out = '';
  }
  closeFiles(): void {
    for (const [name, text] of this.files) {
      const path = resolvePath(this.p.cwd, name);
      this.p.fs.writeFile(path, utf8.encode(text), { uid: this.p.user.uid, gid: this.p.user.gid });
    }
  }

  exec(s: Stmt): void {
    this.tick();
    switch (s.k) {
      case 'block':
        for (const b of s.body) this.exec(b);
        return;
      case 'expr':
        this.eval(s.e);
        return;
      case 'print': {
        if (s.printf) {
          const [f, ...rest] = s.args.map((a) => this.eval(a));
          this.write(this.sprintf(this.str(f), rest), s.dest);
          return;
        }
        const parts = s.args.length === 0 ? [this.record] : s.args.map((a) => this.str(this.eval(a), 'OFMT'));
        this.write(parts.join(this.str(this.scalar('OFS'))) + this.str(this.scalar('ORS')), s.dest);
        return;
      }
      case 'if':
        if (this.bool(this.eval(s.c))) this.exec(s.then);
        else if (s.else) this.exec(s.else);
        return;
      case 'while':
        if (s.doWhile) {
          do {
            if (this.loopBody(s.body)) break;
          } while (this.bool(this.eval(s.c)));
        } else {
          while (this.bool(this.eval(s.c))) if (this.loopBody(s.body)) break;
        }
        return;
      case 'for':
        if (s.init) this.eval(s.init);
        while (!s.c || this.bool(this.eval(s.c))) {
          if (this.loopBody(s.body)) break;
          if (s.step) this.eval(s.step);
        }
        return;
      case 'forin':
        for (const k of [...this.array(s.arr).keys()]) {
          this.setScalar(s.v, new StrNum(k));
          if (this.loopBody(s.body)) break;
        }
        return;
      case 'next':
        throw new Next();
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
      case 'exit':
        throw new Exit(s.e ? Math.trunc(this.num(this.eval(s.e))) : 0);
      case 'delete':
        if (s.keys) this.array(s.name).delete(this.key(s.keys));
        else this.array(s.name).clear();
        return;
    }
  }
  /** Runs a loop body; true when it broke out. */
  loopBody(body: Stmt): boolean {
    try {
      this.exec(body);
    } catch (e) {
      if (e instanceof Break) return true;
      if (!(e instanceof Continue)) throw e;
    }
    return false;
  }

  run(operands: readonly string[]): number {
    let code = 0;
    let exited = false;
    const begin = this.rules.filter((r) => r.when === 'BEGIN');
    const main = this.rules.filter((r) => r.when === 'main');
    const end = this.rules.filter((r) => r.when === 'END');
    try {
      for (const r of begin) for (const s of r.action!) this.exec(s);
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      code = e.code;
      exited = true;
    }
    // with only BEGIN rules, awk reads no input
    if (!exited && (main.length > 0 || end.length > 0)) {
      try {
        this.input(operands, main);
      } catch (e) {
        if (!(e instanceof Exit)) throw e;
        code = e.code;
      }
    }
    try {
      for (const r of end) for (const s of r.action!) this.exec(s);
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      code = e.code;
    }
    this.flush();
    this.closeFiles();
    return code;
  }

  input(operands: readonly string[], main: readonly Rule[]): void {
    const sources = operands.filter((o) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(o));
    // assignments take effect when reached; with no file operands, stdin is read after them
    const queue = sources.length === 0 ? [...operands, '-'] : operands;
    for (const [i, op] of queue.entries()) {
      const assign = sources.length === 0 && i === queue.length - 1 ? null : /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(op);
      if (assign) {
        this.setScalar(assign[1]!, new StrNum(unescapeAssign(assign[2]!)));
        continue;
      }
      let text: string;
      if (op === '-') text = this.p.stdin.readAll();
      else {
        const path = resolvePath(this.p.cwd, op);
        const st = this.p.fs.stat(path);
        if (st?.type !== 'file') throw new Error(`cannot open "${op}" (${st ? 'Is a directory' : 'No such file or directory'})`);
        text = utf8.decode(this.p.fs.readFile(path));
      }
      this.setScalar('FILENAME', op === '-' ? '' : op);
      this.setScalar('FNR', 0);
      for (const line of lines(text)) {
        this.setScalar('NR', this.num(this.scalar('NR')) + 1);
        this.setScalar('FNR', this.num(this.scalar('FNR')) + 1);
        this.setRecord(line);
        try {
          for (const r of main) {
            if (r.pattern && !this.bool(this.eval(r.pattern))) continue;
            if (r.action) for (const s of r.action) this.exec(s);
            else this.write(this.record + this.str(this.scalar('ORS')));
          }
        } catch (e) {
          if (!(e instanceof Next)) throw e;
        }
      }
    }
  }
}

/** `-v` and operand assignments take escape sequences, as string literals do. */
function unescapeAssign(s: string): string {
  return s.replace(/\\(n|t|r|\\|"|\/|a|b|f|v|[0-7]{1,3})/g, (_m, c: string) =>
    ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' })[c] ?? String.fromCharCode(parseInt(c, 8)),
  );
}

export const awk: Applet = (argv, p) => {
  const args = argv.slice(1);
  const assigns: [string, string][] = [];
  let fs: string | undefined;
  let prog: string | undefined;
  while (args.length > 0 && args[0]!.startsWith('-') && args[0] !== '-') {
    const a = args.shift()!;
    if (a === '--') break;
    if (a.startsWith('-F')) fs = a.length > 2 ? a.slice(2) : args.shift();
    else if (a.startsWith('-v')) {
      const v = a.length > 2 ? a.slice(2) : args.shift();
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v ?? '');
      if (!m) return (p.err(`awk: invalid -v argument '${v ?? ''}'\n`), 2);
      assigns.push([m[1]!, m[2]!]);
    } else if (a.startsWith('-f')) {
      const f = a.length > 2 ? a.slice(2) : args.shift();
      const path = resolvePath(p.cwd, f ?? '');
      if (p.fs.stat(path)?.type !== 'file') return (p.err(`awk: can't open '${f}': No such file or directory\n`), 2);
      prog = utf8.decode(p.fs.readFile(path));
    } else return (p.err(`awk: invalid option -- '${a.slice(1, 2)}'\n`), 2);
  }
  prog ??= args.shift();
  if (prog === undefined) return (p.err('awk: usage: awk [-F SEP] [-v VAR=VAL] [-f FILE | PROGRAM] [FILE]...\n'), 1);
  let rules: Rule[];
  try {
    rules = parseAwk(prog);
  } catch (e) {
    if (e instanceof AwkSyntaxError) return (p.err(`awk: cmd. line:${e.line}: ${e.message}\n`), 1);
    if (e instanceof AwkUnsupported) return (p.err(`awk: ${e.message} are not supported by stageplay's awk\n`), 1);
    throw e;
  }
  const vm = new Awk(p, rules);
  // -F takes a tab as `t`, as busybox does
  if (fs !== undefined) vm.setScalar('FS', fs === 't' ? '\t' : unescapeAssign(fs));
  for (const [k, v] of assigns) vm.setScalar(k, new StrNum(unescapeAssign(v)));
  try {
    return vm.run(args);
  } catch (e) {
    vm.flush();
    if (e instanceof AwkUnsupported) return (p.err(`awk: ${e.message} are not supported by stageplay's awk\n`), 1);
    if (e instanceof Exit || e instanceof Next || e instanceof Break || e instanceof Continue) return 1;
    p.err(`awk: cmd. line:1: ${(e as Error).message}\n`);
    return 1;
  }
};
