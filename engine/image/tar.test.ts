import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../platform/types.ts';
import { nodeDeps } from '../platform/node.ts';
import { TAR_END, tarHeader, tarPadding } from './tar.ts';
import type { TarHeader } from './tar.ts';
import { parseTar } from './tar-read.ts';

const dec = new TextDecoder();
const base = { type: 'file', mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 1767322800 } as const;

function archive(entries: TarHeader[]): Uint8Array {
  return concatBytes([...entries.flatMap((h) => [tarHeader(h), new Uint8Array(h.type === 'file' ? h.size : 0), tarPadding(h.type === 'file' ? h.size : 0)]), TAR_END]);
}

describe('tarHeader', () => {
  it('writes Go-style USTAR fields: zero-padded octal, NUL terminators, empty uname, checksum "NNNNNN\\0 "', () => {
    const h = tarHeader({ ...base, name: 'etc/passwd', size: 30 });
    expect(h.length).toBe(512);
    expect(dec.decode(h.subarray(100, 108))).toBe('0000644\0');
    expect(dec.decode(h.subarray(108, 116))).toBe('0000000\0');
    expect(dec.decode(h.subarray(124, 136))).toBe('00000000036\0');
    expect(dec.decode(h.subarray(136, 148))).toBe(`${(1767322800).toString(8)}\0`);
    expect(h[154]).toBe(0);
    expect(h[155]).toBe(0x20);
    expect(String.fromCharCode(h[156]!)).toBe('0');
    expect(dec.decode(h.subarray(257, 265))).toBe('ustar\x0000');
    expect(h.subarray(265, 329).every((b) => b === 0)).toBe(true); // uname, gname
    expect(dec.decode(h.subarray(329, 345))).toBe('0000000\x000000000\0'); // devmajor/minor
  });

  it('the empty archive is 1024 zero bytes with the well-known diff_id', async () => {
    expect(TAR_END.length).toBe(1024);
    expect(await nodeDeps.hasher.sha256([TAR_END])).toBe('5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef');
  });

  it('splits long ASCII names into the USTAR prefix, and uses PAX only when it must', () => {
    const longDir = 'usr/' + 'd'.repeat(120) + '/';
    const split = tarHeader({ ...base, name: longDir + 'file' });
    expect(split.length).toBe(512);
    const pax = tarHeader({ ...base, name: 'x'.repeat(101) }); // no slash: cannot split
    expect(pax.length).toBe(1536);
    expect(String.fromCharCode(pax[156]!)).toBe('x');
    expect(dec.decode(pax.subarray(0, 100)).replace(/\0+$/, '')).toBe('PaxHeaders.0/' + 'x'.repeat(87));
    expect(dec.decode(pax.subarray(512, 512 + 111))).toBe(`111 path=${'x'.repeat(101)}\n`);
    const big = tarHeader({ ...base, name: 'f', uid: 3000000 });
    expect(dec.decode(big.subarray(512, 527))).toBe('15 uid=3000000\n');
    expect(dec.decode(big.subarray(1024 + 108, 1024 + 116))).toBe('0000000\0'); // out of range: 0 in USTAR
    const dirPax = tarHeader({ ...base, type: 'dir', name: 'é/' });
    expect(dec.decode(dirPax.subarray(0, 100)).replace(/\0+$/, '')).toBe('/PaxHeaders.0'); // Go: path.Join("é/", "PaxHeaders.0"), non-ASCII dropped
  });

  it('round-trips through our parser and GNU tar', () => {
    const entries: TarHeader[] = [
      { ...base, type: 'dir', name: 'a/', mode: 0o1777 },
      { ...base, name: 'a/f', size: 700, mode: 0o4755, uid: 1000, gid: 1000 },
      { ...base, type: 'hardlink', name: 'a/g', linkname: 'a/f' },
      { ...base, type: 'symlink', name: 'a/s', mode: 0o777, linkname: '../' + 't'.repeat(150) },
      { ...base, name: 'a/' + 'long'.repeat(40), size: 3 },
      { ...base, name: 'a/ünïcode', size: 1, uid: 4000000 },
    ];
    const tar = archive(entries);
    const parsed = parseTar(tar);
    expect(parsed.map((e) => [e.name, e.typeflag, e.mode, e.uid, e.size, e.linkname])).toEqual([
      ['a/', '5', 0o1777, 0, 0, ''],
      ['a/f', '0', 0o4755, 1000, 700, ''],
      ['a/g', '1', 0o644, 0, 0, 'a/f'],
      ['a/s', '2', 0o777, 0, 0, '../' + 't'.repeat(150)],
      ['a/' + 'long'.repeat(40), '0', 0o644, 0, 3, ''],
      ['a/ünïcode', '0', 0o644, 4000000, 1, ''],
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'sp-tar-'));
    writeFileSync(join(dir, 't.tar'), tar);
    const listing = execFileSync('tar', ['--numeric-owner', '-tvf', join(dir, 't.tar')], { encoding: 'utf8' });
    expect(listing).toContain('drwxrwxrwt 0/0');
    expect(listing).toContain('-rwsr-xr-x 1000/1000');
    expect(listing).toContain('a/g link to a/f');
    expect(listing).toContain('a/ünïcode');
    expect(listing).toContain(`a/s -> ../${'t'.repeat(150)}`);
    expect(listing).toContain('4000000/0');
  });
});
