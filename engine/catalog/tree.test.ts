import { describe, expect, it } from 'vitest';
import { readToolMarker } from '../toolchain/marker.ts';
import { generatedBytes } from '../fs/filler.ts';
import { normalizePlatform } from './platform.ts';
import { comparePaths, contentSize, TreeBuilder } from './tree.ts';

describe('TreeBuilder', () => {
  it('creates parents, lists depth-first by name, replaces by path', () => {
    const t = new TreeBuilder(100).file('/usr/local/go/VERSION', 'go1.20\n').symlink('/bin', 'usr/bin').dir('/tmp', { mode: 0o1777 });
    t.file('/usr/local/go/VERSION', 'go1.21\n');
    t.file('/usr-x', 'x');
    expect(t.entries().map((e) => e.path)).toEqual(['/bin', '/tmp', '/usr', '/usr/local', '/usr/local/go', '/usr/local/go/VERSION', '/usr-x']);
    expect(t.entries().find((e) => e.path === '/usr')).toMatchObject({ type: 'dir', mode: 0o755, uid: 0, mtime: 100 });
    expect(t.fileBytes).toBe(8);
  });

  it('orders hard links after their target and refuses the opposite', () => {
    const t = new TreeBuilder(0).file('/bin/a', 'x').hardlink('/bin/b', '/bin/a');
    expect(t.entries().map((e) => e.type)).toEqual(['dir', 'file', 'hardlink']);
    const bad = new TreeBuilder(0).file('/bin/z', 'x').hardlink('/bin/a', '/bin/z');
    expect(() => bad.entries()).toThrow(/precedes its target/);
    expect(() => new TreeBuilder(0).hardlink('/x', '/nope')).toThrow(/not a file/);
  });

  it('spread lays out exactly the bytes asked, lazily and deterministically', () => {
    const before = generatedBytes.count;
    const make = () => new TreeBuilder(0).spread('/data', { seed: 's', total: 5_000_000, files: 300, dirs: 30, ratio: 0.4, words: ['a', 'b', 'c'], exts: ['.x'] });
    const t = make();
    const files = t.entries().filter((e) => e.type === 'file');
    expect(files).toHaveLength(300);
    expect(files.reduce((n, e) => n + contentSize(e.content!), 0)).toBe(5_000_000);
    expect(generatedBytes.count).toBe(before);
    expect(make().entries().map((e) => e.path)).toEqual(t.entries().map((e) => e.path));
  });

  it('tool files start with the marker and have the asked size', () => {
    const e = new TreeBuilder(0).tool('/usr/local/go/bin/go', 'go', 100_000, 0.5).entries().at(-1)!;
    const bytes = (e.content as { load(): Uint8Array }).load();
    expect(bytes.length).toBe(100_000);
    expect(readToolMarker(bytes)).toBe('go');
    expect(e.mode).toBe(0o755);
  });

  it('comparePaths sorts component-wise', () => {
    expect(['/a-b', '/a/b', '/a'].sort(comparePaths)).toEqual(['/a', '/a/b', '/a-b']);
  });
});

describe('normalizePlatform', () => {
  it.each([
    ['linux/amd64', 'linux/amd64'],
    ['amd64', 'linux/amd64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/7', 'linux/arm/v7'],
    ['linux/arm/v6', 'linux/arm/v6'],
  ])('%s → %s', (input, want) => {
    expect(normalizePlatform(input)).toBe(want);
  });

  it('rejects malformed values', () => {
    expect(normalizePlatform('')).toBeUndefined();
    expect(normalizePlatform('linux//arm')).toBeUndefined();
    expect(normalizePlatform('a/b/c/d')).toBeUndefined();
  });
});
