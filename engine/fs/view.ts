/** Read-only operations shared by `Snapshot` and `Overlay`. */
import { FsError } from './types.ts';
import type { FileStat, TreeEntry } from './types.ts';
import type { DirNode, FsNode } from './node.ts';
import { contentSize, loadContent, loadHead, sortedNames } from './node.ts';
import { resolvePath } from './resolve.ts';
import type { Resolved } from './resolve.ts';
import { joinParts } from './path.ts';

/** Hard-link table: inode → every path of that inode, for inodes with two or more paths. */
export type LinkTable = Map<number, Set<string>>;

/** Metadata of a node in WorkFs form. */
export function statOf(node: FsNode): FileStat {
  const size = node.kind === 'file' ? contentSize(node.content) : node.kind === 'symlink' ? node.target.length : 0;
  const type = node.kind === 'file' ? 'file' : node.kind;
  return { type, mode: node.mode, uid: node.uid, gid: node.gid, size, mtime: node.mtime };
}

/** A read-only view of a tree: lookups, reads and an ordered walk. */
export abstract class TreeView {
  protected abstract rootNode(): DirNode;
  protected abstract linkTable(): LinkTable;

  /** Resolves a path (see `resolvePath`). */
  resolve(path: string, followLast = true): Resolved {
    return resolvePath(this.rootNode(), path, followLast);
  }

  /** The node at `path` (following symlinks unless `followLast` is false), or undefined. */
  get(path: string, followLast = true): FsNode | undefined {
    try {
      return this.resolve(path, followLast).node;
    } catch (e) {
      if (e instanceof FsError && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) return undefined;
      throw e;
    }
  }

  /** Metadata following symlinks; undefined when missing. */
  stat(path: string): FileStat | undefined {
    const n = this.get(path, true);
    return n && statOf(n);
  }

  /** Metadata of the path itself; undefined when missing. */
  lstat(path: string): FileStat | undefined {
    const n = this.get(path, false);
    return n && statOf(n);
  }

  /** File bytes; throws ENOENT or EISDIR. */
  readFile(path: string): Uint8Array {
    const n = this.resolve(path, true).node;
    if (n === undefined) throw new FsError('ENOENT', path, `ENOENT: no such file or directory, open '${path}'`);
    if (n.kind === 'dir') throw new FsError('EISDIR', path, `EISDIR: illegal operation on a directory, read '${path}'`);
    if (n.kind !== 'file') throw new FsError('EINVAL', path);
    return loadContent(n.content);
  }

  /** The first `n` bytes of a file; throws like `readFile`. */
  readHead(path: string, n: number): Uint8Array {
    const node = this.resolve(path, true).node;
    if (node?.kind !== 'file') return this.readFile(path);
    return loadHead(node.content, n);
  }

  /** Sorted entry names of a directory; throws ENOENT or ENOTDIR. */
  readdir(path: string): string[] {
    const n = this.resolve(path, true).node;
    if (n === undefined) throw new FsError('ENOENT', path, `ENOENT: no such file or directory, scandir '${path}'`);
    if (n.kind !== 'dir') throw new FsError('ENOTDIR', path, `ENOTDIR: not a directory, scandir '${path}'`);
    return sortedNames(n);
  }

  /** A symlink's target; throws ENOENT or EINVAL (not a symlink). */
  readlink(path: string): string {
    const n = this.resolve(path, false).node;
    if (n === undefined) throw new FsError('ENOENT', path, `ENOENT: no such file or directory, readlink '${path}'`);
    if (n.kind !== 'symlink') throw new FsError('EINVAL', path, `EINVAL: invalid argument, readlink '${path}'`);
    return n.target;
  }

  /** True when `path` exists (following symlinks). */
  exists(path: string): boolean {
    return this.get(path, true) !== undefined;
  }

  /** Every path of the inode of the file at `path` (just `path` when not hard-linked). */
  linksOf(ino: number): ReadonlySet<string> | undefined {
    return this.linkTable().get(ino);
  }

  /**
   * Every entry below `from` (default `/`), depth first, names in byte order (parents
   * before children). The first path of a hard-linked inode is a `file`, later ones are
   * `hardlink` entries whose `target` is that first path.
   */
  *walk(from = '/'): Generator<TreeEntry> {
    const start = this.resolve(from, true);
    if (start.node?.kind !== 'dir') return;
    const seen = new Map<number, string>();
    yield* walkDir(start.node, start.parts, seen);
  }

  /** `walk()` collected into an array. */
  entries(from = '/'): TreeEntry[] {
    return [...this.walk(from)];
  }
}

function* walkDir(dir: DirNode, parts: string[], seen: Map<number, string>): Generator<TreeEntry> {
  for (const name of sortedNames(dir)) {
    const node = dir.children.get(name)!;
    const p = [...parts, name];
    const path = joinParts(p);
    yield entryOf(path, node, seen);
    if (node.kind === 'dir') yield* walkDir(node, p, seen);
  }
}

/** The TreeEntry for `node` at `path`; `seen` tracks inodes already emitted for hard links. */
export function entryOf(path: string, node: FsNode, seen?: Map<number, string>): TreeEntry {
  const meta = { path, mode: node.mode, uid: node.uid, gid: node.gid, mtime: node.mtime };
  if (node.kind === 'dir') return { ...meta, type: 'dir' };
  if (node.kind === 'symlink') return { ...meta, type: 'symlink', target: node.target };
  const first = seen?.get(node.ino);
  if (first !== undefined) return { ...meta, type: 'hardlink', target: first };
  seen?.set(node.ino, path);
  return { ...meta, type: 'file', content: node.content };
}
