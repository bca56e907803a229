/**
 * `stat [-LtcF] FILE...` as busybox 1.36 prints it (coreutils/stat.c): `-c FMT` prints FMT and
 * a newline, each `%<flags><spec>` through printf with the flags kept (`%04a` → `0644`); an
 * unknown spec prints its own letter. The sandbox has one time per file (the mtime), one device, and
 * inode numbers made from the path.
 */
import type { FileStat } from '../../fs/types.ts';
import type { Applet, Proc } from '../process/proc.ts';
import { getopt } from '../process/proc.ts';
import { resolvePath } from '../process/path.ts';
import { links, modeString } from './ls.ts';
import { lookupName } from './users.ts';

/** Type bits of `st_mode` (`S_IFREG`, `S_IFDIR`, `S_IFLNK`). */
const TYPE_BITS: Record<FileStat['type'], number> = { file: 0o100000, dir: 0o040000, symlink: 0o120000 };

/** The overlay filesystem's device, as `%d`/`%D` print it. */
const DEVICE = 0x2e;

const DEFAULT_FORMAT =
  '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Dh/%dd\tInode: %-10i  Links: %h\n' +
  'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z';
const TERSE_FORMAT = '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %o';

/** busybox's `file_type`. */
function fileType(st: FileStat): string {
  if (st.type === 'dir') return 'directory';
  if (st.type === 'symlink') return 'symbolic link';
  return st.size === 0 ? 'regular empty file' : 'regular file';
}

/** `%Y-%m-%d %H:%M:%S.000000000 +0000` (busybox `human_time`, UTC). */
function humanTime(secs: number): string {
  const d = new Date(secs * 1000);
  const z = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}-${z(d.getUTCMonth() + 1)}-${z(d.getUTCDate())} ${z(d.getUTCHours())}:${z(d.getUTCMinutes())}:${z(d.getUTCSeconds())}.000000000 +0000`;
}

/** A stable inode number for a path (the sandbox has no inodes). */
function inode(path: string): number {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619) >>> 0;
  return (h % 9_000_000) + 1_000_000;
}

/** C printf of one value with `flags` (`-`, `0`, `#`, `+`, space, width, `.precision`). */
export function cFormat(flags: string, conv: 's' | 'o' | 'x' | 'u', value: number | string): string {
  const m = /^([#\-+ 0I]*)(\d*)(?:\.(\d*))?$/.exec(flags) ?? ['', '', '', undefined];
  const fl = m[1] ?? '';
  const width = m[2] ? Number(m[2]) : 0;
  const prec = m[3] !== undefined ? Number(m[3] || '0') : undefined;
  let body: string;
  let prefix = '';
  if (conv === 's') {
    body = String(value);
    if (prec !== undefined) body = body.slice(0, prec);
  } else {
    const n = Number(value);
    body = conv === 'o' ? n.toString(8) : conv === 'x' ? n.toString(16) : String(Math.abs(n));
    if (prec !== undefined) body = body.padStart(prec, '0');
    if (fl.includes('#') && conv === 'o' && !body.startsWith('0')) body = '0' + body;
    if (fl.includes('#') && conv === 'x' && n !== 0) prefix = '0x';
    if (conv === 'u' && n < 0) prefix = '-';
  }
  const len = prefix.length + body.length;
  if (len >= width) return prefix + body;
  if (fl.includes('-')) return (prefix + body).padEnd(width);
  if (fl.includes('0') && conv !== 's' && prec === undefined) return prefix + body.padStart(width - prefix.length, '0');
  return (prefix + body).padStart(width);
}

/** One `%<flags><spec>` of a file. */
function fileSpec(p: Proc, flags: string, spec: string, name: string, path: string, st: FileStat): string {
  const rawMode = TYPE_BITS[st.type] | (st.type === 'symlink' ? 0o777 : st.mode);
  const size = st.type === 'dir' ? 4096 : st.size;
  const blocks = st.type === 'dir' ? 8 : st.type === 'symlink' ? 0 : Math.ceil(st.size / 4096) * 8;
  const num = (conv: 'o' | 'x' | 'u', v: number) => cFormat(flags, conv, v);
  const str = (v: string) => cFormat(flags, 's', v);
  switch (spec) {
    case 'a': return num('o', rawMode & 0o7777);
    case 'A': return str(modeString(st));
    case 'b': return num('u', blocks);
    case 'B': return num('u', 512);
    case 'd': return num('u', DEVICE);
    case 'D': return num('x', DEVICE);
    case 'f': return num('x', rawMode);
    case 'F': return str(fileType(st));
    case 'g': return num('u', st.gid);
    case 'G': return str(lookupName(p, '/etc/group', st.gid));
    case 'h': return num('u', links(p, path, st));
    case 'i': return num('u', inode(path));
    case 'n': return str(name);
    case 'N': return st.type === 'symlink' ? `'${name}' -> '${p.fs.readlink(path)}'` : str(name);
    case 'o': return num('u', 4096);
    case 's': return num('u', size);
    case 't': case 'T': return num('x', 0);
    case 'u': return num('u', st.uid);
    case 'U': return str(lookupName(p, '/etc/passwd', st.uid));
    case 'x': case 'y': case 'z': return str(humanTime(st.mtime));
    case 'X': case 'Y': case 'Z': return num('u', st.mtime);
    default: return cFormat(flags, 's', spec); // printf("%c", spec)
  }
}

/** busybox `print_it`: text as is, `%%` → `%`, each spec through `fileSpec`. */
function render(fmt: string, spec: (flags: string, c: string) => string): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    let j = i + 1;
    while (j < fmt.length && '#-+.I 0123456789'.includes(fmt[j]!)) j++;
    if (j >= fmt.length) {
      out += '%';
      break;
    }
    const conv = fmt[j]!;
    out += conv === '%' ? '%' : spec(fmt.slice(i + 1, j), conv);
    i = j;
  }
  return out;
}

/** `stat [-L] [-t | -c FMT] FILE...`. */
export const stat: Applet = (argv, p) => {
  const o = getopt(argv.slice(1), 'Lt', 'c');
  if (o.bad) return (p.err(`stat: ${o.bad}\n`), 1);
  if (o.rest.length === 0) {
    p.err('BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: stat [-ltf] [-c FMT] FILE...\n');
    return 1;
  }
  const custom = o.values.get('c');
  let status = 0;
  for (const f of o.rest) {
    const path = resolvePath(p.cwd, f);
    const st = o.flags.has('L') ? p.fs.stat(path) : p.fs.lstat(path);
    if (!st) {
      p.err(`stat: can't stat '${f}': No such file or directory\n`);
      status = 1;
      continue;
    }
    const fmt = custom ?? (o.flags.has('t') ? TERSE_FORMAT : DEFAULT_FORMAT);
    p.out(render(fmt, (flags, c) => fileSpec(p, flags, c, f, path, st)) + '\n');
  }
  return status;
};
