/**
 * The tar stream of a layer diff, following containerd's `ChangeWriter`: walk order,
 * unchanged ancestors emitted once before their first changed descendant, `.wh.<name>`
 * whiteouts, hard links as tar links to the first path written, mtimes clamped to
 * SOURCE_DATE_EPOCH.
 */
import type { Change, FsNode } from '../fs/index.ts';
import { contentSize, contentSlices } from '../fs/index.ts';
import type { TreeView } from '../fs/view.ts';
import { TAR_END, tarHeader, tarPadding } from './tar.ts';
import type { TarHeader } from './tar.ts';

/** Options of `layerTar`. */
export interface LayerTarOptions {
  /** Clamp entry mtimes to this (seconds), as BuildKit does with SOURCE_DATE_EPOCH. */
  readonly sourceDateEpoch?: number;
  /**
   * How a recreated directory is written: `expand` (BuildKit's overlay differ: explicit
   * whiteouts and adds) or `marker` (a `.wh..wh..opq` entry). Default `expand`.
   */
  readonly opaque?: 'expand' | 'marker';
}

/** Whiteout file prefix (OCI layer spec). */
export const WHITEOUT_PREFIX = '.wh.';
/** Opaque directory marker (OCI layer spec). */
export const WHITEOUT_OPAQUE = '.wh..wh..opq';

/**
 * Tar chunks for `changes` (from `diffTrees`), reading ancestors' metadata from `upper`,
 * the tree after the changes. Re-iterating the result produces the same bytes.
 */
export function* layerTar(changes: readonly Change[], upper: TreeView, opts: LayerTarOptions = {}): Generator<Uint8Array> {
  const clamp = (t: number) => (opts.sourceDateEpoch !== undefined && t > opts.sourceDateEpoch ? opts.sourceDateEpoch : t);
  const emitted = new Set<string>();
  const inodes = new Map<number, string>();
  const opaqueDirs: string[] = [];
  const marker = opts.opaque === 'marker';

  function* parents(path: string): Generator<Uint8Array> {
    const parts = path.split('/').slice(1, -1);
    let p = '';
    for (const name of parts) {
      p += '/' + name;
      if (emitted.has(p)) continue;
      emitted.add(p);
      const node = upper.get(p, false);
      if (node?.kind === 'dir') yield* entry(p, node);
    }
  }

  function* entry(path: string, node: FsNode): Generator<Uint8Array> {
    const name = path.slice(1);
    const base = { mode: node.mode & 0o7777, uid: node.uid, gid: node.gid, mtime: clamp(node.mtime), size: 0 };
    let h: TarHeader;
    if (node.kind === 'dir') {
      h = { ...base, name: name + '/', type: 'dir' };
    } else if (node.kind === 'symlink') {
      h = { ...base, name, type: 'symlink', linkname: node.target };
    } else if (inodes.has(node.ino)) {
      h = { ...base, name, type: 'hardlink', linkname: inodes.get(node.ino)! };
    } else {
      inodes.set(node.ino, name);
      const size = contentSize(node.content);
      yield tarHeader({ ...base, name, type: 'file', size });
      let written = 0;
      for (const slice of contentSlices(node.content)) {
        written += slice.length;
        yield slice;
      }
      if (written !== size) throw new Error(`${path}: its content made ${written} bytes, declared ${size}`);
      const pad = tarPadding(size);
      if (pad.length > 0) yield pad;
      return;
    }
    yield tarHeader(h);
  }

  function* emptyFile(name: string): Generator<Uint8Array> {
    yield tarHeader({ name, type: 'file', mode: 0, uid: 0, gid: 0, mtime: 0, size: 0 });
  }

  for (const c of changes) {
    if (marker && opaqueDirs.some((d) => c.path.startsWith(d + '/'))) {
      if (c.kind === 'delete') continue;
    }
    yield* parents(c.path);
    if (c.kind === 'delete') {
      const i = c.path.lastIndexOf('/');
      yield* emptyFile(c.path.slice(1, i + 1) + WHITEOUT_PREFIX + c.path.slice(i + 1));
      continue;
    }
    emitted.add(c.path);
    yield* entry(c.path, c.node!);
    if (marker && c.opaque) {
      opaqueDirs.push(c.path);
      yield* emptyFile(`${c.path.slice(1)}/${WHITEOUT_OPAQUE}`);
    }
  }
  yield TAR_END;
}
