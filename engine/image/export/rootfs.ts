/** `--output type=tar` (the flattened root filesystem) and `type=local` (files to write). */
import type { Snapshot, TreeEntry } from '../../fs/index.ts';
import { diffTrees, emptySnapshot } from '../../fs/index.ts';
import { layerTar } from '../layer-tar.ts';

/** Options of the filesystem exporters. */
export interface RootfsOptions {
  /** SOURCE_DATE_EPOCH: file mtimes newer than it are clamped. */
  readonly sourceDateEpoch?: number;
}

/** The tar of every entry of `snapshot` (sorted, relative names, directories with `/`). */
export function exportRootfsTar(snapshot: Snapshot, opts: RootfsOptions = {}): Generator<Uint8Array> {
  return layerTar(diffTrees(emptySnapshot().rootDir, snapshot.rootDir), snapshot, { sourceDateEpoch: opts.sourceDateEpoch });
}

/** One file for the CLI to write under the output directory. */
export interface LocalFile extends Omit<TreeEntry, 'path' | 'target'> {
  /** Relative path (no leading `/`). */
  readonly path: string;
  /** Symlink target as stored, or the relative path of the file a hard link shares. */
  readonly target?: string;
}

/** Every entry of `snapshot` as a file to write, parents first. Content stays lazy. */
export function exportLocal(snapshot: Snapshot, opts: RootfsOptions = {}): LocalFile[] {
  const clamp = (t: number) => (opts.sourceDateEpoch !== undefined && t > opts.sourceDateEpoch ? opts.sourceDateEpoch : t);
  return snapshot.entries().map((e) => ({
    ...e,
    path: e.path.slice(1),
    mtime: clamp(e.mtime),
    target: e.type === 'hardlink' ? e.target!.slice(1) : e.target,
  }));
}
