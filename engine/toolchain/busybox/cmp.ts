/**
 * `cmp [-ls] [-n NUM] FILE1 [FILE2 [SKIP1 [SKIP2]]]` as busybox prints it (coreutils/cmp.c):
 * the first difference as `F1 F2 differ: char N, line L`, or with `-l` every differing byte as
 * `N %3o %3o`; a file that ends first is `cmp: EOF on F` on stderr. Exit 0 same, 1 different,
 * 2 trouble. `-` (or a missing FILE2) is stdin; positions count from the skipped offsets.
 */
import type { Applet, Proc } from '../process/proc.ts';
import { getopt } from '../process/proc.ts';
import { resolvePath } from '../process/path.ts';

function bytesOf(p: Proc, name: string): Uint8Array | undefined {
  if (name === '-') return p.stdin.readAllBytes();
  const path = resolvePath(p.cwd, name);
  const st = p.fs.stat(path);
  if (!st) {
    p.err(`cmp: ${name}: No such file or directory\n`);
    return undefined;
  }
  if (st.type === 'dir') {
    p.err(`cmp: ${name}: Is a directory\n`);
    return undefined;
  }
  return p.fs.readFile(path);
}

const oct = (n: number) => n.toString(8).padStart(3);

export const cmp: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'ls', 'n');
  if (o.bad) return (p.err(`cmp: ${o.bad}\n`), 2);
  const [f1, f2 = '-', s1 = '0', s2 = '0'] = o.rest;
  if (f1 === undefined || o.rest.length > 4) {
    p.err('BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: cmp [-ls] [-n NUM] FILE1 [FILE2]\n');
    return 2;
  }
  const a = bytesOf(p, f1);
  const b = a === undefined ? undefined : bytesOf(p, f2);
  if (a === undefined || b === undefined) return 2;
  const skip1 = Number(s1);
  const skip2 = Number(s2);
  const limit = o.values.has('n') ? Number(o.values.get('n')) : Infinity;
  if (![skip1, skip2, limit].every((n) => Number.isFinite(n) || n === Infinity) || skip1 < 0 || skip2 < 0 || limit < 0) {
    p.err(`cmp: invalid number '${[s1, s2, o.values.get('n')].find((v) => v !== undefined && !/^\d+$/.test(v))}'\n`);
    return 2;
  }
  const x = a.subarray(skip1);
  const y = b.subarray(skip2);
  const list = o.flags.has('l');
  const silent = o.flags.has('s');
  let status = 0;
  let line = 1;
  const n = Math.min(x.length, y.length, limit);
  for (let i = 0; i < n; i++) {
    if (x[i] !== y[i]) {
      status = 1;
      if (silent) return 1;
      if (!list) {
        p.out(`${f1} ${f2} differ: char ${i + 1}, line ${line}\n`);
        return 1;
      }
      p.out(`${i + 1} ${oct(x[i]!)} ${oct(y[i]!)}\n`);
    }
    if (x[i] === 0x0a) line++;
  }
  if (n < limit && x.length !== y.length) {
    if (!silent) p.err(`cmp: EOF on ${x.length < y.length ? f1 : f2}\n`);
    return 1;
  }
  return status;
};
