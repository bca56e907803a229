/** `$(( ... ))` evaluation (ash: signed 64-bit in busybox; here JS integers, truncated). */
import { MAX_NESTING } from './words.ts';

/** Thrown with ash's message (`arithmetic syntax error`, `divide by zero`). */
export class ArithError extends Error {}

type Vars = { get(name: string): string | undefined; set(name: string, v: string): void };

const BIN: Record<string, [number, (a: number, b: number) => number]> = {
  '||': [1, (a, b) => (a || b ? 1 : 0)],
  '&&': [2, (a, b) => (a && b ? 1 : 0)],
  '|': [3, (a, b) => a | b],
  '^': [4, (a, b) => a ^ b],
  '&': [5, (a, b) => a & b],
  '==': [6, (a, b) => (a === b ? 1 : 0)],
  '!=': [6, (a, b) => (a !== b ? 1 : 0)],
  '<': [7, (a, b) => (a < b ? 1 : 0)],
  '>': [7, (a, b) => (a > b ? 1 : 0)],
  '<=': [7, (a, b) => (a <= b ? 1 : 0)],
  '>=': [7, (a, b) => (a >= b ? 1 : 0)],
  '<<': [8, (a, b) => a << b],
  '>>': [8, (a, b) => a >> b],
  '+': [9, (a, b) => a + b],
  '-': [9, (a, b) => a - b],
  '*': [10, (a, b) => a * b],
  '/': [10, (a, b) => div(a, b)],
  '**': [11, (a, b) => a ** b],
  '%': [10, (a, b) => (b === 0 ? div(a, b) : a % b)],
};

function div(a: number, b: number): number {
  if (b === 0) throw new ArithError('divide by zero');
  return Math.trunc(a / b);
}

/** Evaluates an arithmetic expression; variables are read and assigned through `vars`. */
export function evalArith(text: string, vars: Vars): number {
  const toks = text.match(/\s+|0[xX][0-9a-fA-F]+|\d+|[A-Za-z_]\w*|\*\*|\|\||&&|==|!=|<=|>=|<<|>>|[-+*/%]=|\+\+|--|[-+*/%()!~<>&|^?:=]|./g) ?? [];
  const ts = toks.filter((t) => !/^\s+$/.test(t));
  let i = 0;
  const peek = (): string | undefined => ts[i];
  const fail = (): never => {
    throw new ArithError('arithmetic syntax error');
  };
  const num = (name: string): number => {
    const v = vars.get(name);
    if (v === undefined || v === '') return 0;
    const n = toNum(v.trim());
    if (n === undefined) fail();
    return n!;
  };
  let depth = 0;
  const deeper = (f: () => number): number => {
    if (depth >= MAX_NESTING) throw new ArithError(`arithmetic expression nested more than ${MAX_NESTING} levels deep`);
    depth++;
    try {
      return f();
    } finally {
      depth--;
    }
  };
  const primary = (): number => {
    const t = ts[i++];
    if (t === undefined) return fail();
    if (t === '(') {
      const v = deeper(assign);
      if (ts[i++] !== ')') fail();
      return v;
    }
    if (t === '-') return -deeper(primary);
    if (t === '+') return deeper(primary);
    if (t === '!') return deeper(primary) ? 0 : 1;
    if (t === '~') return ~deeper(primary);
    if (/^\d|^0[xX]/.test(t)) {
      const n = toNum(t);
      return n === undefined ? fail() : n;
    }
    if (/^[A-Za-z_]/.test(t)) return num(t);
    return fail();
  };
  const binary = (minPrec: number): number => {
    let left = primary();
    for (;;) {
      const op = peek();
      const spec = op !== undefined ? BIN[op] : undefined;
      if (!spec || spec[0] < minPrec) return left;
      i++;
      const right = binary(spec[0] + 1);
      left = Math.trunc(spec[1](left, right));
    }
  };
  const ternary = (): number => {
    const c = binary(1);
    if (peek() !== '?') return c;
    i++;
    const a = assign();
    if (ts[i++] !== ':') fail();
    const b = assign();
    return c ? a : b;
  };
  const assign = (): number => {
    const t = ts[i];
    const op = ts[i + 1];
    if (t && /^[A-Za-z_]/.test(t) && op && /^[-+*/%]?=$/.test(op)) {
      i += 2;
      const rhs = deeper(assign);
      const v = op === '=' ? rhs : BIN[op[0]!]![1](num(t), rhs);
      vars.set(t, String(v));
      return v;
    }
    return ternary();
  };
  if (ts.length === 0) return 0;
  const v = assign();
  if (i < ts.length) fail();
  return v;
}

function toNum(s: string): number | undefined {
  if (/^-?\d+$/.test(s)) return s.length > 1 && s.startsWith('0') ? parseInt(s, 8) : Number(s);
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s, 16);
  return undefined;
}
