/**
 * Lint warnings found before an error are not lost (BuildKit testWarningsBeforeError):
 * `--check` prints them, a blank line, then the error; a build prints buildx's warnings
 * summary when its progress closes, before the excerpt and `ERROR: failed to solve`.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';
import { REPO_ROOT } from '#engine/testing/shared';

const XDG = mkdtempSync(join(tmpdir(), 'stageplay-xdg-'));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd: REPO_ROOT, env: { XDG_DATA_HOME: XDG }, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('warnings found before an error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-warn-err-'));
  writeFileSync(join(dir, 'Dockerfile'), '\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\nBADCMD\n');

  it('--check: the warnings, then the error with its excerpt', async () => {
    const r = await run(['build', '--check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Check complete, 2 warnings have been found!\n\nWARNING: StageNameCasing - [^\n]+\nStage name 'BadStageName' should be lowercase\n/);
    expect(r.stdout).toContain('WARNING: MaintainerDeprecated - ');
    expect(r.stdout.endsWith('--------------------\n\n')).toBe(true);
    expect(r.stderr).toMatch(/^ERROR: dockerfile parse error on line 4: unknown instruction: BADCMD\nDockerfile:4\n/);
  });

  it('build: the warnings summary after the progress, before the excerpt', async () => {
    const r = await run(['build', '--progress=plain', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '#1 DONE 0.0s\n' +
        ' 2 warnings found (use docker --debug to expand):\n' +
        " - StageNameCasing: Stage name 'BadStageName' should be lowercase (line 2)\n" +
        ' - MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 3)\n' +
        'Dockerfile:4\n',
    );
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to solve: dockerfile parse error on line 4: unknown instruction: BADCMD');
  });
});
