import { describe, expect, it } from 'vitest';
import { Snapshot, applyLayer, copyTree, emptySnapshot } from './index.ts';
import type { Change, TreeEntry } from './index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const file = (path: string, text = '', mode = 0o644): TreeEntry => ({ path, type: 'file', mode, uid: 0, gid: 0, mtime: 1, content: enc(text) });
const dir = (path: string): TreeEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1 });
const summary = (cs: Change[]) => cs.map((c) => `${c.kind}${c.opaque ? '(opaque)' : ''} ${c.path}`);

describe('Overlay.commit changes', () => {
  const base = Snapshot.fromEntries([dir('/etc'), file('/etc/a', 'a'), file('/etc/b', 'b'), dir('/var/lib/x'), file('/var/lib/x/1'), file('/keep')]);

  it('lists added, modified and deleted paths in walk order', () => {
    const o = base.edit();
    o.writeFile('/etc/a', enc('A'));
    o.rm('/etc/b');
    o.writeFile('/etc/c', enc('c'));
    o.mkdir('/new/sub', { recursive: true });
    o.chmod('/keep', 0o600);
    expect(summary(o.commit().changes)).toEqual(['modify /etc/a', 'delete /etc/b', 'add /etc/c', 'modify /keep', 'add /new', 'add /new/sub']);
  });

  it('reports nothing when nothing changed, and a deleted directory once', () => {
    const o = base.edit();
    expect(o.commit().changes).toEqual([]);
    o.rm('/var/lib', { recursive: true });
    expect(summary(o.commit().changes)).toEqual(['delete /var/lib']);
  });

  it('marks a directory removed and recreated as opaque, with explicit deletes and adds', () => {
    const o = base.edit();
    o.rm('/etc', { recursive: true });
    o.mkdir('/etc');
    o.writeFile('/etc/a', enc('a'));
    o.writeFile('/etc/z', enc('z'));
    expect(summary(o.commit().changes)).toEqual(['modify(opaque) /etc', 'add /etc/a', 'delete /etc/b', 'add /etc/z']);
  });

  it('keeps a renamed directory identity (no opaque) and reports both ends', () => {
    const o = base.edit();
    o.rename('/var/lib/x', '/var/lib/y');
    expect(summary(o.commit().changes)).toEqual(['delete /var/lib/x', 'add /var/lib/y', 'add /var/lib/y/1']);
  });
});

describe('applyLayer', () => {
  it('honours whiteouts and opaque markers against lower layers only', () => {
    const lower = Snapshot.fromEntries([dir('/a'), file('/a/old'), file('/a/keep'), dir('/b'), file('/b/x'), file('/c')]);
    const next = applyLayer(lower, [
      file('/a/.wh.old'),
      file('/a/new', 'n'),
      dir('/b'),
      file('/b/.wh..wh..opq'),
      file('/b/y', 'y'),
      file('/.wh.c'),
      { ...dir('/a'), mode: 0o700 },
    ]);
    expect(next.readdir('/a')).toEqual(['keep', 'new']);
    expect(next.readdir('/b')).toEqual(['y']);
    expect(next.exists('/c')).toBe(false);
    expect(next.stat('/a')?.mode).toBe(0o700);
    expect(lower.readdir('/a')).toEqual(['keep', 'old']);
  });

  it('replaces a directory with a file and stacks hard links', () => {
    const lower = Snapshot.fromEntries([dir('/d'), file('/d/x')]);
    const next = applyLayer(lower, [file('/d', 'now a file'), file('/f', 'ff'), { ...file('/g'), type: 'hardlink', target: '/f' }]);
    expect(dec(next.readFile('/d'))).toBe('now a file');
    expect(next.linksOf(next.get('/g')!.kind === 'file' ? (next.get('/g') as { ino: number }).ino : -1)?.size).toBe(2);
  });
});

describe('copyTree', () => {
  const src = Snapshot.fromEntries([
    dir('/src'),
    file('/src/main.go', 'package main', 0o600),
    dir('/src/pkg'),
    file('/src/pkg/a.go', 'package pkg'),
    { path: '/src/link', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 1, target: 'main.go' },
    { ...file('/src/hard'), type: 'hardlink', target: '/src/main.go' },
  ]);

  it('merges a directory into the destination, preserving metadata and links', () => {
    const o = emptySnapshot().edit();
    copyTree(src, '/src', o, '/app');
    expect(o.readdir('/app')).toEqual(['hard', 'link', 'main.go', 'pkg']);
    expect(o.stat('/app/main.go')?.mode).toBe(0o600);
    expect(o.readlink('/app/link')).toBe('main.go');
    o.writeFile('/app/hard', enc('changed'));
    expect(dec(o.readFile('/app/main.go'))).toBe('changed');
    expect(dec(src.readFile('/src/main.go'))).toBe('package main');
  });

  it('applies --chown and --chmod overrides and creates parents', () => {
    const o = emptySnapshot().edit();
    copyTree(src, '/src/pkg/a.go', o, '/deep/dir/a.go', { uid: 1000, gid: 1000, mode: 0o755 });
    expect(o.stat('/deep/dir/a.go')).toMatchObject({ uid: 1000, gid: 1000, mode: 0o755 });
    expect(o.stat('/deep')).toMatchObject({ uid: 1000, mode: 0o755 });
    expect(() => copyTree(src, '/nope', o, '/x')).toThrow(/ENOENT/);
  });
});

describe('stackLayers', () => {
  it('applies layers base first', async () => {
    const { stackLayers } = await import('./index.ts');
    const s = stackLayers(emptySnapshot(), [[file('/a', '1'), file('/b')], [file('/.wh.b'), file('/a', '2')]]);
    expect(s.readdir('/')).toEqual(['a']);
    expect(dec(s.readFile('/a'))).toBe('2');
  });
});
