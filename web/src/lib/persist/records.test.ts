import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { BuildRecord, RunRecord } from '#engine/lessons';
import { openRecordsStore } from './records.ts';

const build = (n: number): BuildRecord => ({
  command: `docker build -t app:${n} .`, ok: true, tags: [`app:${n}`], outputs: [],
  images: [{ ref: `docker.io/library/app:${n}`, id: `sha256:${String(n).padStart(64, '0')}`, size: 1000 + n, platforms: ['linux/amd64'] } as unknown as BuildRecord['images'][number]],
  events: [{ kind: 'vertex-start', vertex: 1, name: '[internal] load build definition from Dockerfile', t: 0 } as unknown as BuildRecord['events'][number]],
});
const run = (n: number): RunRecord => ({ command: `docker run app:${n}`, image: `app:${n}`, exitCode: 0, output: `hello ${n}\n` });

describe('build and run records in IndexedDB', () => {
  it('reads back what was appended, in order, in a new store on the same database (a reload)', async () => {
    const indexedDB = new IDBFactory();
    const page = openRecordsStore({ indexedDB });
    expect(await page.load()).toEqual({ builds: [], runs: [] });
    await page.append({ kind: 'build', record: build(1) });
    await page.append({ kind: 'run', record: run(1) });
    await page.append({ kind: 'build', record: build(2) });
    const reloaded = openRecordsStore({ indexedDB });
    expect(await reloaded.load()).toEqual({ builds: [build(1), build(2)], runs: [run(1)] });
  });

  it('keeps only the newest records of each kind', async () => {
    const indexedDB = new IDBFactory();
    const store = openRecordsStore({ indexedDB, max: 3 });
    for (let i = 1; i <= 5; i++) void store.append({ kind: 'build', record: build(i) });
    await store.append({ kind: 'run', record: run(1) });
    const loaded = await openRecordsStore({ indexedDB, max: 3 }).load();
    expect(loaded.builds.map((b) => b.command)).toEqual(['docker build -t app:3 .', 'docker build -t app:4 .', 'docker build -t app:5 .']);
    expect(loaded.runs).toEqual([run(1)]);
  });

  it('without IndexedDB keeps nothing and never rejects', async () => {
    const store = openRecordsStore({ indexedDB: undefined as unknown as IDBFactory, name: 'x' });
    await store.append({ kind: 'build', record: build(1) });
    expect(await store.load()).toEqual({ builds: [], runs: [] });
  });

  it('skips values that are not records', async () => {
    const indexedDB = new IDBFactory();
    const store = openRecordsStore({ indexedDB });
    await store.append({ kind: 'build', record: build(1) });
    await store.append({ kind: 'build', record: { command: 'docker build .' } as unknown as BuildRecord });
    expect((await openRecordsStore({ indexedDB }).load()).builds).toEqual([build(1)]);
  });
});

describe('a database that never opens', () => {
  it('gives up after the timeout: no records, and appends do not wait for ever', async () => {
    const never = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const store = openRecordsStore({ indexedDB: never, timeoutMs: 20 });
    expect(await store.load()).toEqual({ builds: [], runs: [] });
    await store.append({ kind: 'run', record: run(1) });
  });
});
