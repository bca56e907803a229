import type { WorkFs } from '../../fs/types.ts';
import type { IndexPackage } from './packages.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** One record of `/lib/apk/db/installed`, kept as its raw lines. */
export interface DbRecord {
  readonly name: string;
  readonly version: string;
  /** Installed size (`I:`), bytes. */
  readonly size: number;
  readonly depends: readonly string[];
  /** Files (`F:` dir + `R:` name), absolute. */
  readonly files: readonly string[];
  readonly lines: readonly string[];
}

const DB = '/lib/apk/db/installed';
const WORLD = '/etc/apk/world';

/** Reads the installed database (empty when the file is missing). */
export function readDb(fs: WorkFs): DbRecord[] {
  if (fs.stat(DB)?.type !== 'file') return [];
  const text = dec.decode(fs.readFile(DB));
  const out: DbRecord[] = [];
  for (const block of text.split(/\n\n+/)) {
    const lines = block.split('\n').filter((l) => l !== '');
    if (!lines.length) continue;
    const get = (k: string): string | undefined => lines.find((l) => l.startsWith(k + ':'))?.slice(k.length + 1);
    const files: string[] = [];
    let dir = '';
    for (const l of lines) {
      if (l.startsWith('F:')) dir = l.slice(2);
      else if (l.startsWith('R:')) files.push(`/${dir ? dir + '/' : ''}${l.slice(2)}`);
    }
    out.push({
      name: get('P') ?? '',
      version: get('V') ?? '',
      size: Number(get('I') ?? 0),
      depends: (get('D') ?? '').split(' ').filter((d) => d),
      files,
      lines,
    });
  }
  return out;
}

/** Writes the database back. */
export function writeDb(fs: WorkFs, records: readonly DbRecord[]): void {
  const text = records.map((r) => r.lines.join('\n') + '\n').join('\n') + (records.length ? '\n' : '');
  fs.writeFile(DB, enc.encode(text), { mode: 0o644, uid: 0, gid: 0 });
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  const bytes: number[] = [];
  for (let r = 0; r < 20; r++) {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ r, 0x01000193) >>> 0;
    bytes.push(h & 0xff);
  }
  return 'Q1' + btoa(String.fromCharCode(...bytes));
}

/** A database record for a package installed now. */
export function recordFor(p: IndexPackage, arch: string, now: number): DbRecord {
  const lines = [
    `C:${hash(p.name + p.version)}`, `P:${p.name}`, `V:${p.version}`, `A:${arch}`, `S:${Math.round(p.size * 0.42)}`, `I:${p.size}`,
    `T:${p.description}`, `U:https://pkgs.alpinelinux.org/package/${p.name}`, 'L:custom', `o:${p.name}`, `t:${now}`,
  ];
  if (p.depends.length) lines.push(`D:${p.depends.join(' ')}`);
  const files: string[] = [];
  let dir = '';
  for (const f of p.files) {
    const path = f[0];
    const d = path.slice(1, path.lastIndexOf('/'));
    if (d !== dir) {
      lines.push(`F:${d}`);
      dir = d;
    }
    lines.push(`R:${path.slice(path.lastIndexOf('/') + 1)}`);
    if (f[1] === '->') lines.push('a:0:0:777');
    lines.push(`Z:${hash(path + p.version)}`);
    files.push(path);
  }
  return { name: p.name, version: p.version, size: p.size, depends: p.depends, files, lines };
}

/** A virtual package record (`apk add --virtual NAME`). */
export function virtualRecord(name: string, version: string, deps: readonly string[], arch: string, now: number): DbRecord {
  const lines = [`P:${name}`, `V:${version}`, `A:${arch}`, 'S:0', 'I:0', 'T:virtual meta package', 'U:', 'L:', `t:${now}`, `D:${deps.join(' ')}`];
  return { name, version, size: 0, depends: deps, files: [], lines };
}

/** `/etc/apk/world` entries. */
export function readWorld(fs: WorkFs): string[] {
  if (fs.stat(WORLD)?.type !== 'file') return [];
  return dec.decode(fs.readFile(WORLD)).split(/\s+/).filter((w) => w);
}

/** Writes `/etc/apk/world` sorted, one name a line. */
export function writeWorld(fs: WorkFs, names: readonly string[]): void {
  const sorted = [...new Set(names)].sort();
  fs.writeFile(WORLD, enc.encode(sorted.join('\n') + '\n'), { mode: 0o644, uid: 0, gid: 0 });
}
