import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { done } from '../persist/idb.ts';
import { FILES, FILES_DB, FILES_SCHEMA } from './idb-store.ts';
import { openBrowserStore, openMemoryStore, type FileStore } from './store.ts';

const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0xff, 0x80]);

// The same contract for the IndexedDB store (each test on a fresh fake IndexedDB) and the memory one.
describe.each([
  ['IndexedDB', () => openBrowserStore({ factory: new IDBFactory() })],
  ['memory', () => openMemoryStore()],
])('FileStore (%s)', (_, fresh: () => Promise<FileStore>) => {
  it('is unseeded until replaceAll, then loads what was stored in path order', async () => {
    const store = await fresh();
    expect(await store.load()).toBeNull();
    expect(await store.loadBinaries()).toEqual(new Map());
    await store.replaceAll(new Map([['Dockerfile', 'FROM scratch\n'], ['cmd/client/main.go', 'package main\n'], ['.dockerignore', 'bin/\n'], ['empty', '']]));
    expect([...(await store.load())!]).toEqual([['.dockerignore', 'bin/\n'], ['Dockerfile', 'FROM scratch\n'], ['cmd/client/main.go', 'package main\n'], ['empty', '']]);
  });

  it('applies writes, renames and removals in call order', async () => {
    const store = await fresh();
    await store.replaceAll(new Map([['a/b/c.txt', 'x']]));
    void store.write('a/b/c.txt', 'one');
    void store.write('a/b/c.txt', 'two');
    void store.rename('a/b/c.txt', 'd/e.txt');
    void store.write('new.txt', 'n');
    void store.writeBytes('bin/x', elf);
    void store.rename('bin/x', 'bin/y');
    await store.flush();
    expect([...(await store.load())!]).toEqual([['d/e.txt', 'two'], ['new.txt', 'n']]);
    expect(await store.loadBinaries()).toEqual(new Map([['bin/y', elf]]));
    await store.remove('d/e.txt');
    await store.remove('bin/y');
    expect(await store.load()).toEqual(new Map([['new.txt', 'n']]));
    expect(await store.loadBinaries()).toEqual(new Map());
  });

  it('keeps text and bytes apart: a file is one or the other, the last write wins', async () => {
    const store = await fresh();
    await store.replaceAll(new Map([['f', 'text']]));
    const bytes = new Uint8Array([9, 8, 7, 0, 255]);
    await store.writeBytes('f', bytes.subarray(1, 4));
    bytes.fill(0); // the store keeps its own copy
    expect(await store.load()).toEqual(new Map());
    expect(await store.loadBinaries()).toEqual(new Map([['f', new Uint8Array([8, 7, 0])]]));
    (await store.loadBinaries()).get('f')!.fill(1);
    expect((await store.loadBinaries()).get('f')).toEqual(new Uint8Array([8, 7, 0]));
    await store.write('f', 'text again: héllo 🐳');
    expect(await store.load()).toEqual(new Map([['f', 'text again: héllo 🐳']]));
    expect(await store.loadBinaries()).toEqual(new Map());
  });

  it('keeps going after a failed operation and reports it to its caller', async () => {
    const store = await fresh();
    await store.replaceAll(new Map());
    const failed = store.rename('missing.txt', 'x.txt');
    const after = store.write('ok.txt', 'fine');
    await expect(failed).rejects.toThrow('cannot rename missing.txt: no such file');
    await after;
    await store.flush();
    expect(await store.load()).toEqual(new Map([['ok.txt', 'fine']]));
  });

  it('replaceAll wipes earlier text and binary files (Reset)', async () => {
    const store = await fresh();
    await store.replaceAll(new Map([['old.txt', 'o']]));
    await store.write('extra/x.txt', 'x');
    await store.writeBytes('bin/server', elf);
    await store.replaceAll(new Map([['Dockerfile', 'FROM scratch\n']]));
    expect(await store.load()).toEqual(new Map([['Dockerfile', 'FROM scratch\n']]));
    expect(await store.loadBinaries()).toEqual(new Map());
  });

  it('an emptied store stays seeded', async () => {
    const store = await fresh();
    await store.replaceAll(new Map([['a', 'a']]));
    await store.remove('a');
    expect(await store.load()).toEqual(new Map());
  });
});

describe('openBrowserStore', () => {
  it('keeps everything across a reopen, in its own database', async () => {
    const factory = new IDBFactory();
    const store = await openBrowserStore({ factory });
    await store.replaceAll(new Map([['Dockerfile', 'FROM scratch\n']]));
    void store.write('notes/ü.txt', 'ünïcode');
    void store.writeBytes('bin/server', elf);
    await store.flush();
    const again = await openBrowserStore({ factory });
    expect(await again.load()).toEqual(new Map([['Dockerfile', 'FROM scratch\n'], ['notes/ü.txt', 'ünïcode']]));
    expect(await again.loadBinaries()).toEqual(new Map([['bin/server', elf]]));
    expect((await factory.databases()).map((d) => d.name)).toEqual([FILES_DB]);
  });

  it('a database of a newer schema (going back to an older build) is started afresh, as the sandbox database is', async () => {
    const factory = new IDBFactory();
    const req = factory.open(FILES_DB, FILES_SCHEMA.version + 1);
    req.onupgradeneeded = () => req.result.createObjectStore('future');
    (await done(req)).close();
    const store = await openBrowserStore({ factory });
    expect(await store.load()).toBeNull();
    await store.replaceAll(new Map([['a', 'a']]));
    expect(await (await openBrowserStore({ factory })).load()).toEqual(new Map([['a', 'a']]));
  });

  it('stores records as { kind, data } by path', async () => {
    const factory = new IDBFactory();
    const store = await openBrowserStore({ factory });
    await store.replaceAll(new Map([['t', 'x']]));
    await store.writeBytes('b', elf);
    const db = await done(factory.open(FILES_DB));
    const files = db.transaction(FILES, 'readonly').objectStore(FILES);
    expect(await done(files.get('t'))).toEqual({ kind: 'text', data: 'x' });
    expect(await done(files.get('b'))).toEqual({ kind: 'binary', data: elf });
    db.close();
  });
});
