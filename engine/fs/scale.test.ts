import { describe, expect, it } from 'vitest';
import { Snapshot } from './index.ts';
import type { LazyBytes, TreeEntry } from './index.ts';

describe('structural sharing at scale', () => {
  it('commits one change to a 20k-file tree without copying it, and lazy content stays unloaded', () => {
    let loads = 0;
    const lazy = (n: number): LazyBytes => ({
      size: n,
      load: () => {
        loads++;
        return new Uint8Array(n);
      },
    });
    const entries: TreeEntry[] = [];
    for (let d = 0; d < 200; d++) {
      for (let f = 0; f < 100; f++) {
        entries.push({ path: `/usr/lib/d${d}/f${f}`, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: lazy(10_000) });
      }
    }
    const base = Snapshot.fromEntries(entries);
    expect(base.size).toBe(200 * 100 * 10_000);
    const t0 = performance.now();
    const o = base.edit();
    o.writeFile('/usr/lib/d7/f3', new Uint8Array(1));
    const { snapshot, changes } = o.commit();
    expect(performance.now() - t0).toBeLessThan(100);
    expect(changes.map((c) => c.path)).toEqual(['/usr/lib/d7/f3']);
    expect(snapshot.size).toBe(base.size - 9_999);
    const lib = (s: Snapshot) => (s.rootDir.children.get('usr') as { children: Map<string, unknown> }).children.get('lib') as { children: Map<string, unknown> };
    expect(lib(snapshot).children.get('d8')).toBe(lib(base).children.get('d8'));
    expect(loads).toBe(0);
  });
});
