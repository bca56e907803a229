import { createHash } from 'node:crypto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { layerFromEntries } from '#engine/image';
import { nodeDeps } from '#engine/platform/node';
import type { Chunks, GzipOptions, PlatformDeps } from '#engine/platform';
import { PersistentLayerBlobs } from './layer-blobs.ts';

const sha256 = async (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const enc = new TextEncoder();
const entries = (text: string) => [{ path: '/a.txt', type: 'file' as const, mode: 0o644, uid: 0, gid: 0, mtime: 0, content: enc.encode(text) }];

/** Node's platform with a gzip that counts its calls, and `blobs` as the layer blob cache. */
function counting(blobs: PersistentLayerBlobs): { deps: PlatformDeps; calls: () => number } {
  let n = 0;
  return {
    deps: { ...nodeDeps, layerBlobs: blobs, gzip: { ...nodeDeps.gzip, gzip: (c: Chunks, o?: GzipOptions) => (n++, nodeDeps.gzip.gzip(c, o)) } },
    calls: () => n,
  };
}

describe('PersistentLayerBlobs', () => {
  it('opens no database until a layer is first asked for', async () => {
    let opens = 0;
    const factory = new IDBFactory();
    const spy = { open: (...a: Parameters<IDBFactory['open']>) => (opens++, factory.open(...a)) } as unknown as IDBFactory;
    const blobs = new PersistentLayerBlobs({ indexedDB: spy, sha256 });
    expect(opens).toBe(0);
    expect(await blobs.get('sha256:00')).toBeUndefined();
    expect(opens).toBe(1);
  });

  it('compresses a layer once: the same diff ID later (another layer object, another page load) reads the kept bytes', async () => {
    const factory = new IDBFactory();
    const first = new PersistentLayerBlobs({ indexedDB: factory, name: 't1', sha256, keepBytes: () => true });
    const a = counting(first);
    const l1 = layerFromEntries(entries('hello'), a.deps);
    const blob = await l1.compressed();
    expect(await layerFromEntries(entries('hello'), a.deps).compressed()).toBe(blob);
    expect(a.calls()).toBe(1);
    await first.flushed();
    // a new page load: memory is empty, the database has it
    const second = new PersistentLayerBlobs({ indexedDB: factory, name: 't1', sha256, keepBytes: () => true });
    const b = counting(second);
    const l2 = layerFromEntries(entries('hello'), b.deps);
    expect(await l2.compressed()).toEqual(blob);
    expect(await l2.digest()).toBe(await l1.digest());
    expect(b.calls()).toBe(0);
    // another layer is compressed
    await layerFromEntries(entries('other'), b.deps).compressed();
    expect(b.calls()).toBe(1);
  });

  it('keeps only the digest of a layer the image store holds, and reads its bytes from there', async () => {
    const factory = new IDBFactory();
    const first = new PersistentLayerBlobs({ indexedDB: factory, name: 't2', sha256, keepBytes: () => false });
    const l = layerFromEntries(entries('step'), counting(first).deps);
    const blob = await l.compressed();
    const digest = await l.digest();
    await first.flushed();
    const second = new PersistentLayerBlobs({ indexedDB: factory, name: 't2', sha256, keepBytes: () => false });
    const diffId = await l.diffId();
    expect(await second.get(diffId)).toBeUndefined(); // not in the image store: compressed again
    const images = new Map<string, Uint8Array>([[digest, blob]]);
    second.useImageBlobs(async (d) => images.get(d));
    expect(await second.get(diffId)).toBe(blob);
  });

  it('works in memory when there is no IndexedDB', async () => {
    const blobs = new PersistentLayerBlobs({ sha256 });
    await blobs.put('sha256:ab', Uint8Array.of(1, 2));
    expect(await blobs.get('sha256:ab')).toEqual(Uint8Array.of(1, 2));
    expect(await blobs.get('sha256:cd')).toBeUndefined();
  });
});
