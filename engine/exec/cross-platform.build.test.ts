import { describe, expect, it } from 'vitest';
import { MULTI_PLATFORM } from '../../lessons/dockerfiles.ts';
import { build } from '../build/build.ts';
import { capture, readContext, testDeps } from '../build/testing/project.ts';
import { readBinaryInfo } from '../toolchain/binary/index.ts';
import { loadContent } from '../fs/index.ts';

/** The guide's chapter 8 for macOS and Windows targets: the build stages run on the build platform and cross-compile. */
describe('FROM --platform=$BUILDPLATFORM with darwin and windows targets', () => {
  it('resolves the golang image for linux/amd64, runs the build stages there and exports Mach-O and PE files', async () => {
    const c = capture();
    const r = await build(
      { dockerfile: MULTI_PLATFORM, context: readContext(), target: 'binaries', platforms: ['darwin/amd64', 'windows/amd64'], outputs: [{ type: 'local', dest: 'bin' }] },
      testDeps(),
      { onEvent: c.onEvent },
    );
    const plain = c.plain();
    expect(plain.match(/load metadata for .*/g)).toEqual(['load metadata for docker.io/library/golang:1.20-alpine']);
    expect(plain).toContain('[linux/amd64 internal] load metadata for docker.io/library/golang:1.20-alpine');
    expect(plain).toContain('[linux/amd64 base 2/3] WORKDIR /src');
    expect(plain).toContain('[linux/amd64->darwin/amd64 build-client 1/1] RUN');
    expect(plain).toContain('[linux/amd64->windows/amd64 build-server 1/1] RUN');
    expect(plain).toContain('[darwin/amd64 binaries 1/2] COPY --from=build-client /bin/client /');
    const files = new Map(r.outputs[0]!.files!.map((f) => [f.path, f]));
    expect([...files.keys()].filter((p) => p.includes('/'))).toEqual(['darwin_amd64/client', 'darwin_amd64/server', 'windows_amd64/client', 'windows_amd64/server']);
    const bytes = (p: string): Uint8Array => loadContent(files.get(p)!.content!); // go build's binaries are lazy: made when read
    const mac = bytes('darwin_amd64/server');
    expect([...mac.subarray(0, 8)]).toEqual([0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01]); // MH_MAGIC_64, CPU_TYPE_X86_64
    const win = bytes('windows_amd64/server');
    const pe = new DataView(win.buffer, win.byteOffset).getUint32(0x3c, true);
    expect(String.fromCharCode(win[0]!, win[1]!, win[pe]!, win[pe + 1]!)).toBe('MZPE');
    expect(new DataView(win.buffer, win.byteOffset).getUint16(pe + 4, true)).toBe(0x8664);
    expect(readBinaryInfo(win)).toMatchObject({ goos: 'windows', goarch: 'amd64' });
    // Realistic sizes: a little larger than the 7.46 MB Linux server.
    expect(mac.length).toBeGreaterThan(7_459_368);
    expect(win.length).toBeGreaterThan(mac.length);
    expect(win.length).toBeLessThan(8_500_000);
  }, 60_000);
});
