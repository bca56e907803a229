/**
 * fmt's formatting for the simulated Go's values: `Sprint`, `Sprintln`, `Sprintf` with the
 * verbs %v %s %d %q %t %x %X %c %T %p %% (flags `-`, `0`, `+`, `#`, a width and a
 * precision), and fmt's own error notes (`%!d(string=hi)`, `%!s(MISSING)`,
 * `%!(EXTRA int=1)`, `%!(NOVERB)`).
 */
import type { Value } from './values.ts';
import { GoBytes, GoError, GoFunc, GoObject, Ptr, Tuple, fromUtf8, typeName } from './values.ts';

/** strconv.Quote: Go's double-quoted form, escaping what is not printable. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c < 0xa0) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `%v` of a value. */
export function plain(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof GoBytes) return `[${[...v.bytes].join(' ')}]`;
  if (v instanceof GoError) return v.message;
  if (v instanceof Ptr) return `0x${v.addr.toString(16)}`;
  if (v instanceof GoFunc) return '0x47e0a0';
  if (v instanceof GoObject) return v.text ?? `&{${Object.values(v.fields).map(plain).join(' ')}}`;
  if (v instanceof Tuple) return v.values.map(plain).join(' ');
  return String(v);
}

/** Println's operands: separated by spaces, then a newline. */
export function sprintln(args: readonly Value[]): string {
  return `${args.map(plain).join(' ')}\n`;
}

/** Print's operands: a space between two operands when neither is a string. */
export function sprint(args: readonly Value[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += plain(a);
  });
  return out;
}

interface Spec {
  readonly minus: boolean;
  readonly zero: boolean;
  readonly plus: boolean;
  readonly sharp: boolean;
  readonly width?: number;
  readonly prec?: number;
}

function pad(s: string, f: Spec): string {
  if (f.width === undefined || [...s].length >= f.width) return s;
  const n = f.width - [...s].length;
  if (f.minus) return s + ' '.repeat(n);
  if (f.zero) {
    const sign = /^[-+]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(n) + s.slice(sign.length);
  }
  return ' '.repeat(n) + s;
}

const bad = (verb: string, v: Value): string => (v === null ? `%!${verb}(<nil>)` : `%!${verb}(${typeName(v)}=${plain(v)})`);

function hex(s: string, upper: boolean): string {
  const h = [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return upper ? h.toUpperCase() : h;
}

/** One operand under one verb. */
function formatOne(verb: string, v: Value, f: Spec): string {
  const str = typeof v === 'string' ? v : v instanceof GoBytes ? fromUtf8(v.bytes) : v instanceof GoError ? v.message : undefined;
  switch (verb) {
    case 'v':
      if (typeof v === 'number' && f.plus && v >= 0) return pad(`+${v}`, f);
      if (typeof v === 'string' && f.sharp) return pad(quote(v), f);
      return pad(plain(v), f);
    case 's': {
      if (str === undefined) return v instanceof GoObject && v.text !== undefined ? pad(v.text, f) : bad(verb, v);
      return pad(f.prec !== undefined ? [...str].slice(0, f.prec).join('') : str, f);
    }
    case 'q':
      if (str !== undefined) return pad(quote(str), f);
      if (typeof v === 'number') return pad(`'${String.fromCodePoint(v)}'`, f);
      return bad(verb, v);
    case 'd':
      if (typeof v === 'number') return pad(f.plus && v >= 0 ? `+${v}` : String(v), f);
      if (v instanceof GoBytes) return pad(plain(v), f);
      return bad(verb, v);
    case 't':
      return typeof v === 'boolean' ? pad(String(v), f) : bad(verb, v);
    case 'x':
    case 'X':
      if (typeof v === 'number') return pad(v.toString(16)[verb === 'X' ? 'toUpperCase' : 'toLowerCase'](), f);
      if (str !== undefined) return pad(hex(str, verb === 'X'), f);
      return bad(verb, v);
    case 'c':
      return typeof v === 'number' ? pad(String.fromCodePoint(v), f) : bad(verb, v);
    case 'T':
      return pad(typeName(v), f);
    case 'p':
      return v instanceof Ptr ? pad(plain(v), f) : bad(verb, v);
    default:
      return bad(verb, v);
  }
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly Value[]): string {
  let out = '';
  let arg = 0;
  let i = 0;
  while (i < format.length) {
    const pc = format.indexOf('%', i);
    if (pc < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pc);
    i = pc + 1;
    const flags = { minus: false, zero: false, plus: false, sharp: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') flags.minus = true;
      else if (c === '0') flags.zero = !flags.minus;
      else if (c === '+') flags.plus = true;
      else if (c === '#') flags.sharp = true;
      else if (c !== ' ') break;
    }
    let width: number | undefined;
    let prec: number | undefined;
    const num = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const w = args[arg++];
        return typeof w === 'number' ? w : undefined;
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    width = num();
    if (format[i] === '.') {
      i++;
      prec = num() ?? 0;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (arg >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const spec: Spec = { ...flags, ...(width !== undefined ? { width } : {}), ...(prec !== undefined ? { prec } : {}) };
    out += formatOne(verb, args[arg++]!, spec);
  }
  if (arg < args.length) out += `%!(EXTRA ${args.slice(arg).map((a) => (a === null ? '<nil>' : `${typeName(a)}=${plain(a)}`)).join(', ')})`;
  return out;
}
