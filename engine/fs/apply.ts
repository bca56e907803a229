/** Stacking layers: applying a changeset with OCI whiteouts onto a snapshot. */
import type { TreeEntry } from './types.ts';
import type { Snapshot } from './snapshot.ts';
import type { EditOptions } from './overlay.ts';
import { baseName, cleanPath, dirName } from './path.ts';

const WH = '.wh.';
const OPQ = '.wh..wh..opq';

/**
 * Applies one layer's entries to `lower` as the OCI spec describes: `.wh..wh..opq`
 * empties its directory of lower content, `.wh.<name>` deletes `<name>` from lower
 * layers, a directory merges its metadata into an existing one, anything else replaces
 * what is at its path. Whiteouts never delete entries added by the same layer.
 */
export function applyLayer(lower: Snapshot, entries: readonly TreeEntry[], opts?: EditOptions): Snapshot {
  const o = lower.edit({ limitBytes: Number.POSITIVE_INFINITY, ...opts });
  const rest: TreeEntry[] = [];
  for (const e of entries) {
    const path = cleanPath(e.path);
    const name = baseName(path);
    const dir = dirName(path);
    if (name === OPQ) {
      if (o.get(dir, false)?.kind === 'dir') for (const child of o.readdir(dir)) o.rm(`${dir === '/' ? '' : dir}/${child}`, { recursive: true });
    } else if (name.startsWith(WH)) {
      o.rm(`${dir === '/' ? '' : dir}/${name.slice(WH.length)}`, { recursive: true, force: true });
    } else {
      rest.push(e);
    }
  }
  for (const e of rest) o.putEntry(e);
  return o.commit().snapshot;
}

/** The tree of an image: `layers` (base first) applied in turn onto `lower` (usually `emptySnapshot()`). */
export function stackLayers(lower: Snapshot, layers: readonly (readonly TreeEntry[])[], opts?: EditOptions): Snapshot {
  return layers.reduce((snap, entries) => applyLayer(snap, entries, opts), lower);
}
