import type { Applet, Proc } from '../process/proc.ts';
import { errText, getopt, utf8 } from '../process/proc.ts';
import { compile } from './regex.ts';
import { lines } from './text.ts';
import { joinPath, resolvePath } from '../process/path.ts';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `grep [-qvinclhHsoxwEFr] [-e PAT]... PATTERN [files]`: 0 selected lines, 1 none, 2 error. */
export const grep: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'qvinclLhHsoxwEFrRz', 'em');
  if (o.bad) return (p.err(`grep: ${o.bad}\n`), 2);
  const f = o.flags;
  const pats: string[] = [];
  for (let i = 1; i < argv.length; i++) if (argv[i] === '-e' && argv[i + 1] !== undefined) pats.push(argv[++i]!);
  let rest = o.rest;
  if (!o.values.has('e')) {
    if (rest.length === 0) return (p.err('BusyBox v1.36.1 multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n'), 2);
    pats.push(rest[0]!);
    rest = rest.slice(1);
  }
  let re: RegExp;
  try {
    const src = pats
      .flatMap((s) => s.split('\n'))
      .map((s) => (f.has('F') ? escapeRe(s) : compile(s, { extended: f.has('E'), icase: false }).source))
      .map((s) => (f.has('x') ? `^(?:${s})$` : f.has('w') ? `\\b(?:${s})\\b` : s))
      .join('|');
    re = new RegExp(src, f.has('i') ? 'i' : '');
  } catch {
    p.err(`grep: bad regex '${pats[0]}'\n`);
    return 2;
  }
  const files: string[] = [];
  let status = 1;
  let errors = false;
  const recursive = f.has('r') || f.has('R');
  const addFile = (name: string): void => {
    const path = resolvePath(p.cwd, name);
    const st = p.fs.stat(path);
    if (st?.type === 'dir' && recursive) {
      for (const n of p.fs.readdir(path)) addFile(joinPath(name, n));
    } else files.push(name);
  };
  if (rest.length === 0 && recursive) addFile('.');
  for (const r of rest) addFile(r);
  const showName = f.has('H') || (!f.has('h') && (files.length > 1 || recursive));
  const max = o.values.has('m') ? Number(o.values.get('m')) : Infinity;
  const run = (name: string, text: string): boolean => {
    let count = 0;
    const ls = lines(text);
    for (let i = 0; i < ls.length && count < max; i++) {
      const l = ls[i]!;
      if (re.test(l) === f.has('v')) continue;
      count++;
      if (f.has('q')) return true;
      if (f.has('l') || f.has('L') || f.has('c')) continue;
      const prefix = (showName ? `${name}:` : '') + (f.has('n') ? `${i + 1}:` : '');
      if (f.has('o') && !f.has('v')) {
        for (const m of l.matchAll(new RegExp(re.source, re.flags + 'g'))) if (m[0]) p.out(`${prefix}${m[0]}\n`);
      } else p.out(`${prefix}${l}\n`);
    }
    if (f.has('c')) p.out(`${showName ? `${name}:` : ''}${count}\n`);
    if (f.has('l') && count) p.out(`${name}\n`);
    if (f.has('L') && !count) p.out(`${name}\n`);
    return count > 0;
  };
  if (files.length === 0) {
    if (run('(standard input)', p.stdin.readAll())) status = 0;
  } else {
    for (const name of files) {
      let text: string;
      if (name === '-') text = p.stdin.readAll();
      else {
        try {
          text = utf8.decode(p.fs.readFile(resolvePath(p.cwd, name)));
        } catch (e) {
          if (!f.has('s')) p.err(`grep: ${name}: ${errText(e)}\n`);
          errors = true;
          continue;
        }
      }
      if (run(name, text)) {
        status = 0;
        if (f.has('q')) return 0;
      }
    }
  }
  return errors && !(f.has('q') && status === 0) ? 2 : status;
};

export type { Proc };
