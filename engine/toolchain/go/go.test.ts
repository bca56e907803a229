import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { outputOf, readBinaryInfo } from '../binary/payload.ts';
import { go, projectFs, put } from './fixture.test-util.ts';

const tmp = mkdtempSync(join(tmpdir(), 'stageplay-go-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const isX64 = process.arch === 'x64' && process.platform === 'linux';

/** Writes `bytes` to a host temp file, executes it, returns stdout. */
function execute(name: string, bytes: Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  chmodSync(path, 0o755);
  const r = spawnSync(path, { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('go build of the example project', () => {
  it.runIf(isX64)('builds client and server that really run', async () => {
    const fs = projectFs();
    expect((await go(fs, 'mod download')).exitCode).toBe(0);
    const c = await go(fs, 'build -o /bin/client ./cmd/client');
    const s = await go(fs, 'build -o /bin/server ./cmd/server');
    expect([c.exitCode, c.stderr, s.exitCode, s.stderr]).toEqual([0, '', 0, '']);
    expect(execute('server', fs.readFile('/bin/server'))).toBe('Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n');
    expect(execute('client', fs.readFile('/bin/client'))).toBe(
      'buildme: a tiny client and server for learning multi-stage builds\nClient ready. Asking the server at http://localhost:3000\n',
    );
  });

  it.runIf(isX64)('-ldflags "-X main.version=v0.0.1" overrides the var', async () => {
    const fs = projectFs();
    const r = await go(fs, 'build -ldflags "-X main.version=v0.0.1" -o /bin/server ./cmd/server');
    expect(r.exitCode).toBe(0);
    expect(execute('server-v', fs.readFile('/bin/server')).split('\n')[0]).toBe('Version: v0.0.1');
  });

  it('sizes are realistic and compress like Go binaries', async () => {
    const fs = projectFs();
    await go(fs, 'build -o /bin/client ./cmd/client');
    await go(fs, 'build -o /bin/server ./cmd/server');
    const client = fs.readFile('/bin/client');
    const server = fs.readFile('/bin/server');
    for (const b of [client, server]) {
      expect(b.length).toBeGreaterThan(7_000_000);
      expect(b.length).toBeLessThan(8_000_000);
    }
    const ratio = gzipSync(server, { level: 6 }).length / server.length;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(0.6);
  });

  it('the build downloads missing modules itself, like Go', async () => {
    const fs = projectFs();
    const r = await go(fs, 'build -o /bin/server ./cmd/server');
    expect(r.stderr).toBe('go: downloading github.com/google/uuid v1.6.0\ngo: downloading github.com/spf13/pflag v1.0.5\n');
    expect(fs.stat('/go/pkg/mod/github.com/spf13/pflag@v1.0.5')?.type).toBe('dir');
  });

  it('honours GOOS/GOARCH/GOARM and writes the right headers', async () => {
    const fs = projectFs();
    await go(fs, 'build -o /out/arm64 ./cmd/server', { env: { GOARCH: 'arm64' } });
    await go(fs, 'build -o /out/arm ./cmd/server', { env: { GOARCH: 'arm', GOARM: '7' } });
    await go(fs, 'build -o /out/win.exe ./cmd/server', { env: { GOOS: 'windows' } });
    await go(fs, 'build -o /out/mac ./cmd/server', { env: { GOOS: 'darwin', GOARCH: 'arm64' } });
    const a64 = fs.readFile('/out/arm64');
    expect([a64[4], new DataView(a64.buffer).getUint16(18, true)]).toEqual([2, 183]);
    const arm = fs.readFile('/out/arm');
    expect([arm[4], new DataView(arm.buffer).getUint16(18, true)]).toEqual([1, 40]);
    expect(readBinaryInfo(arm)).toMatchObject({ goarch: 'arm', goarm: '7' });
    expect(String.fromCharCode(...fs.readFile('/out/win.exe').subarray(0, 2))).toBe('MZ');
    expect(readBinaryInfo(fs.readFile('/out/mac'))).toMatchObject({ goos: 'darwin', goarch: 'arm64' });
  });

  it('without -o writes the binary named after the package into the cwd', async () => {
    const fs = projectFs();
    const r = await go(fs, 'build ./cmd/client');
    expect(r.exitCode).toBe(0);
    const info = readBinaryInfo(fs.readFile('/src/client'));
    expect(info?.pkg).toBe('github.com/stageplay/buildme/cmd/client');
  });

  it('a warm GOCACHE makes the rebuild faster; durations grow with source', async () => {
    const fs = projectFs();
    await go(fs, 'mod download');
    const cold = await go(fs, 'build -o /bin/server ./cmd/server');
    const warm = await go(fs, 'build -o /bin/server ./cmd/server');
    expect(warm.modeledMs).toBeLessThan(cold.modeledMs / 3);
    const small = projectFs();
    const big = projectFs();
    const pad = Array.from({ length: 3000 }, (_, i) => `// line ${i} of a much larger program`).join('\n');
    put(big, '/src/cmd/server/extra.go', `package main\n\n${pad}\n`);
    const a = await go(small, 'build -o /bin/server ./cmd/server');
    const b = await go(big, 'build -o /bin/server ./cmd/server');
    expect(b.modeledMs).toBeGreaterThan(a.modeledMs);
    expect(big.readFile('/bin/server').length).toBeGreaterThan(small.readFile('/bin/server').length);
  });
});

describe('go build errors', () => {
  it('missing directory', async () => {
    const r = await go(projectFs(), 'build ./cmd/nope');
    expect([r.exitCode, r.stderr]).toEqual([1, 'stat /src/cmd/nope: directory not found\n']);
  });

  it('missing go.sum entry', async () => {
    const fs = projectFs();
    put(fs, '/src/go.sum', 'github.com/spf13/pflag v1.0.5 h1:iy+VFUOCP1a+8yFto/drg2CJ5u0yRoB7fZw3DKv/JXA=\n');
    const r = await go(fs, 'build ./cmd/server');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'cmd/server/main.go:9:2: missing go.sum entry for module providing package github.com/google/uuid (imported by github.com/stageplay/buildme/cmd/server); to add:\n\tgo get github.com/stageplay/buildme/cmd/server\n',
    );
  });

  it('imports nobody provides, std typos and missing own packages', async () => {
    const fs = projectFs();
    put(fs, '/src/cmd/x/main.go', 'package main\n\nimport (\n\t"fmt"\n\t"strngs"\n\t"github.com/foo/bar"\n\t"github.com/stageplay/buildme/internal/nope"\n)\n\nfunc main() { fmt.Println(strngs.X, bar.Y, nope.Z) }\n');
    const r = await go(fs, 'build ./cmd/x');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      [
        'cmd/x/main.go:5:2: package strngs is not in std (/usr/local/go/src/strngs)',
        'cmd/x/main.go:6:2: no required module provides package github.com/foo/bar; to add it:\n\tgo get github.com/foo/bar',
        'cmd/x/main.go:7:2: main module (github.com/stageplay/buildme) does not contain package github.com/stageplay/buildme/internal/nope',
        '',
      ].join('\n'),
    );
  });

  it('syntax errors, unused imports and a missing func main', async () => {
    const fs = projectFs();
    put(fs, '/src/cmd/a/main.go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n');
    put(fs, '/src/cmd/b/main.go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi)\n}\n');
    put(fs, '/src/cmd/c/main.go', 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tfmt.Println("hi")\n}\n');
    put(fs, '/src/cmd/d/main.go', 'package main\n\nfunc helper() {}\n');
    const err = async (p: string): Promise<string> => (await go(fs, `build ./cmd/${p}`)).stderr;
    expect(await err('a')).toBe('# github.com/stageplay/buildme/cmd/a\ncmd/a/main.go:7:1: syntax error: unexpected EOF, expected }\n');
    expect(await err('b')).toBe('# github.com/stageplay/buildme/cmd/b\ncmd/b/main.go:6:18: newline in string\n');
    expect(await err('c')).toBe('# github.com/stageplay/buildme/cmd/c\ncmd/c/main.go:5:2: "os" imported and not used\n');
    expect(await err('d')).toBe('# github.com/stageplay/buildme/cmd/d\nruntime.main_main·f: function main is undeclared in the main package\n');
    // every file's (first) syntax error, file by file
    put(fs, '/src/cmd/e/main.go', 'package main\n\nfunc main() {\n\tif true\n\t{\n\t}\n}\n');
    put(fs, '/src/cmd/e/util.go', 'package main\n\nx := 1\n');
    expect(await err('e')).toBe('# github.com/stageplay/buildme/cmd/e\ncmd/e/main.go:4:9: syntax error: unexpected newline, expected { after if clause\ncmd/e/util.go:3:1: syntax error: non-declaration statement outside function body\n');
  });

  it('undefined selectors of same-module packages', async () => {
    const fs = projectFs();
    const src = new TextDecoder().decode(fs.readFile('/src/cmd/client/main.go')).replace('greeting.Banner', 'greeting.Bannr');
    put(fs, '/src/cmd/client/main.go', src);
    await go(fs, 'mod download');
    const r = await go(fs, 'build ./cmd/client');
    expect(r.stderr).toBe('# github.com/stageplay/buildme/cmd/client\ncmd/client/main.go:18:23: undefined: greeting.Bannr\n');
  });

  it('CGO_ENABLED=1 needs a C compiler and links against the C library loader', async () => {
    const fs = projectFs();
    const r = await go(fs, 'build -o /bin/server ./cmd/server', { env: { CGO_ENABLED: '1' } });
    expect([r.exitCode, r.stderr.split('\n').slice(-3).join('\n')]).toEqual([
      1,
      '# runtime/cgo\ncgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH\n',
    ]);
    put(fs, '/usr/bin/gcc', 'stageplay-tool:gcc\n');
    put(fs, '/lib/ld-musl-x86_64.so.1', '');
    expect((await go(fs, 'build -o /bin/server ./cmd/server', { env: { CGO_ENABLED: '1' } })).exitCode).toBe(0);
    expect(readBinaryInfo(fs.readFile('/bin/server'))?.interp).toBe('/lib/ld-musl-x86_64.so.1');
    await go(fs, 'build -o /bin/static ./cmd/server', { env: { CGO_ENABLED: '0' } });
    expect(readBinaryInfo(fs.readFile('/bin/static'))?.interp).toBeUndefined();
  });

  it('outside a module and with an unknown flag', async () => {
    const fs = projectFs();
    const r = await go(fs, 'build .', { cwd: '/tmp' });
    expect(r.stderr).toBe("go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n");
    const f = await go(fs, 'build -nope ./cmd/server');
    expect([f.exitCode, f.stderr.split('\n')[0]]).toEqual([2, 'flag provided but not defined: -nope']);
  });

  it('GOFLAGS applies before the command line', async () => {
    const fs = projectFs();
    const r = await go(fs, 'build -o /bin/server ./cmd/server', { env: { GOFLAGS: '-ldflags=-X=main.version=from-goflags' } });
    expect(r.exitCode).toBe(0);
    expect(outputOf(readBinaryInfo(fs.readFile('/bin/server'))!, 1).split('\n')[0]).toBe('Version: from-goflags');
  });
});
