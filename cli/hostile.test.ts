/**
 * Hostile or careless input reaches the learner as BuildKit's message, never as a
 * JavaScript error: a malformed `# syntax=` reference, deep shell nesting, an ignored or
 * too large context file.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';

const JS_ERROR = /TypeError|RangeError|ReferenceError|Maximum call stack|internal error|\n\s+at \S+ \(/;

async function build(dockerfile: string, files: Record<string, string> = {}, args: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-hostile-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  let err = '';
  const code = await runCli(['build', '--root', join(dir, 'root'), '--progress=plain', ...args, '.'], { cwd: dir, env: {}, stdout: () => {}, stderr: (s) => (err += s) });
  return { code, err };
}

describe('# syntax= with a malformed reference', () => {
  it('fails with BuildKit\'s message at the directive, not an internal error', async () => {
    const r = await build('# syntax=docker/Dockerfile:1\nFROM scratch\nCOPY f /f\n', { f: 'x' });
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(JS_ERROR);
    expect(r.err).toContain('Dockerfile:1\n--------------------\n   1 | >>> # syntax=docker/Dockerfile:1\n');
    expect(r.err).toMatch(/ERROR: failed to solve: invalid reference format: repository name \(docker\/Dockerfile\) must be lowercase\n$/);
    const bad = await build('# syntax=docker/dockerfile:1:2\nFROM scratch\n');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/ERROR: failed to solve: invalid reference format\n$/);
  });
});

describe('deep nesting and unsupported awk: an error on the line, no JavaScript error', () => {
  it.each([
    ['ENV with 10,000 nested ${X:-...}', `FROM scratch\nENV A=${'${X:-'.repeat(10_000)}a${'}'.repeat(10_000)}\n`, /syntax error: \$\{\} nested more than 200 levels deep\n$/],
    ['RUN with 10,000 nested ${X:-...}', `FROM busybox\nRUN echo ${'${X:-'.repeat(10_000)}a${'}'.repeat(10_000)}\n`, /nested more than 200 levels deep/],
    ['RUN with 1,000 nested $(...)', `FROM busybox\nRUN echo ${'$(echo '.repeat(1_000)}hi${')'.repeat(1_000)}\n`, /syntax error: nested more than 200 levels deep/],
    ['awk calling an undefined function', 'FROM busybox\nRUN echo x | awk \'{print foo(1)}\'\n', /awk: cmd\. line:1: Call to undefined function\n/],
  ])('%s', async (_, dockerfile, message) => {
    const r = await build(dockerfile);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(JS_ERROR);
    expect(r.err).toMatch(/ERROR: failed to solve: .*\n$/);
  });
});
