import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runImages } from '#engine/commands';
import { scratchImage } from '#engine/image/testing/fixtures';
import { nodeDeps } from '#engine/platform/node';
import { imageFromStore, persistImage } from '#engine/store';
import { BLOBS, CACHE, DB_NAME, done, STATE } from './idb.ts';
import { FORMAT } from './documents.ts';
import type { PersistNotice } from './notices.ts';
import { openBrowserSandboxState, type SandboxStateOptions } from './sandbox-state.ts';
import { readRaw, writeRaw } from './raw-db.test-util.ts';

const LOST = 'images and the build cache are kept in memory only and will not survive a reload';

function opener(factory: IDBFactory | undefined, extra: Partial<SandboxStateOptions> = {}) {
  const notices: PersistNotice[] = [];
  const open = () => openBrowserSandboxState({ ...(factory ? { indexedDB: factory } : {}), onNotice: (n) => notices.push(n), estimate: async () => ({}), ...extra });
  return { notices, open };
}

/** A store with one tagged image, flushed. */
async function seeded(factory: IDBFactory) {
  const s = await openBrowserSandboxState({ indexedDB: factory });
  const stored = await persistImage(await scratchImage(nodeDeps), s.blobs);
  s.images.put(stored, ['seed:v1']);
  expect(await s.flush()).toBe(true);
  s.close();
  return stored;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('storage full', () => {
  it('keeps working in memory with one notice, writes nothing half-way, and saves again once there is room', async () => {
    const factory = new IDBFactory();
    const { notices, open } = opener(factory);
    const s = await open();
    const stored = await persistImage(await scratchImage(nodeDeps), s.blobs);
    s.images.put(stored, ['big:v1']);
    const put = IDBObjectStore.prototype.put;
    const full = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === BLOBS) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    expect(await s.flush()).toBe(false);
    expect(await s.flush()).toBe(false);
    expect(notices).toEqual([{ kind: 'quota', message: `Browser storage is full: ${LOST}. Free space with docker image prune -a, docker rmi or docker builder prune.` }]);
    expect(s.persistent).toBe(false);
    expect((await s.usage()).persistent).toBe(false);
    // one transaction: neither the blobs nor the image index were written
    expect(await readRaw(factory)).toEqual({ blobs: [], cache: [], mounts: [], state: {} });
    // the sandbox still has the image
    let out = '';
    runImages(s, { stdout: (t) => (out += t), stderr: () => {} }, undefined, false);
    expect(out).toContain('big');
    expect(await (await (await imageFromStore(s.images.find('big:v1')!, s.blobs, nodeDeps)).layers())[0]!.compressed()).toBeInstanceOf(Uint8Array);

    full.mockRestore();
    expect(await s.flush({ cache: true })).toBe(true); // the images part a failed flush left is retried too
    expect(notices.map((n) => n.kind)).toEqual(['quota', 'saved']);
    expect(s.persistent).toBe(true);
    s.close();
    const again = await open();
    expect(again.images.find('big:v1')?.id).toBe(stored.id);
  });
});

describe('IndexedDB unavailable', () => {
  it('without IndexedDB: a memory-only sandbox and a notice', async () => {
    const { notices, open } = opener(undefined);
    const s = await open();
    expect(notices).toEqual([{ kind: 'unavailable', message: `Browser storage is unavailable (this browser has no IndexedDB): ${LOST}.` }]);
    expect(s.notices).toEqual(notices);
    s.images.put(await persistImage(await scratchImage(nodeDeps), s.blobs), ['mem']);
    expect(await s.flush()).toBe(false);
    expect(s.images.find('mem')).toBeDefined();
    expect(await s.usage()).toMatchObject({ persistent: false, images: 1, blobs: 3 });
  });

  it('when opening fails (storage disabled): the same', async () => {
    const factory = new IDBFactory();
    vi.spyOn(factory, 'open').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const { notices, open } = opener(factory);
    const s = await open();
    expect(notices.map((n) => n.message)).toEqual([`Browser storage is unavailable (The operation is insecure.): ${LOST}.`]);
    expect(s.persistent).toBe(false);
  });
});

describe('another tab', () => {
  it('upgrading the schema closes this connection: later flushes fail with a notice, the sandbox keeps working', async () => {
    const factory = new IDBFactory();
    const { notices, open } = opener(factory);
    const s = await open();
    (await done(factory.open(DB_NAME, 99))).close();
    s.images.put(await persistImage(await scratchImage(nodeDeps), s.blobs), ['still:here']);
    expect(await s.flush()).toBe(false);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.kind).toBe('write-failed');
    expect(notices[0]!.message).toMatch(new RegExp(`^Could not save the sandbox \\(.+\\): ${LOST}\\.$`));
    expect(s.images.find('still:here')).toBeDefined();
  });
});

describe('old, new or damaged data', () => {
  it('a database of a newer schema (VersionError) is deleted and created again, with a notice', async () => {
    const factory = new IDBFactory();
    const req = factory.open(DB_NAME, 7);
    req.onupgradeneeded = () => req.result.createObjectStore('something-else');
    (await done(req)).close();
    const { notices, open } = opener(factory);
    const s = await open();
    expect(notices).toEqual([{ kind: 'reset', message: 'The saved images and build cache were from another version of stageplay and were cleared.' }]);
    s.images.put(await persistImage(await scratchImage(nodeDeps), s.blobs), ['fresh']);
    expect(await s.flush()).toBe(true);
    s.close();
    const again = opener(factory);
    expect((await again.open()).images.find('fresh')).toBeDefined();
    expect(again.notices).toEqual([]);
  });

  it('data in another format is cleared, with a notice', async () => {
    const factory = new IDBFactory();
    await seeded(factory);
    await writeRaw(factory, STATE, 'format', FORMAT + 1);
    const { notices, open } = opener(factory);
    const s = await open();
    expect(notices.map((n) => n.kind)).toEqual(['reset']);
    expect(s.images.list()).toEqual([]);
    expect((await readRaw(factory)).blobs).toEqual([]);
    expect((await readRaw(factory)).state.format).toBe(FORMAT);
  });

  it('a damaged image index clears everything, with a notice naming the problem', async () => {
    const factory = new IDBFactory();
    await seeded(factory);
    await writeRaw(factory, STATE, 'images', [{ id: 42 }]);
    const { notices, open } = opener(factory);
    const s = await open();
    expect(notices).toEqual([{ kind: 'reset', message: 'The saved images and build cache could not be read (not a stageplay image store) and were cleared.' }]);
    expect(s.images.list()).toEqual([]);
    expect((await readRaw(factory)).blobs).toEqual([]);
  });

  it('a damaged cache record is deleted; the other records and the images stay', async () => {
    const factory = new IDBFactory();
    const stored = await seeded(factory);
    const s0 = await openBrowserSandboxState({ indexedDB: factory });
    s0.cache.put('good', { modeledMs: 3, entries: [{ path: '/a', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: new Uint8Array([7]) }] });
    await s0.flush();
    s0.close();
    await writeRaw(factory, CACHE, 'bad', { sizes: [10], bin: new Uint8Array(3), data: { entries: [] } });
    const { notices, open } = opener(factory);
    const s = await open();
    expect(notices).toEqual([{ kind: 'reset', message: 'The saved build cache could not be read (expected 10 bytes of data, found 3) and was cleared.' }]);
    expect(s.images.find('seed:v1')?.id).toBe(stored.id);
    expect(s.cache.size).toBe(1);
    expect(s.cache.get('good')?.entries[0]?.content).toEqual(new Uint8Array([7]));
    expect((await readRaw(factory)).cache).toEqual(['good']);
  });
});
