/** Test helpers: read and write the sandbox database with plain IndexedDB calls. */
import { BLOBS, CACHE, DB_NAME, done, MOUNTS, STATE, STORES } from './idb.ts';

/** What the database holds: blob digests, cache keys and mount ids (sorted), and the `state` documents. */
export async function readRaw(factory: IDBFactory, name = DB_NAME): Promise<{ blobs: string[]; cache: string[]; mounts: string[]; state: Record<string, unknown> }> {
  const db = await done(factory.open(name));
  const tx = db.transaction(STORES, 'readonly');
  const keysOf = async (s: string) => ((await done(tx.objectStore(s).getAllKeys())) as string[]).sort();
  const [blobs, cache, mounts, keys] = await Promise.all([keysOf(BLOBS), keysOf(CACHE), keysOf(MOUNTS), done(tx.objectStore(STATE).getAllKeys())]);
  const values = await done(tx.objectStore(STATE).getAll());
  db.close();
  return { blobs, cache, mounts, state: Object.fromEntries((keys as string[]).map((k, i) => [k, values[i]])) };
}

/** Put (or, with `value` undefined, delete) one record. */
export async function writeRaw(factory: IDBFactory, store: string, key: string, value: unknown, name = DB_NAME): Promise<void> {
  const db = await done(factory.open(name));
  const tx = db.transaction(store, 'readwrite');
  if (value === undefined) await done(tx.objectStore(store).delete(key));
  else await done(tx.objectStore(store).put(value, key));
  db.close();
}
