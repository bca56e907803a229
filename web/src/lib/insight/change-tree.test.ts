import { describe, expect, it } from 'vitest';
import type { LayerChange } from '../sandbox/panel-data.ts';
import { changeCounts, changeTree, type ChangeNode } from './change-tree.ts';

const changes: LayerChange[] = [
  { path: '/usr/local/go/bin/go', change: 'added', type: 'file', size: 12_000_000 },
  { path: '/usr/local/go/bin/gofmt', change: 'added', type: 'file', size: 3_000_000 },
  { path: '/usr/local/go', change: 'added', type: 'dir', size: 0 },
  { path: '/etc/passwd', change: 'modified', type: 'file', size: 1_200 },
  { path: '/tmp/junk', change: 'removed', type: 'file', size: 500 },
  { path: '/usr/bin/go', change: 'added', type: 'symlink', size: 0 },
];

function find(n: ChangeNode, path: string): ChangeNode | undefined {
  if (n.path === path) return n;
  for (const c of n.children) {
    const f = find(c, path);
    if (f) return f;
  }
  return undefined;
}

describe('changeTree', () => {
  it('nests paths under their directories, directories first, names sorted', () => {
    const t = changeTree(changes);
    expect(t.children.map((c) => c.name)).toEqual(['etc', 'tmp', 'usr']);
    expect(find(t, '/usr')!.children.map((c) => c.name)).toEqual(['bin', 'local']);
    expect(find(t, '/usr/local/go/bin')!.children.map((c) => c.name)).toEqual(['go', 'gofmt']);
  });

  it('adds up file sizes and counts per directory; removed files free nothing in this layer', () => {
    const t = changeTree(changes);
    expect([t.size, t.files]).toEqual([15_001_200, 5]);
    expect([find(t, '/usr/local')!.size, find(t, '/usr/local')!.files]).toEqual([15_000_000, 2]);
    expect([find(t, '/tmp')!.size, find(t, '/tmp')!.files]).toEqual([0, 1]);
  });

  it('keeps each entry\'s change and type; parent-only directories have no change', () => {
    const t = changeTree(changes);
    expect(find(t, '/usr/local/go')).toMatchObject({ change: 'added', type: 'dir' });
    expect(find(t, '/usr/local')!.change).toBeUndefined();
    expect(find(t, '/tmp/junk')).toMatchObject({ change: 'removed', type: 'file' });
    expect(find(t, '/usr/bin/go')).toMatchObject({ change: 'added', type: 'symlink' });
  });

  it('counts changes by kind', () => {
    expect(changeCounts(changes)).toEqual({ added: 4, modified: 1, removed: 1 });
    expect(changeTree([])).toEqual({ name: '/', path: '/', type: 'dir', size: 0, files: 0, children: [] });
  });
});
