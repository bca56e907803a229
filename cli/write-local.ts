import { chmodSync, linkSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { loadContent } from '../engine/fs/index.ts';
import type { LocalFile } from '../engine/image/index.ts';

/**
 * Write a `type=local` output under `dest` as BuildKit's local exporter does: files with
 * their modes and mtimes, symlinks as stored, hard links as links. Ownership is not
 * changed (the exporter runs as the user). Paths never leave `dest`.
 */
export function writeLocal(dest: string, files: readonly LocalFile[]): number {
  const root = resolve(dest);
  mkdirSync(root, { recursive: true });
  let bytes = 0;
  const dirs: { path: string; mode: number; mtime: number }[] = [];
  for (const f of files) {
    const path = join(root, f.path);
    if (path !== root && !path.startsWith(root + sep)) continue;
    mkdirSync(dirname(path), { recursive: true });
    if (f.type === 'dir') {
      mkdirSync(path, { recursive: true });
      dirs.push({ path, mode: f.mode, mtime: f.mtime });
      continue;
    }
    rmSync(path, { force: true, recursive: true });
    if (f.type === 'symlink') symlinkSync(f.target ?? '', path);
    else if (f.type === 'hardlink') linkSync(join(root, f.target ?? ''), path);
    else {
      const data = f.content ? loadContent(f.content) : new Uint8Array(0);
      bytes += data.byteLength;
      writeFileSync(path, data, { mode: f.mode & 0o7777 });
      chmodSync(path, f.mode & 0o7777);
      utimesSync(path, f.mtime, f.mtime);
    }
  }
  // Directories last (deepest first), so writing their children does not change their times.
  for (const d of dirs.reverse()) {
    chmodSync(d.path, (d.mode & 0o7777) | 0o700);
    utimesSync(d.path, d.mtime, d.mtime);
  }
  return bytes;
}
