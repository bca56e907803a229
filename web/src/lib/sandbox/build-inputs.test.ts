/**
 * The page's terminal takes `docker build --label` and reads `<Dockerfile>.dockerignore` beside
 * the Dockerfile, as the CLI does (moby/buildkit testLabels, testDockerignoreOverride).
 */
import { describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { memoryStore } from '../workspace/memory-store.test-util.ts';
import { Workspace } from '../workspace/Workspace.svelte.ts';
import { SandboxClient } from './SandboxClient.svelte.ts';

async function client(files: Record<string, string>): Promise<{ run(line: string): Promise<{ code: number; out: string; err: string }> }> {
  const ws = new Workspace(memoryStore());
  await ws.init();
  for (const [path, text] of Object.entries(files)) ws.update(path, text);
  const c = new SandboxClient(ws, nodeDeps, () => undefined);
  return {
    async run(line) {
      let out = '';
      let err = '';
      const r = await c.run(line, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
      return { code: r.exitCode, out, err };
    },
  };
}

describe('docker build inputs in the page', () => {
  it('--label lands in the image config over LABEL', async () => {
    const c = await client({ Dockerfile: 'FROM scratch\nLABEL foo=bar\n' });
    const b = await c.run('docker build -t labelled --label bar=baz --label foo=cli .');
    expect(b.code, b.err).toBe(0);
    const inspect = await c.run('docker inspect labelled');
    const [img] = JSON.parse(inspect.out) as { Config: { Labels: Record<string, string> } }[];
    expect(img!.Config.Labels).toEqual({ foo: 'cli', bar: 'baz' });
  }, 60_000);
  it("-f build/app.Dockerfile applies build/app.Dockerfile.dockerignore, not the context's", async () => {
    const c = await client({
      'build/app.Dockerfile': 'FROM scratch\nCOPY . /\n',
      'build/app.Dockerfile.dockerignore': 'secret.txt\nbuild\n',
      '.dockerignore': 'keep\n',
      keep: 'k',
      'secret.txt': 's',
    });
    const b = await c.run('docker build -f build/app.Dockerfile -o out .');
    expect(b.code, b.err).toBe(0);
    const names = (await c.run('ls -A out')).out.split('\n');
    expect(names).toContain('keep');
    expect(names).not.toContain('secret.txt');
    expect(names).not.toContain('build');
  }, 60_000);
});
