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
