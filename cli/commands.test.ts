import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';
import { LocalState, stateRoot } from './state.ts';
import { nodeDeps } from '#engine/platform/node';
import { alpineLikeImage, scratchImage } from '#engine/image/testing/fixtures';
import { persistImage } from '#engine/store';
import { parseTar } from '#engine/image';

const NOW = Date.parse('2026-01-02T03:05:05Z'); // a minute after the fixtures were made

async function run(root: string, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, ...rootArgs(argv, root)], {
    cwd: root, env: {}, now: () => NOW, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

/** `--root` goes before `run`'s image (after it, it would be an argument of the container). */
function rootArgs(argv: string[], root: string): string[] {
  return argv[0] === 'run' ? [] : ['--root', root];
}

async function seeded(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'stageplay-root-'));
  const state = LocalState.open(root, (l) => { throw new Error(l); });
  state.images.put(await persistImage((await alpineLikeImage(nodeDeps)).image, state.blobs), ['app:v1']);
  state.images.put(await persistImage(await scratchImage(nodeDeps), state.blobs), ['hello', 'hello-copy']);
  state.saveImages();
  return root;
}

describe('state root', () => {
  it('is --root, else $XDG_DATA_HOME/stageplay, else ~/.local/share/stageplay', () => {
    expect(stateRoot({ XDG_DATA_HOME: '/x' }, '/cwd', 'r')).toBe('/cwd/r');
    expect(stateRoot({ XDG_DATA_HOME: '/x' }, '/cwd')).toBe('/x/stageplay');
    expect(stateRoot({ XDG_DATA_HOME: 'relative', HOME: '/home/u' }, '/cwd')).toBe('/home/u/.local/share/stageplay');
  });

  it('starts fresh with a warning when images.json is corrupt', async () => {
    const root = mkdtempSync(join(tmpdir(), 'stageplay-root-'));
    writeFileSync(join(root, 'images.json'), '{"version":1,"images":[{"id":');
    const r = await run(root, ['images']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^WARNING: .*images\.json is damaged \(.*JSON.*\); moved it to images\.json\.corrupt-\d{8}T\d{6}Z, starting with no images\n$/);
    expect(r.stdout).toBe('REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n');
    writeFileSync(join(root, 'images.json'), '{"version":7}');
    expect((await run(root, ['images'])).stderr).toContain('is damaged (unknown format version 7)');
  });
});

describe('images, history, inspect, rmi, prune from the persisted store', () => {
  it('lists the stored images in a later process, filtered like docker', async () => {
    const root = await seeded();
    const all = await run(root, ['images']);
    expect(all.stdout.split('\n')[0]).toMatch(/^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE$/);
    expect(all.stdout).toMatch(/\napp +v1 +[0-9a-f]{12} +About a minute ago +\d/);
    expect((await run(root, ['images', 'hello'])).stdout.trim().split('\n')).toHaveLength(2);
    expect((await run(root, ['images', 'hello*'])).stdout.trim().split('\n')).toHaveLength(3);
    const q = await run(root, ['images', '-q']);
    expect(q.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('prints history and inspect, and reports unknown images like docker', async () => {
    const root = await seeded();
    const h = await run(root, ['history', 'app:v1']);
    expect(h.stdout).toContain('RUN /bin/sh -c adduser app # buildkit');
    const i = await run(root, ['inspect', 'hello', 'nope']);
    expect(i.code).toBe(1);
    const doc = JSON.parse(i.stdout);
    expect(doc).toHaveLength(1);
    expect(doc[0].RepoTags).toEqual(['hello:latest', 'hello-copy:latest']);
    expect(doc[0].Config.Cmd).toEqual(['/hello']);
    expect(i.stderr).toBe('Error: No such object: nope\n');
    expect(await run(root, ['history', 'nope'])).toMatchObject({ code: 1, stderr: 'Error response from daemon: No such image: nope\n' });
  });

  it('rmi untags, deletes and removes blobs no image needs; prune reports reclaimed space', async () => {
    const root = await seeded();
    const state = LocalState.open(root, () => {});
    const hello = state.images.find('hello')!;
    const r1 = await run(root, ['rmi', 'hello']);
    expect(r1).toMatchObject({ code: 0, stdout: 'Untagged: hello:latest\n' });
    const r2 = await run(root, ['rmi', 'hello-copy', 'nope']);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toBe(`Untagged: hello-copy:latest\nDeleted: ${hello.id}\n`);
    expect(r2.stderr).toBe('Error response from daemon: No such image: nope\n');
    expect(existsSync(join(root, 'blobs', 'sha256', hello.id.slice(7)))).toBe(false);
    expect((await run(root, ['image', 'prune'])).stdout).toBe('Total reclaimed space: 0B\n');
    const p = await run(root, ['image', 'prune', '-a', '-f']);
    expect(p.stdout).toMatch(/^Deleted Images:\nuntagged: app:v1\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: \d+(\.\d+)?kB\n$/);
    expect((await run(root, ['images', '-q'])).stdout).toBe('');
  });
});

describe('save and run', () => {
  it('save writes a docker archive from the stored blobs, named as asked', async () => {
    const root = await seeded();
    const out = join(root, 'app.tar');
    expect(await run(root, ['save', '-o', out, 'app:v1'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const names = parseTar(new Uint8Array(readFileSync(out))).map((e) => e.name);
    expect(names).toContain('manifest.json');
    expect(names).toContain('oci-layout');
    const manifest = JSON.parse(new TextDecoder().decode(parseTar(new Uint8Array(readFileSync(out))).find((e) => e.name === 'manifest.json')!.data));
    expect(manifest[0].RepoTags).toEqual(['app:v1']);
    expect(await run(root, ['save', 'app:v1'])).toMatchObject({ code: 1, stderr: 'cowardly refusing to save to a terminal. Use the -o flag or redirect\n' });
    // a blob damaged on disk reads as missing: save fails naming it instead of writing a bad archive
    const img = LocalState.open(root, () => {}).images.find('app:v1')!;
    writeFileSync(join(root, 'blobs', 'sha256', img.layers[1]!.digest.slice(7)), 'garbage');
    const bad = await run(root, ['save', '-o', join(root, 'bad.tar'), 'app:v1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`Error response from daemon: content digest ${img.layers[1]!.digest}: not found (the local store lost this image's data; build it again)\n`);
  });

  it('run executes a command on the image filesystem and returns its exit code', async () => {
    const root = await seeded();
    const r = await run(root, ['run', '--root', root, '--rm', '--entrypoint', '/bin/sh', 'app:v1', '-c', 'busybox head -n1 /etc/os-release; busybox ls /app; exit 3']);
    expect(r).toEqual({ code: 3, stdout: 'NAME="Alpine Linux"\nmain\nmain-link\n', stderr: '' });
    const missing = await run(root, ['run', '--root', root, '--entrypoint', 'nope', 'app:v1']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('exec: "nope": executable file not found in $PATH: unknown');
    expect((await run(root, ['run', '--root', root, 'ghost'])).code).toBe(125);
  });
});
