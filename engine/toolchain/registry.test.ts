import { describe, expect, it } from 'vitest';
import { Snapshot, type Overlay } from '../fs/index.ts';
import { toolMarker } from './marker.ts';
import { resolveProgram, toolchainForMarker } from './registry.ts';
import { writeBinary } from './binary/index.ts';
import type { ExecContext } from './types.ts';
import { nodeDeps } from '../platform/node.ts';

const file = (path: string, content: Uint8Array) => ({ path, type: 'file' as const, mode: 0o755, uid: 0, gid: 0, mtime: 0, content });

function ctxFor(fs: Overlay, out: string[]): ExecContext {
  return {
    fs, env: new Map([['PATH', '/usr/bin:/bin']]), cwd: '/', user: { uid: 0, gid: 0, name: 'root' }, platform: 'linux/amd64',
    stdout: (s) => void out.push(s), stderr: (s) => void out.push(s), programs: resolveProgram, deps: nodeDeps,
  };
}

describe('program registry', () => {
  const fs = Snapshot.fromEntries([
    file('/bin/busybox', toolMarker('busybox')),
    file('/usr/bin/echo', toolMarker('echo')),
    file('/usr/bin/dash', toolMarker('dash')),
    file('/usr/bin/git', toolMarker('git')),
    file('/usr/local/go/bin/go', toolMarker('go')),
    file('/data.txt', new TextEncoder().encode('plain text')),
  ]).edit();

  it('maps markers to toolchains', () => {
    expect(resolveProgram('/bin/busybox', fs)?.name).toBe('busybox');
    expect(resolveProgram('/usr/local/go/bin/go', fs)?.name).toBe('go');
    expect(resolveProgram('/usr/bin/dash', fs)?.name).toBe('sh');
    expect(resolveProgram('/usr/bin/echo', fs)?.name).toBe('echo');
    expect(resolveProgram('/data.txt', fs)).toBeUndefined();
    expect(resolveProgram('/missing', fs)).toBeUndefined();
  });

  it('a Debian coreutils marker runs the busybox applet of that name', async () => {
    const out: string[] = [];
    const res = await resolveProgram('/usr/bin/echo', fs)!.run(['/usr/bin/echo', 'hi', 'there'], ctxFor(fs, out));
    expect(res.exitCode).toBe(0);
    expect(out.join('')).toBe('hi there\n');
  });

  it('dash runs the shell', async () => {
    const out: string[] = [];
    const res = await resolveProgram('/usr/bin/dash', fs)!.run(['/usr/bin/dash', '-c', 'echo $((1+2))'], ctxFor(fs, out));
    expect(res.exitCode).toBe(0);
    expect(out.join('')).toBe('3\n');
  });

  it('a tool that is not simulated fails clearly with exit 126', async () => {
    const out: string[] = [];
    const res = await toolchainForMarker('git').run(['/usr/bin/git', 'clone'], ctxFor(fs, out));
    expect(res.exitCode).toBe(126);
    expect(out.join('')).toBe('exec /usr/bin/git: git is not simulated by stageplay (the sandbox runs busybox applets, sh, apk, go, golangci-lint and binaries built by go build)\n');
  });

  it('a binary written by the mocked go build runs its payload', async () => {
    const bin = writeBinary({ goos: 'linux', goarch: 'amd64', goarm: '', pkg: 'example.com/app', output: [{ fd: 1, text: 'Hello from Go\n' }] }, 10_000);
    const with_ = Snapshot.fromEntries([file('/app', bin)]).edit();
    const tool = resolveProgram('/app', with_);
    expect(tool?.name).toBe('binary');
    const out: string[] = [];
    expect((await tool!.run(['/app'], ctxFor(with_, out))).exitCode).toBe(0);
    expect(out.join('')).toBe('Hello from Go\n');
  });
});
