import { describe, expect, it } from 'vitest';
import { recipeBytes, recipeOf, registerRecipe } from './recipe.ts';
import { packEntries, packTree, unpackEntries, unpackTree } from './transfer.ts';
import { Snapshot } from './snapshot.ts';
import type { TreeEntry } from './types.ts';

let made = 0;
registerRecipe('test-count', (args) => {
  made++;
  const { n, fill } = args as { n: number; fill: number };
  return new Uint8Array(n).fill(fill);
});

const file = (path: string, content: TreeEntry['content']): TreeEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content });

describe('recipe contents', () => {
  it('make their bytes when first read, keep them by recipe for the next reads, and check the declared size', () => {
    const c = recipeBytes('test-count', { n: 5, fill: 7 }, 5);
    const before = made;
    const first = c.load();
    expect([...first]).toEqual([7, 7, 7, 7, 7]);
    expect(made).toBe(before + 1);
    // read again: kept, not made again
    expect(c.load()).toBe(first);
    expect(made).toBe(before + 1);
    // an equal recipe shares the bytes; another recipe is made
    expect(recipeBytes('test-count', { n: 5, fill: 7 }, 5).load()).toBe(first);
    expect(made).toBe(before + 1);
    expect([...recipeBytes('test-count', { n: 5, fill: 8 }, 5).load()]).toEqual([8, 8, 8, 8, 8]);
    expect(made).toBe(before + 2);
    expect(() => recipeBytes('test-count', { n: 5, fill: 7 }, 6).load()).toThrow(/made 5 bytes, declared 6/);
    expect(() => recipeBytes('nobody', {}, 1).load()).toThrow(/not registered on this thread/);
    expect(recipeOf(recipeBytes('nobody', {}, 1))).toBeUndefined();
    expect(() => registerRecipe('test-count', () => new Uint8Array())).toThrow(/registered twice/);
  });

  it('cross a thread boundary as their recipe: nothing is made, no bytes are sent', () => {
    const big = recipeBytes('test-count', { n: 1 << 20, fill: 3 }, 1 << 20);
    const before = made;
    const entries = [file('/bin/app', big), file('/etc/x', new Uint8Array([1, 2]))];
    const packed = packEntries(entries);
    const { packed: tree } = packTree(Snapshot.fromEntries([{ path: '/bin', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 }, ...entries]));
    expect(packed.data.byteLength).toBe(2);
    expect(tree.data.byteLength).toBe(2);
    const got = structuredClone({ packed, tree }, { transfer: [packed.meta, packed.data, tree.meta, tree.data] });
    const back = unpackEntries(got.packed)[0]!.content;
    const fromTree = unpackTree(got.tree).get('/bin/app');
    expect(made).toBe(before);
    expect(back && !(back instanceof Uint8Array) && recipeOf(back)).toEqual({ kind: 'test-count', args: { n: 1 << 20, fill: 3 } });
    expect(fromTree?.kind === 'file' && fromTree.content instanceof Uint8Array).toBe(false);
    expect((back as { load(): Uint8Array }).load()[12345]).toBe(3);
  });
});
