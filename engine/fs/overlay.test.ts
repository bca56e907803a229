import { describe, expect, it } from 'vitest';
import { FsError, Snapshot, emptySnapshot } from './index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
  return undefined;
}

describe('Overlay', () => {
  it('isolates edits from the base snapshot (copy on write)', () => {
    const o = emptySnapshot().edit();
    o.mkdir('/etc');
    o.writeFile('/etc/a', enc('one'));
    const { snapshot: s1 } = o.commit();
    const o2 = s1.edit();
    o2.writeFile('/etc/a', enc('two'));
    o2.writeFile('/etc/b', enc('b'));
    expect(dec(s1.readFile('/etc/a'))).toBe('one');
    expect(s1.exists('/etc/b')).toBe(false);
    const { snapshot: s2 } = o2.commit();
    expect(dec(s2.readFile('/etc/a'))).toBe('two');
    expect(emptySnapshot().readdir('/')).toEqual([]);
    // editing after a commit does not leak into the committed snapshot
    o2.rm('/etc/b');
    expect(s2.exists('/etc/b')).toBe(true);
  });

  it('shares unchanged subtrees between snapshots', () => {
    const s1 = Snapshot.fromEntries([
      { path: '/a/x', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: enc('x') },
      { path: '/b/y', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: enc('y') },
    ]);
    const o = s1.edit();
    o.writeFile('/b/z', enc('z'));
    const { snapshot: s2 } = o.commit();
    expect(s2.rootDir.children.get('a')).toBe(s1.rootDir.children.get('a'));
    expect(s2.rootDir.children.get('b')).not.toBe(s1.rootDir.children.get('b'));
  });

  it('reports WorkFs errors with POSIX codes', () => {
    const o = emptySnapshot().edit();
    expect(code(() => o.writeFile('/missing/f', enc('')))).toBe('ENOENT');
    o.writeFile('/f', enc('f'));
    expect(code(() => o.writeFile('/f/g', enc('')))).toBe('ENOTDIR');
    expect(code(() => o.mkdir('/f'))).toBe('EEXIST');
    expect(code(() => o.mkdir('/f', { recursive: true }))).toBe('EEXIST');
    o.mkdir('/d/e', { recursive: true });
    o.mkdir('/d/e', { recursive: true });
    expect(code(() => o.writeFile('/d', enc('')))).toBe('EISDIR');
    expect(code(() => o.readFile('/d'))).toBe('EISDIR');
    expect(code(() => o.readFile('/nope'))).toBe('ENOENT');
    expect(code(() => o.rm('/d'))).toBe('EISDIR');
    expect(code(() => o.rename('/f', '/d'))).toBe('EISDIR');
    expect(code(() => o.rename('/d', '/d/e/x'))).toBe('EINVAL');
    expect(code(() => o.readlink('/f'))).toBe('EINVAL');
    o.rm('/nope', { force: true });
    o.rm('/d', { recursive: true });
    expect(o.readdir('/')).toEqual(['f']);
  });

  it('follows symlinks, resolves .. and detects loops', () => {
    const o = emptySnapshot().edit();
    o.mkdir('/usr/lib', { recursive: true });
    o.writeFile('/usr/lib/os-release', enc('alpine'));
    o.symlink('usr/lib', '/lib');
    o.symlink('../usr/lib/os-release', '/lib2');
    expect(dec(o.readFile('/lib/os-release'))).toBe('alpine');
    expect(dec(o.readFile('/lib/../lib/os-release'))).toBe('alpine');
    expect(dec(o.readFile('/lib2'))).toBe('alpine');
    expect(o.lstat('/lib')?.type).toBe('symlink');
    expect(o.stat('/lib')?.type).toBe('dir');
    expect(o.readlink('/lib')).toBe('usr/lib');
    o.writeFile('/lib/new', enc('n'));
    expect(o.exists('/usr/lib/new')).toBe(true);
    o.symlink('/loop2', '/loop1');
    o.symlink('/loop1', '/loop2');
    expect(code(() => o.readFile('/loop1'))).toBe('ELOOP');
    expect(o.lstat('/loop1')?.type).toBe('symlink');
    o.rm('/lib');
    expect(o.exists('/usr/lib/os-release')).toBe(true);
    // writing through a dangling symlink creates its target
    o.symlink('/tmpfile', '/dangling');
    o.writeFile('/dangling', enc('t'));
    expect(dec(o.readFile('/tmpfile'))).toBe('t');
  });

  it('shares content and metadata between hard links', () => {
    const o = emptySnapshot().edit();
    o.writeFile('/a', enc('1'));
    o.link('/a', '/b');
    o.writeFile('/b', enc('22'));
    expect(dec(o.readFile('/a'))).toBe('22');
    o.chmod('/a', 0o600);
    expect(o.stat('/b')?.mode).toBe(0o600);
    expect(o.size).toBe(2);
    o.mkdir('/d');
    o.rename('/b', '/d/b');
    o.writeFile('/a', enc('333'));
    expect(dec(o.readFile('/d/b'))).toBe('333');
    o.rm('/a');
    expect(o.size).toBe(3);
    o.rm('/d', { recursive: true });
    expect(o.size).toBe(0);
    const s = Snapshot.fromEntries([
      { path: '/x', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: enc('x') },
      { path: '/y', type: 'hardlink', mode: 0o644, uid: 0, gid: 0, mtime: 0, target: '/x' },
    ]);
    expect(s.entries().map((e) => [e.path, e.type, e.target])).toEqual([
      ['/x', 'file', undefined],
      ['/y', 'hardlink', '/x'],
    ]);
  });

  it('throws ENOSPC when the tree grows past its budget, leaving it intact', () => {
    const o = emptySnapshot().edit({ limitBytes: 10 });
    o.writeFile('/a', new Uint8Array(6));
    expect(code(() => o.writeFile('/b', new Uint8Array(5)))).toBe('ENOSPC');
    expect(o.exists('/b')).toBe(false);
    o.writeFile('/a', new Uint8Array(10));
    o.rm('/a');
    o.writeFile('/b', new Uint8Array(10));
    expect(o.size).toBe(10);
  });

  it('sorts readdir by UTF-8 byte order', () => {
    const o = emptySnapshot().edit();
    for (const n of ['b', 'B', 'a.b', 'é', '\u{1F600}', '\uFF5E']) o.writeFile('/' + n, enc(''));
    expect(o.readdir('/')).toEqual(['B', 'a.b', 'b', 'é', '\uFF5E', '\u{1F600}']);
  });

  it('applies metadata from WriteOptions and defaults', () => {
    const o = emptySnapshot().edit({ now: 1700000000 });
    o.mkdir('/srv', { mode: 0o700, uid: 5, gid: 6 });
    o.writeFile('/srv/f', enc('abc'), { mode: 0o755, mtime: 42 });
    o.chown('/srv/f', 1000, 1000);
    expect(o.stat('/srv')).toEqual({ type: 'dir', mode: 0o700, uid: 5, gid: 6, size: 0, mtime: 1700000000 });
    expect(o.stat('/srv/f')).toEqual({ type: 'file', mode: 0o755, uid: 1000, gid: 1000, size: 3, mtime: 42 });
  });
});
