/** Structural diff of two trees; unchanged subtrees are skipped by identity. */
import type { DirNode, FsNode } from './node.ts';
import { compareNames, sortedNames } from './node.ts';
import { joinParts } from './path.ts';

/**
 * One changed path. `add`/`modify` carry the new node; `delete` has none. A directory
 * that was removed and recreated is a `modify` with `opaque: true`, followed by a
 * `delete` for each old child that is gone and an `add` for every new descendant.
 */
export interface Change {
  readonly kind: 'add' | 'modify' | 'delete';
  /** Absolute, clean path. */
  readonly path: string;
  readonly node?: FsNode;
  readonly opaque?: boolean;
}

/** Changes turning `lower` into `upper`, in walk order (parents before children, names in byte order). */
export function diffTrees(lower: DirNode, upper: DirNode): Change[] {
  const out: Change[] = [];
  if (lower !== upper) diffDir(lower, upper, [], out);
  return out;
}

function unionNames(a: DirNode, b: DirNode): string[] {
  const names = new Set([...a.children.keys(), ...b.children.keys()]);
  return [...names].sort(compareNames);
}

function diffDir(a: DirNode, b: DirNode, parts: string[], out: Change[]): void {
  for (const name of unionNames(a, b)) {
    const x = a.children.get(name);
    const y = b.children.get(name);
    if (x === y) continue;
    const p = [...parts, name];
    const path = joinParts(p);
    if (y === undefined) {
      out.push({ kind: 'delete', path });
    } else if (x === undefined) {
      out.push({ kind: 'add', path, node: y });
      if (y.kind === 'dir') addAll(y, p, out);
    } else if (x.kind === 'dir' && y.kind === 'dir') {
      if (x.id !== y.id) {
        out.push({ kind: 'modify', path, node: y, opaque: true });
        replaceDir(x, y, p, out);
      } else {
        if (!sameMeta(x, y)) out.push({ kind: 'modify', path, node: y });
        diffDir(x, y, p, out);
      }
    } else if (!sameNode(x, y)) {
      out.push({ kind: 'modify', path, node: y });
      if (y.kind === 'dir') addAll(y, p, out);
    }
  }
}

/** Contents of a recreated directory: deletes for vanished old names (at any depth), adds for everything new. */
function replaceDir(x: DirNode, y: DirNode, parts: string[], out: Change[]): void {
  for (const name of unionNames(x, y)) {
    const p = [...parts, name];
    const node = y.children.get(name);
    const old = x.children.get(name);
    if (node === undefined) {
      out.push({ kind: 'delete', path: joinParts(p) });
    } else {
      out.push({ kind: 'add', path: joinParts(p), node });
      // A tar dir entry merges into a lower dir, so old content below it must be whited out too.
      if (node.kind === 'dir' && old?.kind === 'dir') replaceDir(old, node, p, out);
      else if (node.kind === 'dir') addAll(node, p, out);
    }
  }
}

function addAll(dir: DirNode, parts: string[], out: Change[]): void {
  for (const name of sortedNames(dir)) {
    const node = dir.children.get(name)!;
    const p = [...parts, name];
    out.push({ kind: 'add', path: joinParts(p), node });
    if (node.kind === 'dir') addAll(node, p, out);
  }
}

function sameMeta(x: FsNode, y: FsNode): boolean {
  return x.mode === y.mode && x.uid === y.uid && x.gid === y.gid && x.mtime === y.mtime;
}

function sameNode(x: FsNode, y: FsNode): boolean {
  if (x.kind !== y.kind || !sameMeta(x, y)) return false;
  if (x.kind === 'file' && y.kind === 'file') return x.content === y.content;
  if (x.kind === 'symlink' && y.kind === 'symlink') return x.target === y.target;
  return false;
}
