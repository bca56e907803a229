/** Path resolution over a tree: `..`, symlinks (at most 40 per lookup, then ELOOP). */
import { FsError } from './types.ts';
import type { DirNode, FsNode } from './node.ts';
import { splitPath } from './path.ts';

/** Linux's limit on symlinks followed while resolving one path. */
export const MAX_SYMLINKS = 40;

/** Where a path leads: its canonical components and the node there, if any. */
export interface Resolved {
  /** Components of the canonical (symlink-free) path from the root. */
  readonly parts: string[];
  /** The node at that path; undefined when only the last component is missing. */
  readonly node: FsNode | undefined;
  /** The directory holding the last component (the root for `/`). */
  readonly parent: DirNode;
}

/**
 * Resolves `path` against `root`. Intermediate symlinks are always followed, the last
 * one only when `followLast`. Throws ENOENT when an intermediate component is missing,
 * ENOTDIR when one is not a directory and ELOOP after too many symlinks.
 */
export function resolvePath(root: DirNode, path: string, followLast: boolean): Resolved {
  const queue = splitPath(path).reverse();
  const parts: string[] = [];
  const dirs: DirNode[] = [root];
  let links = 0;
  while (queue.length > 0) {
    const comp = queue.pop()!;
    if (comp === '.') continue;
    if (comp === '..') {
      if (parts.length > 0) {
        parts.pop();
        dirs.pop();
      }
      continue;
    }
    const dir = dirs[dirs.length - 1]!;
    const child = dir.children.get(comp);
    const isLast = queue.every((c) => c === '.');
    if (child === undefined) {
      if (isLast) return { parts: [...parts, comp], node: undefined, parent: dir };
      throw new FsError('ENOENT', path, `ENOENT: no such file or directory, '${path}'`);
    }
    if (child.kind === 'symlink' && (!isLast || followLast)) {
      if (++links > MAX_SYMLINKS) {
        throw new FsError('ELOOP', path, `ELOOP: too many symbolic links encountered, '${path}'`);
      }
      const target = splitPath(child.target).reverse();
      queue.push(...target);
      if (child.target.startsWith('/')) {
        parts.length = 0;
        dirs.length = 1;
      }
      continue;
    }
    if (!isLast && child.kind !== 'dir') {
      throw new FsError('ENOTDIR', path, `ENOTDIR: not a directory, '${path}'`);
    }
    parts.push(comp);
    if (child.kind === 'dir') dirs.push(child);
    if (isLast) return { parts, node: child, parent: dir };
  }
  const node = dirs[dirs.length - 1]!;
  return { parts, node, parent: dirs.length > 1 ? dirs[dirs.length - 2]! : root };
}
