import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alpineLikeImage } from '#engine/image/testing/fixtures';
import { nodeDeps } from '#engine/platform/node';
import { persistImage } from '#engine/store';
import { runCli } from './cli.ts';
import { LocalState } from './state.ts';

const T0 = Date.parse('2026-01-02T03:05:05Z');

/** One `stageplay` command (each is its own process as far as containers go) at `now`. */
async function stageplay(root: string, argv: string[], now = T0) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd: root, env: {}, now: () => now, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

async function seeded(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'stageplay-containers-'));
  const state = LocalState.open(root, (l) => {
    throw new Error(l);
  });
  state.images.put(await persistImage((await alpineLikeImage(nodeDeps)).image, state.blobs), ['app:v1']);
  state.saveImages();
  return root;
}

describe('the CLI keeps container records in the state root', () => {
  it('run -d in one command; ps -a, logs, inspect, rm in later ones', async () => {
    const root = await seeded();
    const run = await stageplay(root, ['run', '--root', root, '-d', '--name', 'job', '--entrypoint', '/bin/sh', 'app:v1', '-c', 'echo started; echo oops >&2; exit 3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const id = run.stdout.trim();
    const stored = JSON.parse(readFileSync(join(root, 'containers.json'), 'utf8')) as { version: number; containers: { name: string }[] };
    expect(stored.containers.map((c) => c.name)).toEqual(['job']);
    const ps = await stageplay(root, ['ps', '-a', '--root', root], T0 + 7_000);
    expect(ps.stdout).toBe(
      'CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS                     PORTS     NAMES\n' +
        `${id.slice(0, 12)}   app:v1    "/bin/sh -c 'echo st…"   7 seconds ago   Exited (3) 7 seconds ago             job\n`,
    );
    expect(await stageplay(root, ['logs', '--root', root, 'job'])).toEqual({ code: 0, stdout: 'started\n', stderr: 'oops\n' });
    const [c] = JSON.parse((await stageplay(root, ['inspect', '--root', root, 'job'])).stdout) as { Name: string; State: { ExitCode: number; Status: string } }[];
    expect(c).toMatchObject({ Name: '/job', State: { Status: 'exited', ExitCode: 3 } });
    expect(await stageplay(root, ['run', '--root', root, '--name', 'job', 'app:v1'])).toMatchObject({ code: 125, stderr: expect.stringContaining('The container name "/job" is already in use') });
    expect(await stageplay(root, ['container', 'rm', '--root', root, 'job'])).toEqual({ code: 0, stdout: 'job\n', stderr: '' });
    expect((await stageplay(root, ['ps', '-aq', '--root', root])).stdout).toBe('');
  });

  it('a damaged containers.json is set aside as no containers, with a warning', async () => {
    const root = await seeded();
    writeFileSync(join(root, 'containers.json'), '{"version":');
    const r = await stageplay(root, ['ps', '--root', root]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`WARNING: ${join(root, 'containers.json')} is not a container list stageplay wrote; starting with no containers\n`);
  });
});
