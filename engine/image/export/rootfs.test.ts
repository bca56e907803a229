import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../fs/index.ts';
import { concatBytes } from '../../platform/types.ts';
import { parseTar } from '../tar-read.ts';
import { exportLocal, exportRootfsTar } from './rootfs.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const snap = Snapshot.fromEntries([
  { path: '/app/bin/server', type: 'file', mode: 0o755, uid: 0, gid: 0, mtime: 2000000000, content: enc('srv') },
  { path: '/app/bin/alias', type: 'hardlink', mode: 0o755, uid: 0, gid: 0, mtime: 0, target: '/app/bin/server' },
  { path: '/app/current', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 5, target: 'bin' },
]);

describe('rootfs exporters', () => {
  it('type=tar lists every entry in walk order, hard links as links, mtimes clamped', () => {
    const tar = concatBytes([...exportRootfsTar(snap, { sourceDateEpoch: 1000 })]);
    expect(parseTar(tar).map((e) => [e.name, e.typeflag, e.linkname, e.mtime])).toEqual([
      ['app/', '5', '', 1000],
      ['app/bin/', '5', '', 1000],
      ['app/bin/alias', '0', '', 1000],
      ['app/bin/server', '1', 'app/bin/alias', 1000],
      ['app/current', '2', 'bin', 5],
    ]);
    expect(concatBytes([...exportRootfsTar(snap, { sourceDateEpoch: 1000 })])).toEqual(tar);
  });

  it('type=local returns relative files with lazy content for the CLI to write', () => {
    const files = exportLocal(snap);
    expect(files.map((f) => [f.path, f.type, f.target])).toEqual([
      ['app', 'dir', undefined],
      ['app/bin', 'dir', undefined],
      ['app/bin/alias', 'file', undefined],
      ['app/bin/server', 'hardlink', 'app/bin/alias'],
      ['app/current', 'symlink', 'bin'],
    ]);
    expect(files[2]!.content).toEqual(enc('srv'));
  });
});
