import type { Applet, Proc } from '../process/proc.ts';
import { getopt, readText, utf8 } from '../process/proc.ts';
import { baseName, dirName, resolvePath } from '../process/path.ts';

const abs = (p: Proc) => (s: string) => resolvePath(p.cwd, s);

/** Lines of `text` without the trailing empty piece. */
export function lines(text: string): string[] {
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/** Reads operands (or stdin when none); undefined entries failed (already reported). */
function inputs(p: Proc, name: string, files: string[]): { name: string; text: string | undefined }[] {
  if (files.length === 0) return [{ name: '', text: p.stdin.readAll() }];
  return files.map((f) => ({ name: f, text: readText(p, name, f, abs(p)) }));
}

/** `cat [-nA] files` (binary-safe for files). */
export const cat: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'nbvetAsu');
  if (o.bad) return (p.err(`cat: ${o.bad}\n`), 1);
  let status = 0;
  const files = o.rest.length ? o.rest : ['-'];
  let n = 0;
  for (const f of files) {
    let bytes: Uint8Array;
    if (f === '-') bytes = p.stdin.readAllBytes();
    else {
      const path = resolvePath(p.cwd, f);
      const st = p.fs.stat(path);
      if (!st) {
        p.err(`cat: can't open '${f}': No such file or directory\n`);
        status = 1;
        continue;
      }
      if (st.type === 'dir') {
        p.err(`cat: read error: Is a directory\n`);
        status = 1;
        continue;
      }
      bytes = p.fs.readFile(path);
    }
    if (o.flags.has('n')) p.out(lines(utf8.decode(bytes)).map((l) => `${String(++n).padStart(6)}\t${l}\n`).join(''));
    else p.outBytes(bytes);
  }
  return status;
};

/** `wc [-lwc] files`. */
export const wc: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'lwcmL');
  if (o.bad) return (p.err(`wc: ${o.bad}\n`), 1);
  let cols = ['l', 'w', 'c'].filter((c) => o.flags.has(c) || (c === 'c' && o.flags.has('m')));
  if (cols.length === 0) cols = ['l', 'w', 'c'];
  const total = { l: 0, w: 0, c: 0 };
  const ins = inputs(p, 'wc', o.rest);
  const fmt = (v: Record<string, number>, name: string): string => {
    const nums = cols.map((c) => (cols.length === 1 && ins.length === 1 ? String(v[c]) : String(v[c]).padStart(9)));
    return nums.join(' ') + (name ? ` ${name}` : '') + '\n';
  };
  let status = 0;
  for (const i of ins) {
    if (i.text === undefined) {
      status = 1;
      continue;
    }
    const v = { l: (i.text.match(/\n/g) ?? []).length, w: (i.text.match(/\S+/g) ?? []).length, c: utf8.encode(i.text).length };
    total.l += v.l;
    total.w += v.w;
    total.c += v.c;
    p.out(fmt(v, i.name));
  }
  if (ins.length > 1) p.out(fmt(total, 'total'));
  return status;
};

function headTail(tail: boolean): Applet {
  return (argv, p) => {
    const name = tail ? 'tail' : 'head';
    const args = argv.slice(1).map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
    const o = getopt(args, 'qvf', 'nc');
    if (o.bad) return (p.err(`${name}: ${o.bad}\n`), 1);
    const nv = o.values.get('n') ?? '10';
    const cv = o.values.get('c');
    const ins = inputs(p, name, o.rest);
    let status = 0;
    ins.forEach((i, idx) => {
      if (i.text === undefined) return void (status = 1);
      if (ins.length > 1) p.out(`${idx ? '\n' : ''}==> ${i.name} <==\n`);
      if (cv !== undefined) {
        const n = Number(cv.replace(/^[+-]/, ''));
        p.out(tail ? (cv.startsWith('+') ? i.text.slice(n - 1) : i.text.slice(-n || i.text.length)) : i.text.slice(0, n));
        return;
      }
      const ls = lines(i.text);
      const n = Number(nv.replace(/^[+-]/, ''));
      let pick: string[];
      if (tail) pick = nv.startsWith('+') ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n);
      else pick = nv.startsWith('-') ? ls.slice(0, Math.max(0, ls.length - n)) : ls.slice(0, n);
      const lastPartial = !i.text.endsWith('\n') && pick.length > 0 && pick[pick.length - 1] === ls[ls.length - 1] && (tail || pick.length === ls.length);
      p.out(pick.map((l, k) => (k === pick.length - 1 && lastPartial ? l : l + '\n')).join(''));
    });
    return status;
  };
}

/** `head [-n N] [-c N] files`. */
export const head = headTail(false);
/** `tail [-n [+]N] [-c N] files`. */
export const tail = headTail(true);

/** `sort [-rnuf] [-k N] [-t C] files`. */
export const sort: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'rnufbs', 'ktoT');
  if (o.bad) return (p.err(`sort: ${o.bad}\n`), 1);
  const all: string[] = [];
  for (const i of inputs(p, 'sort', o.rest)) if (i.text !== undefined) all.push(...lines(i.text));
  const sep = o.values.get('t');
  const k = o.values.has('k') ? Number(o.values.get('k')!.split(/[,.]/)[0]) : 0;
  const key = (l: string): string => {
    if (!k) return l;
    const fields = sep !== undefined ? l.split(sep) : l.trim().split(/\s+/);
    return fields.slice(k - 1).join(sep ?? ' ');
  };
  const f = o.flags;
  const cmp = (a: string, b: string): number => {
    let ka = key(a);
    let kb = key(b);
    if (f.has('f')) {
      ka = ka.toUpperCase();
      kb = kb.toUpperCase();
    }
    if (f.has('n')) {
      const d = (parseFloat(ka) || 0) - (parseFloat(kb) || 0);
      if (d !== 0) return d;
      return f.has('u') ? 0 : a < b ? -1 : a > b ? 1 : 0;
    }
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  let out = all.slice().sort(cmp);
  if (f.has('r')) out.reverse();
  if (f.has('u')) out = out.filter((l, i) => i === 0 || cmp(out[i - 1]!, l) !== 0);
  const text = out.map((l) => l + '\n').join('');
  if (o.values.has('o')) p.fs.writeFile(resolvePath(p.cwd, o.values.get('o')!), utf8.encode(text), { mode: 0o644, uid: p.user.uid, gid: p.user.gid });
  else p.out(text);
  return 0;
};

/** `uniq [-cdu] [file]`. */
export const uniq: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'cdui');
  if (o.bad) return (p.err(`uniq: ${o.bad}\n`), 1);
  const [i] = inputs(p, 'uniq', o.rest.slice(0, 1));
  if (i?.text === undefined) return 1;
  const groups: [string, number][] = [];
  for (const l of lines(i.text)) {
    const last = groups[groups.length - 1];
    const same = last && (o.flags.has('i') ? last[0].toLowerCase() === l.toLowerCase() : last[0] === l);
    if (same) last[1]++;
    else groups.push([l, 1]);
  }
  for (const [l, n] of groups) {
    if (o.flags.has('d') && n < 2) continue;
    if (o.flags.has('u') && n > 1) continue;
    p.out(o.flags.has('c') ? `${String(n).padStart(7)} ${l}\n` : `${l}\n`);
  }
  return 0;
};

function expandSet(s: string): string {
  const classes: Record<string, string> = {
    '[:lower:]': 'abcdefghijklmnopqrstuvwxyz',
    '[:upper:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '[:digit:]': '0123456789',
    '[:space:]': ' \t\n\r\f\v',
    '[:alpha:]': 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '[:alnum:]': 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  };
  let t = s;
  for (const [k, v] of Object.entries(classes)) t = t.split(k).join(v);
  t = t.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  let out = '';
  for (let i = 0; i < t.length; i++) {
    if (t[i + 1] === '-' && i + 2 < t.length) {
      for (let c = t.charCodeAt(i); c <= t.charCodeAt(i + 2); c++) out += String.fromCharCode(c);
      i += 2;
    } else out += t[i];
  }
  return out;
}

/** `tr [-d] [-s] SET1 [SET2]`. */
export const tr: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'dsc');
  if (o.bad) return (p.err(`tr: ${o.bad}\n`), 1);
  const s1 = expandSet(o.rest[0] ?? '');
  const s2 = expandSet(o.rest[1] ?? '');
  const text = p.stdin.readAll();
  let out = '';
  let prev = '';
  for (const ch of text) {
    let c: string | undefined = ch;
    const i = s1.indexOf(ch);
    if (o.flags.has('d')) {
      if (i >= 0) continue;
    } else if (i >= 0 && s2) c = s2[Math.min(i, s2.length - 1)]!;
    if (o.flags.has('s') && c === prev && (o.flags.has('d') ? s2 : s2 || s1).includes(c)) continue;
    out += c;
    prev = c;
  }
  p.out(out);
  return 0;
};

function ranges(spec: string): (n: number) => boolean {
  const parts = spec.split(',').map((r) => {
    const [a, b] = r.split('-');
    const lo = a ? Number(a) : 1;
    const hi = b === undefined ? lo : b === '' ? Infinity : Number(b);
    return [lo, hi] as const;
  });
  return (n) => parts.some(([lo, hi]) => n >= lo && n <= hi);
}

/** `cut -d C -f LIST | -c LIST [files]`. */
export const cut: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 's', 'dfcb');
  if (o.bad) return (p.err(`cut: ${o.bad}\n`), 1);
  const delim = o.values.get('d') ?? '\t';
  const fl = o.values.get('f');
  const cl = o.values.get('c') ?? o.values.get('b');
  if (!fl && !cl) return (p.err('cut: expected a list of bytes, characters, or fields\n'), 1);
  const sel = ranges((fl ?? cl)!);
  for (const i of inputs(p, 'cut', o.rest)) {
    if (i.text === undefined) continue;
    for (const l of lines(i.text)) {
      if (cl) p.out([...l].filter((_, k) => sel(k + 1)).join('') + '\n');
      else if (!l.includes(delim)) {
        if (!o.flags.has('s')) p.out(l + '\n');
      } else p.out(l.split(delim).filter((_, k) => sel(k + 1)).join(delim) + '\n');
    }
  }
  return 0;
};

/** `tee [-a] files`. */
export const tee: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'ai');
  const text = p.stdin.readAll();
  p.out(text);
  let status = 0;
  for (const f of o.rest) {
    const path = resolvePath(p.cwd, f);
    const st = p.fs.stat(path);
    const base = o.flags.has('a') && st ? utf8.decode(p.fs.readFile(path)) : '';
    try {
      p.fs.writeFile(path, utf8.encode(base + text), st ? { mode: st.mode } : { mode: 0o644, uid: p.user.uid, gid: p.user.gid });
    } catch {
      p.err(`tee: ${f}: No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

/** `basename PATH [SUFFIX]`. */
export const basename: Applet = (argv, p) => {
  if (argv.length < 2) return (p.err('basename: missing operand\n'), 1);
  let b = baseName(argv[1]!);
  const suf = argv[2];
  if (suf && b.endsWith(suf) && b !== suf) b = b.slice(0, -suf.length);
  p.out(b + '\n');
  return 0;
};

/** `dirname PATH`. */
export const dirname: Applet = (argv, p) => {
  if (argv.length < 2) return (p.err('dirname: missing operand\n'), 1);
  p.out(dirName(argv[1]!) + '\n');
  return 0;
};

/** `seq [-s SEP] [-w] [FIRST [INC]] LAST`. */
export const seq: Applet = (argv, p) => {
  const o = getopt(argv.slice(1).map((a) => (/^-\d/.test(a) ? `\u0000${a}` : a)), 'w', 's');
  const nums = o.rest.map((a) => a.replace('\u0000', ''));
  if (nums.length < 1 || nums.length > 3) return (p.err('seq: missing operand\n'), 1);
  const vals = nums.map(Number);
  if (vals.some((v) => Number.isNaN(v))) {
    p.err(`seq: invalid number '${nums[vals.findIndex((v) => Number.isNaN(v))]}'\n`);
    return 1;
  }
  const [first, inc, last] = vals.length === 1 ? [1, 1, vals[0]!] : vals.length === 2 ? [vals[0]!, 1, vals[1]!] : [vals[0]!, vals[1]!, vals[2]!];
  const out: string[] = [];
  if (inc !== 0) for (let v = first; inc > 0 ? v <= last : v >= last; v += inc) {
    out.push(String(v));
    if (out.length > 1_000_000) break;
  }
  const width = o.flags.has('w') ? Math.max(...out.map((s) => s.length)) : 0;
  if (out.length) p.out(out.map((s) => s.padStart(width, '0')).join(o.values.get('s') ?? '\n') + '\n');
  return 0;
};
