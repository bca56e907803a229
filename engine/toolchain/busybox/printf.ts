import type { Applet } from '../process/proc.ts';

/** Backslash escapes of `printf`'s format and `%b` / `echo -e` (`\n`, `\t`, `\0NNN`, `\c`...). */
export function unescape(s: string, echoStyle: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', e: '\x1b' };
    if (map[n] !== undefined) out += map[n];
    else if (n === 'c') return { text: out, stop: true };
    else if (/[0-7]/.test(n) || (n === '0' && echoStyle)) {
      let digits = '';
      let j = i;
      if (echoStyle && n === '0') j++;
      while (digits.length < 3 && /[0-7]/.test(s[j] ?? '')) digits += s[j++];
      i = j - 1;
      out += String.fromCharCode(parseInt(digits || '0', 8));
    } else if (n === 'x') {
      let digits = '';
      let j = i + 1;
      while (digits.length < 2 && /[0-9a-fA-F]/.test(s[j] ?? '')) digits += s[j++];
      if (!digits) out += '\\x';
      else {
        out += String.fromCharCode(parseInt(digits, 16));
        i = j - 1;
      }
    } else out += '\\' + n;
  }
  return { text: out, stop: false };
}

/** `echo [-neE] args` (busybox). */
export const echo: Applet = (argv, p) => {
  let i = 1;
  let nl = true;
  let esc = false;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'n') nl = false;
      else if (c === 'e') esc = true;
      else esc = false;
    }
  }
  let text = argv.slice(i).join(' ');
  if (esc) {
    const r = unescape(text, true);
    text = r.text;
    if (r.stop) nl = false;
  }
  p.out(nl ? text + '\n' : text);
  return 0;
};

/**
 * A converted value padded to `width` as C's printf pads it (busybox's printf and awk both
 * use it): `-` pads on the right; `0` pads a number with zeros after its sign, except an
 * integer conversion given a precision; otherwise spaces on the left.
 */
export function padConversion(s: string, conv: string, flags: string, width: number, precision: number | undefined): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  const numeric = !'scb'.includes(conv);
  if (numeric && flags.includes('0') && !(precision !== undefined && 'diouxX'.includes(conv))) {
    const sign = /^[-+ ]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

/** `%.Nf` like C: the exact binary value rounded half-to-even (JS toFixed rounds 2.25 up). */
export function cFixed(v: number, pr: number): string {
  if (!Number.isFinite(v)) return String(v);
  const neg = v < 0 || Object.is(v, -0);
  const exact = Math.abs(v).toFixed(Math.min(100, pr + 30));
  const dot = exact.indexOf('.');
  const digits = (exact.slice(0, dot) + exact.slice(dot + 1, dot + 1 + pr)).split('').map(Number);
  const rest = exact.slice(dot + 1 + pr);
  const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || digits[digits.length - 1]! % 2 === 1));
  if (up) {
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === 9) digits[i--] = 0;
    if (i < 0) digits.unshift(1);
    else digits[i]!++;
  }
  const intLen = digits.length - pr;
  const str = digits.slice(0, intLen).join('') + (pr > 0 ? '.' + digits.slice(intLen).join('') : '');
  return (neg && /[1-9]/.test(str) ? '-' : '') + str;
}

function toInt(p: Parameters<Applet>[1], name: string, s: string | undefined): { v: number; ok: boolean } {
  if (s === undefined || s === '') return { v: 0, ok: true };
  if (/^['"]/.test(s)) return { v: s.charCodeAt(1) || 0, ok: true };
  const t = s.trim();
  if (/^[-+]?\d+$/.test(t)) return { v: parseInt(t, 10), ok: true };
  if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(t)) return { v: parseInt(t, 16), ok: true };
  const m = /^[-+]?\d+/.exec(t);
  p.err(`${name}: invalid number '${s}'\n`);
  return { v: m ? parseInt(m[0], 10) : 0, ok: false };
}

/** `printf format args...`: %s %d %i %u %x %X %o %c %b %f %e %g %%, widths, precision, flags; the format repeats while args remain. */
export const printf: Applet = (argv, p) => {
  const name = p.errName ?? 'printf';
  const fmt = argv[1];
  if (fmt === undefined) {
    p.err(`${name}: usage: printf FORMAT [ARGUMENT...]\n`);
    return 1;
  }
  const args = argv.slice(2);
  let ai = 0;
  let status = 0;
  let out = '';
  const spec = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXcsbfeEgG%])|\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)|[^%\\]+|%|\\/g;
  do {
    const startAi = ai;
    let stop = false;
    for (const m of fmt.matchAll(spec)) {
      const tok = m[0];
      if (tok.startsWith('\\')) {
        const r = unescape(tok, false);
        out += r.text;
        if (r.stop) return (p.out(out), status);
        continue;
      }
      if (!tok.startsWith('%') || tok === '%') {
        out += tok;
        continue;
      }
      const [, flags = '', w, prec, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const width = w === '*' ? toInt(p, name, args[ai++]).v : w ? Number(w) : 0;
      const precision = prec === '*' ? toInt(p, name, args[ai++]).v : prec !== undefined ? Number(prec) : undefined;
      const arg = args[ai++];
      let s: string;
      switch (conv) {
        case 's':
          s = arg ?? '';
          if (precision !== undefined) s = s.slice(0, precision);
          break;
        case 'b': {
          const r = unescape(arg ?? '', true);
          s = r.text;
          stop = r.stop;
          break;
        }
        case 'c':
          s = (arg ?? '').slice(0, 1);
          break;
        case 'f':
        case 'e':
        case 'E':
        case 'g':
        case 'G': {
          const n = Number(arg ?? 0);
          if (arg !== undefined && Number.isNaN(n)) {
            p.err(`${name}: invalid number '${arg}'\n`);
            status = 1;
          }
          const pr = precision ?? 6;
          const v = Number.isNaN(n) ? 0 : n;
          s = conv === 'f' ? cFixed(v, pr) : conv.toLowerCase() === 'e' ? v.toExponential(pr).replace(/e([+-])(\d)$/, 'e$10$2') : String(Number(v.toPrecision(pr || 1)));
          if (conv === 'E' || conv === 'G') s = s.toUpperCase();
          if (flags.includes('+') && v >= 0) s = '+' + s;
          break;
        }
        default: {
          const r = toInt(p, name, arg);
          if (!r.ok) status = 1;
          let v = r.v;
          if (conv === 'u' && v < 0) v = 2 ** 64 + v;
          s = conv === 'x' ? v.toString(16) : conv === 'X' ? v.toString(16).toUpperCase() : conv === 'o' ? v.toString(8) : String(Math.abs(v));
          if (conv === 'd' || conv === 'i') {
            if (precision !== undefined) s = s.padStart(precision, '0');
            s = (v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
          } else if (precision !== undefined) s = s.padStart(precision, '0');
          if (flags.includes('#') && v !== 0 && (conv === 'x' || conv === 'X')) s = (conv === 'x' ? '0x' : '0X') + s;
        }
      }
      out += padConversion(s, conv!, flags, width, precision);
      if (stop) return (p.out(out), status);
    }
    if (ai === startAi) break;
  } while (ai < args.length);
  p.out(out);
  return status;
};
