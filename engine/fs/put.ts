/** Writing one tree entry into an overlay with layer semantics. */
import type { TreeEntry } from './types.ts';
import type { Overlay } from './overlay.ts';
import { cleanPath, dirName } from './path.ts';

/**
 * Writes `entry` into `o` as a layer applies it: a directory merges its metadata into an
 * existing directory, anything else replaces what is there. Missing parents are created
 * (0755, root). Hard links point at `entry.target`, which must already exist.
 */
export function putEntry(o: Overlay, entry: TreeEntry): void {
  const path = cleanPath(entry.path);
  const meta = { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime };
  o.mkdir(dirName(path), { recursive: true, mode: 0o755, mtime: entry.mtime });
  const cur = o.get(path, false);
  if (entry.type === 'dir') {
    if (cur?.kind === 'dir') return o.setMeta(path, meta);
    if (cur !== undefined) o.rm(path, { recursive: true });
    return o.mkdir(path, meta);
}
  if (cur !== undefined) o.rm(path, { recursive: true });
  if (entry.type === 'symlink') return o.symlink(entry.target ?? '', path, meta);
  if (entry.type === 'hardlink') return o.link(cleanPath(entry.target ?? ''), path);
  o.writeContent(path, entry.content ?? new Uint8Array(0), meta);
}
