/**
 * Hostile Dockerfiles end with a clear error in bounded memory: each build runs the CLI in
 * a child Node whose heap is capped at 1 GB (`--max-old-space-size=1024`), so a build that
 * needs more dies with V8's out-of-memory abort and the test fails. No timing is asserted.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '#engine/testing/shared';

const JS_ERROR = /TypeError|RangeError|ReferenceError|Maximum call stack|heap out of memory|internal error|\n\s+at \S+ \(/;

function build(dockerfile: string, ...flags: string[]): { code: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-hostile-memory-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=1024', '--import', 'tsx', 'cli/main.ts', 'build', '--root', join(dir, 'root'), '--jobs', '1', '--progress=plain', ...flags, dir],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' }, maxBuffer: 64 << 20, timeout: 300_000 },
  );
  return { code: r.status, out: r.stdout + r.stderr };
}

const lines = (...ls: string[]) => ls.join('\n') + '\n';
const envDoubling = (keyword: string) => lines('FROM alpine', `${keyword} A=${'x'.repeat(32)}`, ...Array(24).fill(`${keyword} A=$A$A`));

describe('hostile Dockerfiles in a child capped at 1 GB of heap', () => {
  it.each([
    ['ENV', []],
    ['ARG', []],
    ['ENV', ['--check']],
  ])('26 lines of %s A=$A$A (%j): the word past 1 MiB, at line 18', (keyword, flags) => {
    const r = build(envDoubling(keyword), ...flags);
    expect(r.code, r.out.slice(-2000)).toBe(1);
    expect(r.out).not.toMatch(JS_ERROR);
    expect(r.out).toContain('failed to process "$A$A": expanded value longer than 1048576 characters');
    expect(r.out).toContain('  18 | >>> ');
  });

  it('20,000 ENV lines build', () => {
    const r = build(lines('FROM alpine', ...Array.from({ length: 20_000 }, (_, i) => `ENV V${i}=${i}`), 'RUN test "$V19999" = 19999'));
    expect(r.code, r.out.slice(-2000)).toBe(0);
    expect(r.out).not.toMatch(JS_ERROR);
  });

  it('100,000 global ARGs: the instruction limit', () => {
    const r = build(lines(...Array.from({ length: 100_000 }, (_, i) => `ARG V${i}=${i}`), 'FROM alpine'), '--check');
    expect(r.code).toBe(1);
    expect(r.out).toContain('dockerfile has more than 50000 instructions');
    expect(r.out).not.toMatch(JS_ERROR);
  });

  it.each([
    ['doubled 30 times', 'RUN A=xxxxxxxx; for i in $(seq 30); do A=$A$A; done'],
    ['doubled 23 times, then 4 copies in one word', 'RUN A=xxxxxxxx; for i in $(seq 23); do A=$A$A; done; B=$A$A$A$A'],
    ['doubled 23 times, then echoed without end into a pipe', 'RUN A=xxxxxxxx; for i in $(seq 23); do A=$A$A; done; while :; do echo $A; done | wc -c; exit 1'],
  ])('a RUN whose string is %s: sh: out of memory, exit 1', (_, run) => {
    const r = build(lines('FROM alpine', run));
    expect(r.code, r.out.slice(-2000)).toBe(1);
    expect(r.out).toContain('sh: out of memory');
    expect(r.out).toMatch(/ERROR: failed to solve: process .* did not complete successfully: exit code: 1\n$/);
    expect(r.out).not.toMatch(JS_ERROR);
  });
});
