/**
 * A copy-on-write editing session over a snapshot. Directories are cloned along the
 * path of each change (path copying), so the base snapshot never changes and commit
 * is O(changed paths).
 */
import { FsError } from './types.ts';
import type { TreeEntry, WorkFs, WriteOptions } from './types.ts';
import type { Content, DirNode, FileNode, FsNode } from './node.ts';
import { cloneDir, contentSize, newDir, newIno } from './node.ts';
import { TreeView } from './view.ts';
import type { LinkTable } from './view.ts';
import { cleanPath, dirName, joinParts, splitPath } from './path.ts';
import { diffTrees } from './diff.ts';
import type { Change } from './diff.ts';
import { Snapshot } from './snapshot.ts';
import { putEntry } from './put.ts';

/** Default size budget of an overlay's tree: 512 MiB. */
export const DEFAULT_LIMIT_BYTES = 512 * 1024 * 1024;

/** Options of `Snapshot.edit()`. */
export interface EditOptions {
  /** The tree may not grow past this many bytes of file content (ENOSPC). Default 512 MiB. */
  readonly limitBytes?: number;
  /** mtime (seconds) given to entries created or written without an explicit mtime. Default 0. */
  readonly now?: number;
}

/** The result of `Overlay.commit()`. */
export interface Commit {
  readonly snapshot: Snapshot;
  /** Changes against the overlay's base, in walk order. */
  readonly changes: Change[];
}

function enoent(path: string, op: string): FsError {
  return new FsError('ENOENT', path, `ENOENT: no such file or directory, ${op} '${path}'`);
}

/** A writable tree implementing `WorkFs`; `commit()` freezes it into the next snapshot. */
export class Overlay extends TreeView implements WorkFs {
  private root: DirNode;
  private links: LinkTable;
  private owned = new WeakSet<DirNode>();
  private base: Snapshot;
  private bytes: number;
  /** Size budget in bytes. */
  readonly limitBytes: number;
  /** Default mtime for new or rewritten entries. */
  readonly now: number;

  constructor(base: Snapshot, opts: EditOptions = {}) {
    super();
    this.base = base;
    this.root = base.rootDir;
    this.links = copyLinks(base.hardLinks);
    this.bytes = base.size;
    this.limitBytes = opts.limitBytes ?? DEFAULT_LIMIT_BYTES;
    this.now = opts.now ?? 0;
  }

  protected rootNode(): DirNode {
    return this.root;
  }
  protected linkTable(): LinkTable {
    return this.links;
  }

  /** Bytes of file content in the tree now (each inode counted once). */
  get size(): number {
    return this.bytes;
  }

  /** Freezes the current tree into a snapshot and diffs it against the base. */
  commit(): Commit {
    const snapshot = new Snapshot(this.root, copyLinks(this.links), this.bytes);
    const changes = diffTrees(this.base.rootDir, this.root);
    this.owned = new WeakSet();
    this.base = snapshot;
    return { snapshot, changes };
  }

  writeFile(path: string, data: Uint8Array, opts: WriteOptions = {}): void {
    this.writeContent(path, data, opts);
  }

  /** Like `writeFile` but accepts lazy content. */
  writeContent(path: string, content: Content, opts: WriteOptions = {}): void {
    const r = this.resolve(path, true);
    const old = r.node;
    if (r.parts.length === 0 || old?.kind === 'dir') {
      throw new FsError('EISDIR', path, `EISDIR: illegal operation on a directory, open '${path}'`);
    }
    const oldFile = old?.kind === 'file' ? old : undefined;
    this.grow(contentSize(content) - (oldFile ? contentSize(oldFile.content) : 0), path);
    const node: FileNode = {
      kind: 'file',
      ino: oldFile?.ino ?? newIno(),
      content,
      mode: opts.mode ?? oldFile?.mode ?? 0o644,
      uid: opts.uid ?? oldFile?.uid ?? 0,
      gid: opts.gid ?? oldFile?.gid ?? 0,
      mtime: opts.mtime ?? this.now,
    };
    this.replaceFile(r.parts, node);
  }

  mkdir(path: string, opts: WriteOptions & { recursive?: boolean } = {}): void {
    let r;
    try {
      r = this.resolve(path, false);
    } catch (e) {
      if (!(opts.recursive && e instanceof FsError && e.code === 'ENOENT')) throw e;
      this.mkdir(dirName(cleanPath(path)), opts);
      r = this.resolve(path, false);
    }
    if (r.node !== undefined) {
      const isDir = r.node.kind === 'dir' || (r.node.kind === 'symlink' && this.get(path)?.kind === 'dir');
      if (opts.recursive && isDir) return;
      throw new FsError('EEXIST', path, `EEXIST: file already exists, mkdir '${path}'`);
    }
    const dir = newDir({ mode: opts.mode ?? 0o755, uid: opts.uid ?? 0, gid: opts.gid ?? 0, mtime: opts.mtime ?? this.now });
    this.owned.add(dir);
    this.setChild(r.parts, dir);
  }

  symlink(target: string, path: string, opts: WriteOptions = {}): void {
    const r = this.resolve(path, false);
    if (r.node !== undefined) throw new FsError('EEXIST', path, `EEXIST: file already exists, symlink '${target}' -> '${path}'`);
    this.setChild(r.parts, {
      kind: 'symlink',
      target,
      mode: opts.mode ?? 0o777,
      uid: opts.uid ?? 0,
      gid: opts.gid ?? 0,
      mtime: opts.mtime ?? this.now,
    });
  }

  link(existing: string, newPath: string): void {
    const src = this.resolve(existing, false);
    if (src.node === undefined) throw enoent(existing, 'link');
    if (src.node.kind === 'dir') throw new FsError('EPERM', existing, `EPERM: operation not permitted, link '${existing}' -> '${newPath}'`);
    const dst = this.resolve(newPath, false);
    if (dst.node !== undefined) throw new FsError('EEXIST', newPath, `EEXIST: file already exists, link '${existing}' -> '${newPath}'`);
    this.setChild(dst.parts, src.node);
    if (src.node.kind === 'file') {
      const set = this.links.get(src.node.ino) ?? new Set([joinParts(src.parts)]);
      set.add(joinParts(dst.parts));
      this.links.set(src.node.ino, set);
    }
  }

  rm(path: string, opts: { recursive?: boolean; force?: boolean } = {}): void {
    let r;
    try {
      r = this.resolve(path, false);
    } catch (e) {
      if (opts.force && e instanceof FsError && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) return;
      throw e;
    }
    if (r.node === undefined) {
      if (opts.force) return;
      throw enoent(path, 'rm');
    }
    if (r.parts.length === 0) throw new FsError('EINVAL', path, `EINVAL: invalid argument, rm '${path}'`);
    if (r.node.kind === 'dir' && !opts.recursive) {
      throw new FsError('EISDIR', path, `EISDIR: Path is a directory: rm returned EISDIR (is a directory) ${path}`);
    }
    this.detach(r.parts);
  }

  rename(from: string, to: string): void {
    const src = this.resolve(from, false);
    if (src.node === undefined) throw enoent(from, 'rename');
    const dst = this.resolve(to, false);
    const fromPath = joinParts(src.parts);
    const toPath = joinParts(dst.parts);
    if (fromPath === toPath) return;
    if (src.parts.length === 0 || toPath.startsWith(fromPath + '/')) {
      throw new FsError('EINVAL', to, `EINVAL: invalid argument, rename '${from}' -> '${to}'`);
    }
    const node = src.node;
    if (dst.node !== undefined) {
      if (dst.node.kind === 'dir') {
        if (node.kind !== 'dir') throw new FsError('EISDIR', to, `EISDIR: illegal operation on a directory, rename '${from}' -> '${to}'`);
        if (dst.node.children.size > 0) throw new FsError('ENOTEMPTY', to, `ENOTEMPTY: directory not empty, rename '${from}' -> '${to}'`);
      } else if (node.kind === 'dir') {
        throw new FsError('ENOTDIR', to, `ENOTDIR: not a directory, rename '${from}' -> '${to}'`);
      }
      this.detach(dst.parts);
    }
    this.setChild(src.parts, undefined);
    this.setChild(dst.parts, node);
    for (const set of this.links.values()) {
      for (const p of [...set]) {
        if (p === fromPath || p.startsWith(fromPath + '/')) {
          set.delete(p);
          set.add(toPath + p.slice(fromPath.length));
        }
      }
    }
  }

  chmod(path: string, mode: number): void {
    this.updateMeta(path, 'chmod', (n) => ({ ...n, mode }));
  }

  chown(path: string, uid: number, gid: number): void {
    this.updateMeta(path, 'chown', (n) => ({ ...n, uid, gid }));
  }

  /** Sets all metadata of the node at `path` (following symlinks). */
  setMeta(path: string, meta: WriteOptions): void {
    this.updateMeta(path, 'utimes', (n) => ({
      ...n,
      mode: meta.mode ?? n.mode,
      uid: meta.uid ?? n.uid,
      gid: meta.gid ?? n.gid,
      mtime: meta.mtime ?? n.mtime,
    }));
  }

  /** Writes one tree entry as a layer applies it (see `putEntry` in put.ts). */
  putEntry(entry: TreeEntry): void {
    putEntry(this, entry);
  }

  private grow(delta: number, path: string): void {
    if (delta > 0 && this.bytes + delta > this.limitBytes) {
      throw new FsError('ENOSPC', path, `ENOSPC: no space left on device, write '${path}'`);
    }
    this.bytes += delta;
  }

  private updateMeta(path: string, op: string, fn: <T extends FsNode>(n: T) => T): void {
    const r = this.resolve(path, true);
    if (r.node === undefined) throw enoent(path, op);
    if (r.node.kind === 'dir') {
      const d = this.mutableDir(r.parts);
      const next = fn(d);
      d.mode = next.mode;
      d.uid = next.uid;
      d.gid = next.gid;
      d.mtime = next.mtime;
    } else if (r.node.kind === 'file') {
      this.replaceFile(r.parts, fn(r.node));
    } else {
      this.setChild(r.parts, fn(r.node));
    }
  }

  /** Puts a file node at `parts` and at every other path of its inode. */
  private replaceFile(parts: string[], node: FileNode): void {
    const others = this.links.get(node.ino);
    if (others === undefined) return this.setChild(parts, node);
    for (const p of others) this.setChild(splitPath(p), node);
  }

  /** Removes the entry at `parts`, releasing its bytes and hard-link records. */
  private detach(parts: string[]): void {
    const path = joinParts(parts);
    const forgetAll = (p: string, node: FsNode | undefined): void => {
      this.forget(p, node);
      if (node?.kind === 'dir') for (const [name, child] of node.children) forgetAll(`${p}/${name}`, child);
    };
    forgetAll(path, this.get(path, false));
    this.setChild(parts, undefined);
  }

  private forget(path: string, node: FsNode | undefined): void {
    if (node?.kind !== 'file') return;
    const set = this.links.get(node.ino);
    if (set !== undefined) {
      set.delete(path);
      if (set.size <= 1) this.links.delete(node.ino);
      if (set.size >= 1) return;
    }
    this.bytes -= contentSize(node.content);
  }

  private setChild(parts: string[], node: FsNode | undefined): void {
    const parent = this.mutableDir(parts.slice(0, -1));
    const name = parts[parts.length - 1]!;
    if (node === undefined) parent.children.delete(name);
    else parent.children.set(name, node);
  }

  /** The directory at canonical `parts`, cloned (with its ancestors) if still shared. */
  private mutableDir(parts: readonly string[]): DirNode {
    if (!this.owned.has(this.root)) {
      this.root = cloneDir(this.root);
      this.owned.add(this.root);
    }
    let dir = this.root;
    for (const name of parts) {
      const child = dir.children.get(name);
      if (child?.kind !== 'dir') throw new FsError('ENOTDIR', joinParts(parts));
      if (!this.owned.has(child)) {
        const copy = cloneDir(child);
        this.owned.add(copy);
        dir.children.set(name, copy);
        dir = copy;
      } else {
        dir = child;
      }
    }
    return dir;
  }
}

function copyLinks(links: LinkTable): LinkTable {
  return new Map([...links].map(([ino, set]) => [ino, new Set(set)]));
}
