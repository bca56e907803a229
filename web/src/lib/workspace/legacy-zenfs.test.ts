import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { done } from '../persist/idb.ts';
import fixture from './testdata/zenfs-workspace.json' with { type: 'json' };
import { decodeWorkspace, LEGACY_DB } from './legacy-zenfs.ts';
import { openBrowserStore } from './store.ts';
import { Workspace } from './Workspace.svelte.ts';
import { seedFiles } from './seed.ts';

// testdata/zenfs-workspace.json: what ZenFS (the store before this one) wrote to IndexedDB
// for a small workspace; make-zenfs-fixture.mjs says how it was made.
const TEXT = new Map([
  ['Dockerfile', 'FROM golang:1.21-alpine AS base\nWORKDIR /src\n'],
  ['cmd/api/main.go', 'package main\n'],
  ['cmd/client/main.go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("héllo, wörld: 世界 🐳")\n}\n'],
  ['go.mod', 'module x\n'],
  ['internal/deep/nested/dir/file.txt', 'deep\n'],
  ['notes/empty.txt', ''],
]);
const SERVER = new Uint8Array(300).map((_, i) => (i * 37 + 11) & 0xff);
SERVER.set([0x7f, 0x45, 0x4c, 0x46, 0x00, 0xff]);

type Records = Map<number, Uint8Array>;
const fixtureRecords = (): Records => new Map(fixture.records.map((r) => [r.key, new Uint8Array(Buffer.from(r.value, 'base64'))]));

/** A fake IndexedDB holding the ZenFS database as @zenfs/dom made it (one object store named like the database). */
async function withLegacy(records: Map<number, unknown> | null, name = LEGACY_DB): Promise<IDBFactory> {
  const factory = new IDBFactory();
  const req = factory.open(name, fixture.version);
  req.onupgradeneeded = () => {
    if (records !== null) req.result.createObjectStore(name);
  };
  const db = await done(req);
  if (records !== null) {
    const tx = db.transaction(name, 'readwrite');
    for (const [k, v] of records) tx.objectStore(name).put(v, k);
    await new Promise((resolve) => (tx.oncomplete = resolve));
  }
  db.close();
  return factory;
}

async function legacyRecords(factory: IDBFactory): Promise<Records> {
  const db = await done(factory.open(LEGACY_DB));
  const store = db.transaction(LEGACY_DB, 'readonly').objectStore(LEGACY_DB);
  const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
  db.close();
  return new Map(keys.map((k, i) => [k as number, values[i] as Uint8Array]));
}

afterEach(() => vi.restoreAllMocks());

describe('the workspace kept through ZenFS', () => {
  it('the fixture says what ZenFS read back when it was made', () => {
    expect(new Map(Object.entries(fixture.files.text))).toEqual(TEXT);
    expect(new Uint8Array(Buffer.from(fixture.files.binary['bin/server'], 'base64'))).toEqual(SERVER);
    expect(decodeWorkspace(fixtureRecords())).toEqual({ text: TEXT, binary: new Map([['bin/server', SERVER]]) });
  });

  it('becomes the new store on its first open, and the old database is left as it was', async () => {
    const factory = await withLegacy(fixtureRecords());
    const warn = vi.spyOn(console, 'warn');
    const store = await openBrowserStore({ factory });
    expect([...(await store.load())!]).toEqual([...TEXT]);
    expect(await store.loadBinaries()).toEqual(new Map([['bin/server', SERVER]]));
    expect(warn).not.toHaveBeenCalled();
    expect(await legacyRecords(factory)).toEqual(fixtureRecords());
  });

  it('is read once: later opens keep the new store\'s edits', async () => {
    const factory = await withLegacy(fixtureRecords());
    const store = await openBrowserStore({ factory });
    await store.write('go.mod', 'module edited\n');
    await store.remove('bin/server');
    const again = await openBrowserStore({ factory });
    expect((await again.load())!.get('go.mod')).toBe('module edited\n');
    expect(await again.loadBinaries()).toEqual(new Map());
  });

  it('the workspace opens on it: the learner sees their files, not the seed', async () => {
    const ws = new Workspace(await openBrowserStore({ factory: await withLegacy(fixtureRecords()) }));
    await ws.init();
    expect(ws.files).toEqual(TEXT);
    expect(ws.bytes('bin/server')).toEqual(SERVER);
    expect(ws.selected).toBe('Dockerfile');
  });

  it('no old database: the seed, and no old database is created by looking', async () => {
    const factory = new IDBFactory();
    const warn = vi.spyOn(console, 'warn');
    const ws = new Workspace(await openBrowserStore({ factory }));
    await ws.init();
    expect(ws.files).toEqual(seedFiles());
    expect((await factory.databases()).map((d) => d.name)).not.toContain(LEGACY_DB);
    expect(warn).not.toHaveBeenCalled();
  });

  it('an old database ZenFS made but that was never seeded: the seed, without a warning', async () => {
    const records = fixtureRecords();
    const root = new Map([[0, records.get(0)!], [1, new TextEncoder().encode('{}')]]);
    const warn = vi.spyOn(console, 'warn');
    const ws = new Workspace(await openBrowserStore({ factory: await withLegacy(root) }));
    await ws.init();
    expect(ws.files).toEqual(seedFiles());
    expect(warn).not.toHaveBeenCalled();
  });

  const damaged: [string, (r: Map<number, unknown>) => void, RegExp][] = [
    ['a file\'s contents record missing', (r) => r.delete(13), /cmd\/client\/main\.go: record 13 is missing/],
    ['a truncated inode', (r) => r.set(4, new Uint8Array(8)), /Dockerfile: inode 4 is 8 bytes/],
    ['a directory listing that is not JSON', (r) => r.set(3, new TextEncoder().encode('{"Dockerfile":4,')), /JSON/],
    ['a record that is not bytes', (r) => r.set(5, 'FROM scratch'), /record 5 is not bytes/],
    ['a file shorter than its size', (r) => r.set(7, new TextEncoder().encode('mod')), /go\.mod: 3 bytes stored of 9/],
    ['text that is not UTF-8', (r) => r.set(7, new Uint8Array([0x6d, 0xff, 0xfe, 0x6f, 0x64, 0x75, 0x6c, 0x65, 0x0a])), /encoded data was not valid|not valid|invalid/i],
    ['a directory inside itself', (r) => r.set(35, new TextEncoder().encode('{"loop":28}')), /a directory loop/],
  ];
  it.each(damaged)('damaged (%s): one warning saying why, then the seed; never a failure', async (_, damage, why) => {
    const records: Map<number, unknown> = fixtureRecords();
    damage(records);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const ws = new Workspace(await openBrowserStore({ factory: await withLegacy(records) }));
    await ws.init();
    expect(ws.files).toEqual(seedFiles());
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/could not be read, so the lesson project is loaded instead: /);
    expect(String(warn.mock.calls[0]![0])).toMatch(why);
  });

  it('unreadable (the database has no object store): one warning, then the seed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const ws = new Workspace(await openBrowserStore({ factory: await withLegacy(null) }));
    await ws.init();
    expect(ws.files).toEqual(seedFiles());
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/has no object store stageplay-workspace/);
  });
});
