import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { runPrune, runRmi } from '#engine/commands';
import { exportArchive } from '#engine/image';
import { alpineLikeImage, scratchImage } from '#engine/image/testing/fixtures';
import { nodeDeps } from '#engine/platform/node';
import { collect } from '#engine/platform';
import { imageFromStore, persistImage } from '#engine/store';
import { Snapshot } from '#engine/fs';
import { LAYER_TABLE } from '#engine/catalog';
import { BLOBS } from './idb.ts';
import { readRaw as raw, writeRaw } from './raw-db.test-util.ts';
import { openBrowserSandboxState, type BrowserSandboxState } from './sandbox-state.ts';
import type { PersistNotice } from './notices.ts';

const enc = new TextEncoder();
const quiet = { stdout: () => {}, stderr: () => {} };

async function open(factory: IDBFactory, notices: PersistNotice[] = []): Promise<BrowserSandboxState> {
  return openBrowserSandboxState({ indexedDB: factory, onNotice: (n) => notices.push(n), estimate: async () => ({ usage: 1, quota: 2 }) });
}

describe('openBrowserSandboxState', () => {
  it('round-trips an image: after reopening, imageFromStore gives the same layers and archive', async () => {
    const factory = new IDBFactory();
    const a = await open(factory);
    expect(a.persistent).toBe(true);
    const { image } = await alpineLikeImage(nodeDeps);
    a.images.put(await persistImage(image, a.blobs), ['app:v1']);
    expect(await a.flush()).toBe(true);
    a.close();

    const b = await open(factory);
    expect(b.notices).toEqual([]);
    const stored = b.images.find('app:v1')!;
    expect(stored.id).toBe(await image.configName());
    const back = await imageFromStore(stored, b.blobs, nodeDeps);
    const layers = await back.layers();
    const orig = await image.layers();
    expect(await Promise.all(layers.map((l) => l.digest()))).toEqual(await Promise.all(orig.map((l) => l.digest())));
    expect(await layers[1]!.uncompressed()).toEqual(await orig[1]!.uncompressed());
    const x = await collect(exportArchive(image, { variant: 'docker', names: ['app:v1'] }));
    const y = await collect(exportArchive(back, { variant: 'docker', names: ['app:v1'] }));
    expect(Buffer.from(y).equals(Buffer.from(x))).toBe(true);
    const u = await b.usage();
    expect(u).toMatchObject({ persistent: true, images: 1, blobs: 4, origin: { usage: 1, quota: 2 } });
    expect(u.blobBytes).toBeGreaterThan(0);
  });

  it('keeps catalog base layers in memory only (they are generated again)', async () => {
    const factory = new IDBFactory();
    const a = await open(factory);
    const catalog = Object.values(LAYER_TABLE)[0]!.digest;
    await a.blobs.put(catalog, enc.encode('generated'));
    const image = await scratchImage(nodeDeps);
    const stored = await persistImage(image, a.blobs);
    a.images.put({ ...stored, layers: [...stored.layers, { digest: catalog, size: 9, diffId: catalog, uncompressedSize: 9 }] }, ['img']);
    await a.flush();
    expect(await a.blobs.has(catalog)).toBe(true);
    expect((await raw(factory)).blobs).not.toContain(catalog);
    expect((await raw(factory)).blobs).toHaveLength(3);
    a.close();
    const b = await open(factory);
    expect(b.images.find('img')).toBeDefined(); // a missing catalog layer is not a loss
    expect(await b.blobs.has(catalog)).toBe(false);
  });

  it('reloads the layer cache and cache mounts, and a rebuild with them is all CACHED', async () => {
    const { build } = await import('#engine/build');
    const { capture, readContext, testDeps } = await import('#engine/build/testing/project');
    const dockerfile = `FROM golang:1.20-alpine
WORKDIR /src
COPY go.mod go.sum .
RUN --mount=type=cache,target=/root/.cache echo warm > /root/.cache/marker && wc -c go.mod > /mod.txt
`;
    const context = readContext();
    const factory = new IDBFactory();
    const a = await open(factory);
    await build({ dockerfile, context }, testDeps({ cache: a.cache, cacheMounts: a.cacheMounts }));
    expect(a.cache.size).toBeGreaterThan(0);
    await a.flush();
    a.close();

    const b = await open(factory);
    expect(b.cache.size).toBe(a.cache.size);
    const mount = b.cacheMounts.ids();
    expect(mount).toHaveLength(1);
    expect(new TextDecoder().decode(b.cacheMounts.get(mount[0]!)!.readFile('/marker'))).toBe('warm\n');
    const ev = capture();
    await build({ dockerfile, context }, testDeps({ cache: b.cache, cacheMounts: b.cacheMounts }), { onEvent: ev.onEvent });
    const steps = ev.events.filter((e) => e.kind === 'vertex-done' && /^\[\d\/\d\] (?!FROM)/.test(nameOf(ev.events, e.vertex)));
    expect(steps).toHaveLength(3);
    expect(steps.every((e) => e.kind === 'vertex-done' && e.cached)).toBe(true);
    // a flush after an all-CACHED rebuild writes no cache record again
    expect(b.cache.pending().puts).toEqual([]);
    const saved = (await raw(factory)).cache;
    expect(saved.length).toBe(a.cache.size);
    expect((await b.usage()).cacheBytes).toBeGreaterThan(0);
  }, 60_000);

  it('docker rmi and image prune -a free the stored blobs; shared blobs stay while an image uses them', async () => {
    const factory = new IDBFactory();
    const s = await open(factory);
    const { image } = await alpineLikeImage(nodeDeps);
    const one = await persistImage(image, s.blobs);
    const two = await persistImage(await scratchImage(nodeDeps), s.blobs);
    s.images.put(one, ['one']);
    s.images.put(two, ['two']);
    await s.flush();
    expect((await raw(factory)).blobs).toHaveLength(7);
    expect(await runRmi(s, quiet, ['one'], false)).toBe(0);
    await s.flush({ images: true });
    expect((await raw(factory)).blobs).toEqual([two.manifestDigest, two.id, two.layers[0]!.digest].sort());
    // a blob nobody refers to (an interrupted write) is collected too
    await s.blobs.put('sha256:' + 'f'.repeat(64), enc.encode('orphan'));
    await s.flush();
    expect((await raw(factory)).blobs).toHaveLength(3);
    expect(await runPrune(s, quiet, true)).toBe(0);
    await s.flush();
    expect((await raw(factory)).blobs).toEqual([]);
    expect(((await raw(factory)).state.images as unknown[]).length).toBe(0);
  });

  it('docker builder prune (clearing both caches) frees the cache bytes', async () => {
    const factory = new IDBFactory();
    const s = await open(factory);
    s.cache.put('k', { modeledMs: 5, entries: [{ path: '/a', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: new Uint8Array(1000) }] });
    s.cacheMounts.set('go', Snapshot.fromEntries([{ path: '/x', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: new Uint8Array(500) }]));
    await s.flush();
    expect((await s.usage()).cacheBytes).toBe(1500);
    s.cache.clear();
    s.cacheMounts.clear();
    await s.flush({ cache: true, cacheMounts: true });
    expect((await s.usage()).cacheBytes).toBe(0);
    expect(await raw(factory)).toMatchObject({ cache: [], mounts: [] });
  });

  it('drops saved images whose blobs are gone, with a notice', async () => {
    const factory = new IDBFactory();
    const a = await open(factory);
    const stored = await persistImage(await scratchImage(nodeDeps), a.blobs);
    a.images.put(stored, ['gone:v1']);
    await a.flush();
    a.close();
    await writeRaw(factory, BLOBS, stored.layers[0]!.digest, undefined);
    const notices: PersistNotice[] = [];
    const b = await open(factory, notices);
    expect(b.images.list()).toEqual([]);
    expect(notices).toEqual([{ kind: 'dropped', message: 'Removed 1 saved image whose data was missing: gone:v1.' }]);
    expect((await raw(factory)).blobs).toEqual([]); // its other blobs were collected
  });
});

function nameOf(events: readonly { kind: string; vertex?: number; name?: string }[], vertex: number): string {
  return events.find((e) => e.kind === 'vertex-start' && e.vertex === vertex)?.name ?? '';
}
