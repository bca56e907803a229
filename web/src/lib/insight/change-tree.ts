/**
 * A layer's changes as a tree, the way `dive` shows a layer: directories hold their
 * children, each entry says whether the layer added, modified or removed it, and a
 * directory's size is the bytes of the files beneath it. Pure.
 */
import type { LayerChange } from '../sandbox/panel-data.ts';

/** One entry of the tree. */
export interface ChangeNode {
  /** The last path element (`/` for the root). */
  readonly name: string;
  /** Absolute path. */
  readonly path: string;
  readonly type: LayerChange['type'];
  /** Undefined for a directory that is only a parent of changes. */
  readonly change?: LayerChange['change'];
  /** File bytes here and below (removed entries count 0: they free nothing in this layer). */
  readonly size: number;
  /** Changed files here and below. */
  readonly files: number;
  /** Directories first, then by name. */
  readonly children: readonly ChangeNode[];
}

interface Mutable {
  name: string;
  path: string;
  type: LayerChange['type'];
  change?: LayerChange['change'];
  size: number;
  files: number;
  children: Map<string, Mutable>;
}

/** Build the tree of `changes` (paths absolute, any order). */
export function changeTree(changes: readonly LayerChange[]): ChangeNode {
  const root: Mutable = { name: '/', path: '/', type: 'dir', size: 0, files: 0, children: new Map() };
  for (const c of changes) {
    const parts = c.path.split('/').filter((p) => p !== '');
    let at = root;
    parts.forEach((name, i) => {
      let child = at.children.get(name);
      if (!child) {
        child = { name, path: `/${parts.slice(0, i + 1).join('/')}`, type: 'dir', size: 0, files: 0, children: new Map() };
        at.children.set(name, child);
      }
      if (i === parts.length - 1) {
        child.type = c.type;
        child.change = c.change;
        if (c.change !== 'removed') child.size += c.size;
        if (c.type !== 'dir') child.files += 1;
      }
      at = child;
    });
  }
  return freeze(root);
}

function freeze(m: Mutable): ChangeNode {
  const children = [...m.children.values()].map(freeze).sort((a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    name: m.name,
    path: m.path,
    type: m.type,
    size: m.size + children.reduce((n, c) => n + c.size, 0),
    files: m.files + children.reduce((n, c) => n + c.files, 0),
    children,
    ...(m.change !== undefined ? { change: m.change } : {}),
  };
}

/** How many entries of each kind a layer changed. */
export function changeCounts(changes: readonly LayerChange[]): Record<LayerChange['change'], number> {
  const n = { added: 0, modified: 0, removed: 0 };
  for (const c of changes) n[c.change]++;
  return n;
}
