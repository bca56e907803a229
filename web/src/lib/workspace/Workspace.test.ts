import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openBrowserStore, type FileStore } from './store.ts';
import { Workspace } from './Workspace.svelte.ts';
import { seedFiles } from './seed.ts';
import { planImport } from './import-plan.ts';

/** A workspace on the IndexedDB store (a fresh fake IndexedDB); `reopen(w)` flushes `w` and loads the store again, as a reload does. */
async function open(): Promise<{ ws: Workspace; store: FileStore; reopen: (from?: Workspace) => Promise<Workspace> }> {
  const factory = new IDBFactory();
  const store = await openBrowserStore({ factory });
  const ws = new Workspace(store);
  await ws.init();
  return {
    ws,
    store,
    reopen: async (from = ws) => {
      await from.flush();
      const again = new Workspace(await openBrowserStore({ factory }));
      await again.init();
      return again;
    },
  };
}

describe('Workspace', () => {
  it('seeds the lesson project on first load and opens the Dockerfile', async () => {
    const { ws } = await open();
    expect(ws.ready).toBe(true);
    expect(ws.files).toEqual(seedFiles());
    expect(ws.selected).toBe('Dockerfile');
    expect(ws.tree.map((t) => t.name)).toEqual(['cmd', 'internal', '.dockerignore', 'Dockerfile', 'go.mod', 'go.sum']);
  });

  it('applies a terminal line\'s changes: text and binary files, kept as bytes across a reopen, in the tree', async () => {
    const { ws, reopen } = await open();
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0xff, 0x80]);
    ws.applyChanges(new Map<string, string | Uint8Array>([['bin/server', elf], ['log1.txt', '#1 done\n']]), ['go.sum']);
    expect(ws.bytes('bin/server')).toEqual(elf);
    expect(ws.read('bin/server')).toBeUndefined();
    expect(ws.read('log1.txt')).toBe('#1 done\n');
    expect(ws.files.has('go.sum')).toBe(false);
    expect(ws.tree.map((t) => t.name)).toEqual(['bin', 'cmd', 'internal', '.dockerignore', 'Dockerfile', 'go.mod', 'log1.txt']);
    const again = await reopen();
    expect(again.bytes('bin/server')).toEqual(elf);
    expect(again.read('log1.txt')).toBe('#1 done\n');
    expect(again.all().get('bin/server')).toEqual(elf);
    // text over a binary replaces it; renaming and removing a binary persist too
    again.rename('bin/server', 'bin/srv');
    again.applyChanges(new Map([['bin/srv2', 'now text\n']]), []);
    const third = await reopen(again);
    expect(third.bytes('bin/srv')).toEqual(elf);
    expect(third.read('bin/srv2')).toBe('now text\n');
    third.remove('bin/srv');
    expect(third.bytes('bin/srv')).toBeUndefined();
  });

  it('persists edits, creations, renames and deletions across a reopen', async () => {
    const { ws, reopen } = await open();
    ws.update('Dockerfile', 'FROM scratch\n');
    ws.create('notes/todo.txt');
    ws.update('notes/todo.txt', 'learn stages');
    ws.rename('go.sum', 'deps/go.sum');
    ws.remove('.dockerignore');
    const again = await reopen();
    expect(again.read('Dockerfile')).toBe('FROM scratch\n');
    expect(again.read('notes/todo.txt')).toBe('learn stages');
    expect(again.read('deps/go.sum')).toBe(seedFiles().get('go.sum'));
    expect(again.files.has('go.sum')).toBe(false);
    expect(again.files.has('.dockerignore')).toBe(false);
    expect(ws.storageError).toBeNull();
  });

  it('refuses names that clash with files or directories', async () => {
    const { ws } = await open();
    expect(() => ws.create('Dockerfile')).toThrow('Dockerfile already exists');
    expect(() => ws.create('cmd')).toThrow('cmd is a directory');
    expect(() => ws.create('go.mod/x')).toThrow('go.mod is a file, not a directory');
    expect(() => ws.rename('go.mod', '../go.mod')).toThrow('a path cannot leave the workspace');
    expect(ws.rename('go.mod', './go.mod')).toBe('go.mod');
  });

  it('moves the selection with renames and deletions', async () => {
    const { ws } = await open();
    ws.selected = 'go.mod';
    ws.rename('go.mod', 'go2.mod');
    expect(ws.selected).toBe('go2.mod');
    ws.remove('go2.mod');
    expect(ws.selected).toBe('Dockerfile');
  });

  it('reset restores the seed everywhere and bumps the generation', async () => {
    const { ws, reopen } = await open();
    ws.update('Dockerfile', 'changed');
    ws.create('extra.txt');
    const g = ws.generation;
    await ws.reset();
    expect(ws.generation).toBe(g + 1);
    expect(ws.files).toEqual(seedFiles());
    expect((await reopen()).files).toEqual(seedFiles());
  });

  it('an emptied workspace stays empty (no reseed)', async () => {
    const { ws, reopen } = await open();
    for (const p of [...ws.files.keys()]) ws.remove(p);
    expect(ws.selected).toBeNull();
    expect((await reopen()).files.size).toBe(0);
  });

  it('applies a merge import (adds and replaces) and persists it', async () => {
    const { ws, reopen } = await open();
    const g = ws.generation;
    const plan = planImport(ws.files, [{ name: 'Dockerfile', data: 'FROM alpine\n' }, { name: 'docs/notes.md', data: '# notes\n' }], { mode: 'merge' });
    await ws.applyImport(plan);
    expect(ws.generation).toBe(g + 1);
    expect(ws.read('Dockerfile')).toBe('FROM alpine\n');
    expect(ws.read('go.mod')).toBe(seedFiles().get('go.mod'));
    const again = await reopen();
    expect(again.read('docs/notes.md')).toBe('# notes\n');
    expect(again.files.size).toBe(seedFiles().size + 1);
  });

  it('applies a replace import: the shared files become the whole workspace', async () => {
    const { ws, reopen } = await open();
    ws.selected = 'go.mod';
    await ws.applyImport(planImport(ws.files, [{ name: 'b.txt', data: 'b' }, { name: 'a.txt', data: 'a' }], { mode: 'replace' }));
    expect([...ws.files.keys()]).toEqual(['a.txt', 'b.txt']);
    expect(ws.selected).toBe('a.txt');
    expect([...(await reopen()).files]).toEqual([['a.txt', 'a'], ['b.txt', 'b']]);
  });
});
