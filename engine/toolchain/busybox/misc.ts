import type { Applet, Proc } from '../process/proc.ts';
import { getopt, utf8 } from '../process/proc.ts';
import { lines } from './text.ts';
import { dirName, joinPath, resolvePath } from '../process/path.ts';
import { lookupName } from './users.ts';
import { machineOf } from './system.ts';
import type { DigestAlgorithm } from '../../platform/types.ts';

/** Follows symlinks like `readlink -f` (missing last component allowed). */
function canonical(p: Proc, path: string): string | undefined {
  let cur = '/';
  const split = (s: string): string[] => s.split('/').filter((x) => x && x !== '.');
  const parts = split(path.startsWith('/') ? path : `${p.cwd}/${path}`);
  for (let i = 0, hops = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '..') {
      cur = dirName(cur);
      continue;
    }
    const next = joinPath(cur, part);
    const st = p.fs.lstat(next);
    if (!st) return i === parts.length - 1 ? next : undefined;
    if (st.type === 'symlink') {
      if (++hops > 40) return undefined;
      const t = p.fs.readlink(next);
      if (t.startsWith('/')) cur = '/';
      parts.splice(i, 1, ...split(t));
      i--;
      continue;
    }
    cur = next;
  }
  return cur;
}

/** `readlink [-f] path`. */
export const readlink: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'fnev');
  const path = o.rest[0];
  if (path === undefined) return 1;
  if (o.flags.has('f') || o.flags.has('e')) {
    const c = canonical(p, path);
    if (!c) return 1;
    p.out(c + '\n');
    return 0;
  }
  const abs = resolvePath(p.cwd, path);
  if (p.fs.lstat(abs)?.type !== 'symlink') return 1;
  p.out(p.fs.readlink(abs) + '\n');
  return 0;
};

/** `realpath path...`. */
export const realpath: Applet = (argv, p) => {
  let status = 0;
  for (const a of argv.slice(1)) {
    const c = canonical(p, a);
    if (!c || !p.fs.stat(c)) {
      p.err(`realpath: ${a}: No such file or directory\n`);
      status = 1;
    } else p.out(c + '\n');
  }
  return status;
};

let tmpCounter = 0;

/** `mktemp [-d] [TEMPLATE]` (names are deterministic: the sandbox has no randomness). */
export const mktemp: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'dqu', 'p');
  const template = o.rest[0] ?? 'tmp.XXXXXX';
  let path = '';
  for (;;) {
    const n = (++tmpCounter).toString(36).padStart(6, '0');
    const name = template.replace(/X+$/, (m) => n.slice(-m.length).padStart(m.length, 'a'));
    path = template.includes('/') ? resolvePath(p.cwd, name) : joinPath(o.values.get('p') ?? p.env.get('TMPDIR') ?? '/tmp', name);
    if (!p.fs.lstat(path)) break;
  }
  try {
    if (o.flags.has('d')) p.fs.mkdir(path, { mode: 0o700, uid: p.user.uid, gid: p.user.gid });
    else p.fs.writeFile(path, new Uint8Array(), { mode: 0o600, uid: p.user.uid, gid: p.user.gid });
  } catch {
    p.err(`mktemp: (null): No such file or directory\n`);
    return 1;
  }
  p.out(path + '\n');
  return 0;
};

/** A `sha*sum` applet: the digest comes from the platform (`Proc.deps.hasher`). */
function digest(algo: DigestAlgorithm): Applet {
  return async (argv, p) => {
    const name = argv[0]!;
    const files = argv.slice(1).filter((a) => !a.startsWith('-') || a === '-');
    let status = 0;
    for (const f of files.length ? files : ['-']) {
      let data: Uint8Array;
      if (f === '-') data = utf8.encode(p.stdin.readAll());
      else {
        const abs = resolvePath(p.cwd, f);
        if (p.fs.stat(abs)?.type !== 'file') {
          p.err(`${name}: can't open '${f}': No such file or directory\n`);
          status = 1;
          continue;
        }
        data = p.fs.readFile(abs);
      }
      p.out(`${await p.deps.hasher.digest(algo, [data])}  ${f}\n`);
    }
    return status;
  };
}

/** `sha1sum`, `sha256sum`, `sha512sum`. */
export const sha1sum = digest('sha1');
export const sha256sum = digest('sha256');
export const sha512sum = digest('sha512');

/** `printenv [NAME...]`. */
export const printenv: Applet = (argv, p) => {
  if (argv.length === 1) {
    for (const [k, v] of p.env) p.out(`${k}=${v}\n`);
    return 0;
  }
  let status = 0;
  for (const n of argv.slice(1)) {
    const v = p.env.get(n);
    if (v === undefined) status = 1;
    else p.out(v + '\n');
  }
  return status;
};

/** `expr`: arithmetic, comparison, `length`, `:` anchored match length. */
export const expr: Applet = (argv, p) => {
  const a = argv.slice(1);
  let r: string;
  const num = (s: string): number => {
    if (!/^-?\d+$/.test(s)) throw new Error('non-numeric argument');
    return Number(s);
  };
  try {
    if (a[0] === 'length' && a.length === 2) r = String(a[1]!.length);
    else if (a.length === 1) r = a[0]!;
    else if (a.length === 3) {
      const [x, op, y] = a as [string, string, string];
      const cmp = (f: (n: number) => boolean): string => {
        const both = /^-?\d+$/.test(x) && /^-?\d+$/.test(y);
        return f(both ? num(x) - num(y) : x < y ? -1 : x > y ? 1 : 0) ? '1' : '0';
      };
      const ops: Record<string, () => string> = {
        '+': () => String(num(x) + num(y)), '-': () => String(num(x) - num(y)), '*': () => String(num(x) * num(y)),
        '/': () => { if (num(y) === 0) throw new Error('division by zero'); return String(Math.trunc(num(x) / num(y))); },
        '%': () => { if (num(y) === 0) throw new Error('division by zero'); return String(num(x) % num(y)); },
        '=': () => cmp((d) => d === 0), '!=': () => cmp((d) => d !== 0), '<': () => cmp((d) => d < 0), '<=': () => cmp((d) => d <= 0),
        '>': () => cmp((d) => d > 0), '>=': () => cmp((d) => d >= 0), '|': () => (x !== '' && x !== '0' ? x : y), '&': () => (x !== '' && x !== '0' && y !== '' && y !== '0' ? x : '0'),
        ':': () => { const m = new RegExp('^(?:' + y + ')').exec(x); return m ? (m[1] ?? String(m[0].length)) : '0'; },
      };
      const f = ops[op];
      if (!f) throw new Error('syntax error');
      r = f();
    } else throw new Error('syntax error');
  } catch (e) {
    p.err(`expr: ${(e as Error).message}\n`);
    return 2;
  }
  p.out(r + '\n');
  return r === '0' || r === '' ? 1 : 0;
};

/** `tac`, `rev`, `nl` (simple forms). */
export const tac: Applet = (argv, p) => (p.out(lines(readAll(p, argv)).reverse().map((l) => l + '\n').join('')), 0);
export const rev: Applet = (argv, p) => (p.out(lines(readAll(p, argv)).map((l) => [...l].reverse().join('') + '\n').join('')), 0);
export const nl: Applet = (argv, p) => {
  let n = 0;
  p.out(lines(readAll(p, argv)).map((l) => (l === '' ? '       \n' : `${String(++n).padStart(6)}\t${l}\n`)).join(''));
  return 0;
};

function readAll(p: Proc, argv: string[]): string {
  const files = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (!files.length) return p.stdin.readAll();
  return files.map((f) => (p.fs.stat(resolvePath(p.cwd, f))?.type === 'file' ? utf8.decode(p.fs.readFile(resolvePath(p.cwd, f))) : '')).join('');
}

/** `wget`/`nc` and friends: the sandbox has no network, so name resolution fails like busybox's. */
export const wget: Applet = (argv, p) => {
  const url = argv.slice(1).find((a) => /^[a-z]+:\/\//.test(a)) ?? argv[argv.length - 1] ?? '';
  const host = url.replace(/^[a-z]+:\/\//, '').split(/[/:]/)[0];
  p.err(`wget: bad address '${host}'\n`);
  return 1;
};

/** Small applets: `arch`, `groups`, `sync`, `usleep`, `unlink`, `chgrp`. */
export const arch: Applet = (_a, p) => (p.out(machineOf(p.platform) + '\n'), 0);
export const groups: Applet = (_a, p) => {
  const name = lookupName(p, '/etc/passwd', p.user.uid);
  const text = p.fs.stat('/etc/group') ? utf8.decode(p.fs.readFile('/etc/group')) : '';
  const names = text.split('\n').map((l) => l.split(':')).filter((r) => r[2] === String(p.user.gid) || (r[3] ?? '').split(',').includes(name)).map((r) => r[0]);
  p.out(names.join(' ') + '\n');
  return 0;
};
export const sync: Applet = () => 0;
export const usleep: Applet = (argv, p) => (p.spend(Number(argv[1] ?? 0) / 1000), 0);
export const unlink: Applet = (argv, p) => {
  const f = argv[1] ?? '';
  if (p.fs.lstat(resolvePath(p.cwd, f))?.type !== 'file' && p.fs.lstat(resolvePath(p.cwd, f))?.type !== 'symlink') {
    p.err(`unlink: can't remove file '${f}': No such file or directory\n`);
    return 1;
  }
  p.fs.rm(resolvePath(p.cwd, f));
  return 0;
};
