/**
 * Snapshots across threads. A snapshot (or its delta over a base the receiver already
 * has) is packed into two `ArrayBuffer`s, both transferable without a copy: `data` holds
 * every eager file's bytes end to end, `meta` a small JSON table of entries. Lazy
 * contents (base-image filler) never cross as bytes: a `LazyRegistry` on each side names
 * them by `(base key, path)` and the receiver takes the content from its own copy of that
 * base, so nothing is generated. Generated files with a recipe (`recipe.ts`) cross as
 * their recipe.
 */
import type { LazyBytes, TreeEntry } from './types.ts';
import type { FsNode } from './node.ts';
import { Snapshot, emptySnapshot } from './snapshot.ts';
import { diffTrees } from './diff.ts';
import { entryOf } from './view.ts';
import { applyLayer } from './apply.ts';
import { baseName, dirName } from './path.ts';
import { recipeBytes, recipeOf, type Recipe } from './recipe.ts';

/** Where a lazy content lives: at `path` of the base registered as `base`. */
export interface LazyRef {
  readonly base: string;
  readonly path: string;
}

/** A packed snapshot or delta: pass `[meta, data]` as the transfer list. */
export interface PackedTree {
  /** UTF-8 JSON: `{ base?, entries: Row[] }`. */
  readonly meta: ArrayBuffer;
  /** Eager file bytes, end to end. */
  readonly data: ArrayBuffer;
}

/** `[path, type, mode, uid, gid, mtime, payload]`; payload: `[offset, length]`, a LazyRef, a recipe, a `KeptRow`, or a link target. */
type Row = [string, 'file' | 'dir' | 'symlink' | 'hardlink' | 'wh' | 'opq', number, number, number, number, unknown?];

/** A generated content on the wire. */
interface RecipeRow {
  readonly recipe: Recipe;
  readonly size: number;
}

/** A file whose bytes the receiver keeps at the row's path (`PackOptions.kept`). */
interface KeptRow {
  readonly kept: true;
}

/** How a file's content travels: a recipe, a reference into a base the receiver has, or bytes (undefined). */
function lazyPayload(content: LazyBytes, lazy: LazyRegistry | undefined): RecipeRow | LazyRef | undefined {
  const recipe = recipeOf(content);
  if (recipe) return { recipe, size: content.size };
  return lazy?.refOf(content);
}

/** The content a lazy payload names on this side. */
function lazyContent(payload: RecipeRow | LazyRef, lazy: LazyRegistry | undefined): LazyBytes | Uint8Array {
  if ('recipe' in payload) return recipeBytes(payload.recipe.kind, payload.recipe.args, payload.size);
  if (!lazy) throw new Error('transfer: a lazy reference needs a LazyRegistry');
  return lazy.resolve(payload);
}

interface MetaTable {
  /** The base the rows apply to (`undefined`: the empty tree). */
  readonly base?: string;
  readonly rows: Row[];
}

/**
 * Known bases by key (e.g. `image:docker.io/library/golang:1.22@linux/amd64`), and the
 * lazy contents found in them. Each thread keeps its own; keys must name the same trees.
 */
export class LazyRegistry {
  private readonly bases = new Map<string, Snapshot>();
  private readonly refs = new Map<LazyBytes, LazyRef>();

  /** @param fetch builds a base this side does not have yet (e.g. from the image catalog). */
  constructor(private readonly fetch?: (key: string) => Snapshot | undefined) {}

  /** Registers `snapshot` as `key` and indexes its lazy contents (first path wins). */
  add(key: string, snapshot: Snapshot): void {
    if (this.bases.get(key) === snapshot) return;
    this.bases.set(key, snapshot);
    for (const e of snapshot.walk()) {
      if (e.type === 'file' && e.content !== undefined && !(e.content instanceof Uint8Array) && !this.refs.has(e.content)) {
        this.refs.set(e.content, { base: key, path: e.path });
      }
    }
  }

  /** The base registered as `key` (fetched and registered on first use when a `fetch` was given). */
  get(key: string): Snapshot | undefined {
    let snap = this.bases.get(key);
    if (snap === undefined && this.fetch) {
      snap = this.fetch(key);
      if (snap) this.add(key, snap);
    }
    return snap;
  }

  /** The reference of a lazy content, when it comes from a registered base. */
  refOf(content: LazyBytes): LazyRef | undefined {
    return this.refs.get(content);
  }

  /** The content a reference names; throws when the base or the file is unknown here. */
  resolve(ref: LazyRef): LazyBytes | Uint8Array {
    const snap = this.get(ref.base);
    if (!snap) throw new Error(`transfer: base ${ref.base} is not registered on this side`);
    const node = snap.get(ref.path, false);
    if (node?.kind !== 'file') throw new Error(`transfer: ${ref.path} is not a file of ${ref.base}`);
    return node.content;
  }
}

/** Options of `packTree`. */
export interface PackOptions {
  /** The tree the receiver already has, and its key there (omit both for a full snapshot). */
  readonly base?: { readonly key: string; readonly snapshot: Snapshot };
  /** Names lazy contents by reference; a lazy content it does not know is loaded and sent as bytes. */
  readonly lazy?: LazyRegistry;
  /**
   * Whether the receiver keeps these exact bytes at `path` from an earlier transfer (a
   * stage worker's copy of the build context): such a file is sent as a reference to its
   * path, without its bytes, and `unpackTree`'s `kept` gives them back on the other side.
   */
  readonly kept?: (path: string, bytes: Uint8Array) => boolean;
}

/** What `packTree` did, for benches and logs. */
export interface PackStats {
  readonly entries: number;
  /** Eager bytes packed into `data`. */
  readonly bytes: number;
  readonly lazyRefs: number;
  /** Lazy contents with no reference, loaded to be sent as bytes. */
  readonly lazyLoaded: number;
  /** Eager files sent as a reference to the receiver's kept copy (`PackOptions.kept`). */
  readonly keptRefs: number;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Packs `snapshot` (or its changes over `opts.base`) into transferable buffers. */
export function packTree(snapshot: Snapshot, opts: PackOptions = {}): { packed: PackedTree; stats: PackStats } {
  const base = opts.base?.snapshot ?? emptySnapshot();
  const rows: Row[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let lazyRefs = 0;
  let lazyLoaded = 0;
  let keptRefs = 0;
  const emitted = new Map<number, string>();
  for (const c of diffTrees(base.rootDir, snapshot.rootDir)) {
    const dir = dirName(c.path);
    const prefix = dir === '/' ? '' : dir;
    if (c.kind === 'delete') {
      rows.push([`${prefix}/.wh.${baseName(c.path)}`, 'wh', 0, 0, 0, 0]);
      continue;
    }
    const node = c.node!;
    const e = entryFor(c.path, node, snapshot, base, emitted);
    const row: Row = [e.path, e.type, e.mode, e.uid, e.gid, e.mtime];
    if (e.type === 'symlink' || e.type === 'hardlink') row.push(e.target);
    if (e.type === 'file') {
      const content = e.content ?? new Uint8Array(0);
      const ref = content instanceof Uint8Array ? undefined : lazyPayload(content, opts.lazy);
      if (ref) {
        row.push(ref);
        lazyRefs++;
      } else if (content instanceof Uint8Array && opts.kept?.(e.path, content)) {
        row.push({ kept: true } satisfies KeptRow);
        keptRefs++;
      } else {
        const bytes = content instanceof Uint8Array ? content : (lazyLoaded++, content.load());
        row.push([offset, bytes.byteLength]);
        chunks.push(bytes);
        offset += bytes.byteLength;
      }
    }
    rows.push(row);
    if (c.opaque) rows.push([`${c.path}/.wh..wh..opq`, 'opq', 0, 0, 0, 0]);
  }
  const data = new Uint8Array(offset);
  let at = 0;
  for (const b of chunks) {
    data.set(b, at);
    at += b.byteLength;
  }
  const table: MetaTable = opts.base ? { base: opts.base.key, rows } : { rows };
  const meta = utf8.encode(JSON.stringify(table));
  return {
    packed: { meta: meta.buffer as ArrayBuffer, data: data.buffer as ArrayBuffer },
    stats: { entries: rows.length, bytes: offset, lazyRefs, lazyLoaded, keptRefs },
  };
}

/**
 * The entry to send for a changed node. A hard-linked file is sent once: later paths of
 * the same inode, and paths whose inode is also reachable unchanged in the base, become
 * hard links.
 */
function entryFor(path: string, node: FsNode, snap: Snapshot, base: Snapshot, emitted: Map<number, string>): TreeEntry {
  const e = entryOf(path, node);
  if (node.kind !== 'file') return e;
  const first = emitted.get(node.ino);
  if (first !== undefined) return { ...e, type: 'hardlink', target: first, content: undefined };
  const others = snap.linksOf(node.ino);
  if (others) {
    for (const p of others) {
      if (p !== path && base.get(p, false) === node) return { ...e, type: 'hardlink', target: p, content: undefined };
    }
  }
  emitted.set(node.ino, path);
  return e;
}

/** The base key a packed tree applies to (`undefined`: the empty tree). */
export function packedBase(packed: PackedTree): string | undefined {
  return (JSON.parse(fromUtf8.decode(packed.meta)) as MetaTable).base;
}

/**
 * Rebuilds the snapshot: the base named in `packed` (from `lazy`, or `base` when given)
 * with the rows applied. File bytes are views into `packed.data` (no copy); lazy refs
 * resolve through `lazy`, kept files (`PackOptions.kept`) through `kept`, which throws
 * for a path it does not keep.
 */
export function unpackTree(packed: PackedTree, lazy?: LazyRegistry, base?: Snapshot, kept?: (path: string) => Uint8Array): Snapshot {
  const table = JSON.parse(fromUtf8.decode(packed.meta)) as MetaTable;
  if (base === undefined && table.base !== undefined) {
    base = lazy?.get(table.base);
    if (!base) throw new Error(`transfer: base ${table.base} is not registered on this side`);
  }
  const entries: TreeEntry[] = [];
  for (const [path, type, mode, uid, gid, mtime, payload] of table.rows) {
    if (type === 'wh' || type === 'opq') {
      entries.push({ path, type: 'file', mode: 0, uid: 0, gid: 0, mtime: 0 });
      continue;
    }
    const meta = { path, type, mode, uid, gid, mtime };
    if (type === 'symlink' || type === 'hardlink') entries.push({ ...meta, target: payload as string });
    else if (type === 'dir') entries.push(meta);
    else if (Array.isArray(payload)) entries.push({ ...meta, content: new Uint8Array(packed.data, payload[0] as number, payload[1] as number) });
    else if ((payload as Partial<KeptRow>).kept === true) {
      if (!kept) throw new Error(`transfer: ${path} was sent as kept, and nothing keeps files on this side`);
      entries.push({ ...meta, content: kept(path) });
    } else entries.push({ ...meta, content: lazyContent(payload as RecipeRow | LazyRef, lazy) });
  }
  return applyLayer(base ?? emptySnapshot(), entries);
}

/** Bytes a packed tree occupies (what a transfer moves). */
export function packedSize(packed: PackedTree): number {
  return packed.meta.byteLength + packed.data.byteLength;
}

/** Packs a list of entries as they are (a layer's changes, whiteouts included) into transferable buffers. */
export function packEntries(entries: readonly TreeEntry[], lazy?: LazyRegistry): PackedTree {
  const rows: Row[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const row: Row = [e.path, e.type, e.mode, e.uid, e.gid, e.mtime];
    if (e.type === 'symlink' || e.type === 'hardlink') row.push(e.target ?? '');
    if (e.type === 'file') {
      const content = e.content ?? new Uint8Array(0);
      const ref = content instanceof Uint8Array ? undefined : lazyPayload(content, lazy);
      if (ref) row.push(ref);
      else {
        const bytes = content instanceof Uint8Array ? content : content.load();
        row.push([offset, bytes.byteLength]);
        chunks.push(bytes);
        offset += bytes.byteLength;
      }
    }
    rows.push(row);
  }
  const data = new Uint8Array(offset);
  let at = 0;
  for (const b of chunks) {
    data.set(b, at);
    at += b.byteLength;
  }
  return { meta: utf8.encode(JSON.stringify({ rows })).buffer as ArrayBuffer, data: data.buffer as ArrayBuffer };
}

/** The entries of `packEntries`, in order (bytes are views into `packed.data`). */
export function unpackEntries(packed: PackedTree, lazy?: LazyRegistry): TreeEntry[] {
  const table = JSON.parse(fromUtf8.decode(packed.meta)) as MetaTable;
  return table.rows.map(([path, type, mode, uid, gid, mtime, payload]) => {
    const meta = { path, type: type as TreeEntry['type'], mode, uid, gid, mtime };
    if (type === 'symlink' || type === 'hardlink') return { ...meta, target: payload as string };
    if (type !== 'file') return meta;
    if (Array.isArray(payload)) return { ...meta, content: new Uint8Array(packed.data, payload[0] as number, payload[1] as number) };
    return { ...meta, content: lazyContent(payload as RecipeRow | LazyRef, lazy) };
  });
}
