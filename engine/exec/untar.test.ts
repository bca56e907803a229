/** ADD of a local tar: entries stay inside the destination, as BuildKit (containerd's archive.Apply) keeps them. */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { testDeps } from '../build/testing/project.ts';
import type { ContextFile } from '../context/context.ts';
import { TAR_END, tarHeader, tarPadding, type TarHeader } from '../image/tar.ts';
import { EngineError } from '../source/index.ts';

const enc = new TextEncoder();

/** A tar of `entries` (a string is a file's text). */
function tar(entries: [Omit<TarHeader, 'size' | 'mode' | 'uid' | 'gid' | 'mtime'>, string?][]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [h, text] of entries) {
    const data = enc.encode(text ?? '');
    parts.push(tarHeader({ mode: h.type === 'dir' ? 0o755 : 0o644, uid: 0, gid: 0, mtime: 0, size: data.length, ...h }));
    if (h.type === 'file') parts.push(data, tarPadding(data.length));
  }
  parts.push(TAR_END);
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

async function addTar(archive: Uint8Array) {
  const context: ContextFile[] = [{ path: 'a.tar', type: 'file', mode: 0o644, mtime: 0, content: archive }];
  const r = await build({ dockerfile: 'FROM busybox\nADD a.tar /dest/\n', context }, testDeps());
  return r.filesystems[0]!;
}

const text = (fs: Awaited<ReturnType<typeof addTar>>, p: string) => (fs.stat(p)?.type === 'file' ? new TextDecoder().decode(fs.readFile(p)) : undefined);

describe('ADD of a local tar stays inside its destination', () => {
  it('../ entries are cleaned to the destination', async () => {
    const fs = await addTar(tar([[{ name: '../../etc/evil', type: 'file' }, 'x'], [{ name: 'ok', type: 'file' }, 'ok']]));
    expect(text(fs, '/dest/etc/evil')).toBe('x');
    expect(fs.stat('/etc/evil')).toBeUndefined();
    expect(text(fs, '/dest/ok')).toBe('ok');
  });

  it('an in-archive symlink is followed inside the destination, never out of it', async () => {
    const fs = await addTar(tar([
      [{ name: 'link', type: 'symlink', linkname: '/etc' }],
      [{ name: 'link/passwd', type: 'file' }, 'owned'],
      [{ name: 'up', type: 'symlink', linkname: '../../..' }],
      [{ name: 'up/bin/evil', type: 'file' }, 'x'],
    ]));
    expect(text(fs, '/etc/passwd')).toMatch(/^root:/);
    expect(fs.readlink('/dest/link')).toBe('/etc');
    expect(text(fs, '/dest/etc/passwd')).toBe('owned'); // where /etc is when /dest is the root
    expect(fs.stat('/bin/evil')).toBeUndefined();
    expect(text(fs, '/dest/bin/evil')).toBe('x');
  });

  it('a symlink that resolves to itself inside the destination is an error, as in a chroot', async () => {
    await expect(addTar(tar([[{ name: 'etc', type: 'symlink', linkname: '/etc' }], [{ name: 'etc/passwd', type: 'file' }, 'x']])))
      .rejects.toThrow('failed to unpack etc/passwd: too many levels of symbolic links');
  });

  it('a hard link to a file the archive does not hold is an error naming it', async () => {
    await expect(addTar(tar([[{ name: 'h', type: 'hardlink', linkname: 'missing' }]]))).rejects.toThrow(EngineError);
    await expect(addTar(tar([[{ name: 'h', type: 'hardlink', linkname: 'missing' }]]))).rejects.toThrow('failed to unpack h: hard link target missing not found in the archive');
    const fs = await addTar(tar([[{ name: 'f', type: 'file' }, 'x'], [{ name: 'h', type: 'hardlink', linkname: 'f' }]]));
    expect(text(fs, '/dest/h')).toBe('x');
  });
});
