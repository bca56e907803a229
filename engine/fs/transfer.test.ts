import { describe, expect, it } from 'vitest';
import { Snapshot, emptySnapshot } from './index.ts';
import type { LazyBytes, TreeEntry } from './index.ts';
import { LazyRegistry, packEntries, packTree, packedBase, packedSize, unpackEntries, unpackTree } from './transfer.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const meta = { uid: 0, gid: 0, mtime: 7 };
const file = (path: string, text: string, mode = 0o644, uid = 0): TreeEntry => ({ path, type: 'file', mode, uid, gid: uid, mtime: 7, content: enc(text) });
const dir = (path: string, mode = 0o755): TreeEntry => ({ path, type: 'dir', mode, ...meta });

/** A lazy content that counts its loads. */
function lazy(text: string): LazyBytes & { loads: number } {
  const bytes = enc(text);
  const l = { size: bytes.length, loads: 0, load: () => (l.loads++, bytes.slice()) };
  return l;
}

/** Every entry with its bytes (lazy contents loaded), for comparing trees. */
function dump(s: Snapshot): unknown[] {
  return s.entries().map((e) => ({ ...e, content: e.content && new TextDecoder().decode(e.content instanceof Uint8Array ? e.content : e.content.load()) }));
}

/** Packs, copies the buffers as a transfer would hand them over, unpacks. */
function roundTrip(s: Snapshot, opts: Parameters<typeof packTree>[1] = {}, receiver?: LazyRegistry): Snapshot {
  const { packed } = packTree(s, opts);
  return unpackTree({ meta: packed.meta.slice(0), data: packed.data.slice(0) }, receiver);
}

describe('packTree / unpackTree', () => {
  it('round-trips every entry type, modes, owners and hard links', () => {
    const s = Snapshot.fromEntries([
      dir('/etc', 0o700),
      file('/etc/passwd', 'root:x:0:0', 0o600),
      file('/bin/tool', '#!/bin/sh', 0o4755, 1000),
      { path: '/bin/alias', type: 'symlink', target: 'tool', mode: 0o777, ...meta },
      { path: '/bin/hard', type: 'hardlink', target: '/bin/tool', mode: 0o4755, ...meta },
      file('/empty', ''),
      dir('/tmp', 0o1777),
    ]);
    const back = roundTrip(s);
    expect(dump(back)).toEqual(dump(s));
    const a = back.get('/bin/tool', false);
    const b = back.get('/bin/hard', false);
    expect(a?.kind === 'file' && b?.kind === 'file' && a.ino === b.ino).toBe(true);
  });

  it('sends a delta over a base the receiver has: changes, deletions, opaque directories', () => {
    const base = Snapshot.fromEntries([dir('/a'), file('/a/old', 'x'), file('/a/keep', 'k'), dir('/d'), file('/d/1', '1'), file('/big', 'b'.repeat(1000))]);
    const o = base.edit({ now: 9 });
    o.rm('/a/old');
    o.writeFile('/a/new', enc('n'));
    o.rm('/d', { recursive: true });
    o.mkdir('/d');
    o.writeFile('/d/2', enc('2'));
    o.link('/a/keep', '/a/keep2');
    const upper = o.commit().snapshot;
    const sender = new LazyRegistry();
    sender.add('base', base);
    const { packed, stats } = packTree(upper, { base: { key: 'base', snapshot: base } });
    expect(packedBase(packed)).toBe('base');
    expect(stats.bytes).toBeLessThan(10); // /big is not resent
    const receiver = new LazyRegistry();
    receiver.add('base', Snapshot.fromEntries(base.entries()));
    const back = unpackTree(packed, receiver);
    expect(dump(back)).toEqual(dump(upper));
    expect(back.exists('/a/old')).toBe(false);
    expect(back.exists('/d/1')).toBe(false);
  });

  it('keeps lazy contents lazy: referenced by base and path, never loaded', () => {
    const content = lazy('filler bytes');
    const base = Snapshot.fromEntries([dir('/usr'), { path: '/usr/lib.so', type: 'file', mode: 0o755, ...meta, content }]);
    const o = base.edit();
    o.rename('/usr/lib.so', '/usr/lib2.so');
    o.writeFile('/hello', enc('hi'));
    const upper = o.commit().snapshot;
    const sender = new LazyRegistry();
    sender.add('image:x', base);
    const { packed, stats } = packTree(upper, { lazy: sender });
    expect(stats).toMatchObject({ lazyRefs: 1, lazyLoaded: 0, bytes: 2 });
    const receiverContent = lazy('filler bytes');
    const receiver = new LazyRegistry();
    receiver.add('image:x', Snapshot.fromEntries([dir('/usr'), { path: '/usr/lib.so', type: 'file', mode: 0o755, ...meta, content: receiverContent }]));
    const back = unpackTree(packed, receiver);
    const node = back.get('/usr/lib2.so');
    expect(node?.kind === 'file' && node.content).toBe(receiverContent);
    expect(content.loads + receiverContent.loads).toBe(0);
    expect(dump(back)).toEqual(dump(upper));
  });

  it('loads an unregistered lazy content and says so; refuses an unknown base', () => {
    const s = Snapshot.fromEntries([{ path: '/x', type: 'file', mode: 0o644, ...meta, content: lazy('abc') }]);
    const { packed, stats } = packTree(s);
    expect(stats).toMatchObject({ lazyRefs: 0, lazyLoaded: 1, bytes: 3 });
    expect(dump(unpackTree(packed))).toEqual(dump(s));
    const delta = packTree(s, { base: { key: 'nope', snapshot: emptySnapshot() } }).packed;
    expect(() => unpackTree(delta, new LazyRegistry())).toThrow(/base nope is not registered/);
  });

  it('packs file bytes into one buffer and views them without a copy', () => {
    const s = Snapshot.fromEntries([file('/a', 'aaaa'), file('/b', 'bb')]);
    const { packed } = packTree(s);
    expect(packed.data.byteLength).toBe(6);
    expect(packedSize(packed)).toBe(6 + packed.meta.byteLength);
    const back = unpackTree(packed);
    const n = back.get('/b');
    expect(n?.kind === 'file' && n.content instanceof Uint8Array && n.content.buffer).toBe(packed.data);
  });

  it('sends a file the receiver keeps as a reference to its path, without its bytes', () => {
    const s = Snapshot.fromEntries([file('/a', 'aaaa'), file('/b', 'bb'), file('/c', 'cc')]);
    const asked: string[] = [];
    const { packed, stats } = packTree(s, { kept: (path, bytes) => (asked.push(path), path === '/a' && bytes.byteLength === 4) });
    expect(asked).toEqual(['/a', '/b', '/c']);
    expect(stats).toMatchObject({ keptRefs: 1, bytes: 4 });
    expect(packed.data.byteLength).toBe(4);
    const keptA = new TextEncoder().encode('aaaa');
    const back = unpackTree(packed, undefined, undefined, (path) => {
      if (path !== '/a') throw new Error(`not kept: ${path}`);
      return keptA;
    });
    expect(dump(back)).toEqual(dump(s));
    expect(back.get('/a')).toMatchObject({ content: keptA });
    expect(() => unpackTree(packed)).toThrow('transfer: /a was sent as kept, and nothing keeps files on this side');
  });
});

describe('LazyRegistry', () => {
  it('fetches a base it does not have on first use', () => {
    const content = lazy('abc');
    const base = Snapshot.fromEntries([{ path: '/x', type: 'file', mode: 0o644, ...meta, content }]);
    const sender = new LazyRegistry();
    sender.add('k', base);
    const { packed } = packTree(base, { lazy: sender });
    const asked: string[] = [];
    const receiver = new LazyRegistry((key) => (asked.push(key), key === 'k' ? base : undefined));
    expect(unpackTree(packed, receiver).get('/x')).toMatchObject({ content });
    expect(asked).toEqual(['k']);
  });
});

describe('packEntries / unpackEntries', () => {
  it('round-trips a layer list as is (whiteouts, links, lazy by reference)', () => {
    const content = lazy('lazy!');
    const base = Snapshot.fromEntries([{ path: '/lib.so', type: 'file', mode: 0o755, ...meta, content }]);
    const reg = new LazyRegistry();
    reg.add('b', base);
    const entries: TreeEntry[] = [
      dir('/d'), file('/d/a', 'A', 0o600), { path: '/d/.wh.gone', type: 'file', mode: 0, uid: 0, gid: 0, mtime: 0, content: new Uint8Array(0) },
      { path: '/d/l', type: 'symlink', target: 'a', mode: 0o777, ...meta }, { path: '/d/h', type: 'hardlink', target: '/d/a', mode: 0o600, ...meta },
      { path: '/copy.so', type: 'file', mode: 0o755, ...meta, content },
    ];
    const back = unpackEntries(packEntries(entries, reg), reg);
    expect(back.map((e) => ({ ...e, content: e.content instanceof Uint8Array ? [...e.content] : e.content }))).toEqual(
      entries.map((e) => ({ ...e, content: e.content instanceof Uint8Array ? [...e.content] : e.content })),
    );
    expect(back[5]!.content).toBe(content);
    expect(content.loads).toBe(0);
  });
});
