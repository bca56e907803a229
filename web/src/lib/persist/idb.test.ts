import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { BLOBS, committed, DB_VERSION, done, isQuotaError, openDb } from './idb.ts';

describe('openDb', () => {
  it('creates every object store on first open, and reports no reset', async () => {
    const factory = new IDBFactory();
    const { db, reset } = await openDb(factory, 'x');
    expect(reset).toBe(false);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['blobs', 'cache', 'mounts', 'state']);
    db.close();
    expect((await openDb(factory, 'x')).reset).toBe(false);
  });

  it('closes its connection when another tab upgrades the schema', async () => {
    const factory = new IDBFactory();
    const { db } = await openDb(factory, 'y');
    const upgraded = await done(factory.open('y', DB_VERSION + 1)); // would block if db stayed open
    expect(upgraded.version).toBe(DB_VERSION + 1);
    upgraded.close();
    expect(() => db.transaction(BLOBS)).toThrow();
  });
});

describe('committed', () => {
  it('rejects with the error that aborted the transaction (how browsers report a full quota)', async () => {
    const tx = { error: new DOMException('The quota has been exceeded.', 'QuotaExceededError') } as unknown as IDBTransaction & { onabort(): void };
    const p = committed(tx);
    tx.onabort();
    const err = await p.catch((e: unknown) => e);
    expect(isQuotaError(err)).toBe(true);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
  });
});
