/** Test helpers: read and write the sandbox database with plain IndexedDB calls. */
import { BLOBS, DB_NAME, done, STATE } from './idb.ts';

/** What the database holds: blob digests (sorted) and the `state` documents. */
export async function readRaw(factory: IDBFactory, name = DB_NAME): Promise<{ blobs: string[]; state: Record<string, unknown> }> {
  const db = await done(factory.open(name));
  const tx = db.transaction([BLOBS, STATE], 'readonly');
  const blobs = (await done(tx.objectStore(BLOBS).getAllKeys())) as string[];
  const keys = (await done(tx.objectStore(STATE).getAllKeys())) as string[];
  const values = await done(tx.objectStore(STATE).getAll());
  db.close();
  return { blobs: blobs.sort(), state: Object.fromEntries(keys.map((k, i) => [k, values[i]])) };
}

/** Put (or, with `value` undefined, delete) one record. */
export async function writeRaw(factory: IDBFactory, store: typeof BLOBS | typeof STATE, key: string, value: unknown, name = DB_NAME): Promise<void> {
  const db = await done(factory.open(name));
  const tx = db.transaction(store, 'readwrite');
  if (value === undefined) await done(tx.objectStore(store).delete(key));
  else await done(tx.objectStore(store).put(value, key));
  db.close();
}
