import { describe, expect, it } from 'vitest';
import { configure, fs, InMemory } from '@zenfs/core';
import { FsFileStore, type PromisesFs } from './store.ts';

let n = 0;
async function freshStore(): Promise<FsFileStore> {
  const mount = `/t${n++}`;
  await configure({ mounts: { [mount]: InMemory } });
  return new FsFileStore(fs.promises as unknown as PromisesFs, mount);
}

describe('FsFileStore on ZenFS', () => {
  it('is unseeded until replaceAll, then loads what was stored', async () => {
    const store = await freshStore();
    expect(await store.load()).toBeNull();
    await store.replaceAll(new Map([['Dockerfile', 'FROM scratch\n'], ['cmd/client/main.go', 'package main\n'], ['.dockerignore', 'bin/\n']]));
    expect(await store.load()).toEqual(new Map([['.dockerignore', 'bin/\n'], ['Dockerfile', 'FROM scratch\n'], ['cmd/client/main.go', 'package main\n']]));
  });

  it('applies writes, renames and removals in order, pruning empty directories', async () => {
    const store = await freshStore();
    await store.replaceAll(new Map([['a/b/c.txt', 'x']]));
    void store.write('a/b/c.txt', 'one');
    void store.write('a/b/c.txt', 'two');
    void store.rename('a/b/c.txt', 'd/e.txt');
    void store.write('new.txt', 'n');
    await store.flush();
    expect(await store.load()).toEqual(new Map([['d/e.txt', 'two'], ['new.txt', 'n']]));
    expect(await fs.promises.readdir(`/t${n - 1}/files`)).toEqual(expect.not.arrayContaining(['a']));
    await store.remove('d/e.txt');
    expect(await store.load()).toEqual(new Map([['new.txt', 'n']]));
  });

  it('keeps going after a failed operation and reports it to its caller', async () => {
    const store = await freshStore();
    await store.replaceAll(new Map());
    await expect(store.rename('missing.txt', 'x.txt')).rejects.toThrow();
    await store.write('ok.txt', 'fine');
    expect(await store.load()).toEqual(new Map([['ok.txt', 'fine']]));
  });

  it('replaceAll wipes earlier files (Reset)', async () => {
    const store = await freshStore();
    await store.replaceAll(new Map([['old.txt', 'o']]));
    await store.write('extra/x.txt', 'x');
    await store.replaceAll(new Map([['Dockerfile', 'FROM scratch\n']]));
    expect(await store.load()).toEqual(new Map([['Dockerfile', 'FROM scratch\n']]));
  });
});
