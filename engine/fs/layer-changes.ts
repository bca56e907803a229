/**
 * What one image layer did to the tree below it, path by path, as an image explorer
 * (`dive`) lists it: the layer is applied (whiteouts, opaque directories and all) and the
 * trees before and after are compared, so a file an opaque directory dropped shows as
 * removed, and a path the layer wrote again shows as modified.
 */
import { applyLayer } from './apply.ts';
import { diffTrees } from './diff.ts';
import { contentSize, type FsNode } from './node.ts';
import type { Snapshot } from './snapshot.ts';
import type { TreeEntry } from './types.ts';

/** One path a layer added, changed or removed. */
export interface LayerChange {
  /** Absolute path, `/usr/local/go/bin/go`. */
  readonly path: string;
  readonly change: 'added' | 'modified' | 'removed';
  readonly type: 'file' | 'dir' | 'symlink' | 'other';
  /** Bytes of a file (0 otherwise). */
  readonly size: number;
}

function typeOf(node: FsNode | undefined): LayerChange['type'] {
  return node === undefined ? 'other' : node.kind === 'file' || node.kind === 'dir' || node.kind === 'symlink' ? node.kind : 'other';
}

/** The changes `entries` (one layer's tar entries) make to `lower`, sorted by path. */
export function layerChanges(lower: Snapshot, entries: readonly TreeEntry[]): LayerChange[] {
  const upper = applyLayer(lower, entries);
  const changes: LayerChange[] = [];
  for (const c of diffTrees(lower.rootDir, upper.rootDir)) {
    const before = lower.get(c.path, false);
    if (c.kind === 'delete') {
      changes.push({ path: c.path, change: 'removed', type: typeOf(before), size: 0 });
      continue;
    }
    const node = c.node!;
    changes.push({ path: c.path, change: before ? 'modified' : 'added', type: typeOf(node), size: node.kind === 'file' ? contentSize(node.content) : 0 });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
