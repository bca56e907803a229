import { describe, expect, it } from 'vitest';
import { applyLayer, diffTrees, Snapshot, type TreeEntry } from '../fs/index.ts';
import { nodeDeps } from '../platform/node.ts';
import { cacheKey, changesToEntries, checksumPaths, MemoryCacheMountStore, MemoryLayerCache, stableJson } from './index.ts';

const enc = new TextEncoder();
const f = (path: string, text: string, mtime = 0): TreeEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime, content: enc.encode(text) });
const hasher = nodeDeps.hasher;

describe('cache keys', () => {
  it('are stable under key order and change with parent, op and inputs', async () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    const k = await cacheKey(hasher, 'p', { x: 1, y: 2 }, ['i']);
    expect(await cacheKey(hasher, 'p', { y: 2, x: 1 }, ['i'])).toBe(k);
    expect(await cacheKey(hasher, 'q', { x: 1, y: 2 }, ['i'])).not.toBe(k);
    expect(await cacheKey(hasher, 'p', { x: 1, y: 3 }, ['i'])).not.toBe(k);
    expect(await cacheKey(hasher, 'p', { x: 1, y: 2 }, ['j'])).not.toBe(k);
    expect(k).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('content checksums cover only the selected paths, not mtimes', async () => {
    const a = Snapshot.fromEntries([f('/go.mod', 'module x'), f('/main.go', 'package main')]);
    const b = Snapshot.fromEntries([f('/go.mod', 'module x', 99), f('/main.go', 'package main // edited')]);
    expect(await checksumPaths(a, ['/go.mod'], hasher)).toBe(await checksumPaths(b, ['/go.mod'], hasher));
    expect(await checksumPaths(a, ['/'], hasher)).not.toBe(await checksumPaths(b, ['/'], hasher));
  });
});

describe('layer entries', () => {
  it('replay a diff with whiteouts onto the parent', () => {
    const parent = Snapshot.fromEntries([f('/keep', 'k'), f('/gone', 'g'), f('/d/old', 'o')]);
    const o = parent.edit();
    o.rm('/gone');
    o.writeFile('/d/new', enc.encode('n'));
    const { snapshot, changes } = o.commit();
    const entries = changesToEntries(changes, snapshot);
    expect(entries.map((e) => e.path)).toEqual(['/d', '/d/new', '/.wh.gone']);
    const replayed = applyLayer(parent, entries);
    expect(diffTrees(snapshot.rootDir, replayed.rootDir).filter((c) => c.kind !== 'modify')).toEqual([]);
    expect(replayed.exists('/gone')).toBe(false);
    expect(replayed.readdir('/d')).toEqual(['new', 'old']);
  });
});

describe('stores', () => {
  it('MemoryLayerCache dumps to plain data and loads back', () => {
    const c = new MemoryLayerCache();
    c.put('k1', { entries: [f('/a', 'A'), { path: '/d', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 }], modeledMs: 12 });
    const dump = c.dump();
    expect(JSON.parse(JSON.stringify(dump.records))).toEqual(dump.records);
    const back = MemoryLayerCache.load(dump);
    expect(back.get('k1')!.modeledMs).toBe(12);
    expect(new TextDecoder().decode(back.get('k1')!.entries[0]!.content as Uint8Array)).toBe('A');
    back.clear();
    expect(back.size).toBe(0);
  });

  it('MemoryCacheMountStore round-trips contents', () => {
    const s = new MemoryCacheMountStore();
    s.set('/go/pkg/mod', Snapshot.fromEntries([f('/cache/x', 'X')]));
    const back = MemoryCacheMountStore.load(s.dump());
    expect(back.ids()).toEqual(['/go/pkg/mod']);
    expect(new TextDecoder().decode(back.get('/go/pkg/mod')!.readFile('/cache/x'))).toBe('X');
  });
});
