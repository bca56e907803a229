/** Layered, copy-on-write filesystem: immutable snapshots, overlays, diffs. */
export { FsError } from './types.ts';
export type { FileStat, FileType, LazyBytes, TreeEntry, WorkFs, WriteOptions } from './types.ts';
export { Snapshot, emptySnapshot } from './snapshot.ts';
export { Overlay, DEFAULT_LIMIT_BYTES } from './overlay.ts';
export type { Commit, EditOptions } from './overlay.ts';
export type { Change } from './diff.ts';
export { diffTrees } from './diff.ts';
export { cleanPath } from './path.ts';
export { compareNames, contentSize, loadContent } from './node.ts';
export type { Content, DirNode, FileNode, FsNode, SymlinkNode } from './node.ts';
export { applyLayer, stackLayers } from './apply.ts';
export { copyTree } from './copy.ts';
export type { CopyOptions } from './copy.ts';
export { TreeView } from './view.ts';
export { snapshotDigest } from './digest.ts';
export { LazyRegistry, packEntries, packTree, packedBase, packedSize, unpackEntries, unpackTree } from './transfer.ts';
export type { LazyRef, PackedTree, PackOptions, PackStats } from './transfer.ts';
