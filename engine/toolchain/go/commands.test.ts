import { describe, expect, it } from 'vitest';
import { go, projectFs, put } from './fixture.test-util.ts';

describe('go version and go env', () => {
  it('reports the image Go version and host platform', async () => {
    const r = await go(projectFs(), 'version', { env: { GOLANG_VERSION: '1.19.13', GOARCH: 'arm64' } });
    expect(r.stdout).toBe('go version go1.19.13 linux/amd64\n');
  });

  it('prints settings, single values and follows the environment', async () => {
    const fs = projectFs();
    const all = await go(fs, 'env', { env: { GOOS: 'linux', GOARCH: 'arm', GOFLAGS: '-mod=mod' }, platform: 'linux/amd64' });
    expect(all.stdout).toContain('GOARCH="arm"\n');
    expect(all.stdout).toContain('GOARM="7"\n');
    expect(all.stdout).toContain('GOFLAGS="-mod=mod"\n');
    expect(all.stdout).toContain('GOMOD="/src/go.mod"\n');
    const some = await go(fs, 'env GOPATH GOROOT GOCACHE GOMODCACHE CGO_ENABLED');
    expect(some.stdout).toBe('/go\n/usr/local/go\n/root/.cache/go-build\n/go/pkg/mod\n0\n');
    const native = await go(fs, 'env GOOS GOARCH GOARM', { platform: 'linux/arm/v6' });
    expect(native.stdout).toBe('linux\narm\n6\n');
  });
});

describe('go mod download', () => {
  it('fills the module cache; -x shows the proxy fetches', async () => {
    const fs = projectFs();
    const r = await go(fs, 'mod download -x');
    expect(r.exitCode).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('pflag') && l.endsWith('.zip'));
    expect(lines).toEqual(['# get https://proxy.golang.org/github.com/spf13/pflag/@v/v1.0.5.zip']);
    expect(r.stderr).toMatch(/# get https:\/\/proxy\.golang\.org\/github\.com\/spf13\/pflag\/@v\/v1\.0\.5\.zip: 200 OK \(0\.\d{3}s\)\n/);
    const zip = fs.stat('/go/pkg/mod/cache/download/github.com/spf13/pflag/@v/v1.0.5.zip');
    expect(zip?.size).toBeGreaterThan(50_000);
    expect(fs.stat('/go/pkg/mod/github.com/google/uuid@v1.6.0/go.mod')?.mode).toBe(0o444);
    const again = await go(fs, 'mod download -x');
    expect([again.stderr, again.modeledMs < r.modeledMs]).toEqual(['', true]);
  });

  it('downloading takes longer with more modules', async () => {
    const one = projectFs();
    put(one, '/src/go.mod', 'module example.com/m\n\ngo 1.20\n\nrequire github.com/spf13/pflag v1.0.5\n');
    const a = await go(one, 'mod download');
    const b = await go(projectFs(), 'mod download');
    expect(b.modeledMs).toBeGreaterThan(a.modeledMs);
  });

  it('escapes upper case module paths', async () => {
    const fs = projectFs();
    put(fs, '/src/go.mod', 'module example.com/m\n\ngo 1.20\n\nrequire github.com/BurntSushi/toml v1.3.2\n');
    const r = await go(fs, 'mod download -x');
    expect(r.stderr).toContain('# get https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.3.2.zip\n');
    expect(fs.stat('/go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2')?.type).toBe('dir');
  });

  it('reports a broken go.mod', async () => {
    const fs = projectFs();
    put(fs, '/src/go.mod', 'module example.com/m\n\ngo 1.20\nrequires x v1\n');
    const r = await go(fs, 'mod download');
    expect([r.exitCode, r.stderr]).toEqual([1, 'go: errors parsing go.mod:\n/src/go.mod:4: unknown directive: requires\n']);
  });
});

describe('go mod tidy', () => {
  it('drops unused requirements and adds missing ones', async () => {
    const fs = projectFs();
    put(fs, '/src/cmd/extra/main.go', 'package main\n\nimport "github.com/acme/widgets/color"\n\nfunc main() { color.Paint() }\n');
    put(fs, '/src/go.mod', 'module github.com/stageplay/buildme\n\ngo 1.20\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgithub.com/spf13/pflag v1.0.5\n\tgithub.com/unused/thing v0.1.0\n)\n');
    const r = await go(fs, 'mod tidy');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('go: finding module for package github.com/acme/widgets/color\n');
    const mod = new TextDecoder().decode(fs.readFile('/src/go.mod'));
    expect(mod).toContain('\tgithub.com/acme/widgets v1.0.0\n');
    expect(mod).not.toContain('unused');
    const sum = new TextDecoder().decode(fs.readFile('/src/go.sum'));
    expect(sum).toContain('github.com/spf13/pflag v1.0.5 h1:iy+VFUOCP1a+8yFto/drg2CJ5u0yRoB7fZw3DKv/JXA=\n');
    expect(sum).toContain('github.com/acme/widgets v1.0.0/go.mod h1:');
  });
});

describe('go test', () => {
  it('reports ok, no test files, and -v lines', async () => {
    const r = await go(projectFs(), 'test ./...');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      '?   \tgithub.com/stageplay/buildme/cmd/client\t[no test files]\n' +
        '?   \tgithub.com/stageplay/buildme/cmd/server\t[no test files]\n' +
        'ok  \tgithub.com/stageplay/buildme/internal/greeting\t0.004s\n',
    );
    const v = await go(projectFs(), 'test -v -run Stranger ./internal/...');
    expect(v.stdout).toBe(
      '=== RUN   TestForFallsBackToStranger\n--- PASS: TestForFallsBackToStranger (0.00s)\nPASS\nok  \tgithub.com/stageplay/buildme/internal/greeting\t0.003s\n',
    );
  });

  it('a second identical run reports (cached)', async () => {
    const fs = projectFs();
    await go(fs, 'test ./internal/greeting');
    const again = await go(fs, 'test ./internal/greeting');
    expect(again.stdout).toBe('ok  \tgithub.com/stageplay/buildme/internal/greeting\t(cached)\n');
    put(fs, '/src/internal/greeting/more_test.go', 'package greeting\n\nimport "testing"\n\nfunc TestMore(t *testing.T) {}\n');
    expect((await go(fs, 'test ./internal/greeting')).stdout).not.toContain('(cached)');
  });

  it('a top-level t.Fatal fails the test in Go format; -cover adds coverage', async () => {
    const fs = projectFs();
    put(fs, '/src/internal/greeting/broken_test.go', 'package greeting\n\nimport "testing"\n\nfunc TestBroken(t *testing.T) {\n\tt.Fatal("always broken")\n}\n');
    const r = await go(fs, 'test ./internal/greeting');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe(
      '--- FAIL: TestBroken (0.00s)\n    broken_test.go:6: always broken\nFAIL\nFAIL\tgithub.com/stageplay/buildme/internal/greeting\t0.005s\nFAIL\n',
    );
    const v = await go(fs, 'test -v ./internal/greeting');
    expect(v.stdout).toContain('=== RUN   TestBroken\n    broken_test.go:6: always broken\n--- FAIL: TestBroken (0.00s)\n');
    expect(v.stdout).toContain('--- PASS: TestForUsesTheName (0.00s)\n');
    const only = await go(fs, 'test -run UsesTheName ./internal/greeting');
    expect([only.exitCode, only.stdout]).toEqual([0, 'ok  \tgithub.com/stageplay/buildme/internal/greeting\t0.003s\n']);
    const c = await go(projectFs(), 'test -cover ./internal/greeting');
    expect(c.stdout).toBe('ok  \tgithub.com/stageplay/buildme/internal/greeting\t0.004s\tcoverage: 100.0% of statements\n');
  });
});

describe('go run', () => {
  it('runs the program (a server with nothing to stop it ends, exit status 1); cross-compiled programs cannot run', async () => {
    const fs = projectFs();
    const r = await go(fs, 'run -ldflags "-X main.version=dev" ./cmd/server');
    expect([r.exitCode, r.stdout]).toEqual([1, 'Version: dev\nStarting server...\nListening on HTTP port 3000\n']);
    expect(r.stderr).toMatch(/(^|\n)stageplay: this process has nothing that can stop it \(no signal\), so instead of serving on :3000 for ever it ends here\nexit status 1\n$/);
    const x = await go(fs, 'run ./cmd/server', { env: { GOARCH: 'arm64' } });
    expect([x.exitCode, x.stderr]).toEqual([1, 'fork/exec /tmp/go-build/b001/exe/server: exec format error\n']);
  });
});

describe('go vet and go install', () => {
  it('vet is silent on the example and reports compile errors with a vet prefix', async () => {
    const fs = projectFs();
    expect(await go(fs, 'vet ./...')).toMatchObject({ exitCode: 0, stdout: '', stderr: expect.stringMatching(/^(go: downloading .*\n)*$/) });
    put(fs, '/src/cmd/c/main.go', 'package main\n\nimport "os"\n\nfunc main() {}\n');
    const r = await go(fs, 'vet ./cmd/c');
    expect(r.stderr).toBe('# github.com/stageplay/buildme/cmd/c\nvet: cmd/c/main.go:3:8: "os" imported and not used\n');
  });

  it('install writes to GOPATH/bin (per-platform dir when cross compiling)', async () => {
    const fs = projectFs();
    expect((await go(fs, 'install ./cmd/...')).exitCode).toBe(0);
    expect(fs.stat('/go/bin/client')?.mode).toBe(0o755);
    expect(fs.stat('/go/bin/server')?.type).toBe('file');
    await go(fs, 'install ./cmd/server', { env: { GOARCH: 'arm64' } });
    expect(fs.stat('/go/bin/linux_arm64/server')?.type).toBe('file');
  });
});
