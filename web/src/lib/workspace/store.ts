/**
 * Where the workspace's files live between page loads: IndexedDB in the browser
 * (`openBrowserStore`, `idb-store.ts`), a `Map` when IndexedDB is unavailable and in tests
 * (`openMemoryStore`, `memory-store.ts`).
 */
import { openDb, withTimeout } from '../persist/idb.ts';
import { FILES_DB, FILES_SCHEMA, IdbFileStore } from './idb-store.ts';
import { LEGACY_DB, readLegacyWorkspace, type LegacyWorkspace } from './legacy-zenfs.ts';
import { MemoryFileStore } from './memory-store.ts';

/** Persistent storage of workspace files (paths as in `paths.ts`). Writes apply in call order. */
export interface FileStore {
  /** Every stored text file in path order, or `null` when the store was never seeded (first visit, or after a wipe). */
  load(): Promise<Map<string, string> | null>;
  /** Creates or replaces the text file at `path` (a binary one there becomes text). */
  write(path: string, text: string): Promise<void>;
  /** Binary files (a built binary, an archive) in path order, kept as bytes beside the text files. */
  loadBinaries(): Promise<Map<string, Uint8Array>>;
  /** Creates or replaces the binary file at `path` (a text one there becomes binary). */
  writeBytes(path: string, bytes: Uint8Array): Promise<void>;
  /** Removes the text or binary file at `path`. */
  remove(path: string): Promise<void>;
  /** Moves the file at `from` to `to`, keeping its kind; fails when there is none at `from`. */
  rename(from: string, to: string): Promise<void>;
  /** Replace everything with `files` and mark the store seeded, at once (nothing or all of it is stored). */
  replaceAll(files: ReadonlyMap<string, string>): Promise<void>;
  /** Resolves once every write issued so far is stored (or failed; its caller saw why). */
  flush(): Promise<void>;
}

/** Options of `openBrowserStore` (tests pass a fake IndexedDB and names). */
export interface BrowserStoreOptions {
  readonly factory?: IDBFactory;
  /** The database (default `stageplay-files`). */
  readonly name?: string;
  /** The database an earlier build kept the workspace in through ZenFS (default `stageplay-workspace`). */
  readonly legacyName?: string;
  /** How long opening may be blocked (by another tab on an older schema) before it fails (ms; default 5000). */
  readonly timeoutMs?: number;
}

/**
 * The browser's store, in the IndexedDB database `stageplay-files`. Rejects when IndexedDB
 * is unusable (the caller falls back to `openMemoryStore`).
 *
 * On the first open (the database not seeded yet), the workspace an earlier build stored
 * through ZenFS (database `stageplay-workspace`) becomes its content, so the move loses
 * none of a learner's files. The old database is left in place, not deleted: a tab still
 * running the earlier build (the service worker may serve it) holds it open and keeps
 * using it, and deleting it would wait on that tab and then pull its files from under it;
 * keeping it costs a workspace's size. A damaged or unreadable old database gives one
 * console warning and the lesson project's seed (`Workspace.init`), never a failure.
 */
export async function openBrowserStore(options: BrowserStoreOptions = {}): Promise<FileStore> {
  const factory = options.factory ?? (globalThis.indexedDB as IDBFactory | undefined);
  if (factory === undefined) throw new Error('IndexedDB is not available');
  const timeoutMs = options.timeoutMs ?? 5000;
  const { db } = await openDb(factory, options.name ?? FILES_DB, timeoutMs, FILES_SCHEMA);
  const store = new IdbFileStore(db);
  if (!(await store.seeded())) {
    const legacyName = options.legacyName ?? LEGACY_DB;
    let legacy: LegacyWorkspace | null = null;
    try {
      legacy = await withTimeout(readLegacyWorkspace(factory, legacyName), timeoutMs, `reading the database ${legacyName}`);
    } catch (err) {
      console.warn(`stageplay: the workspace an earlier version kept in IndexedDB (${legacyName}) could not be read, so the lesson project is loaded instead: ${err instanceof Error ? err.message : String(err)}`);
    }
    // a failure to write it is the new database's, and the seed's write will report it
    if (legacy !== null) await store.seedIfEmpty(legacy).catch(() => false);
  }
  return store;
}

/** A store that lives only as long as the page: the fallback when IndexedDB is unavailable. */
export async function openMemoryStore(): Promise<FileStore> {
  return new MemoryFileStore();
}
