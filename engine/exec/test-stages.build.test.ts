import { describe, expect, it } from 'vitest';
import { LINT } from '../../lessons/dockerfiles.ts';
import { build } from '../build/build.ts';
import { capture, readContext, testDeps } from '../build/testing/project.ts';
import { ExecError } from '../source/errors.ts';

/** The guide's test and lint stages as builds: a failing check fails its RUN step with the tool's own output. */
const TEST_STAGE = `# syntax=docker/dockerfile:1
FROM golang:1.20-alpine AS test
WORKDIR /src
RUN --mount=type=bind,target=. go test -v -cover ./...
`;

const enc = new TextEncoder();
const deps = testDeps();

function withFile(path: string, text: string) {
  return [...readContext().filter((f) => f.path !== path), { path, type: 'file' as const, mode: 0o644, mtime: 1_700_000_000, content: enc.encode(text) }];
}

describe('test and lint stages', () => {
  it('go test -v passes on the project and prints Go\'s lines', async () => {
    const c = capture();
    await build({ dockerfile: TEST_STAGE, context: readContext(), target: 'test' }, deps, { onEvent: c.onEvent });
    expect(c.plain()).toMatch(/#\d+ \d+\.\d{3} --- PASS: TestForUsesTheName \(0\.00s\)\n/);
    expect(c.plain()).toMatch(/ok  \tgithub\.com\/stageplay\/buildme\/internal\/greeting\t0\.\d{3}s\tcoverage: 100\.0% of statements\n/);
  }, 60_000);

  it('a failing test fails the build on its RUN step', async () => {
    const broken = 'package greeting\n\nimport "testing"\n\nfunc TestBroken(t *testing.T) {\n\tt.Errorf("greeting changed")\n}\n';
    const c = capture();
    const err = await build({ dockerfile: TEST_STAGE, context: withFile('internal/greeting/broken_test.go', broken), target: 'test' }, deps, { onEvent: c.onEvent }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as ExecError).message).toBe('process "/bin/sh -c go test -v -cover ./..." did not complete successfully: exit code: 1');
    expect((err as ExecError).ranges[0]!.start.line).toBe(4);
    expect(c.plain()).toMatch(/ {4}broken_test\.go:6: greeting changed\n#\d+ \d+\.\d{3} --- FAIL: TestBroken \(0\.00s\)\n/);
    expect(c.plain()).toMatch(/FAIL\tgithub\.com\/stageplay\/buildme\/internal\/greeting\t/);
  }, 60_000);

  it('the lint stage fails on the unchecked w.Write, with the finding in the step log', async () => {
    const c = capture();
    const err = await build({ dockerfile: LINT, context: readContext(), target: 'lint' }, deps, { onEvent: c.onEvent }).catch((e: unknown) => e);
    expect((err as ExecError).message).toBe('process "/bin/sh -c golangci-lint run" did not complete successfully: exit code: 1');
    expect(c.plain()).toContain('cmd/server/main.go:26:10: Error return value of `w.Write` is not checked (errcheck)\n');
  }, 60_000);
});
