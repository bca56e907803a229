/**
 * A step's layer as plain tree entries: what the layer cache stores and replays. Deleted
 * paths become `.wh.<name>` whiteout entries, the way the layer tar records them, so
 * `applyLayer(parent, entries)` rebuilds the step's snapshot.
 */
import type { Change, FsNode, TreeEntry } from '../fs/index.ts';
import type { TreeView } from '../fs/view.ts';

const WH = '.wh.';

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The entries of a diff (`Overlay.commit().changes`) whose result is `upper`: unchanged
 * ancestors once before their first changed descendant, adds and modifies with their new
 * metadata, deletes as whiteouts. A file sharing an inode with one written earlier in the
 * same layer becomes a hard link to it.
 */
export function changesToEntries(changes: readonly Change[], upper: TreeView): TreeEntry[] {
  const out: TreeEntry[] = [];
  const emitted = new Set<string>();
  const inodes = new Map<number, string>();
  const node = (path: string, n: FsNode): TreeEntry => {
    const meta = { path, mode: n.mode, uid: n.uid, gid: n.gid, mtime: n.mtime };
    if (n.kind === 'dir') return { ...meta, type: 'dir' };
    if (n.kind === 'symlink') return { ...meta, type: 'symlink', target: n.target };
    const first = inodes.get(n.ino);
    if (first !== undefined) return { ...meta, type: 'hardlink', target: first };
    inodes.set(n.ino, path);
    return { ...meta, type: 'file', content: n.content };
  };
  const parents = (path: string): void => {
    const parts = path.split('/').slice(1, -1);
    let p = '';
    for (const part of parts) {
      p += '/' + part;
      if (emitted.has(p)) continue;
      emitted.add(p);
      const n = upper.get(p, false);
      if (n?.kind === 'dir') out.push(node(p, n));
    }
  };
  for (const c of changes) {
    parents(c.path);
    if (c.kind === 'delete') {
      const dir = parentOf(c.path);
      out.push({ path: `${dir === '/' ? '' : dir}/${WH}${nameOf(c.path)}`, type: 'file', mode: 0, uid: 0, gid: 0, mtime: 0, content: new Uint8Array(0) });
      continue;
    }
    emitted.add(c.path);
    if (c.node) out.push(node(c.path, c.node));
  }
  return out;
}
