import {
  closeSync, constants, fchmodSync, futimesSync, linkSync, lstatSync, lutimesSync, mkdirSync, openSync, rmSync, symlinkSync, writeSync,
} from 'node:fs';
import { dirname, join, posix, resolve, sep } from 'node:path';
import { loadContent } from '#engine/fs';
import type { LocalFile } from '#engine/image';

/** A `type=local` output could not be written where it was asked to go. */
export class LocalOutputError extends Error {}

/**
 * What the `type=local` outputs of one command have written so far: the symlinks they
 * made. A later output's `dest` never goes through one of them (`-o out -o out/x` where
 * the first output made `out/x` a symlink).
 */
export class LocalWrites {
  readonly symlinks = new Set<string>();
}

const NOFOLLOW_WRITE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const NOFOLLOW_DIR = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/**
 * Write a `type=local` output under `dest` as BuildKit's local exporter does: files with
 * their modes and mtimes, symlinks as stored, hard links as links. Ownership is not
 * changed (the exporter runs as the user).
 *
 * Paths never leave `dest`: every path is walked component by component from `dest`
 * without following symlinks. A symlink (or file) already standing where the output has
 * a directory, for instance one an earlier export left, is replaced by the directory,
 * never followed; files are created with `O_NOFOLLOW | O_EXCL` after the old entry is
 * removed, and modes and times are set on the open descriptor (never through a link).
 */
export function writeLocal(dest: string, files: readonly LocalFile[], writes = new LocalWrites()): number {
  const root = resolve(dest);
  for (let p = root; ; p = dirname(p)) {
    if (writes.symlinks.has(p)) {
      throw new LocalOutputError(`failed to export to ${dest}: ${p} is a symlink another output of this build wrote; refusing to write through it`);
    }
    if (dirname(p) === p) break;
  }
  mkdirSync(root, { recursive: true });
  let bytes = 0;
  const dirs: { path: string; mode: number; mtime: number }[] = [];
  for (const f of files) {
    const parts = inside(f.path);
    if (!parts || parts.length === 0) continue;
    const parent = makeDirs(root, parts.slice(0, -1));
    const path = join(parent, parts.at(-1)!);
    if (f.type === 'dir') {
      if (!lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) {
        rmSync(path, { force: true, recursive: true });
        mkdirSync(path, { mode: 0o755 });
      }
      dirs.push({ path, mode: f.mode, mtime: f.mtime });
      continue;
    }
    const link = f.type === 'hardlink' ? existingInside(root, f.target ?? '') : undefined;
    if (f.type === 'hardlink' && !link) throw new LocalOutputError(`failed to export to ${dest}: hard link ${f.path} -> ${f.target ?? ''}: link target not found`);
    rmSync(path, { force: true, recursive: true });
    if (f.type === 'symlink') {
      symlinkSync(f.target ?? '', path);
      writes.symlinks.add(path);
      lutimesSync(path, f.mtime, f.mtime);
    } else if (link) linkSync(link, path);
    else {
      const data = f.content ? loadContent(f.content) : new Uint8Array(0);
      bytes += data.byteLength;
      const fd = openSync(path, NOFOLLOW_WRITE, f.mode & 0o7777);
      try {
        for (let off = 0; off < data.byteLength; ) off += writeSync(fd, data, off, data.byteLength - off);
        fchmodSync(fd, f.mode & 0o7777);
        futimesSync(fd, f.mtime, f.mtime);
      } finally {
        closeSync(fd);
      }
    }
  }
  // Directories last (deepest first), so writing their children does not change their times.
  for (const d of dirs.reverse()) {
    let fd: number;
    try {
      fd = openSync(d.path, NOFOLLOW_DIR);
    } catch {
      continue; // replaced by a later entry of another type
    }
    try {
      fchmodSync(fd, (d.mode & 0o7777) | 0o700);
      futimesSync(fd, d.mtime, d.mtime);
    } finally {
      closeSync(fd);
    }
  }
  return bytes;
}

/** The components of a relative path, or undefined when it climbs out (`../x`). */
function inside(rel: string): string[] | undefined {
  const clean = posix.normalize(rel.replace(/^\/+/, '')).replace(/\/+$/, '');
  if (clean === '..' || clean.startsWith('../')) return undefined;
  return clean === '.' || clean === '' ? [] : clean.split('/');
}

/** `root/parts...` as real directories: anything else in the way (a symlink, a file) is replaced, never followed. */
function makeDirs(root: string, parts: readonly string[]): string {
  let cur = root;
  for (const part of parts) {
    cur = join(cur, part);
    const st = lstatSync(cur, { throwIfNoEntry: false });
    if (st?.isDirectory()) continue;
    if (st) rmSync(cur, { force: true });
    mkdirSync(cur, { mode: 0o755 });
  }
  return cur;
}

/** The absolute path of `rel` under `root` when every parent is a real directory and the entry exists and is no directory. */
function existingInside(root: string, rel: string): string | undefined {
  const parts = inside(rel);
  if (!parts || parts.length === 0) return undefined;
  let cur = root;
  for (const part of parts.slice(0, -1)) {
    cur = join(cur, part);
    if (!lstatSync(cur, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  }
  const path = join(cur, parts.at(-1)!);
  const st = lstatSync(path, { throwIfNoEntry: false });
  return st && !st.isDirectory() && path.startsWith(root + sep) ? path : undefined;
}
