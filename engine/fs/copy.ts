/** Copy helpers for COPY/ADD: a subtree of one tree into an overlay, preserving metadata. */
import type { TreeView } from './view.ts';
import type { Overlay } from './overlay.ts';
import { FsError } from './types.ts';
import { cleanPath } from './path.ts';

/** Overrides applied to every copied entry (COPY --chown / --chmod). */
export interface CopyOptions {
  readonly uid?: number;
  readonly gid?: number;
  /** Replaces the permission bits of files and directories (not symlinks). */
  readonly mode?: number;
  /** Mode of parent directories created at the destination (default 0755). */
  readonly parentMode?: number;
}

/**
 * Copies `src` (a file, symlink or directory of `from`; symlinks at `src` itself are
 * followed, those inside are copied as links) to `dest` in `to`. A directory's contents
 * are merged into `dest`; hard links inside the subtree stay hard links. Missing parents of
 * `dest` are created. Throws ENOENT when `src` is missing.
 */
export function copyTree(from: TreeView, src: string, to: Overlay, dest: string, opts: CopyOptions = {}): void {
  const node = from.get(src, true);
  if (node === undefined) throw new FsError('ENOENT', src, `ENOENT: no such file or directory, '${src}'`);
  const d = cleanPath(dest);
  const owner = (uid: number, gid: number) => ({ uid: opts.uid ?? uid, gid: opts.gid ?? gid });
  const parentMeta = { recursive: true, mode: opts.parentMode ?? 0o755, ...owner(0, 0) };
  const parent = d.slice(0, d.lastIndexOf('/')) || '/';
  to.mkdir(parent, parentMeta);
  const meta = { mode: opts.mode ?? node.mode, ...owner(node.uid, node.gid), mtime: node.mtime };
  if (node.kind !== 'dir') {
    to.putEntry({ path: d, type: node.kind, ...meta, content: node.kind === 'file' ? node.content : undefined, target: node.kind === 'symlink' ? node.target : undefined });
    return;
  }
  to.putEntry({ path: d, type: 'dir', ...meta });
  const srcRoot = cleanPath(from.resolve(src, true).parts.join('/'));
  const rebase = (p: string) => (d === '/' ? '' : d) + p.slice(srcRoot === '/' ? 0 : srcRoot.length);
  const firstCopy = new Map<string, string>();
  for (const e of from.walk(src)) {
    const m = { mode: e.type === 'symlink' ? e.mode : (opts.mode ?? e.mode), ...owner(e.uid, e.gid), mtime: e.mtime };
    if (e.type === 'hardlink') {
      const target = firstCopy.get(e.target!);
      if (target !== undefined) {
        to.putEntry({ path: rebase(e.path), type: 'hardlink', ...m, target });
        continue;
      }
      const n = from.get(e.path, false);
      to.putEntry({ path: rebase(e.path), type: 'file', ...m, content: n?.kind === 'file' ? n.content : undefined });
      firstCopy.set(e.target!, rebase(e.path));
      continue;
    }
    if (e.type === 'file') firstCopy.set(e.path, rebase(e.path));
    to.putEntry({ ...e, ...m, path: rebase(e.path) });
  }
}
