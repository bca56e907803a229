/** Immutable file trees. Copying a snapshot is free; editing one goes through an `Overlay`. */
import type { TreeEntry } from './types.ts';
import type { DirNode } from './node.ts';
import { newDir } from './node.ts';
import { TreeView } from './view.ts';
import type { LinkTable } from './view.ts';
import { Overlay } from './overlay.ts';
import type { EditOptions } from './overlay.ts';

/** An immutable tree. Unchanged subtrees are shared with the snapshots it was derived from. */
export class Snapshot extends TreeView {
  /** @internal Use `emptySnapshot()`, `Snapshot.fromEntries()` or `Overlay.commit()`. */
  constructor(
    /** The root directory; never mutated. */
    readonly rootDir: DirNode,
    /** Hard-link table (inodes with two or more paths); never mutated. */
    readonly hardLinks: LinkTable,
    /** Bytes of file content, each inode counted once. */
    readonly size: number,
  ) {
    super();
  }

  protected rootNode(): DirNode {
    return this.rootDir;
  }
  protected linkTable(): LinkTable {
    return this.hardLinks;
  }

  /** A copy-on-write overlay whose base is this snapshot. */
  edit(opts?: EditOptions): Overlay {
    return new Overlay(this, opts);
  }

  /**
   * A snapshot holding `entries` (applied in order, as `Overlay.putEntry` does: missing
   * parents are created 0755 root; hard links must follow their target).
   */
  static fromEntries(entries: Iterable<TreeEntry>, opts: EditOptions = {}): Snapshot {
    const o = emptySnapshot().edit({ limitBytes: Number.POSITIVE_INFINITY, ...opts });
    for (const e of entries) o.putEntry(e);
    return o.commit().snapshot;
  }
}

const EMPTY = new Snapshot(newDir({ mode: 0o755, uid: 0, gid: 0, mtime: 0 }), new Map(), 0);

/** The empty tree (`FROM scratch`): just `/`, mode 0755, owned by root. */
export function emptySnapshot(): Snapshot {
  return EMPTY;
}
