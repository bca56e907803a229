import type { WorkFs } from '../../fs/types.ts';
import type { Applet, Proc } from '../process/proc.ts';
import { concatBytes, utf8 } from '../process/proc.ts';
import { dirName, joinPath, resolvePath } from '../process/path.ts';

function field(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return utf8.decode(b.subarray(off, end));
}

function octal(n: number, len: number): string {
  return n.toString(8).padStart(len - 1, '0') + '\0';
}

interface Entry {
  name: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  data: Uint8Array;
  link: string;
}

function header(e: Entry): Uint8Array {
  const h = new Uint8Array(512);
  const put = (s: string, off: number, len: number): void => h.set(utf8.encode(s).subarray(0, len), off);
  let name = e.name;
  let prefix = '';
  if (utf8.encode(name).length > 100) {
    const cut = name.lastIndexOf('/', 155);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  put(name, 0, 100);
  put(octal(e.mode, 8), 100, 8);
  put(octal(e.uid, 8), 108, 8);
  put(octal(e.gid, 8), 116, 8);
  put(octal(e.type === 'file' ? e.data.length : 0, 12), 124, 12);
  put(octal(e.mtime, 12), 136, 12);
  put('        ', 148, 8);
  put(e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : '0', 156, 1);
  put(e.link, 157, 100);
  put('ustar\x0000', 257, 8);
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

function pack(entries: Entry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const e of entries) {
    chunks.push(header(e));
    if (e.type === 'file') {
      chunks.push(e.data);
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) chunks.push(new Uint8Array(pad));
    }
  }
  chunks.push(new Uint8Array(1024));
  return concatBytes(chunks);
}

function unpack(b: Uint8Array): Entry[] | undefined {
  const out: Entry[] = [];
  for (let off = 0; off + 512 <= b.length; ) {
    if (b.subarray(off, off + 512).every((x) => x === 0)) break;
    if (field(b, off + 257, 5) !== 'ustar') return undefined;
    const size = parseInt(field(b, off + 124, 12) || '0', 8);
    const flag = String.fromCharCode(b[off + 156]!);
    const prefix = field(b, off + 345, 155);
    const name = (prefix ? prefix + '/' : '') + field(b, off + 0, 100);
    const type = flag === '5' ? 'dir' : flag === '2' ? 'symlink' : 'file';
    out.push({
      name,
      type,
      mode: parseInt(field(b, off + 100, 8), 8) & 0o7777,
      uid: parseInt(field(b, off + 108, 8), 8),
      gid: parseInt(field(b, off + 116, 8), 8),
      mtime: parseInt(field(b, off + 136, 12), 8),
      data: b.slice(off + 512, off + 512 + size),
      link: field(b, off + 157, 100),
    });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function collect(fs: WorkFs, base: string, rel: string, out: Entry[]): void {
  const path = resolvePath(base, rel);
  const st = fs.lstat(path);
  if (!st) return;
  const e = { name: rel, type: st.type, mode: st.mode, uid: st.uid, gid: st.gid, mtime: st.mtime, data: new Uint8Array(), link: '' };
  if (st.type === 'dir') {
    out.push({ ...e, name: rel.endsWith('/') ? rel : rel + '/' });
    for (const n of fs.readdir(path)) collect(fs, base, joinPath(rel, n), out);
  } else if (st.type === 'symlink') out.push({ ...e, link: fs.readlink(path) });
  else out.push({ ...e, data: fs.readFile(path) });
}

/** `tar -c|-x|-t [-z] [-v] [-f FILE] [-C DIR] [paths]` (ustar; gzip via -z). */
export const tar: Applet = async (argv, p: Proc) => {
  const args = argv.slice(1);
  if (args[0] && !args[0].startsWith('-')) args[0] = '-' + args[0];
  let mode = '';
  let gz = false;
  let verbose = false;
  let file: string | undefined;
  let dir = p.cwd;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if ('cxt'.includes(c)) mode = c;
        else if (c === 'z') gz = true;
        else if (c === 'v') verbose = true;
        else if (c === 'f') file = args[++i];
        else if (c === 'C') dir = resolvePath(p.cwd, args[++i] ?? '.');
        else if (c === 'o' || c === 'p' || c === 'h') continue;
        else return (p.err(`tar: invalid option -- '${c}'\n`), 1);
      }
    } else names.push(a);
  }
  if (!mode) return (p.err('tar: need to specify one of -c, -x or -t\n'), 1);
  if (mode === 'c') {
    if (names.length === 0) return (p.err('tar: empty archive\n'), 1);
    const entries: Entry[] = [];
    for (const n of names) {
      if (!p.fs.lstat(resolvePath(dir, n))) {
        p.err(`tar: ${n}: No such file or directory\n`);
        return 1;
      }
      collect(p.fs, dir, n.replace(/^\/+/, '') === n ? n : n.replace(/^\/+/, ''), entries);
    }
    if (verbose) for (const e of entries) p.err(e.name + '\n');
    let data = pack(entries);
    if (gz) data = await p.deps.gzip.gzip([data]);
    p.spend(data.length / 100e6 * 1000);
    if (file && file !== '-') p.fs.writeFile(resolvePath(p.cwd, file), data, { mode: 0o644, uid: p.user.uid, gid: p.user.gid });
    else p.outBytes(data);
    return 0;
  }
  let raw: Uint8Array;
  if (file && file !== '-') {
    const path = resolvePath(p.cwd, file);
    if (p.fs.stat(path)?.type !== 'file') return (p.err(`tar: can't open '${file}': No such file or directory\n`), 1);
    raw = p.fs.readFile(path);
  } else raw = p.stdin.readAllBytes();
  if (gz || (raw[0] === 0x1f && raw[1] === 0x8b)) {
    try {
      raw = await p.deps.gzip.gunzip(raw);
    } catch {
      return (p.err('tar: invalid gzip magic\n'), 1);
    }
  }
  const entries = unpack(raw);
  if (!entries) return (p.err('tar: invalid tar magic\n'), 1);
  for (const e of entries) {
    if (names.length && !names.some((n) => e.name === n || e.name.startsWith(n.replace(/\/?$/, '/')))) continue;
    if (mode === 't' || verbose) (mode === 't' ? p.out : p.err)(e.name + '\n');
    if (mode !== 'x') continue;
    const path = resolvePath(dir, e.name);
    const parent = dirName(path);
    if (!p.fs.stat(parent)) p.fs.mkdir(parent, { recursive: true, mode: 0o755 });
    const keep = p.user.uid === 0 ? { uid: e.uid, gid: e.gid } : { uid: p.user.uid, gid: p.user.gid };
    if (e.type === 'dir') {
      if (!p.fs.stat(path)) p.fs.mkdir(path, { mode: e.mode, ...keep, mtime: e.mtime });
    } else if (e.type === 'symlink') {
      if (p.fs.lstat(path)) p.fs.rm(path);
      p.fs.symlink(e.link, path, keep);
    } else p.fs.writeFile(path, e.data, { mode: e.mode, ...keep, mtime: e.mtime });
  }
  p.spend(raw.length / 200e6 * 1000);
  return 0;
};
