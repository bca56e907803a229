/**
 * `diff [-q] [-u] [-U N] FILE1 FILE2`: busybox's unified diff (`--- a`, `+++ b`, `@@ -l,n
 * +l,n @@` hunks with N lines of context, default 3; `\ No newline at end of file`), exit
 * 0 when the files are the same, 1 when they differ, 2 on trouble. `-` reads stdin.
 * Directories (`-r`) are not modeled.
 */
import type { Applet, Proc } from '../process/proc.ts';
import { utf8 } from '../process/proc.ts';
import { resolvePath } from '../process/path.ts';

/** Largest LCS table (lines × lines) diffed; beyond it diff says the files are too large. */
const MAX_CELLS = 4_000_000;

type Op = { readonly k: ' ' | '-' | '+'; readonly a: number; readonly b: number };

/** The edit script turning `a` into `b` (longest common subsequence, deletions before insertions). */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ k: ' ', a: i++, b: j++ });
    else if (j >= m || (i < n && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) ops.push({ k: '-', a: i++, b: j });
    else ops.push({ k: '+', a: i, b: j++ });
  }
  return ops;
}

/** `-l,n` / `+l,n` of a hunk as diff writes it (`l` alone when n is 1, `l-1,0` when empty). */
function range(start: number, count: number): string {
  if (count === 1) return `${start + 1}`;
  return `${count === 0 ? start : start + 1},${count}`;
}

/** The unified diff of two texts (empty when they are the same). */
export function unifiedDiff(aText: string, bText: string, aName: string, bName: string, context = 3): string {
  const split = (t: string) => {
    const ls = t.split('\n');
    const noEol = ls[ls.length - 1] !== '';
    if (!noEol) ls.pop();
    return { ls, noEol: noEol && t !== '' };
  };
  const A = split(aText);
  const B = split(bText);
  // a last line without its newline differs from the same text with one
  const keys = (x: { ls: string[]; noEol: boolean }) => x.ls.map((l, i) => (x.noEol && i === x.ls.length - 1 ? `${l}\0` : l));
  const ops = editScript(keys(A), keys(B));
  const changed = ops.map((o, i) => (o.k !== ' ' ? i : -1)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  let out = `--- ${aName}\n+++ ${bName}\n`;
  let h = 0;
  while (h < changed.length) {
    let end = h;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * context + 1) end++;
    const from = Math.max(0, changed[h]! - context);
    const to = Math.min(ops.length - 1, changed[end]! + context);
    const slice = ops.slice(from, to + 1);
    const aStart = slice[0]!.a;
    const bStart = slice[0]!.b;
    const aCount = slice.filter((o) => o.k !== '+').length;
    const bCount = slice.filter((o) => o.k !== '-').length;
    out += `@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@\n`;
    for (const o of slice) {
      const text = o.k === '+' ? B.ls[o.b]! : A.ls[o.a]!;
      out += `${o.k}${text}\n`;
      const lastA = o.k !== '+' && o.a === A.ls.length - 1 && A.noEol;
      const lastB = o.k !== '-' && o.b === B.ls.length - 1 && B.noEol;
      if ((o.k === '-' && lastA) || (o.k === '+' && lastB) || (o.k === ' ' && (lastA || lastB))) out += '\\ No newline at end of file\n';
    }
    h = end + 1;
  }
  return out;
}

function read(p: Proc, name: string): string | undefined {
  if (name === '-') return p.stdin.readAll();
  const abs = resolvePath(p.cwd, name);
  const st = p.fs.stat(abs);
  if (!st) {
    p.err(`diff: can't stat '${name}': No such file or directory\n`);
    return undefined;
  }
  if (st.type === 'dir') {
    p.err(`diff: ${name}: Is a directory (stageplay's diff compares files, not directories)\n`);
    return undefined;
  }
  return utf8.decode(p.fs.readFile(abs));
}

export const diff: Applet = (argv, p) => {
  let quiet = false;
  let context = 3;
  const files: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-q') quiet = true;
    else if (a === '-u') continue;
    else if (a === '-U' || /^-U\d+$/.test(a)) {
      const v = a === '-U' ? args[++i] : a.slice(2);
      if (v === undefined || !/^\d+$/.test(v)) {
        p.err(`diff: invalid number '${v ?? ''}'\n`);
        return 2;
      }
      context = Number(v);
    } else if (a.startsWith('-') && a !== '-') {
      p.err(`diff: unrecognized option: ${a.slice(1)}\nUsage: diff [-qu] [-U LINES] FILE1 FILE2\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 2) {
    p.err('Usage: diff [-qu] [-U LINES] FILE1 FILE2\n');
    return 2;
  }
  const a = read(p, files[0]!);
  const b = a === undefined ? undefined : read(p, files[1]!);
  if (a === undefined || b === undefined) return 2;
  if (a === b) return 0;
  if (quiet) {
    p.out(`Files ${files[0]} and ${files[1]} differ\n`);
    return 1;
  }
  const lines = (t: string) => t.split('\n').length;
  if (lines(a) * lines(b) > MAX_CELLS) {
    p.err(`diff: ${files[0]} and ${files[1]} are too large for stageplay's diff\n`);
    return 2;
  }
  p.out(unifiedDiff(a, b, files[0]!, files[1]!, context));
  return 1;
};
