import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../../fs/index.ts';
import type { ExecContext } from '../../types.ts';
import type { BinaryInfo } from '../../binary/payload.ts';
import { binaryProgram, makeBinaryProgram } from './program.ts';
import { writeBinary } from '../../binary/write.ts';
import { nodeDeps } from '../../../platform/node.ts';

const info = (over: Partial<BinaryInfo> = {}): BinaryInfo => ({
  goos: 'linux',
  goarch: 'amd64',
  goarm: '',
  pkg: 'example.com/app',
  output: [
    { fd: 1, text: 'out\n' },
    { fd: 2, text: 'err\n' },
  ],
  ...over,
});

async function run(bin: BinaryInfo, argv0: string, platform: string, emulate: string[] = []) {
  const fs = emptySnapshot().edit({ limitBytes: Number.POSITIVE_INFINITY });
  fs.mkdir('/bin', { recursive: true });
  fs.writeFile('/bin/app', writeBinary(bin, 4096), { mode: 0o755 });
  fs.writeFile('/bin/script', new TextEncoder().encode('#!/bin/sh\n'), { mode: 0o755 });
  let stdout = '';
  let stderr = '';
  const ctx: ExecContext = {
    fs,
    env: new Map([['PATH', '/usr/bin:/bin']]),
    cwd: '/',
    user: { uid: 0, gid: 0, name: 'root' },
    platform,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    programs: () => undefined,
    deps: nodeDeps,
  };
  const prog = emulate.length ? makeBinaryProgram({ emulate }) : binaryProgram;
  const r = await prog.run([argv0], ctx);
  return { ...r, stdout, stderr };
}

describe('binaryProgram', () => {
  it('prints the recorded output on stdout and stderr, found by path or PATH', async () => {
    expect(await run(info(), '/bin/app', 'linux/amd64')).toMatchObject({ exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
    expect(await run(info(), 'app', 'linux/amd64')).toMatchObject({ exitCode: 0, stdout: 'out\n' });
  });

  it('a binary for another architecture gives exec format error unless emulated', async () => {
    const arm = info({ goarch: 'arm64' });
    expect(await run(arm, '/bin/app', 'linux/amd64')).toMatchObject({ exitCode: 126, stderr: 'exec /bin/app: exec format error\n' });
    expect(await run(arm, '/bin/app', 'linux/amd64', ['linux/arm64'])).toMatchObject({ exitCode: 0, stdout: 'out\n' });
    expect(await run(info({ goos: 'windows' }), '/bin/app', 'linux/amd64')).toMatchObject({ exitCode: 126 });
  });

  it('GOARM 7 code needs an ARMv7 CPU', async () => {
    const v7 = info({ goarch: 'arm', goarm: '7' });
    expect((await run(v7, '/bin/app', 'linux/arm/v7')).exitCode).toBe(0);
    expect((await run(v7, '/bin/app', 'linux/arm/v6')).exitCode).toBe(126);
    expect((await run(info({ goarch: 'arm', goarm: '6' }), '/bin/app', 'linux/arm/v7')).exitCode).toBe(0);
  });

  it('a dynamically linked binary needs its loader', async () => {
    const dyn = info({ interp: '/lib/ld-musl-x86_64.so.1' });
    expect(await run(dyn, '/bin/app', 'linux/amd64')).toMatchObject({ exitCode: 127, stderr: 'exec /bin/app: no such file or directory\n' });
  });

  it('other files are not runnable binaries', async () => {
    expect(await run(info(), '/bin/script', 'linux/amd64')).toMatchObject({ exitCode: 126 });
  });
});
