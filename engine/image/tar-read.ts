/**
 * A tar reader for layers and archives: USTAR prefix, PAX path/linkpath/uid/gid/size/mtime
 * records. Checks header checksums and the end-of-archive marker.
 */
import type { TreeEntry } from '../fs/types.ts';

/** One parsed entry. */
export interface ParsedEntry {
  name: string;
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname: string;
  data: Uint8Array;
  /** PAX records that preceded the entry. */
  pax?: Record<string, string>;
  /** The raw 512-byte header. */
  header: Uint8Array;
}

const dec = new TextDecoder();
const str = (b: Uint8Array, off: number, len: number) => {
  const s = b.subarray(off, off + len);
  const z = s.indexOf(0);
  return dec.decode(z < 0 ? s : s.subarray(0, z));
};
const oct = (b: Uint8Array, off: number, len: number) => parseInt(str(b, off, len) || '0', 8);

/** Parses a whole archive; throws on a bad checksum or a missing end marker. Data are views into `tar`. */
export function parseTar(tar: Uint8Array): ParsedEntry[] {
  const out: ParsedEntry[] = [];
  let off = 0;
  let pax: Record<string, string> | undefined;
  for (;;) {
    if (off + 512 > tar.length) throw new Error('truncated archive');
    const h = tar.subarray(off, off + 512);
    if (h.every((x) => x === 0)) {
      // two zero blocks end the archive; only zero padding (to a record) may follow
      if (off + 1024 > tar.length || !tar.subarray(off + 512).every((x) => x === 0)) throw new Error('bad end of archive');
      return out;
    }
    let sum = 8 * 32;
    for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += h[i]!;
    if (sum !== oct(h, 148, 8)) throw new Error(`bad checksum at ${off}`);
    const size = oct(h, 124, 12);
    const typeflag = String.fromCharCode(h[156]!);
    const data = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (typeflag === 'x') {
      pax = {};
      let text = dec.decode(data);
      while (text.length > 0) {
        const sp = text.indexOf(' ');
        const len = Number(text.slice(0, sp));
        const rec = new TextDecoder().decode(new TextEncoder().encode(text).subarray(0, len));
        const [k, ...v] = rec.slice(sp + 1, -1).split('=');
        pax[k!] = v.join('=');
        text = text.slice(rec.length);
      }
      continue;
    }
    const prefix = str(h, 345, 155);
    const name = prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100);
    out.push({
      name: pax?.path ?? name,
      typeflag,
      mode: oct(h, 100, 8),
      uid: pax?.uid ? Number(pax.uid) : oct(h, 108, 8),
      gid: pax?.gid ? Number(pax.gid) : oct(h, 116, 8),
      size: pax?.size ? Number(pax.size) : size,
      mtime: pax?.mtime ? Number(pax.mtime) : oct(h, 136, 12),
      linkname: pax?.linkpath ?? str(h, 157, 100),
      data,
      ...(pax ? { pax } : {}),
      header: h,
    });
    pax = undefined;
  }
}

/**
 * A layer tar as tree entries for `applyLayer` (whiteouts stay `.wh.` files). Other entry
 * types (devices, FIFOs) are skipped.
 */
export function tarToEntries(tar: Uint8Array): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const e of parseTar(tar)) {
    const path = '/' + e.name.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (path === '/') continue;
    const meta = { path, mode: e.mode & 0o7777, uid: e.uid, gid: e.gid, mtime: e.mtime };
    if (e.typeflag === '5') out.push({ ...meta, type: 'dir' });
    else if (e.typeflag === '2') out.push({ ...meta, type: 'symlink', target: e.linkname });
    else if (e.typeflag === '1') out.push({ ...meta, type: 'hardlink', target: '/' + e.linkname.replace(/^\.?\/+/, '') });
    else if (e.typeflag === '0' || e.typeflag === '\0') out.push({ ...meta, type: 'file', content: e.data.slice() });
  }
  return out;
}
