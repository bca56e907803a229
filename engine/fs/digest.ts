/** Content addressing for snapshots: a digest over every entry's metadata and bytes. */
import type { Hasher } from '../platform/types.ts';
import { contentSize, loadContent } from './node.ts';
import type { Snapshot } from './snapshot.ts';

const memo = new WeakMap<Snapshot, Promise<string>>();
const enc = new TextEncoder();

/**
 * `sha256:<hex>` identifying the tree's content: equal trees (same paths, types, modes,
 * owners, mtimes, link targets, bytes and hard-link structure) get equal digests, however
 * they were built. Memoised per snapshot.
 */
export function snapshotDigest(snapshot: Snapshot, hasher: Hasher): Promise<string> {
  let p = memo.get(snapshot);
  if (p === undefined) {
    p = hasher.sha256(records(snapshot)).then((hex) => `sha256:${hex}`);
    memo.set(snapshot, p);
  }
  return p;
}

function* records(snapshot: Snapshot): Generator<Uint8Array> {
  for (const e of snapshot.walk()) {
    const size = e.content ? contentSize(e.content) : 0;
    yield enc.encode(`${JSON.stringify([e.path, e.type, e.mode, e.uid, e.gid, e.mtime, e.target ?? '', size])}\n`);
    if (e.content) yield loadContent(e.content);
  }
}
