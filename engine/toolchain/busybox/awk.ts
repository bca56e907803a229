import type { Applet } from './proc.ts';
import { utf8 } from './proc.ts';
import { lines } from './text.ts';
import { compile } from './regex.ts';
import { resolvePath } from '../sh/path.ts';

/**
 * A small `awk` subset: `[-F SEP] '[/re/|NR==n|$k=="s"] { print EXPR, ... }' [files]` where
 * EXPR is `$N`, `$0`, `NF`, `NR`, `$NF` or a "string". Anything else is refused with a
 * clear message (stageplay does not model awk's language).
 */
export const awk: Applet = (argv, p) => {
  const args = argv.slice(1);
  let sep: string | undefined;
  while (args[0]?.startsWith('-F')) {
    const a = args.shift()!;
    sep = a.length > 2 ? a.slice(2) : args.shift();
  }
  const prog = args.shift();
  if (prog === undefined) return (p.err('awk: usage: awk [-F SEP] PROGRAM [FILE]...\n'), 1);
  const m = /^\s*(?:(\/(?:[^/\\]|\\.)*\/|NR\s*==\s*\d+|\$\d+\s*==\s*"[^"]*")\s*)?(?:\{\s*print\s*([^}]*?)\s*;?\s*\})?\s*$/.exec(prog);
  if (!m || (!m[1] && m[2] === undefined)) {
    p.err(`awk: program not supported by stageplay's awk (only [pattern] { print ... }): ${prog}\n`);
    return 2;
  }
  const cond = m[1];
  const exprs = (m[2] ?? '').split(',').map((s) => s.trim()).filter((s) => s);
  // each expression: terms side by side (concatenated), each one of the forms below
  const term = /^(NF|NR|\$NF|\$\d+|"[^"]*")$/;
  if (!exprs.every((e) => term.test(e) || e.split(/\s+/).every((t) => term.test(t)))) {
    p.err(`awk: program not supported by stageplay's awk (print takes $N, $NF, NF, NR and "strings"): ${prog}\n`);
    return 2;
  }
  let text = '';
  if (args.length === 0) text = p.stdin.readAll();
  for (const f of args) {
    const abs = resolvePath(p.cwd, f);
    if (p.fs.stat(abs)?.type !== 'file') return (p.err(`awk: cannot open "${f}" (No such file or directory)\n`), 2);
    text += utf8.decode(p.fs.readFile(abs));
  }
  const re = cond?.startsWith('/') ? compile(cond.slice(1, -1), { extended: true, icase: false }) : undefined;
  let nr = 0;
  for (const line of lines(text)) {
    nr++;
    const fields = sep === undefined ? line.trim().split(/[ \t]+/).filter((s) => s) : line.split(sep.length === 1 ? sep : new RegExp(sep));
    const field = (k: number): string => (k === 0 ? line : (fields[k - 1] ?? ''));
    if (re && !re.test(line)) continue;
    if (cond?.startsWith('NR') && nr !== Number(cond.split('==')[1])) continue;
    if (cond?.startsWith('$')) {
      const [l, r] = cond.split('==') as [string, string];
      if (field(Number(l.trim().slice(1))) !== r.trim().slice(1, -1)) continue;
    }
    const val = (e: string): string => {
      if (e === 'NF') return String(fields.length);
      if (e === 'NR') return String(nr);
      if (e === '$NF') return field(fields.length);
      if (/^\$\d+$/.test(e)) return field(Number(e.slice(1)));
      if (/^"[^"]*"$/.test(e)) return e.slice(1, -1);
      return e.split(/\s+/).map(val).join(''); // terms checked above: each is one of the forms
    };
    p.out((exprs.length ? exprs.map(val).join(' ') : line) + '\n');
  }
  return 0;
};
