/**
 * The sandbox's IndexedDB database, opened with plain IndexedDB calls wrapped in promises
 * (no wrapper library: a dozen lines cover what we use; `openDb` with another `DbSchema`
 * opens the workspace's files database too). One database, four object stores:
 * `blobs` (digest → bytes), `state` (name → the format and the image index), `cache`
 * (cache key → layer-cache record) and `mounts` (cache-mount id → its contents).
 */

/** The database's name (one per origin). */
export const DB_NAME = 'stageplay-sandbox';
/** IndexedDB schema version: bump when the object stores change. */
export const DB_VERSION = 1;
/** Object store of content-addressed blobs, keyed by `sha256:<hex>`. */
export const BLOBS = 'blobs';
/** Object store of documents keyed by name (`format`, `images`). */
export const STATE = 'state';
/** Object store of layer-cache records keyed by cache key. */
export const CACHE = 'cache';
/** Object store of `RUN --mount=type=cache` contents keyed by cache id. */
export const MOUNTS = 'mounts';
/** Every object store. */
export const STORES = [BLOBS, STATE, CACHE, MOUNTS];

/** A database's layout: its schema version and its object stores (out-of-line keys). */
export interface DbSchema {
  readonly version: number;
  readonly stores: readonly string[];
}
/** The sandbox database's layout. */
export const SANDBOX_SCHEMA: DbSchema = { version: DB_VERSION, stores: STORES };

/** What opening found. */
export interface OpenedDb {
  readonly db: IDBDatabase;
  /** The database held data of another (older or newer) schema and was emptied. */
  readonly reset: boolean;
}

/** A request's result as a promise. */
export function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves when `tx` commits; rejects with the error that aborted it (e.g. `QuotaExceededError`). */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
    tx.onerror = (ev) => ev.preventDefault(); // let the abort report it once
  });
}

/**
 * Open (or create) the database. A database of an older schema is emptied in the upgrade;
 * one of a newer schema (`VersionError`, e.g. after going back to an older build of the
 * app) is deleted and created again. Rejects when IndexedDB is unusable, or when another
 * tab blocks the upgrade for longer than `timeoutMs`.
 */
export async function openDb(factory: IDBFactory, name = DB_NAME, timeoutMs = 5000, schema: DbSchema = SANDBOX_SCHEMA): Promise<OpenedDb> {
  try {
    return await openOnce(factory, name, timeoutMs, schema);
  } catch (err) {
    if (!(err instanceof DOMException && err.name === 'VersionError')) throw err;
  }
  await withTimeout(done(factory.deleteDatabase(name)), timeoutMs, `deleting the old database ${name}`);
  const { db } = await openOnce(factory, name, timeoutMs, schema);
  return { db, reset: true };
}

function openOnce(factory: IDBFactory, name: string, timeoutMs: number, schema: DbSchema): Promise<OpenedDb> {
  let reset = false;
  const req = factory.open(name, schema.version);
  req.onupgradeneeded = (ev) => {
    const db = req.result;
    if (ev.oldVersion > 0) reset = true;
    for (const s of [...db.objectStoreNames]) db.deleteObjectStore(s);
    for (const s of schema.stores) db.createObjectStore(s);
  };
  let gaveUp = false;
  const opened = done(req).then((db) => {
    if (gaveUp) db.close(); // opened after the timeout: nobody uses it
    // another tab upgrading the schema: let it, this connection stops persisting
    db.onversionchange = () => db.close();
    return { db, reset };
  });
  return withTimeout(opened, timeoutMs, `opening the database ${name} (another tab may be using an older version)`).catch((err: unknown) => {
    gaveUp = true;
    throw err;
  });
}

/** `p`, or a rejection `timed out <what>` after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out ${what}`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** Whether `err` means the origin's storage is full. */
export function isQuotaError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}
