/**
 * The in-memory tree nodes behind snapshots and overlays. Nodes reachable from a
 * `Snapshot` are never mutated; an `Overlay` clones a directory before changing it
 * (path copying), so unchanged subtrees are shared between snapshots.
 */
import type { LazyBytes } from './types.ts';

/** File content: eager bytes or bytes produced on demand. */
export type Content = Uint8Array | LazyBytes;

interface Meta {
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
}

/** A regular file. `ino` is shared by every hard link to the same file. */
export interface FileNode extends Meta {
  readonly kind: 'file';
  readonly ino: number;
  readonly content: Content;
}

/** A symbolic link; `target` is stored verbatim. */
export interface SymlinkNode extends Meta {
  readonly kind: 'symlink';
  readonly target: string;
}

/**
 * A directory. `id` survives copy-on-write clones, so a directory with a different `id`
 * at the same path was removed and recreated (an opaque directory in a diff).
 */
export interface DirNode extends Meta {
  readonly kind: 'dir';
  readonly id: number;
  readonly children: Map<string, FsNode>;
}

export type FsNode = FileNode | SymlinkNode | DirNode;

let nextIno = 1;
let nextDirId = 1;

/** A fresh inode number (unique within this process). */
export function newIno(): number {
  return nextIno++;
}

/** A new, empty directory with a fresh identity. */
export function newDir(meta: Meta): DirNode {
  return { kind: 'dir', id: nextDirId++, children: new Map(), ...pickMeta(meta) };
}

/** A copy of `dir` with the same identity and a separate children map. */
export function cloneDir(dir: DirNode): DirNode {
  return { kind: 'dir', id: dir.id, children: new Map(dir.children), ...pickMeta(dir) };
}

/** A copy of any node's metadata. */
export function pickMeta(m: Meta): Meta {
  return { mode: m.mode, uid: m.uid, gid: m.gid, mtime: m.mtime };
}

/** Size in bytes of a file's content. */
export function contentSize(c: Content): number {
  return c instanceof Uint8Array ? c.byteLength : c.size;
}

/** The bytes of a file's content (loads lazy content). */
export function loadContent(c: Content): Uint8Array {
  return c instanceof Uint8Array ? c : c.load();
}

/** A file's content as consecutive slices (lazy content that can make itself in slices does). */
export function contentSlices(c: Content): Iterable<Uint8Array> {
  if (c instanceof Uint8Array) return [c];
  return c.slices ? c.slices() : [c.load()];
}

/** The first `n` bytes of a file's content (lazy content generates only what it must). */
export function loadHead(c: Content, n: number): Uint8Array {
  if (c instanceof Uint8Array) return c.subarray(0, n);
  return c.head ? c.head(n) : c.load().subarray(0, n);
}

/** Compares names by UTF-8 byte order (code point order). */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The child names of a directory in UTF-8 byte order. */
export function sortedNames(dir: DirNode): string[] {
  return [...dir.children.keys()].sort(compareNames);
}
