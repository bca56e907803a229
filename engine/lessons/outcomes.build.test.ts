import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../testing/shared.ts';
import { SERVER_MAIN_CHECKED } from '../../lessons/07-test/lesson.ts';
import { LESSONS } from '../../lessons/index.ts';
import { findStep } from './load.ts';
import type { Step } from './types.ts';
import { Walker } from './walk.test-util.ts';

/**
 * Checks assert outcomes, built for real on lessons/project: a wrong solution that still
 * builds (or lints) as a step asks fails its check, saying what came out; the right one
 * passes. One learner session per lesson, as the walk helper keeps it.
 */
const step = (link: string): Step => findStep(LESSONS, link)!.step;

/** `step` with its solution's files replaced (as a learner's own edit would). */
const withFiles = (s: Step, files: Record<string, string>): Step => ({
  ...s,
  solution: [...s.solution.filter((f) => !(f.path in files)), ...Object.entries(files).map(([path, text]) => ({ path, text }))],
});

describe('the lint step must succeed (chapter 7, fix what the linter found)', () => {
  const walker = new Walker();
  const fix = step('07-test/fix-lint');

  it('an edit with an if missing its block and a closure missing }) fails the check with gc\'s message', async () => {
    const broken = SERVER_MAIN_CHECKED.replace(
      '\t\tif _, err := w.Write([]byte(greeting.For(r.URL.Query().Get("name")))); err != nil {\n\t\t\tlog.Println("could not send the greeting:", err)\n\t\t}\n\t})',
      '\t\t_, err := w.Write([]byte(greeting.For(r.URL.Query().Get("name"))))\n\t\tif err != nil\n\t\t\tlog.Println("could not send the greeting:", err)\n\t}',
    );
    expect(broken).not.toBe(SERVER_MAIN_CHECKED);
    const r = await walker.step(withFiles(fix, { 'cmd/server/main.go': broken }));
    expect(r.ok).toBe(false);
    expect(r.explanation).toMatch(/^Your last build \(`docker build --target=lint \.`\) failed: /);
    expect(r.explanation).toContain('Its step `RUN --mount=type=bind,target=. golangci-lint run` printed: "cmd/server/main.go:28:52: syntax error: unexpected newline, expected { after if clause (typecheck)"');
  }, 120_000);

  it('the unchecked w.Write left in place fails the check with the linter\'s finding', async () => {
    const r = await walker.step(withFiles(fix, { 'cmd/server/main.go': original() }));
    expect(r.ok).toBe(false);
    expect(r.explanation).toMatch(/printed: .*Error return value of `w\.Write` is not checked \(errcheck\)/);
  }, 120_000);

  it('the right solution passes', async () => {
    const r = await walker.step(fix);
    expect(r.ok, r.explanation).toBe(true);
  }, 120_000);
});

describe('the image prints what the step says (chapter 5, stamp a version into the server)', () => {
  const walker = new Walker();
  const stamp = step('05-build-arguments/app-version');

  it('a server built without -ldflags prints the default version, and the check says so', async () => {
    const dockerfile = stamp.solution.find((f) => f.path === 'Dockerfile')!.text;
    const unstamped = dockerfile.replace('go build -ldflags "-X main.version=$APP_VERSION" -o /bin/server', 'go build -o /bin/server');
    expect(unstamped).not.toBe(dockerfile);
    const r = await walker.step(withFiles(stamp, { Dockerfile: unstamped }));
    expect(r).toEqual({
      ok: false,
      explanation: 'Running buildme-server:latest printed "Version: 0.0.0+unknown" where this step expects "Version: v0.0.1" (line 1 of "Version: v0.0.1", "Starting server...", "Listening on HTTP port 3000").',
    });
  }, 120_000);

  it('a server that prints something else fails; the right solution passes', async () => {
    const server = original().replace('fmt.Println("Starting server...")', 'fmt.Println("Starting...")');
    const wrong = await walker.step(withFiles(stamp, { 'cmd/server/main.go': server }));
    expect(wrong.explanation).toMatch(/printed "Starting\.\.\." where this step expects "Starting server\.\.\." \(line 2 of/);
    const right = await walker.step(withFiles(stamp, { 'cmd/server/main.go': original() }));
    expect(right, right.explanation).toEqual({ ok: true, explanation: 'buildme-server:latest exists. Running buildme-server:latest printed "Version: v0.0.1", "Starting server...", "Listening on HTTP port 3000" and listens on port 3000.' });
  }, 120_000);
});

/** The example project's server, as the lessons start with it. */
function original(): string {
  return readFileSync(join(REPO_ROOT, 'lessons/project/cmd/server/main.go'), 'utf8');
}
