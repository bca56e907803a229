/**
 * The workspace's files in IndexedDB, with plain IndexedDB calls (the store needs a dozen
 * operations; `persist/idb.ts` opens the database and wraps requests in promises).
 *
 * Database `stageplay-files` (schema `FILES_SCHEMA`): object store `files`, path →
 * {@link StoredFile}, one record per file (directories are implied by the paths); object
 * store `meta`, holding `seeded` once the workspace was first written. Every operation is
 * one readwrite transaction, created when the operation is called: IndexedDB runs
 * transactions over the same stores in the order they were created, so writes apply in
 * call order, and a failed one (aborted) leaves the others alone.
 */
import { committed, done, type DbSchema } from '../persist/idb.ts';
import type { FileStore } from './store.ts';

/** The database's name (one per origin). */
export const FILES_DB = 'stageplay-files';
/** Object store of the files, keyed by path. */
export const FILES = 'files';
/** Object store of markers; `seeded` is there once the workspace was written. */
export const META = 'meta';
/** The database's layout; bump `version` when it changes (an older layout is emptied on open). */
export const FILES_SCHEMA: DbSchema = { version: 1, stores: [FILES, META] };
const SEEDED = 'seeded';

/** One file's record: its text, or its bytes (a built binary, an archive). */
export type StoredFile = { readonly kind: 'text'; readonly data: string } | { readonly kind: 'binary'; readonly data: Uint8Array };

/** The files to write into an unseeded store (the seed, or what the old store held). */
export interface InitialFiles {
  readonly text: ReadonlyMap<string, string>;
  readonly binary?: ReadonlyMap<string, Uint8Array>;
}

/** A {@link FileStore} on an open `stageplay-files` database (see `openBrowserStore`). */
export class IdbFileStore implements FileStore {
  /** Settles when every operation issued so far has. */
  private settled: Promise<void> = Promise.resolve();

  constructor(private readonly db: IDBDatabase) {}

  async load(): Promise<Map<string, string> | null> {
    await this.flush();
    const tx = this.db.transaction([FILES, META], 'readonly');
    const [marker, all] = await Promise.all([done(tx.objectStore(META).get(SEEDED)), this.readAll(tx)]);
    if (marker === undefined) return null;
    const out = new Map<string, string>();
    for (const [path, file] of all) if (file.kind === 'text') out.set(path, file.data);
    return out;
  }

  async loadBinaries(): Promise<Map<string, Uint8Array>> {
    await this.flush();
    const out = new Map<string, Uint8Array>();
    for (const [path, file] of await this.readAll(this.db.transaction(FILES, 'readonly'))) if (file.kind === 'binary') out.set(path, file.data);
    return out;
  }

  write(path: string, text: string): Promise<void> {
    return this.update((files) => files.put({ kind: 'text', data: text } satisfies StoredFile, path));
  }

  writeBytes(path: string, bytes: Uint8Array): Promise<void> {
    // a view into a larger buffer would store the whole buffer
    const data = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    return this.update((files) => files.put({ kind: 'binary', data } satisfies StoredFile, path));
  }

  remove(path: string): Promise<void> {
    return this.update((files) => files.delete(path));
  }

  rename(from: string, to: string): Promise<void> {
    return this.update((files, fail) => {
      const req = files.get(from);
      req.onsuccess = () => {
        const file = req.result as StoredFile | undefined;
        if (file === undefined) return fail(`cannot rename ${from}: no such file`);
        files.put(file, to);
        files.delete(from);
      };
    });
  }

  replaceAll(files: ReadonlyMap<string, string>): Promise<void> {
    return this.track(this.transaction((tx) => writeAll(tx, { text: files })));
  }

  /**
   * Write `initial` (and the seeded marker) unless the store is seeded already, in one
   * transaction; resolves to whether it wrote. Two tabs opening at once write it once.
   */
  seedIfEmpty(initial: InitialFiles): Promise<boolean> {
    let wrote = false;
    const op = this.transaction((tx) => {
      const req = tx.objectStore(META).get(SEEDED);
      req.onsuccess = () => {
        if (req.result !== undefined) return;
        wrote = true;
        writeAll(tx, initial);
      };
    }).then(() => wrote);
    void this.track(op.then(() => undefined));
    return op;
  }

  /** Whether the store was seeded. */
  async seeded(): Promise<boolean> {
    return (await done(this.db.transaction(META, 'readonly').objectStore(META).get(SEEDED))) !== undefined;
  }

  flush(): Promise<void> {
    return this.settled;
  }

  /** One readwrite transaction over `files`. */
  private update(body: (files: IDBObjectStore, fail: (message: string) => void) => void): Promise<void> {
    return this.track(this.transaction((tx, fail) => body(tx.objectStore(FILES), fail), [FILES]));
  }

  /**
   * Runs `body` in a new readwrite transaction; resolves when it commits. `fail` aborts it
   * with that message as the error; so does a throw from `body` (nothing of it is stored).
   */
  private transaction(body: (tx: IDBTransaction, fail: (message: string) => void) => void, stores: string[] = [FILES, META]): Promise<void> {
    let tx: IDBTransaction;
    try {
      tx = this.db.transaction(stores, 'readwrite');
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err))); // e.g. closed for another tab's upgrade
    }
    let failure: unknown;
    const result = committed(tx).catch((err: unknown) => {
      throw failure ?? err;
    });
    const fail = (reason: unknown) => {
      failure = reason;
      tx.abort();
    };
    try {
      body(tx, (message) => fail(new Error(message)));
    } catch (err) {
      fail(err);
    }
    return result;
  }

  private track(op: Promise<void>): Promise<void> {
    // a failed operation must not hold up a flush; its caller still sees the error
    this.settled = Promise.all([this.settled, op.catch(() => undefined)]).then(() => undefined);
    return op;
  }

  /** Every record, in path order (IndexedDB orders string keys by code unit, as `<` does). */
  private async readAll(tx: IDBTransaction): Promise<[string, StoredFile][]> {
    const files = tx.objectStore(FILES);
    const [keys, values] = await Promise.all([done(files.getAllKeys()), done(files.getAll())]);
    return keys.map((k, i) => [k as string, values[i] as StoredFile]);
  }
}

function writeAll(tx: IDBTransaction, initial: InitialFiles): void {
  const files = tx.objectStore(FILES);
  files.clear();
  for (const [path, text] of initial.text) files.put({ kind: 'text', data: text } satisfies StoredFile, path);
  for (const [path, bytes] of initial.binary ?? []) files.put({ kind: 'binary', data: bytes } satisfies StoredFile, path);
  tx.objectStore(META).put({ version: 1 }, SEEDED);
}
