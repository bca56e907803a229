/**
 * Lesson progress in IndexedDB (database `stageplay-progress`, object store `progress`,
 * one record `lessons`), beside the workspace and the build records, so "the steps you
 * passed" live where the rest of the learner's work does. Read once before the page mounts
 * (`openProgressStorage`), then served from memory: the lesson runner reads and writes it
 * synchronously, and each write goes on to IndexedDB in order. Progress an earlier version
 * kept in localStorage is moved over on the first open. Without IndexedDB (or when it
 * fails) progress lasts as long as the page, as the rest does.
 */
import type { ProgressStorage } from '../lessons/progress.ts';
import { committed, done, openDb, type DbSchema } from './idb.ts';

/** The progress database's name (one per origin). */
export const PROGRESS_DB = 'stageplay-progress';
const STORE = 'progress';
const KEY = 'lessons';
const SCHEMA: DbSchema = { version: 1, stores: [STORE] };
/** Where earlier versions kept progress (moved into IndexedDB on the first open). */
export const LEGACY_PROGRESS_KEY = 'stageplay.lessons.progress.v1';

/** Options of `openProgressStorage`. */
export interface ProgressStorageOptions {
  /** The IndexedDB to use (default: the global one; absent: progress lasts as long as the page). */
  readonly indexedDB?: IDBFactory;
  /** Where earlier versions kept progress (default: the global localStorage). */
  readonly localStorage?: Pick<Storage, 'getItem' | 'removeItem'>;
  readonly name?: string;
  /** How long opening may take before progress is kept in memory only (ms; default 5000). */
  readonly timeoutMs?: number;
}

/** Progress as stored: read now, written in order; `flush` resolves when every write is stored. */
export interface StoredProgress extends ProgressStorage {
  flush(): Promise<void>;
}

/** Opens the progress store and reads what it holds. Never rejects. */
export async function openProgressStorage(options: ProgressStorageOptions = {}): Promise<StoredProgress> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  const legacy = options.localStorage ?? safeLocalStorage();
  let db: IDBDatabase | undefined;
  let text: string | null = null;
  try {
    if (factory) db = (await openDb(factory, options.name ?? PROGRESS_DB, options.timeoutMs ?? 5000, SCHEMA)).db;
  } catch {
    db = undefined;
  }
  if (db) {
    try {
      const got = await done(db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY));
      text = typeof got === 'string' ? got : null;
    } catch {
      text = null;
    }
  }
  const old = readLegacy(legacy);
  if (text === null && old !== null) text = old;
  let queue: Promise<void> = Promise.resolve();
  const write = (value: string): Promise<void> => {
    if (!db) return Promise.resolve();
    const target = db;
    queue = queue.then(async () => {
      const tx = target.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(value, KEY);
      await committed(tx);
    }).catch(() => undefined); // storage full or gone: memory keeps it for this page
    return queue;
  };
  if (db && old !== null) {
    // moved: stored here first, then the old copy goes
    void write(text!).then(() => {
      try {
        legacy?.removeItem(LEGACY_PROGRESS_KEY);
      } catch {
        // localStorage refused: the copy there is harmless, IndexedDB is read first
      }
    });
  }
  return {
    read: () => text,
    write: (value) => {
      text = value;
      void write(value);
    },
    flush: () => queue,
  };
}

function safeLocalStorage(): Pick<Storage, 'getItem' | 'removeItem'> | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

function readLegacy(storage: Pick<Storage, 'getItem'> | undefined): string | null {
  try {
    return storage?.getItem(LEGACY_PROGRESS_KEY) ?? null;
  } catch {
    return null;
  }
}
