import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readBinaryInfo } from './payload.ts';
import type { BinaryInfo } from './payload.ts';
import { SEED_START, lazyBinary, seedOf, seedOn, writeBinary } from './write.ts';

const dir = mkdtempSync(join(tmpdir(), 'stageplay-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const info = (over: Partial<BinaryInfo> = {}): BinaryInfo => ({
  goos: 'linux',
  goarch: 'amd64',
  goarm: '',
  pkg: 'example.com/hello',
  output: [
    { fd: 1, text: 'Hello, ELF!\n' },
    { fd: 2, text: 'to stderr\n' },
    { fd: 1, text: 'second line\n' },
  ],
  ...over,
});

function save(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  chmodSync(path, 0o755);
  return path;
}

const hasFile = spawnSync('file', ['--version']).status === 0;
const isX64 = process.arch === 'x64' && process.platform === 'linux';

describe('writeBinary', () => {
  it.runIf(isX64)('writes an amd64 ELF that really prints its text', () => {
    const path = save('hello', writeBinary(info(), 200_000));
    const r = spawnSync(path, { encoding: 'utf8' });
    expect(r.stdout).toBe('Hello, ELF!\nsecond line\n');
    expect(r.stderr).toBe('to stderr\n');
    expect(r.status).toBe(0);
  });

  it.runIf(isX64)('an empty program prints nothing and exits 0', () => {
    const path = save('quiet', writeBinary(info({ output: [] }), 10_000));
    const r = spawnSync(path, { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('has exactly the requested size and a readable payload', () => {
    const bytes = writeBinary(info(), 123_456);
    expect(bytes.length).toBe(123_456);
    expect(readBinaryInfo(bytes)).toEqual(info());
  });

  it('is deterministic', () => {
    expect(Buffer.compare(writeBinary(info(), 50_000), writeBinary(info(), 50_000))).toBe(0);
  });

  it('writes AArch64 and ARM headers', () => {
    const a64 = writeBinary(info({ goarch: 'arm64' }), 20_000);
    const dv = new DataView(a64.buffer);
    expect(a64[4]).toBe(2); // ELFCLASS64
    expect(dv.getUint16(18, true)).toBe(183);
    const arm = writeBinary(info({ goarch: 'arm', goarm: '7' }), 20_000);
    expect(arm[4]).toBe(1); // ELFCLASS32
    expect(new DataView(arm.buffer).getUint16(18, true)).toBe(40);
    expect(readBinaryInfo(arm)?.goarm).toBe('7');
  });

  it.runIf(hasFile)('`file` recognises static executables', () => {
    const out = (name: string, i: BinaryInfo): string =>
      execFileSync('file', ['-b', save(name, writeBinary(i, 30_000))], { encoding: 'utf8' });
    expect(out('amd', info())).toMatch(/^ELF 64-bit LSB executable, x86-64, .*statically linked/);
    expect(out('a64', info({ goarch: 'arm64' }))).toMatch(/^ELF 64-bit LSB executable, ARM aarch64, .*statically linked/);
    expect(out('a32', info({ goarch: 'arm', goarm: '7' }))).toMatch(/^ELF 32-bit LSB executable, ARM, EABI5.*statically linked/);
    expect(out('mac', info({ goos: 'darwin', goarch: 'arm64' }))).toMatch(/^Mach-O 64-bit arm64 executable/);
    expect(out('macx', info({ goos: 'darwin', goarch: 'amd64' }))).toMatch(/^Mach-O 64-bit x86_64 executable/);
    expect(out('win', info({ goos: 'windows' }))).toMatch(/^PE32\+ executable \(console\) x86-64.*, for MS Windows/);
    expect(out('w32', info({ goos: 'windows', goarch: '386' }))).toMatch(/^PE32 executable \(console\) Intel 80386.*, for MS Windows/);
  });

  it('darwin and windows files carry the right magic and payload', () => {
    const mac = writeBinary(info({ goos: 'darwin', goarch: 'arm64' }), 40_000);
    expect([...mac.subarray(0, 4)]).toEqual([0xcf, 0xfa, 0xed, 0xfe]);
    const win = writeBinary(info({ goos: 'windows' }), 40_000);
    expect(String.fromCharCode(win[0]!, win[1]!)).toBe('MZ');
    expect(readBinaryInfo(win)?.goos).toBe('windows');
    expect(mac.length).toBe(40_000);
  });

  it('padding gzips like a Go binary (0.50–0.60 at level 6)', () => {
    const bytes = writeBinary(info(), 2_000_000);
    const ratio = gzipSync(bytes, { level: 6 }).length / bytes.length;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(0.6);
  });

  it('rejects other files and unsupported targets', () => {
    expect(readBinaryInfo(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toBeUndefined();
    expect(() => writeBinary(info({ goarch: 'riscv64' }), 1000)).toThrow('unsupported GOOS/GOARCH pair linux/riscv64');
  });
});

describe('seedOn', () => {
  it('carries FNV-1a over pieces: hashing a text in pieces equals hashing it whole', () => {
    const pieces = ['package main', '\n', 'func', ' ', 'é😀', ''];
    expect(pieces.reduce((h, p) => seedOn(h, p), SEED_START)).toBe(seedOf(pieces.join('')));
    expect(seedOf('')).toBe(SEED_START);
    expect(seedOf('a')).not.toBe(seedOf('b'));
  });
});

describe('lazyBinary', () => {
  it.each([
    ['linux', 'amd64'], ['linux', 'arm64'], ['linux', 'arm'], ['darwin', 'arm64'], ['windows', 'amd64'], ['windows', '386'],
  ])('is writeBinary made on read, its size known before (%s/%s)', (goos, goarch) => {
    for (const size of [10, 5_000, 123_457]) {
      const i = info({ goos, goarch });
      const lazy = lazyBinary(i, size);
      const bytes = writeBinary(i, size);
      expect(lazy.size).toBe(bytes.length);
      expect(Buffer.compare(lazy.load(), bytes)).toBe(0);
      expect(lazy.recipe.kind).toBe('go-binary');
    }
  });

  it('throws at link time for a platform the mock cannot target, as writeBinary does', () => {
    expect(() => lazyBinary(info({ goos: 'plan9', goarch: 'amd64' }), 100)).toThrow(/unsupported GOOS\/GOARCH pair plan9\/amd64/);
  });
});
