import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { runCli } from './cli.ts';
import { REPO_ROOT } from '#engine/testing/shared';

async function run(argv: string[], cwd = REPO_ROOT) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd, env: { XDG_DATA_HOME: XDG }, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const XDG = mkdtempSync(join(tmpdir(), 'stageplay-xdg-'));

function dockerfile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-cli-'));
  writeFileSync(join(dir, 'Dockerfile'), text);
  return dir;
}

describe('stageplay build (front end)', () => {
  it('--check on a typo prints the parse error with the framed excerpt and exits 1', async () => {
    const dir = dockerfile('FROM alpine\nCOPPY a b\n');
    const r = await run(['build', '--check', '-f', join(dir, 'Dockerfile'), dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'ERROR: dockerfile parse error on line 2: unknown instruction: COPPY (did you mean COPY?)\n' +
        'Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> COPPY a b\n   3 |     \n--------------------\n',
    );
  });

  it('a build error prints the excerpt then ERROR: failed to solve', async () => {
    const dir = dockerfile('FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\n');
    const r = await run(['build', '--target', 'a', dir]);
    expect(r.code).toBe(1);
    // the progress so far, then the excerpt (buildx prints both on stderr)
    expect(r.stderr).toMatch(/^#1 \[internal\] load build definition from Dockerfile\n[^]*#1 DONE 0\.0s\nDockerfile:2\n-{20}\n/);
    expect(r.stderr).toContain('   2 | >>> COPY --from=b /x /x\n');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to solve: cannot copy from stage "b", it needs to be defined before current stage "a"');
  });

  it('-o type=cacheonly runs the build but exports and loads nothing, as buildx does', async () => {
    const dir = dockerfile('FROM alpine AS a\nRUN echo built > /built\nFROM scratch\nCOPY --from=a /built /built\n');
    const r = await run(['build', '--progress=plain', '-o', 'type=cacheonly', '-t', 'cacheonly-probe', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[a 2/2] RUN echo built > /built');
    expect(r.stderr).toContain('[stage-1 1/1] COPY --from=a /built /built');
    expect(r.stderr).not.toContain('exporting');
    expect((await run(['images'])).stdout).not.toContain('cacheonly-probe');
    // without it, the same build is loaded
    expect((await run(['build', '--progress=plain', '-t', 'cacheonly-probe', dir])).stderr).toContain('naming to docker.io/library/cacheonly-probe:latest');
    expect((await run(['images'])).stdout).toContain('cacheonly-probe');
  });

  it('--target nope says the target could not be found, with a suggestion when one is close', async () => {
    const r = await run(['build', '--target', 'nope', 'lessons/project']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => !l.startsWith('#') && l !== '')).toEqual(['ERROR: failed to solve: target stage "nope" could not be found']);
    const r2 = await run(['build', '--target', 'clien', 'lessons/project']);
    expect(r2.stderr.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to solve: target stage "clien" could not be found (did you mean client?)');
  });

  it('--call=targets lists the example project stages with descriptions and the default', async () => {
    const r = await run(['build', '--call=targets', 'lessons/project']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^TARGET +DESCRIPTION$/);
    expect(rows.map((l) => l.split(/\s{2,}|\s(?=\S+$)/)[0]!.trim())).toContain('build-client');
    expect(rows.at(-1)).toMatch(/^server \(default\) +is the server binary alone on an empty image$/);
  });

  it('--check reports BuildKit lint findings and exits 1, or says none were found', async () => {
    const dir = dockerfile('FROM alpine as base\nMAINTAINER me\nCMD echo hi\n');
    const r = await run(['build', '--check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Check complete, 3 warnings have been found!\n/);
    expect(r.stdout).toContain("WARNING: FromAsCasing - https://docs.docker.com/go/dockerfile/rule/from-as-casing/\n'as' and 'FROM' keywords' casing do not match\n");
    expect(r.stdout).toContain('WARNING: MaintainerDeprecated');
    expect(r.stdout).toContain('WARNING: JSONArgsRecommended');
    const ok = await run(['build', '--check', 'lessons/project']);
    expect(ok).toEqual({ code: 0, stdout: 'Check complete, no warnings found.\n', stderr: '' });
  });

  it('a missing Dockerfile and a bad flag fail like docker', async () => {
    const r = await run(['build', '/nonexistent-dir']);
    expect(r.stderr).toBe('ERROR: unable to prepare context: path "/nonexistent-dir" not found\n');
    const empty = mkdtempSync(join(tmpdir(), 'stageplay-cli-'));
    expect((await run(['build', empty])).stderr).toBe('ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n');
    expect((await run(['build', '-f', join(empty, 'nope/Dockerfile'), empty])).stderr).toBe(`ERROR: resolve : lstat ${join(empty, 'nope')}: no such file or directory\n`);
    const f = await run(['build', '--tagg', 'x', '.']);
    expect(f.code).toBe(125);
    expect(f.stderr).toBe("unknown flag: --tagg\nSee 'stageplay build --help'.\n");
  });

  it('runs as a real process through npm run cli', () => {
    const dir = dockerfile('FROM alpine\nCOPPY a b\n');
    const res = spawnSync('npx', ['tsx', 'cli/main.ts', 'build', '--check', dir], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('dockerfile parse error on line 2: unknown instruction: COPPY');
    expect(execFileSync('npx', ['tsx', 'cli/main.ts', 'build', '--call=targets', 'lessons/project'], { cwd: REPO_ROOT, encoding: 'utf8' })).toContain('client');
  });
});
