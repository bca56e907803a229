/**
 * A `type=local` build output as a zip, for the browser to download in place of a folder.
 */
import { zipSync, type Zippable } from 'fflate';
import { loadContent } from '#engine/fs';
import type { LocalFile } from '#engine/image';

/** Zip timestamps start in 1980; earlier mtimes (SOURCE_DATE_EPOCH=0) are clamped to it. */
const ZIP_EPOCH_MS = Date.UTC(1980, 0, 1, 12);

/**
 * Zip `files` as the local exporter would write them: Unix modes in the entries' external
 * attributes, directories as `dir/` entries, symlinks as links (mode 0120777, the target
 * as content), hard links as copies of the file they share.
 */
export function zipLocal(files: readonly LocalFile[]): Uint8Array {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const entries: Zippable = {};
  for (const f of files) {
    if (f.path === '' || f.path === '.') continue;
    const mtime = Math.max(ZIP_EPOCH_MS, f.mtime * 1000);
    const perm = f.mode & 0o7777;
    if (f.type === 'dir') {
      entries[`${f.path}/`] = [new Uint8Array(0), { mtime, os: 3, attrs: ((0o040000 | perm) << 16) >>> 0 }];
    } else if (f.type === 'symlink') {
      entries[f.path] = [new TextEncoder().encode(f.target ?? ''), { mtime, os: 3, attrs: ((0o120000 | 0o777) << 16) >>> 0, level: 0 }];
    } else {
      const src = f.type === 'hardlink' ? byPath.get(f.target ?? '') : f;
      const data = src?.content ? loadContent(src.content) : new Uint8Array(0);
      entries[f.path] = [data, { mtime, os: 3, attrs: ((0o100000 | perm) << 16) >>> 0 }];
    }
  }
  return zipSync(entries, { level: 6 });
}
