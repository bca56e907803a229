import type { Applet, Proc } from '../process/proc.ts';
import { errText, utf8 } from '../process/proc.ts';
import { compile } from './regex.ts';
import { resolvePath } from '../process/path.ts';

type Addr = { k: 'line'; n: number } | { k: 'last' } | { k: 're'; re: RegExp };

interface Cmd {
  a1?: Addr;
  a2?: Addr;
  neg: boolean;
  op: string;
  re?: RegExp;
  repl?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  text?: string;
  from?: string;
  to?: string;
  /** range state */
  active?: boolean;
}

class SedError extends Error {}

/** Reads `delim`-terminated text at `i`; returns the text (delimiter escapes removed) and the index after it. */
function until(s: string, i: number, delim: string, what: string): [string, number] {
  let out = '';
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && s[i + 1] === delim) {
      out += delim;
      i++;
    } else if (c === '\\' && i + 1 < s.length) {
      out += c + s[i + 1];
      i++;
    } else if (c === delim) return [out, i + 1];
    else if (c === '\n' && what !== 'text') break;
    else out += c;
  }
  throw new SedError(`unmatched '${delim}'`);
}

function parse(script: string, ext: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  let i = 0;
  const addr = (): Addr | undefined => {
    if (/\d/.test(script[i] ?? '')) {
      const m = /^\d+/.exec(script.slice(i))![0];
      i += m.length;
      return { k: 'line', n: Number(m) };
    }
    if (script[i] === '$') {
      i++;
      return { k: 'last' };
    }
    if (script[i] === '/' || script[i] === '\\') {
      const d = script[i] === '\\' ? script[++i]! : '/';
      const [pat, j] = until(script, i + 1, d, 're');
      i = j;
      let icase = false;
      if (script[i] === 'I') {
        icase = true;
        i++;
      }
      return { k: 're', re: compile(pat, { extended: ext, icase }) };
    }
    return undefined;
  };
  while (i < script.length) {
    while (/[\s;]/.test(script[i] ?? '')) i++;
    if (i >= script.length) break;
    const c: Cmd = { neg: false, op: '' };
    const a1 = addr();
    if (a1) c.a1 = a1;
    if (a1 && script[i] === ',') {
      i++;
      const a2 = addr();
      if (!a2) throw new SedError('unexpected \',\'');
      c.a2 = a2;
    }
    while (script[i] === ' ') i++;
    if (script[i] === '!') {
      c.neg = true;
      i++;
    }
    while (script[i] === ' ') i++;
    const op = script[i++];
    if (op === undefined) throw new SedError('missing command');
    c.op = op;
    if (op === 's') {
      const d = script[i]!;
      const [pat, j] = until(script, i + 1, d, 're');
      const [repl, k] = until(script, j, d, 'repl');
      i = k;
      let icase = false;
      while (i < script.length && /[gpiI0-9w]/.test(script[i]!)) {
        const f = script[i++]!;
        if (f === 'g') c.global = true;
        else if (f === 'p') c.print = true;
        else if (f === 'i' || f === 'I') icase = true;
        else if (/\d/.test(f)) c.nth = Number(f);
      }
      c.re = compile(pat, { extended: ext, icase, global: true });
      c.repl = repl;
    } else if (op === 'y') {
      const d = script[i]!;
      const [from, j] = until(script, i + 1, d, 'y');
      const [to, k] = until(script, j, d, 'y');
      if ([...from].length !== [...to].length) throw new SedError("strings for y command are different lengths");
      c.from = from;
      c.to = to;
      i = k;
    } else if (op === 'a' || op === 'i' || op === 'c') {
      if (script[i] === '\\') i++;
      if (script[i] === '\n') i++;
      while (script[i] === ' ') i++;
      const end = script.indexOf('\n', i);
      c.text = script.slice(i, end < 0 ? script.length : end).replace(/\\(.)/g, '$1');
      i = end < 0 ? script.length : end;
    } else if (op === '{' || op === '}') {
      throw new SedError(`unsupported command ${op}`);
    } else if (!'dpqP=nNhHgGxlD'.includes(op) && op !== '#') throw new SedError(`unsupported command ${op}`);
    else if (op === '#') {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end;
      continue;
    }
    cmds.push(c);
  }
  return cmds;
}

function substitute(line: string, c: Cmd): [string, boolean] {
  let n = 0;
  let done = false;
  const out = line.replace(c.re!, (...m: unknown[]) => {
    n++;
    const groups = m.slice(0, -2) as (string | undefined)[];
    if (done || (c.nth !== undefined ? n !== c.nth : !c.global && n > 1)) return groups[0]!;
    if (!c.global) done = c.nth === undefined || n === c.nth;
    return c.repl!.replace(/\\(.)|&/gs, (t, e: string | undefined) => {
      if (t === '&') return groups[0]!;
      if (/\d/.test(e!)) return groups[Number(e)] ?? '';
      if (e === 'n') return '\n';
      if (e === 't') return '\t';
      return e!;
    });
  });
  return [out, n > 0 && (c.nth === undefined || n >= c.nth)];
}

function matches(a: Addr, line: string, n: number, last: boolean): boolean {
  return a.k === 'line' ? a.n === n : a.k === 'last' ? last : a.re.test(line);
}

function selected(c: Cmd, line: string, n: number, last: boolean): boolean {
  let hit: boolean;
  if (!c.a1) hit = true;
  else if (!c.a2) hit = matches(c.a1, line, n, last);
  else if (c.active) {
    hit = true;
    if (c.a2.k === 'line' ? n >= c.a2.n : matches(c.a2, line, n, last)) c.active = false;
  } else if (matches(c.a1, line, n, last)) {
    hit = true;
    c.active = !(c.a2.k === 'line' && c.a2.n <= n);
  } else hit = false;
  return hit !== c.neg;
}

/** Runs a parsed script over `text`. */
function run(cmds: Cmd[], text: string, quiet: boolean, out: (s: string) => void): void {
  const ls = text.split('\n');
  const trailing = ls[ls.length - 1] === '';
  if (trailing) ls.pop();
  let hold = '';
  for (let n = 1; n <= ls.length; n++) {
    let line = ls[n - 1]!;
    const last = n === ls.length;
    const after: string[] = [];
    let del = false;
    let quit = false;
    for (const c of cmds) {
      if (!selected(c, line, n, last)) continue;
      if (c.op === 's') {
        const [r, changed] = substitute(line, c);
        line = r;
        if (changed && c.print) out(line + '\n');
      } else if (c.op === 'd') {
        del = true;
        break;
      } else if (c.op === 'p') out(line + '\n');
      else if (c.op === 'q') {
        quit = true;
        break;
      } else if (c.op === '=') out(`${n}\n`);
      else if (c.op === 'a') after.push(c.text! + '\n');
      else if (c.op === 'i') out(c.text! + '\n');
      else if (c.op === 'c') {
        out(c.text! + '\n');
        del = true;
        break;
      } else if (c.op === 'y') line = [...line].map((ch) => { const k = [...c.from!].indexOf(ch); return k >= 0 ? [...c.to!][k]! : ch; }).join('');
      else if (c.op === 'h') hold = line;
      else if (c.op === 'H') hold += '\n' + line;
      else if (c.op === 'g') line = hold;
      else if (c.op === 'G') line += '\n' + hold;
      else if (c.op === 'x') [line, hold] = [hold, line];
    }
    if (!del && !quiet) out(line + (last && !trailing ? '' : '\n'));
    for (const a of after) out(a);
    if (quit) return;
  }
}

/** `sed [-n] [-i] [-E|-r] [-e SCRIPT]... [SCRIPT] [files]`. */
export const sed: Applet = (argv, p: Proc) => {
  const scripts: string[] = [];
  const files: string[] = [];
  let quiet = false;
  let inPlace = false;
  let ext = false;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e' || a === '--expression') scripts.push(args[++i] ?? '');
    else if (a.startsWith('-e') && a.length > 2) scripts.push(a.slice(2));
    else if (a === '-n' || a === '--quiet') quiet = true;
    else if (a === '-i' || a.startsWith('-i')) inPlace = true;
    else if (a === '-E' || a === '-r') ext = true;
    else if (/^-[nEr]+$/.test(a)) {
      if (a.includes('n')) quiet = true;
      if (a.includes('E') || a.includes('r')) ext = true;
    } else if (a.startsWith('-') && a !== '-') return (p.err(`sed: invalid option -- '${a[1]}'\n`), 1);
    else files.push(a);
  }
  if (scripts.length === 0) {
    const s = files.shift();
    if (s === undefined) return (p.err('BusyBox v1.36.1 multi-call binary.\n\nUsage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n'), 1);
    scripts.push(s);
  }
  let cmds: Cmd[];
  try {
    cmds = parse(scripts.join('\n'), ext);
  } catch (e) {
    p.err(`sed: ${e instanceof SedError ? e.message : 'bad regex'}\n`);
    return 1;
  }
  if (files.length === 0) {
    run(cmds, p.stdin.readAll(), quiet, p.out);
    return 0;
  }
  let status = 0;
  for (const f of files) {
    const path = resolvePath(p.cwd, f);
    let text: string;
    try {
      text = utf8.decode(p.fs.readFile(path));
    } catch (e) {
      p.err(`sed: ${f}: ${errText(e)}\n`);
      status = 1;
      continue;
    }
    for (const c of cmds) c.active = false;
    if (inPlace) {
      let out = '';
      run(cmds, text, quiet, (s) => (out += s));
      const st = p.fs.stat(path)!;
      p.fs.writeFile(path, utf8.encode(out), { mode: st.mode, uid: st.uid, gid: st.gid });
    } else run(cmds, text, quiet, p.out);
  }
  return status;
};
