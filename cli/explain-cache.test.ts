/**
 * `docker build --explain-cache` (stageplay's flag): after the progress, one line per step
 * saying why it was CACHED or ran; without the flag the output is unchanged.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR } from '#engine/build/testing/project';
import { runCli } from './cli.ts';

// chapter 2's Dockerfile (go.mod first), with a light last step: the causes are under test, not the binary
const DF = `FROM golang:1.20-alpine
WORKDIR /src
COPY go.mod go.sum .
RUN go mod download
COPY . .
RUN wc -c cmd/server/main.go > /size.txt
`;

async function run(cwd: string, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--root', join(cwd, '.state')], { cwd, env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-explain-'));
  cpSync(PROJECT_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), DF);
  writeFileSync(join(dir, '.dockerignore'), '.state\n');
  return dir;
}

/** The lines after the progress that --explain-cache adds (`#N [i/n] ...: CACHED|ran: ...`). */
const explained = (stderr: string) => stderr.split('\n').filter((l) => /^#\d+ \[[^\]]*\] .*: (CACHED|ran: .*)$/.test(l));

describe('docker build --explain-cache', () => {
  it('says why each step ran after an edit, and the first build says first build', async () => {
    const dir = project();
    const first = await run(dir, ['build', '--progress=plain', '--explain-cache', '.']);
    expect(first.code).toBe(0);
    const firstBuild = 'ran: first build (the cache has no earlier record of this step)';
    expect(explained(first.stderr).map((l) => l.replace(/^#\d+ /, ''))).toEqual([
      `[2/6] WORKDIR /src: ${firstBuild}`,
      `[3/6] COPY go.mod go.sum .: ${firstBuild}`,
      `[4/6] RUN go mod download: ${firstBuild}`,
      `[5/6] COPY . .: ${firstBuild}`,
      `[6/6] RUN wc -c cmd/server/main.go > /size.txt: ${firstBuild}`,
    ]);
    const main = join(dir, 'cmd/server/main.go');
    writeFileSync(main, readFileSync(main, 'utf8') + '\n// edited\n');
    const second = await run(dir, ['build', '--progress=plain', '--explain-cache', '.']);
    expect(second.code).toBe(0);
    const lines = explained(second.stderr);
    const copy = lines.find((l) => l.includes('COPY . .'))!;
    const n = /^#(\d+)/.exec(copy)![1];
    expect(lines.map((l) => l.replace(/^#\d+ /, ''))).toEqual([
      '[2/6] WORKDIR /src: CACHED',
      '[3/6] COPY go.mod go.sum .: CACHED',
      '[4/6] RUN go mod download: CACHED',
      '[5/6] COPY . .: ran: a file it copies changed: cmd/server/main.go',
      `[6/6] RUN wc -c cmd/server/main.go > /size.txt: ran: a step it builds on ran: #${n} [5/6] COPY . .`,
    ]);
    // the lines come after the whole progress display
    expect(second.stderr.endsWith(`${lines.join('\n')}\n`)).toBe(true);
  }, 120_000);

  it('without the flag the output has none of it; a build arg and --no-cache say so with it', async () => {
    const dir = project();
    writeFileSync(join(dir, 'Dockerfile'), `${DF}ARG APP_VERSION=0.0.0+unknown\nRUN echo $APP_VERSION > /v.txt\n`);
    const plain = await run(dir, ['build', '--progress=plain', '.']);
    expect(plain.code).toBe(0);
    expect(explained(plain.stderr)).toEqual([]);
    expect(plain.stderr).not.toContain('ran: ');
    const again = await run(dir, ['build', '--progress=plain', '.']);
    const withFlag = await run(dir, ['build', '--progress=plain', '--explain-cache', '.']);
    // the flag only appends: the progress before its lines is the same as without it (times are modeled)
    const extra = explained(withFlag.stderr).join('\n') + '\n';
    expect(withFlag.stderr.replace(extra, '')).toBe(again.stderr);
    const arg = await run(dir, ['build', '--progress=plain', '--explain-cache', '--build-arg', 'APP_VERSION=v0.0.1', '.']);
    expect(explained(arg.stderr).find((l) => l.includes('RUN echo'))).toMatch(/: ran: a build arg it uses changed: APP_VERSION: 0\.0\.0\+unknown → v0\.0\.1$/);
    const nc = await run(dir, ['build', '--progress=plain', '--explain-cache', '--no-cache', '.']);
    expect(explained(nc.stderr).every((l) => l.endsWith(': ran: --no-cache'))).toBe(true);
    expect(explained(nc.stderr)).toHaveLength(6);
  }, 120_000);

  it('--progress=rawjson carries the cause on each step\'s vertex-done, with or without the flag', async () => {
    const dir = project();
    await run(dir, ['build', '--progress=plain', '.']);
    writeFileSync(join(dir, 'go.sum'), readFileSync(join(dir, 'go.sum'), 'utf8') + '\n');
    const r = await run(dir, ['build', '--progress=rawjson', '--explain-cache', '.']);
    const events = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; vertex: number; name?: string; cause?: unknown });
    const vertex = events.find((e) => e.kind === 'vertex-start' && e.name === '[3/6] COPY go.mod go.sum .')!.vertex;
    expect(events.find((e) => e.kind === 'vertex-done' && e.vertex === vertex)!.cause).toEqual({ kind: 'files-changed', paths: ['go.sum'] });
    expect(events.find((e) => e.kind === 'vertex-done' && e.cause !== undefined && (e.cause as { kind: string }).kind === 'parent-ran')!.cause)
      .toEqual({ kind: 'parent-ran', vertex, name: '[3/6] COPY go.mod go.sum .' });
    // no text lines among the JSON
    expect(explained(r.stderr)).toEqual([]);
  }, 120_000);

  it('--help lists the flag as stageplay\'s', async () => {
    const r = await run(mkdtempSync(join(tmpdir(), 'stageplay-explain-')), ['build', '--help']);
    expect(r.stdout).toMatch(/--explain-cache\s+After the progress, say why each step was CACHED or ran \(stageplay\)/);
  });
});
