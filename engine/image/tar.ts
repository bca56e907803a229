/**
 * Tar headers exactly as Go's `archive/tar` writes them when PAX is requested (what
 * containerd and BuildKit use): a USTAR header whenever it can represent the entry,
 * otherwise a PAX extended header (`PaxHeaders.0/<name>`, sorted records) before a USTAR
 * header with truncated fields. Numbers are zero-padded octal with a NUL terminator;
 * uname/gname are empty; the archive ends with two zero blocks and no record padding.
 */

/** One tar entry's header fields. */
export interface TarHeader {
  /** Relative name; directories end with `/`. */
  readonly name: string;
  readonly type: 'file' | 'dir' | 'symlink' | 'hardlink';
  /** Permission bits plus setuid/setgid/sticky. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Content bytes (regular files only). */
  readonly size: number;
  /** Whole seconds since the epoch. */
  readonly mtime: number;
  /** Symlink target, or the earlier entry a hard link points at. */
  readonly linkname?: string;
}

const BLOCK = 512;
const TYPEFLAG = { file: '0', hardlink: '1', symlink: '2', dir: '5' } as const;
const enc = new TextEncoder();

/** The 1024-byte end-of-archive marker. */
export const TAR_END: Uint8Array = new Uint8Array(2 * BLOCK);

/** Zero bytes that pad `size` bytes of content to a block boundary. */
export function tarPadding(size: number): Uint8Array {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}

const isASCII = (s: string) => /^[\x00-\x7f]*$/.test(s);
const toASCII = (s: string) => s.replace(/[^\x00-\x7f]/g, '');
const fitsOctal = (width: number, x: number) => x >= 0 && (width >= 22 || x < 2 ** ((width - 1) * 3));

/** Go's splitUSTARPath: a prefix (≤155) / name (≤100) split at a slash, or undefined. */
function splitUstar(name: string): [string, string] | undefined {
  let length = name.length;
  if (length <= 100 || !isASCII(name)) return undefined;
  if (length > 156) length = 156;
  else if (name[length - 1] === '/') length--;
  const i = name.lastIndexOf('/', length - 1);
  const nlen = name.length - i - 1;
  if (i <= 0 || nlen > 100 || nlen === 0 || i > 155) return undefined;
  return [name.slice(0, i), name.slice(i + 1)];
}

function putString(b: Uint8Array, off: number, width: number, s: string): void {
  const bytes = enc.encode(s);
  b.set(bytes.subarray(0, width), off);
  if (bytes.length > width && b[off + width - 1] === 0x2f) {
    let n = width - 1;
    while (n > 0 && bytes[n - 1] === 0x2f) n--;
    b[off + n] = 0;
  }
}

function putOctal(b: Uint8Array, off: number, width: number, x: number): void {
  const v = fitsOctal(width, x) ? x : 0;
  putString(b, off, width, v.toString(8).padStart(width - 1, '0'));
}

interface Fields {
  name: string;
  prefix: string;
  linkname: string;
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  /** Raw headers (PAX) leave uname..devminor as zero bytes. */
  raw: boolean;
}

function block(f: Fields): Uint8Array {
  const b = new Uint8Array(BLOCK);
  putString(b, 0, 100, f.name);
  putOctal(b, 100, 8, f.mode);
  putOctal(b, 108, 8, f.uid);
  putOctal(b, 116, 8, f.gid);
  putOctal(b, 124, 12, f.size);
  putOctal(b, 136, 12, f.mtime);
  b[156] = f.typeflag.charCodeAt(0);
  putString(b, 157, 100, f.linkname);
  b.set(enc.encode('ustar\x0000'), 257);
  if (!f.raw) {
    putOctal(b, 329, 8, 0);
    putOctal(b, 337, 8, 0);
  }
  putString(b, 345, 155, f.prefix);
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += b[i]!;
  putOctal(b, 148, 7, sum);
  b[155] = 0x20;
  return b;
}

/** One PAX record: `<len> <key>=<value>\n`, where len counts the whole record. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLen = enc.encode(body).length;
  let size = bodyLen + String(bodyLen).length;
  if (String(size).length + bodyLen !== size) size = String(size + 1).length + bodyLen;
  return `${size}${body}`;
}

/** The header block(s) for one entry (a PAX header first when USTAR cannot hold it). */
export function tarHeader(h: TarHeader): Uint8Array {
  const linkname = h.linkname ?? '';
  const size = h.type === 'file' ? h.size : 0;
  const pax = new Map<string, string>();
  let ustar = true;
  let split: [string, string] | undefined;
  if (!isASCII(h.name) || h.name.length > 100) {
    split = splitUstar(h.name);
    if (split === undefined) ustar = false;
    pax.set('path', h.name);
  }
  if (!isASCII(linkname) || linkname.length > 100) {
    ustar = false;
    pax.set('linkpath', linkname);
  }
  for (const [key, width, v] of [['uid', 8, h.uid], ['gid', 8, h.gid], ['size', 12, size], ['mtime', 12, h.mtime]] as const) {
    if (!fitsOctal(width, v)) {
      ustar = false;
      pax.set(key, String(v));
    }
  }
  const main: Fields = {
    name: h.name,
    prefix: '',
    linkname,
    typeflag: TYPEFLAG[h.type],
    mode: h.mode,
    uid: h.uid,
    gid: h.gid,
    size,
    mtime: h.mtime,
    raw: false,
  };
  if (ustar) {
    if (split) [main.prefix, main.name] = split;
    return block(main);
  }
  const data = enc.encode([...pax.keys()].sort().map((k) => paxRecord(k, pax.get(k)!)).join(''));
  // Go: path.Join(path.Split(name)...) with PaxHeaders.0 in between.
  const slash = h.name.lastIndexOf('/');
  const dir = h.name.slice(0, slash + 1);
  const file = h.name.slice(slash + 1);
  const joined = `${dir}PaxHeaders.0${file === '' ? '' : '/' + file}`.replace(/\/{2,}/g, '/');
  const paxName = toASCII(joined).slice(0, 100).replace(/\/+$/, '');
  const pre = block({ name: paxName, prefix: '', linkname: '', typeflag: 'x', mode: 0, uid: 0, gid: 0, size: data.length, mtime: 0, raw: true });
  const hdr = block({ ...main, name: toASCII(main.name), linkname: toASCII(linkname) });
  const out = new Uint8Array(pre.length + data.length + tarPadding(data.length).length + hdr.length);
  out.set(pre, 0);
  out.set(data, BLOCK);
  out.set(hdr, out.length - BLOCK);
  return out;
}
