import type { FileStat } from '../../fs/types.ts';
import type { Applet, Proc } from '../process/proc.ts';
import { getopt } from '../process/proc.ts';
import { lookupName } from './users.ts';
import { joinPath, resolvePath } from '../process/path.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `drwxr-xr-x` for a stat. */
export function modeString(st: FileStat): string {
  const t = st.type === 'dir' ? 'd' : st.type === 'symlink' ? 'l' : '-';
  const m = st.type === 'symlink' ? 0o777 : st.mode;
  let s = '';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const b = (m >> shift) & 7;
    s += (b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (b & 1 ? 'x' : '-');
  }
  const chars = s.split('');
  if (m & 0o4000) chars[2] = chars[2] === 'x' ? 's' : 'S';
  if (m & 0o2000) chars[5] = chars[5] === 'x' ? 's' : 'S';
  if (m & 0o1000) chars[8] = chars[8] === 'x' ? 't' : 'T';
  return t + chars.join('');
}

/** busybox's `Mon dd HH:MM` (within six months of now) or `Mon dd  YYYY`. */
export function lsTime(mtime: number, now: number): string {
  const d = new Date(mtime * 1000);
  const mon = MONTHS[d.getUTCMonth()]!;
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const recent = Math.abs(now - mtime) < 182 * 24 * 3600;
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`;
  return `${mon} ${day} ${tail}`;
}

/** "Now" for `date`, `ls` and `touch`: the terminal's clock, or in a RUN the modeled time (SOURCE_DATE_EPOCH or 0). */
export function nowOf(p: Proc): number {
  if (p.now !== undefined) return p.now;
  const e = Number(p.env.get('SOURCE_DATE_EPOCH') ?? '0');
  return Number.isFinite(e) ? e : 0;
}

function blocks(st: FileStat): number {
  return st.type === 'dir' ? 4 : st.type === 'symlink' ? 0 : Math.ceil(st.size / 4096) * 4;
}

/** Link count as `ls -l` and `stat` show it: a directory has 2 plus one per subdirectory. */
export function links(p: Proc, path: string, st: FileStat): number {
  if (st.type !== 'dir') return 1;
  let n = 2;
  try {
    for (const e of p.fs.readdir(path)) if (p.fs.lstat(joinPath(path, e))?.type === 'dir') n++;
  } catch {
    /* unreadable */
  }
  return n;
}

/** `ls [-1aAlRdF] [paths]` with busybox's `-l` columns. */
export const ls: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), '1aAlRdFhCtrSn');
  if (o.bad) {
    p.err(`ls: ${o.bad}\n`);
    return 1;
  }
  const f = o.flags;
  const long = f.has('l') || f.has('n');
  const now = nowOf(p);
  const line = (path: string, name: string, st: FileStat): string => {
    let suffix = '';
    if (f.has('F')) suffix = st.type === 'dir' ? '/' : st.type === 'symlink' ? '@' : st.mode & 0o111 ? '*' : '';
    if (!long) return name + suffix;
    const owner = f.has('n') ? String(st.uid) : lookupName(p, '/etc/passwd', st.uid);
    const group = f.has('n') ? String(st.gid) : lookupName(p, '/etc/group', st.gid);
    const target = st.type === 'symlink' ? ` -> ${p.fs.readlink(path)}` : '';
    return `${modeString(st)} ${String(links(p, path, st)).padStart(4)} ${owner.padEnd(8)} ${group.padEnd(8)} ${String(st.type === 'dir' ? 4096 : st.size).padStart(9)} ${lsTime(st.mtime, now)} ${name}${target}${suffix}`;
  };
  const operands = (o.rest.length ? o.rest : ['.']).slice().sort();
  const files: string[] = [];
  const dirs: string[] = [];
  let status = 0;
  for (const op of operands) {
    const path = resolvePath(p.cwd, op);
    const lst = p.fs.lstat(path);
    if (!lst) {
      p.err(`ls: ${op}: No such file or directory\n`);
      status = 2;
      continue;
    }
    const st = lst.type === 'symlink' && !long ? (p.fs.stat(path) ?? lst) : lst;
    if (st.type === 'dir' && !f.has('d')) dirs.push(op);
    else files.push(line(path, op, lst));
  }
  const out: string[] = [];
  if (files.length) out.push(files.join('\n') + '\n');
  const showHeader = operands.length > 1 || f.has('R');
  const listDir = (op: string): void => {
    const path = resolvePath(p.cwd, op);
    let names = p.fs.readdir(path);
    if (f.has('a')) names = ['.', '..', ...names];
    else if (!f.has('A')) names = names.filter((n) => !n.startsWith('.'));
    else names = names.filter((n) => n !== '.' && n !== '..');
    const entries = names.map((n) => {
      const ep = n === '.' ? path : n === '..' ? resolvePath(path, '..') : joinPath(path, n);
      return { n, ep, st: p.fs.lstat(ep)! };
    }).filter((e) => e.st);
    if (f.has('S')) entries.sort((a, b) => b.st.size - a.st.size);
    if (f.has('t')) entries.sort((a, b) => b.st.mtime - a.st.mtime);
    if (f.has('r')) entries.reverse();
    let text = showHeader ? `${out.length ? '\n' : ''}${op}:\n` : '';
    if (long) text += `total ${entries.reduce((s, e) => s + blocks(e.st), 0)}\n`;
    for (const e of entries) text += line(e.ep, e.n, e.st) + '\n';
    out.push(text);
    if (f.has('R')) for (const e of entries) if (e.st.type === 'dir' && e.n !== '.' && e.n !== '..') listDir(joinPath(op, e.n));
  };
  for (const d of dirs) listDir(d);
  p.out(out.join(''));
  return status;
};
