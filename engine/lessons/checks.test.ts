import { describe, expect, it } from 'vitest';
import { evaluateCheck } from './checks.ts';
import { build, image } from './fixture.test-util.ts';
import type { BuildRecord, Check, CheckKind } from './types.ts';

const MB = 1_000_000;

/** A parallel build of the chapter 3 Dockerfile with `target`, as BuildKit would report it. */
function multiStage(opts: { target?: string; overlap?: boolean; cachedDownload?: boolean; tags?: string[] } = {}): BuildRecord {
  const shift = opts.overlap === false ? 4000 : 0;
  const withClient = opts.target !== 'server';
  const withServer = opts.target !== 'client';
  return build({
    command: `docker build${opts.target ? ` --target=${opts.target}` : ''} .`,
    ...(opts.target ? { target: opts.target } : {}),
    tags: opts.tags ?? [],
    steps: [
      { name: '[internal] load build definition from Dockerfile', start: 0, end: 10 },
      { name: '[base 1/5] FROM docker.io/library/golang:1.20-alpine', stage: 'base', start: 10, end: 20, cached: true },
      { name: '[base 4/5] RUN go mod download', stage: 'base', start: 20, end: opts.cachedDownload ? 20 : 900, cached: opts.cachedDownload === true },
      { name: '[base 5/5] COPY . .', stage: 'base', start: 900, end: 950 },
      ...(withClient ? [{ name: '[build-client 1/1] RUN go build -o /bin/client ./cmd/client', stage: 'build-client', start: 950, end: 4900 }] : []),
      ...(withServer ? [{ name: '[build-server 1/1] RUN go build -o /bin/server ./cmd/server', stage: 'build-server', start: 960 + shift, end: 4800 + shift }] : []),
    ],
  });
}

const failedLint = build({
  command: 'docker build --target=lint .',
  target: 'lint',
  ok: false,
  error: 'process "/bin/sh -c golangci-lint run" did not complete successfully: exit code: 1',
  steps: [{
    name: '[lint 3/3] RUN --mount=type=bind,target=. golangci-lint run', stage: 'lint', start: 0, end: 100,
    error: 'process "/bin/sh -c golangci-lint run" did not complete successfully: exit code: 1',
    log: 'cmd/server/main.go:26:10: Error return value of `w.Write` is not checked (errcheck)\n',
  }],
});

/** Per kind: histories where the check passes and fails, and words the failure must explain. */
const cases: { check: Check; passes: BuildRecord[]; fails: BuildRecord[]; says: RegExp }[] = [
  {
    check: { kind: 'image-exists', image: 'buildme' },
    passes: [build({ images: [image('buildme:latest')] })],
    fails: [build({ images: [image('buildme-client')] })],
    says: /no image called buildme:latest/,
  },
  {
    check: { kind: 'image-size', image: 'buildme:latest', max: 15 * MB },
    passes: [build({ images: [image('buildme', { size: 8_450_000 })] })],
    fails: [build({ images: [image('buildme', { size: 150_000_000 })] })],
    says: /buildme:latest is 150MB; this step expects less than 15MB/,
  },
  {
    check: { kind: 'image-size', image: 'buildme', min: 100 * MB },
    passes: [build({ images: [image('docker.io/library/buildme:latest', { size: 150_000_000 })] })],
    fails: [build({ images: [image('buildme', { size: 8_450_000 })] })],
    says: /buildme:latest is 8.45MB; this step expects more than 100MB/,
  },
  {
    check: { kind: 'stages-overlap', stages: ['build-client', 'build-server'] },
    passes: [multiStage()],
    fails: [multiStage({ overlap: false })],
    says: /ran one after the other/,
  },
  {
    check: { kind: 'stage-not-built', stage: 'build-server', target: 'client' },
    passes: [multiStage({ target: 'client' }), multiStage({ target: 'server' })],
    fails: [multiStage({ target: 'client' }), multiStage()].map((b, i) => (i === 1 ? { ...b, target: 'client' } : b)),
    says: /still built build-server \(`RUN go build -o \/bin\/server \.\/cmd\/server`\)/,
  },
  {
    check: { kind: 'step-cached', match: 'go mod download' },
    passes: [multiStage(), multiStage({ cachedDownload: true })],
    fails: [multiStage({ cachedDownload: true }), multiStage()],
    says: /`go mod download` ran again in your last build/,
  },
  {
    check: { kind: 'step-ran', match: 'COPY . .', cached: false },
    passes: [multiStage()],
    fails: [build({ steps: [{ name: '[base 5/5] COPY . .', stage: 'base', start: 0, end: 0, cached: true }] })],
    says: /`COPY \. \.` came from the cache/,
  },
  {
    check: { kind: 'step-ran', match: 'COPY . .', cached: false, because: 'files-changed' },
    passes: [build({ steps: [{ name: '[base 5/5] COPY . .', start: 0, end: 1, cause: { kind: 'files-changed', paths: ['cmd/server/main.go'] } }] })],
    fails: [build({ steps: [
      { name: '[base 3/5] COPY go.mod go.sum .', start: 0, end: 1, cause: { kind: 'instruction-changed', before: 'COPY . .', after: 'COPY go.mod go.sum .' } },
      { name: '[base 5/5] COPY . .', start: 1, end: 2, cause: { kind: 'parent-ran', vertex: 1, name: '[base 3/5] COPY go.mod go.sum .' } },
    ] })],
    says: /ran `COPY \. \.` because a step it builds on ran: #1 \[base 3\/5\] COPY go\.mod go\.sum \., but this step expects it to run because a file it copies changed/,
  },
  {
    check: { kind: 'no-step', match: 'COPY . .' },
    passes: [build({ steps: [{ name: '[base 2/2] RUN --mount=type=bind,target=. go build', start: 0, end: 1 }] })],
    fails: [multiStage()],
    says: /still has `COPY \. \.`; this step removes it/,
  },
  {
    check: { kind: 'file-in-image', image: 'buildme', path: '/bin/client' },
    passes: [build({ images: [image('buildme', { files: ['/bin', '/bin/client', '/bin/server'] })] })],
    fails: [build({ images: [image('buildme')] })],
    says: /buildme:latest has no \/bin\/client/,
  },
  {
    check: { kind: 'output-file', path: 'bin/server' },
    passes: [build({ outputs: ['./bin', './bin/server'] }), build()],
    fails: [build({ outputs: ['bin/client'] })],
    says: /No build has written bin\/server yet/,
  },
  {
    check: { kind: 'entrypoint', image: 'buildme-client', value: ['/bin/client'] },
    passes: [build({ images: [image('buildme-client', { entrypoint: ['/bin/client'] })] })],
    fails: [build({ images: [image('buildme-client')] })],
    says: /buildme-client:latest's ENTRYPOINT is \["\/bin\/server"\]; this step expects \["\/bin\/client"\]/,
  },
  {
    check: { kind: 'build-failed-with', match: 'Error return value of `w.Write` is not checked (errcheck)', target: 'lint' },
    passes: [failedLint],
    fails: [failedLint, { ...failedLint, ok: true, events: [] }],
    says: /succeeded; this step expects it to fail/,
  },
  {
    check: { kind: 'platforms', image: 'buildme-server', platforms: ['linux/arm/v7'] },
    passes: [build({ images: [image('buildme-server', { platforms: ['linux/arm/v7'] })] })],
    fails: [build({ images: [image('buildme-server', { platforms: ['linux/amd64'] })] })],
    says: /built for linux\/amd64; this step expects linux\/arm\/v7/,
  },
  {
    check: { kind: 'image-prints', image: 'buildme-server', lines: ['Version: v0.0.1', 'Starting server...'] },
    passes: [build({ images: [image('buildme-server', { run: { exitCode: 0, output: 'Version: v0.0.1\nStarting server...\n' } })] })],
    fails: [build({ images: [image('buildme-server', { run: { exitCode: 0, output: 'Version: 0.0.0+unknown\nStarting server...\n' } })] })],
    says: /printed "Version: 0\.0\.0\+unknown" where this step expects "Version: v0\.0\.1" \(line 1 of/,
  },
  {
    check: { kind: 'all', checks: [{ kind: 'image-exists', image: 'a' }, { kind: 'image-exists', image: 'b' }] },
    passes: [build({ images: [image('a'), image('b')] })],
    fails: [build({ images: [image('a')] })],
    says: /^There is no image called b:latest yet/,
  },
];

describe('evaluateCheck', () => {
  it('covers every kind of check', () => {
    const kinds: CheckKind[] = ['image-exists', 'image-size', 'stages-overlap', 'stage-not-built', 'step-cached', 'step-ran', 'no-step', 'file-in-image', 'output-file', 'entrypoint', 'build-failed-with', 'platforms', 'run-output', 'image-prints', 'all'];
    const covered = new Set([...cases.map((c) => c.check.kind), 'run-output']);
    expect([...covered].sort()).toEqual([...kinds].sort());
  });

  it.each(cases)('$check.kind passes and explains what it found', ({ check, passes }) => {
    const r = evaluateCheck(check, passes);
    expect(r.ok, r.explanation).toBe(true);
    expect(r.explanation.length).toBeGreaterThan(10);
  });

  it.each(cases)('$check.kind fails and says what is missing', ({ check, fails, says }) => {
    const r = evaluateCheck(check, fails);
    expect(r.ok).toBe(false);
    expect(r.explanation).toMatch(says);
  });

  it('run-output reads the latest run of the image', () => {
    const check: Check = { kind: 'run-output', image: 'buildme-server', match: 'Version: v0.0.1' };
    const run = (output: string) => ({ command: 'docker run buildme-server', image: 'buildme-server', exitCode: 0, output });
    expect(evaluateCheck(check, [], [run('Version: v0.0.1\nStarting server...\n')]).ok).toBe(true);
    expect(evaluateCheck(check, [], [run('Version: v0.0.1\n'), run('Version: 0.0.0+unknown\n')]).explanation).toMatch(/did not print "Version: v0.0.1"/);
    expect(evaluateCheck(check, [], []).explanation).toMatch(/You have not run buildme-server:latest yet/);
  });

  it('image-prints says what the image printed: a failed start, too few or too many lines, nothing to run', () => {
    const check: Check = { kind: 'image-prints', image: 'buildme', lines: ['a', 'b'] };
    const history = (over: Parameters<typeof image>[1]) => [build({ images: [image('buildme', over)] })];
    expect(evaluateCheck(check, history({ run: { exitCode: 127, output: 'exec /bin/server: no such file or directory\n' } })).explanation)
      .toBe('Running buildme:latest failed with exit code 127: "exec /bin/server: no such file or directory".');
    expect(evaluateCheck(check, history({ run: { exitCode: 0, output: 'a\n' } })).explanation).toBe('Running buildme:latest printed nothing more where this step expects "b" (line 2 of "a", "b").');
    expect(evaluateCheck(check, history({ run: { exitCode: 0, output: 'a\nb\nc\n' } })).explanation).toBe('Running buildme:latest printed "a", "b", "c": 1 line(s) more than this step expects ("a", "b").');
    expect(evaluateCheck(check, history({ entrypoint: ['/bin/sh'] })).explanation).toMatch(/does not start a program built by go build \(its ENTRYPOINT is \["\/bin\/sh"\]\)/);
    expect(evaluateCheck(check, []).explanation).toBe('There is no image called buildme:latest yet, so it cannot be run.');
  });

  it('exec-output reads the latest docker exec in the named container; output-file reads the workspace as it is', () => {
    const check: Check = { kind: 'exec-output', container: 'buildme', match: 'Hello, stranger!' };
    const exec = (output: string, exitCode = 0) => ({ command: 'docker exec -it buildme /bin/client', image: 'buildme', container: 'buildme', exitCode, output });
    expect(evaluateCheck(check, [], [exec('banner\nHello, stranger! This reply came from inside a container.\n')])).toEqual({ ok: true, explanation: '`docker exec -it buildme /bin/client` printed "Hello, stranger!".' });
    expect(evaluateCheck(check, [], [exec('no server is listening yet: Get ...: connection refused\n', 1)]).explanation).toBe('`docker exec -it buildme /bin/client` failed with exit code 1: "no server is listening yet: Get ...: connection refused".');
    // a docker run of the image is not an exec
    expect(evaluateCheck(check, [], [{ command: 'docker run buildme', image: 'buildme', exitCode: 0, output: 'Hello, stranger!\n' }]).explanation).toMatch(/^You have not run a program in the container `buildme` yet/);
    expect(evaluateCheck({ kind: 'run-output', image: 'buildme', match: 'Hello' }, [], [exec('Hello\n')]).ok).toBe(false);
    const exported = build({ command: 'docker build --output=. --target=server .', outputs: ['bin/server'] });
    const file: Check = { kind: 'output-file', path: 'bin/server' };
    expect(evaluateCheck(file, [exported], [], new Set(['bin/server', 'go.mod'])).ok).toBe(true);
    expect(evaluateCheck(file, [exported], [], new Set(['go.mod']))).toEqual({ ok: false, explanation: 'bin/server was exported, but is no longer in your workspace. Build again to write it.' });
    expect(evaluateCheck(file, [exported]).ok).toBe(true);
  });

  it('image-prints: a server passes once it listens, a client alone passes with the exit code the step expects', () => {
    const history = (run: { exitCode: number; output: string; serving?: number }) => [build({ images: [image('buildme', { run })] })];
    const server: Check = { kind: 'image-prints', image: 'buildme', lines: ['a', 'b'] };
    expect(evaluateCheck(server, history({ exitCode: 143, output: 'a\nb\n', serving: 3000 }))).toEqual({ ok: true, explanation: 'Running buildme:latest printed "a", "b" and listens on port 3000.' });
    expect(evaluateCheck(server, history({ exitCode: 143, output: 'a\n', serving: 3000 })).ok).toBe(false);
    const client: Check = { kind: 'image-prints', image: 'buildme', lines: ['a', 'refused'], exitCode: 1 };
    expect(evaluateCheck(client, history({ exitCode: 1, output: 'a\nrefused\n' }))).toEqual({ ok: true, explanation: 'Running buildme:latest printed "a", "refused" and exited 1.' });
    expect(evaluateCheck(client, history({ exitCode: 0, output: 'a\nrefused\n' })).explanation).toBe('Running buildme:latest ended with exit code 0; this step expects 1 (it printed "a", "refused").');
  });

  it('a failed build\'s explanation ends with what its failing step printed last', () => {
    const r = evaluateCheck({ kind: 'step-ran', match: 'golangci-lint run', target: 'lint' }, [failedLint]);
    expect(r.ok).toBe(false);
    expect(r.explanation).toContain('Its step `RUN --mount=type=bind,target=. golangci-lint run` printed: "cmd/server/main.go:26:10: Error return value of `w.Write` is not checked (errcheck)". Fix it and build again.');
  });

  it('says when there is no build to read', () => {
    expect(evaluateCheck({ kind: 'step-cached', match: 'go mod download' }, []).explanation).toMatch(/You have not run a build yet/);
    expect(evaluateCheck({ kind: 'stage-not-built', stage: 'build-server', target: 'client' }, [multiStage()]).explanation)
      .toMatch(/not built the `client` target yet: `docker build --target=client \.` builds it\.$/);
    expect(evaluateCheck({ kind: 'image-size', image: 'x', max: 1 }, []).explanation).toMatch(/no image called x:latest/);
  });

  it('says when the build it reads failed', () => {
    const r = evaluateCheck({ kind: 'stages-overlap', stages: ['build-client', 'build-server'] }, [failedLint]);
    expect(r).toEqual({ ok: false, explanation: expect.stringMatching(/^Your last build \(`docker build --target=lint .`\) failed: process/) });
  });

  it('stages-overlap explains cached and missing stages', () => {
    const allCached: BuildRecord = { ...multiStage(), events: multiStage().events.map((e) => (e.kind === 'vertex-done' ? { ...e, cached: true } : e)) };
    expect(evaluateCheck({ kind: 'stages-overlap', stages: ['build-client', 'build-server'] }, [allCached]).explanation).toMatch(/build-client came from the cache/);
    expect(evaluateCheck({ kind: 'stages-overlap', stages: ['build-client', 'build-server'] }, [multiStage({ target: 'client' })]).explanation).toMatch(/no stage called build-server/);
  });

  it('build-failed-with tells a different failure apart', () => {
    const other = { ...failedLint, events: [] };
    expect(evaluateCheck({ kind: 'build-failed-with', match: 'errcheck', target: 'lint' }, [other]).explanation).toMatch(/failed, but not with "errcheck": process/);
  });

  it('output-file mentions a failed last build', () => {
    const failed = build({ command: 'docker build -o bin .', ok: false, error: 'no match for platform in manifest: not found' });
    expect(evaluateCheck({ kind: 'output-file', path: 'bin/x' }, [failed]).explanation)
      .toBe('No build has written bin/x yet. Export files with `--output` (and the right `--target`). Your last build (`docker build -o bin .`) failed: no match for platform in manifest: not found.');
  });

  it('all: two checks that found the same step say it once', () => {
    const b = build({ steps: [{ name: '[base 4/5] RUN --mount=type=cache,target=/go/pkg/mod/ go mod download -x', start: 0, end: 9 }] });
    const check = { kind: 'all', checks: [{ kind: 'step-ran', match: '--mount=type=cache' }, { kind: 'step-ran', match: 'go mod download -x' }] } as const;
    expect(evaluateCheck(check, [b])).toEqual({ ok: true, explanation: 'Your last build ran `RUN --mount=type=cache,target=/go/pkg/mod/ go mod download -x`.' });
  });

  it('all: exported files are one sentence per build that wrote them, and one for those missing', () => {
    const files = ['bin/linux_amd64/client', 'bin/linux_amd64/server', 'bin/linux_arm64/client'];
    const check = { kind: 'all', checks: files.map((path) => ({ kind: 'output-file', path }) as const) } as const;
    const one = build({ command: 'docker build --output=bin --platform=linux/amd64,linux/arm64 .', outputs: files });
    expect(evaluateCheck(check, [one])).toEqual({
      ok: true,
      explanation: '`docker build --output=bin --platform=linux/amd64,linux/arm64 .` exported bin/linux_amd64/client, bin/linux_amd64/server and bin/linux_arm64/client.',
    });
    const partial = build({ command: 'docker build --output=bin .', outputs: files.slice(0, 2) });
    expect(evaluateCheck(check, [partial])).toEqual({
      ok: false,
      explanation: 'No build has written bin/linux_arm64/client yet. Export files with `--output` (and the right `--target`).',
    });
  });

  it('names steps by their instruction, with continuation lines collapsed', () => {
    const b = build({ steps: [{ name: '[base 4/5] RUN --mount=type=cache,target=/go/pkg/mod/     go mod download -x', start: 0, end: 9 }] });
    expect(evaluateCheck({ kind: 'step-ran', match: 'go mod download' }, [b]).explanation).toBe('Your last build ran `RUN --mount=type=cache,target=/go/pkg/mod/ go mod download -x`.');
  });

  it('a later build that reuses a tag replaces the image', () => {
    const history = [build({ images: [image('buildme', { size: 150 * MB })] }), build({ images: [image('buildme:latest', { size: 8 * MB })] })];
    expect(evaluateCheck({ kind: 'image-size', image: 'buildme', max: 15 * MB }, history).ok).toBe(true);
    expect(evaluateCheck({ kind: 'image-size', image: 'buildme', min: 100 * MB }, history).ok).toBe(false);
  });
});
