/**
 * `stageplay build` reads what BuildKit's dockerui reads beside the Dockerfile and takes
 * buildx's `--label` (moby/buildkit dockerfile_dockerignore_test.go testDockerignoreOverride,
 * dockerfile_core_test.go testLabels).
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';
import { LocalState } from './state.ts';

async function run(cwd: string, argv: string[]) {
  let stderr = '';
  const code = await runCli([...argv, '--root', join(cwd, '.root')], { cwd, env: {}, now: () => 0, stdout: () => {}, stderr: (s) => (stderr += s) });
  return { code, stderr };
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-inputs-'));
  mkdirSync(join(dir, 'build'));
  writeFileSync(join(dir, 'build/app.Dockerfile'), 'FROM scratch\nCOPY . /\n');
  writeFileSync(join(dir, 'build/app.Dockerfile.dockerignore'), 'secret*\nbuild\n');
  writeFileSync(join(dir, '.dockerignore'), 'keep\n');
  writeFileSync(join(dir, 'keep'), 'k');
  writeFileSync(join(dir, 'secret.txt'), 's');
  return dir;
}

describe('build inputs beside the Dockerfile', () => {
  it('-f build/app.Dockerfile applies build/app.Dockerfile.dockerignore instead of the context .dockerignore', async () => {
    const dir = project();
    const r = await run(dir, ['build', '-f', 'build/app.Dockerfile', '-o', 'out', '.']);
    expect(r.stderr).not.toContain('ERROR');
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['.dockerignore', 'keep']);
  });
  it('without its own ignore file the context .dockerignore applies', async () => {
    const dir = project();
    writeFileSync(join(dir, 'build/other.Dockerfile'), 'FROM scratch\nCOPY . /\n');
    const r = await run(dir, ['build', '-f', 'build/other.Dockerfile', '-o', 'out', '.']);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['.dockerignore', 'build', 'secret.txt']);
  });
  it('--label k=v (repeatable) lands in the stored image config over LABEL', async () => {
    const dir = project();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nLABEL foo=bar a=1\n');
    const r = await run(dir, ['build', '-t', 'labelled', '--label', 'bar=baz', '--label=a=2', '--label', 'bare', '.']);
    expect(r.stderr).not.toContain('ERROR');
    const state = LocalState.open(join(dir, '.root'), () => {});
    const img = state.images.find('labelled');
    expect(img).toBeDefined();
    expect((img!.config as { config: { Labels: Record<string, string> } }).config.Labels).toEqual({ foo: 'bar', a: '2', bar: 'baz', bare: '' });
  });
});
