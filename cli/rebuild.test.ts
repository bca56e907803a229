/**
 * Rebuilding a tag in the CLI's store, as Docker: a fully cached rebuild is the same image
 * (one row, same ID and CREATED); a rebuild that changes the image moves the tag, and the
 * old image is listed as `<none>` only when no other tag holds it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { forgetStepLayers } from '#engine/build';
import { nodeGzip } from '#engine/platform/node';
import { runCli } from './cli.ts';

async function run(cwd: string, root: string, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--root', root], { cwd, env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function project(): { dir: string; root: string; write(text: string): void } {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-rebuild-'));
  const root = join(dir, '.state');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.21\nWORKDIR /app\nCOPY hello.txt .\nRUN wc -c hello.txt > size.txt\nCMD ["cat", "size.txt"]\n');
  const write = (text: string) => writeFileSync(join(dir, 'hello.txt'), text);
  write('hello\n');
  return { dir, root, write };
}

/** `docker images` rows below the header, as [repository, tag, id]. */
async function rows(dir: string, root: string): Promise<string[][]> {
  const r = await run(dir, root, ['images']);
  expect(r.code).toBe(0);
  return r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s{2,}/).slice(0, 3));
}

async function inspect(dir: string, root: string, ref: string): Promise<{ Id: string; Created: string }> {
  const r = await run(dir, root, ['inspect', ref]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { Id: string; Created: string }[])[0]!;
}

const build = async (dir: string, root: string, ...tags: string[]) => {
  const r = await run(dir, root, ['build', '--jobs', '1', '--progress', 'plain', ...tags.flatMap((t) => ['-t', t]), '.']);
  expect(r.stderr).not.toMatch(/ERROR/);
  expect(r.code).toBe(0);
  return r.stderr;
};

describe('rebuilding a tag in the CLI store', () => {
  it('a fully cached rebuild keeps the image: one row, the same ID and Created', async () => {
    const { dir, root } = project();
    await build(dir, root, 'app');
    const first = await inspect(dir, root, 'app');
    await new Promise((r) => setTimeout(r, 20)); // the second build runs at a later clock time
    const log = await build(dir, root, 'app');
    expect(log.match(/CACHED/g)?.length).toBe(3); // WORKDIR, COPY, RUN
    const again = await inspect(dir, root, 'app');
    expect({ Id: again.Id, Created: again.Created }).toEqual({ Id: first.Id, Created: first.Created });
    expect(await rows(dir, root)).toEqual([['app', 'latest', first.Id.slice(7, 19)]]);
  }, 60_000);

  it('a changed rebuild leaves the old image <none> only when no other tag holds it', async () => {
    const { dir, root, write } = project();
    await build(dir, root, 'app', 'keep');
    const v1 = (await inspect(dir, root, 'app')).Id.slice(7, 19);
    write('hello again\n');
    await build(dir, root, 'app');
    const v2 = (await inspect(dir, root, 'app')).Id.slice(7, 19);
    expect(v2).not.toBe(v1);
    // v1 is still `keep`: no dangling row
    expect((await rows(dir, root)).sort()).toEqual([['app', 'latest', v2], ['keep', 'latest', v1]].sort());
    write('hello a third time\n');
    await build(dir, root, 'app');
    const v3 = (await inspect(dir, root, 'app')).Id.slice(7, 19);
    // nothing holds v2 any more: it is listed as <none>
    expect((await rows(dir, root)).sort()).toEqual([['<none>', '<none>', v2], ['app', 'latest', v3], ['keep', 'latest', v1]].sort());
  }, 60_000);

  it('reads the layers the store already has instead of compressing them again', async () => {
    const { dir, root, write } = project();
    const gzip = vi.spyOn(nodeGzip, 'gzip');
    // each command in a process of its own, as on a real machine: no layer made by the build before
    const fresh = async (...tags: string[]) => {
      forgetStepLayers();
      return build(dir, root, ...tags);
    };
    try {
      await fresh('x');
      const first = gzip.mock.calls.length;
      expect(first).toBeGreaterThan(0);
      // fully cached: every layer's blob is in the store, nothing is compressed
      gzip.mockClear();
      await fresh('x');
      expect(gzip).not.toHaveBeenCalled();
      const id = (await inspect(dir, root, 'x')).Id;
      // a changed file: only the layers from it on are compressed
      write('hello, world\n');
      gzip.mockClear();
      await fresh('x');
      expect(gzip.mock.calls.length).toBeGreaterThan(0);
      expect(gzip.mock.calls.length).toBeLessThan(first);
      // back to the first content: the first image again, from the store's blobs
      write('hello\n');
      gzip.mockClear();
      await fresh('x');
      expect(gzip).not.toHaveBeenCalled();
      expect((await inspect(dir, root, 'x')).Id).toBe(id);
    } finally {
      gzip.mockRestore();
    }
  }, 120_000);
});

