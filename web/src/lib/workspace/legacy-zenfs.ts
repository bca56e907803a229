/**
 * Reads the workspace an earlier build of the app stored through ZenFS (`@zenfs/core` 2.x,
 * `@zenfs/dom`'s IndexedDB backend mounted at `/stageplay`), so the move to the plain
 * IndexedDB store loses none of a learner's files. Read-only: the old database is left as
 * it was (see `openBrowserStore`).
 *
 * ZenFS's StoreFS format, as `@zenfs/core` 2.3-2.7 writes it: one object store named like
 * the database, records keyed by number. Record 0 is the root directory's inode. An inode
 * is a packed little-endian struct beginning `data` (uint32, the record holding its
 * contents) @0, `__data_old` (uint32) @4, `size` (uint32) @8, `mode` (uint16) @12; the
 * rest (times, ids, attributes) does not matter here. A directory's contents are the UTF-8
 * JSON of its listing `{ name: ino }`; a file's are its bytes (the first `size` of them).
 * The store kept text files under `/files`, binary ones under `/binary`, and `/seeded.json`
 * once it was seeded.
 */
import { done } from '../persist/idb.ts';

/** The database (and object store) name the ZenFS store used. */
export const LEGACY_DB = 'stageplay-workspace';

/** What the old store held. */
export interface LegacyWorkspace {
  readonly text: Map<string, string>;
  readonly binary: Map<string, Uint8Array>;
}

const ROOT_INO = 0;
const S_IFMT = 0xf000;
const S_IFDIR = 0x4000;
const S_IFREG = 0x8000;
const INODE_MIN = 14; // through `mode`

/**
 * The workspace in the ZenFS database `name`, or `null` when there is none, or it was
 * never seeded (nothing to keep). Rejects when the database exists but cannot be read or
 * decoded; never creates it.
 */
export async function readLegacyWorkspace(factory: IDBFactory, name = LEGACY_DB): Promise<LegacyWorkspace | null> {
  const db = await openExisting(factory, name);
  if (db === null) return null;
  let records: Map<number, Uint8Array>;
  try {
    records = await readRecords(db, name);
  } finally {
    db.close();
  }
  return decodeWorkspace(records);
}

/** Decodes the records of a ZenFS StoreFS holding the workspace (see the file's comment). */
export function decodeWorkspace(records: ReadonlyMap<number, Uint8Array>): LegacyWorkspace | null {
  const fs = new StoreReader(records);
  const root = fs.list(ROOT_INO, '/');
  const marker = root.get('seeded.json');
  if (marker === undefined || !fs.isFile(marker)) return null;
  const text = new Map<string, string>();
  const binary = new Map<string, Uint8Array>();
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const files = root.get('files');
  if (files !== undefined) for (const [path, ino] of fs.walk(files, '')) text.set(path, utf8.decode(fs.contents(ino, path)));
  const bins = root.get('binary');
  if (bins !== undefined) for (const [path, ino] of fs.walk(bins, '')) binary.set(path, fs.contents(ino, path).slice());
  return { text: sorted(text), binary: sorted(binary) };
}

class StoreReader {
  constructor(private readonly records: ReadonlyMap<number, Uint8Array>) {}

  isFile(ino: number): boolean {
    return (this.inode(ino, String(ino)).mode & S_IFMT) === S_IFREG;
  }

  /** The directory `ino`'s entries, name → ino. */
  list(ino: number, path: string): Map<string, number> {
    const node = this.inode(ino, path);
    if ((node.mode & S_IFMT) !== S_IFDIR) throw new Error(`${path} is not a directory`);
    const listing: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(this.record(node.data, path)));
    if (listing === null || typeof listing !== 'object' || Array.isArray(listing)) throw new Error(`${path}: the directory listing is not an object`);
    const out = new Map<string, number>();
    for (const [name, child] of Object.entries(listing)) {
      if (typeof child !== 'number' || !Number.isInteger(child) || child < 0) throw new Error(`${path}/${name}: bad inode number ${JSON.stringify(child)}`);
      if (name === '' || name === '.' || name === '..' || name.includes('/')) throw new Error(`${path}: bad entry name ${JSON.stringify(name)}`);
      out.set(name, child);
    }
    return out;
  }

  /** Every regular file under the directory `ino`, by path relative to it (`rel` is its own). */
  *walk(ino: number, rel: string, seen = new Set<number>()): Generator<[string, number]> {
    if (seen.has(ino)) throw new Error(`${rel || '/'}: a directory loop`);
    seen.add(ino);
    for (const [name, child] of this.list(ino, rel || '/')) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const type = this.inode(child, path).mode & S_IFMT;
      if (type === S_IFDIR) yield* this.walk(child, path, seen);
      else if (type === S_IFREG) yield [path, child];
      else throw new Error(`${path}: neither a file nor a directory (mode ${type.toString(8)})`);
    }
  }

  /** A file's bytes. An empty file may have no contents record. */
  contents(ino: number, path: string): Uint8Array {
    const node = this.inode(ino, path);
    if (node.size === 0) return new Uint8Array(0);
    const data = this.record(node.data, path);
    if (data.byteLength < node.size) throw new Error(`${path}: ${data.byteLength} bytes stored of ${node.size}`);
    return data.subarray(0, node.size);
  }

  private inode(ino: number, path: string): { data: number; size: number; mode: number } {
    const rec = this.record(ino, path);
    if (rec.byteLength < INODE_MIN) throw new Error(`${path}: inode ${ino} is ${rec.byteLength} bytes`);
    const v = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    return { data: v.getUint32(0, true), size: v.getUint32(8, true), mode: v.getUint16(12, true) };
  }

  private record(key: number, path: string): Uint8Array {
    const rec = this.records.get(key);
    if (rec === undefined) throw new Error(`${path}: record ${key} is missing`);
    return rec;
  }
}

/**
 * Opens the database `name` if it exists. Opening without a version creates a missing
 * database; aborting that upgrade undoes it (and is how we learn there was none) without
 * `indexedDB.databases()`, which not every browser has.
 */
function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name);
    let created = false;
    req.onupgradeneeded = (ev) => {
      if (ev.oldVersion !== 0) return;
      created = true;
      req.transaction?.abort();
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = (ev) => {
      if (created) {
        ev.preventDefault();
        resolve(null);
      } else reject(req.error ?? new Error(`opening ${name} failed`));
    };
  });
}

async function readRecords(db: IDBDatabase, name: string): Promise<Map<number, Uint8Array>> {
  if (!db.objectStoreNames.contains(name)) throw new Error(`the database has no object store ${name}`);
  const store = db.transaction(name, 'readonly').objectStore(name);
  // both list in ascending key order, so they line up index for index
  const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
  const out = new Map<number, Uint8Array>();
  keys.forEach((key, i) => {
    if (typeof key !== 'number') throw new Error(`a record keyed ${JSON.stringify(key)}, not by number`);
    out.set(key, bytesOf(values[i], key));
  });
  return out;
}

function bytesOf(value: unknown, key: number): Uint8Array {
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return new Uint8Array(value as ArrayBuffer);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new Error(`record ${key} is not bytes`);
}

function sorted<V>(m: Map<string, V>): Map<string, V> {
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
