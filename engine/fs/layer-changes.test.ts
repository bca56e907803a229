import { describe, expect, it } from 'vitest';
import { layerChanges } from './layer-changes.ts';
import { Snapshot } from './snapshot.ts';
import type { TreeEntry } from './types.ts';

const enc = new TextEncoder();
const dir = (path: string): TreeEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1 });
const file = (path: string, text: string): TreeEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 1, content: enc.encode(text) });
const wh = (path: string): TreeEntry => ({ path, type: 'file', mode: 0, uid: 0, gid: 0, mtime: 0, content: new Uint8Array(0) });

describe('layerChanges', () => {
  const lower = Snapshot.fromEntries([
    dir('/app'), file('/app/a', 'aa'), file('/app/b', 'bbb'), dir('/app/sub'), file('/app/sub/c', 'c'),
    dir('/etc'), file('/etc/issue', 'alpine'), { path: '/etc/link', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 1, target: 'issue' },
  ]);

  it('lists added, modified and whited-out paths with their types and sizes (a directory entry that changes nothing is not listed)', () => {
    const changes = layerChanges(lower, [dir('/etc'), file('/etc/issue', 'alpine 3.18'), wh('/etc/.wh.link'), dir('/new'), file('/new/x', 'xyz')]);
    expect(changes).toEqual([
      { path: '/etc/issue', change: 'modified', type: 'file', size: 11 },
      { path: '/etc/link', change: 'removed', type: 'symlink', size: 0 },
      { path: '/new', change: 'added', type: 'dir', size: 0 },
      { path: '/new/x', change: 'added', type: 'file', size: 3 },
    ]);
  });

  it('shows what an opaque directory dropped as removed, and what it kept as modified', () => {
    const changes = layerChanges(lower, [{ ...dir('/app'), mtime: 2 }, wh('/app/.wh..wh..opq'), file('/app/b', 'bbb'), file('/app/d', 'dd')]);
    expect(changes).toEqual([
      { path: '/app', change: 'modified', type: 'dir', size: 0 },
      { path: '/app/a', change: 'removed', type: 'file', size: 0 },
      { path: '/app/b', change: 'modified', type: 'file', size: 3 },
      { path: '/app/d', change: 'added', type: 'file', size: 2 },
      { path: '/app/sub', change: 'removed', type: 'dir', size: 0 },
    ]);
  });
});
