import type { FileStat } from '../../fs/types.ts';
import type { Applet, Proc } from '../process/proc.ts';
import { matchPattern } from '../process/pattern.ts';
import { baseName, joinPath, resolvePath } from '../process/path.ts';

type Test = (path: string, st: FileStat) => boolean | Promise<boolean>;

/**
 * `find [paths] [-maxdepth N] [-mindepth N] [-name P] [-iname P] [-path P] [-type f|d|l]
 * [-not|!] [-delete] [-print] [-exec CMD {} ;|+]`: tests are ANDed, left to right.
 */
export const find: Applet = async (argv, p: Proc) => {
  const args = argv.slice(1);
  const roots: string[] = [];
  while (args.length && !args[0]!.startsWith('-') && args[0] !== '!' && args[0] !== '(') roots.push(args.shift()!);
  if (!roots.length) roots.push('.');
  let maxDepth = Infinity;
  let minDepth = 0;
  const tests: Test[] = [];
  let action = false;
  const batch: { cmd: string[]; paths: string[] }[] = [];
  let negate = false;
  let status = 0;
  const add = (t: Test): void => {
    const neg = negate;
    negate = false;
    tests.push(neg ? async (a, b) => !(await t(a, b)) : t);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    switch (a) {
      case '-maxdepth':
        maxDepth = Number(args[++i]);
        break;
      case '-mindepth':
        minDepth = Number(args[++i]);
        break;
      case '!':
      case '-not':
        negate = !negate;
        break;
      case '-a':
      case '-and':
        break;
      case '-name':
      case '-iname': {
        i++;
        const pat = a === '-iname' ? (v ?? '').toLowerCase() : (v ?? '');
        add((path) => matchPattern(pat, a === '-iname' ? baseName(path).toLowerCase() : baseName(path)));
        break;
      }
      case '-path':
        i++;
        add((path) => matchPattern(v ?? '', path));
        break;
      case '-type':
        i++;
        add((_path, st) => (v === 'f' ? st.type === 'file' : v === 'd' ? st.type === 'dir' : v === 'l' ? st.type === 'symlink' : false));
        break;
      case '-print':
        action = true;
        tests.push((path) => (p.out(path + '\n'), true));
        break;
      case '-delete':
        action = true;
        tests.push((path) => {
          p.fs.rm(resolvePath(p.cwd, path), { recursive: true, force: true });
          return true;
        });
        break;
      case '-exec': {
        action = true;
        const cmd: string[] = [];
        for (i++; i < args.length && args[i] !== ';' && args[i] !== '+'; i++) cmd.push(args[i]!);
        if (i >= args.length) {
          p.err("find: -exec requires an argument\n");
          return 1;
        }
        if (args[i] === '+') {
          const b = { cmd, paths: [] as string[] };
          batch.push(b);
          tests.push((path) => (b.paths.push(path), true));
        } else
          tests.push(async (path) => {
            const st = p.exec ? await p.exec(cmd.map((c) => c.split('{}').join(path))) : 127;
            return st === 0;
          });
        break;
      }
      default:
        p.err(`find: unrecognized: ${a}\n`);
        return 1;
    }
  }
  if (!action) tests.push((path) => (p.out(path + '\n'), true));
  const walk = async (path: string, depth: number): Promise<void> => {
    const abs = resolvePath(p.cwd, path);
    const st = p.fs.lstat(abs);
    if (!st) return;
    if (depth >= minDepth) {
      for (const t of tests) if (!(await t(path, st))) break;
    }
    if (st.type === 'dir' && depth < maxDepth && p.fs.lstat(abs)) for (const n of p.fs.readdir(abs)) await walk(joinPath(path, n), depth + 1);
  };
  for (const r of roots) {
    if (!p.fs.lstat(resolvePath(p.cwd, r))) {
      p.err(`find: ${r}: No such file or directory\n`);
      status = 1;
      continue;
    }
    await walk(r, 0);
  }
  for (const { cmd, paths: acc } of batch) {
    if (acc.length && p.exec) {
      const at = cmd.indexOf('{}');
      const full = at >= 0 ? [...cmd.slice(0, at), ...acc, ...cmd.slice(at + 1)] : [...cmd, ...acc];
      if ((await p.exec(full)) !== 0) status = 1;
    }
  }
  return status;
};
