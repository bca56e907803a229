import { describe, expect, it } from 'vitest';
import { Snapshot } from '../fs/index.ts';
import type { TreeEntry } from '../fs/index.ts';
import { concatBytes } from '../platform/types.ts';
import { nodeDeps } from '../platform/node.ts';
import { layerTar } from './layer-tar.ts';
import type { LayerTarOptions } from './layer-tar.ts';
import { layerFromChanges, layerFromEntries } from './layer.ts';
import { parseTar } from './tar-read.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const file = (path: string, text = '', mtime = 100): TreeEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime, content: enc(text) });
const dir = (path: string, mtime = 100): TreeEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime });
const base = Snapshot.fromEntries([dir('/a'), dir('/a/b'), file('/a/b/old', 'o'), dir('/etc'), file('/etc/x'), file('/etc/y')]);

function list(edit: (o: ReturnType<Snapshot['edit']>) => void, opts?: LayerTarOptions) {
  const o = base.edit({ now: 500 });
  edit(o);
  const { snapshot, changes } = o.commit();
  return parseTar(concatBytes([...layerTar(changes, snapshot, opts)])).map((e) => `${e.typeflag} ${e.name}${e.linkname ? ' -> ' + e.linkname : ''} ${e.mtime}`);
}

describe('layerTar', () => {
  it('emits unchanged ancestors once, before their first changed descendant', () => {
    expect(list((o) => {
      o.writeFile('/a/b/new', enc('n'));
      o.writeFile('/a/b/new2', enc('n'));
    })).toEqual(['5 a/ 100', '5 a/b/ 100', '0 a/b/new 500', '0 a/b/new2 500']);
  });

  it('writes deletions as .wh. files (mode 0, epoch mtime) and a deleted dir once', () => {
    const tar = list((o) => {
      o.rm('/a', { recursive: true });
      o.rm('/etc/x');
    });
    expect(tar).toEqual(['0 .wh.a 0', '5 etc/ 100', '0 .wh.x 0'.replace('.wh.x', 'etc/.wh.x')]);
  });

  it('expands recreated dirs by default, or writes an opaque marker', () => {
    const edit = (o: ReturnType<Snapshot['edit']>) => {
      o.rm('/etc', { recursive: true });
      o.mkdir('/etc');
      o.writeFile('/etc/z', enc('z'));
    };
    expect(list(edit)).toEqual(['5 etc/ 500', '0 etc/.wh.x 0', '0 etc/.wh.y 0', '0 etc/z 500']);
    expect(list(edit, { opaque: 'marker' })).toEqual(['5 etc/ 500', '0 etc/.wh..wh..opq 0', '0 etc/z 500']);
  });

  it('writes the second path of an inode as a hard link and clamps mtimes to SOURCE_DATE_EPOCH', () => {
    expect(list((o) => {
      o.writeFile('/etc/p', enc('p'));
      o.link('/etc/p', '/etc/q');
    }, { sourceDateEpoch: 300 })).toEqual(['5 etc/ 100', '0 etc/p 300', '1 etc/q -> etc/p 300']);
  });

  it('gives the empty diff the empty-tar diff_id, and identical diffs identical digests', async () => {
    const o = base.edit();
    const { snapshot, changes } = o.commit();
    const empty = layerFromChanges(changes, snapshot, nodeDeps);
    expect(await empty.diffId()).toBe('sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef');
    const l1 = layerFromEntries([file('/x', 'same')], nodeDeps);
    const l2 = layerFromEntries([file('/x', 'same')], nodeDeps);
    expect(await l1.digest()).toBe(await l2.digest());
    expect(await l1.digest()).not.toBe(await l1.diffId());
    expect(await l1.size()).toBe((await l1.compressed()).length);
    expect(await l1.uncompressedSize()).toBe(2048);
    expect(await nodeDeps.gzip.gunzip(await l1.compressed())).toEqual(await l1.uncompressed());
  });
});
