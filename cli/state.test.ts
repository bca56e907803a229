/**
 * The store on disk under hostile conditions: concurrent commands on one root keep every
 * image, a killed command's temporaries are swept, and every damaged file is set aside
 * with one warning while the command goes on.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '#engine/testing/shared';
import { runCli } from './cli.ts';
import { sweepTemporaries } from './store-lock.ts';

const tmp = (p = 'stageplay-state-') => mkdtempSync(join(tmpdir(), p));

/** A context whose image differs by the build argument N (a label). */
function context(): string {
  const dir = tmp('stageplay-ctx-');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nARG N\nLABEL n=$N\nCOPY f /f\n');
  writeFileSync(join(dir, 'f'), 'file\n');
  return dir;
}

async function cli(root: string, argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--root', root], { cwd, env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** `stageplay ARGS` as its own process, finished. */
function proc(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => done({ code, stderr }));
  });
}

const asides = (root: string) => readdirSync(root).filter((n) => n.includes('.corrupt-')).sort();

describe('concurrent commands on one --root', () => {
  it('4 builds at once, each with its own tag: all 4 tags are kept', async () => {
    const root = tmp();
    const ctx = context();
    const runs = await Promise.all([1, 2, 3, 4].map((n) => proc(['build', '--root', root, '-q', '--jobs', '1', '-t', `conc-${n}`, '--build-arg', `N=${n}`, ctx])));
    expect(runs).toEqual([1, 2, 3, 4].map(() => ({ code: 0, stderr: '' })));
    const { stdout } = await cli(root, ['images', 'conc-*'], ctx);
    expect(stdout.split('\n').slice(1).filter(Boolean).map((l) => l.split(/\s+/)[0]).sort()).toEqual(['conc-1', 'conc-2', 'conc-3', 'conc-4']);
    expect(existsSync(join(root, 'store.lock'))).toBe(false);
  }, 120_000);

  it('a killed command\'s temporaries are swept on the next start; a live one\'s are kept', () => {
    const root = tmp();
    const blobs = join(root, 'blobs', 'sha256');
    mkdirSync(blobs, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const hex = 'a'.repeat(64);
    for (const name of ['images.json.123456789', 'cache.bin.42', `cache.json.tmp-${dead}`, 'notes.txt']) writeFileSync(join(root, name), 'x');
    for (const name of [`${hex}.tmp-${dead}`, `${hex}.tmp-${process.pid}`, hex]) writeFileSync(join(blobs, name), 'x');
    const removed = sweepTemporaries(root).map((p) => p.slice(root.length + 1)).sort();
    expect(removed).toEqual([`blobs/sha256/${hex}.tmp-${dead}`, 'cache.bin.42', `cache.json.tmp-${dead}`, 'images.json.123456789']);
    expect(readdirSync(root).sort()).toEqual(['blobs', 'notes.txt']);
    expect(readdirSync(blobs).sort()).toEqual([hex, `${hex}.tmp-${process.pid}`]);
  });
});

const IMAGE = {
  id: `sha256:${'1'.repeat(64)}`, repoTags: ['docker.io/library/old:latest'], created: '2026-01-01T00:00:00Z',
  layers: [{ digest: `sha256:${'2'.repeat(64)}`, size: 1, diffId: `sha256:${'3'.repeat(64)}`, uncompressedSize: 1 }],
  history: [{ created: '2026-01-01T00:00:00Z', createdBy: 'COPY f /f', emptyLayer: false }],
  config: {}, platforms: ['linux/amd64'], manifestDigest: `sha256:${'4'.repeat(64)}`,
};
const images = (patch: Record<string, unknown>) => JSON.stringify({ version: 1, images: [{ ...IMAGE, ...patch }] });
const entry = { path: '/f', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, blob: 0 };
const dump = (data: unknown, sizes: unknown = [1]) => JSON.stringify({ version: 1, sizes, data });

/** Each damage: what to do to the root, the file that is set aside, and the reason the warning gives. */
const DAMAGES: { name: string; damage: (root: string) => void; file: string; reason: RegExp }[] = [
  { name: 'images.json is null', damage: (r) => writeFileSync(join(r, 'images.json'), 'null\n'), file: 'images.json', reason: /not a JSON object/ },
  { name: 'images.json is a list', damage: (r) => writeFileSync(join(r, 'images.json'), '[]'), file: 'images.json', reason: /not a JSON object/ },
  { name: 'images.json is cut short', damage: (r) => writeFileSync(join(r, 'images.json'), '{"version":1,"images":[{"id":'), file: 'images.json', reason: /JSON/ },
  { name: 'images.json is empty', damage: (r) => writeFileSync(join(r, 'images.json'), ''), file: 'images.json', reason: /JSON/ },
  { name: 'images is null', damage: (r) => writeFileSync(join(r, 'images.json'), '{"version":1,"images":null}'), file: 'images.json', reason: /images: not a list/ },
  { name: 'another format version', damage: (r) => writeFileSync(join(r, 'images.json'), '{"version":2,"images":[]}'), file: 'images.json', reason: /unknown format version 2/ },
  { name: 'repoTags: [null]', damage: (r) => writeFileSync(join(r, 'images.json'), images({ repoTags: [null] })), file: 'images.json', reason: /images\[0\]\.repoTags\[0\]: not a string/ },
  { name: 'a repoTag that is no reference', damage: (r) => writeFileSync(join(r, 'images.json'), images({ repoTags: ['Bad Tag!'] })), file: 'images.json', reason: /not an image reference/ },
  { name: 'layers: [null]', damage: (r) => writeFileSync(join(r, 'images.json'), images({ layers: [null] })), file: 'images.json', reason: /images\[0\]\.layers\[0\]: not an object/ },
  { name: 'history is a string', damage: (r) => writeFileSync(join(r, 'images.json'), images({ history: 'x' })), file: 'images.json', reason: /images\[0\]\.history: not a list/ },
  { name: 'a history entry without createdBy', damage: (r) => writeFileSync(join(r, 'images.json'), images({ history: [{ created: 'x', emptyLayer: true }] })), file: 'images.json', reason: /history\[0\]\.createdBy: not a string/ },
  { name: 'config is null', damage: (r) => writeFileSync(join(r, 'images.json'), images({ config: null })), file: 'images.json', reason: /config: not an object/ },
  { name: 'an id that is no digest', damage: (r) => writeFileSync(join(r, 'images.json'), images({ id: 'x' })), file: 'images.json', reason: /id: not a sha256 digest/ },
  { name: 'images.json is a directory', damage: (r) => mkdirSync(join(r, 'images.json')), file: 'images.json', reason: /not a regular file/ },
  { name: 'cache.json is null', damage: (r) => writeFileSync(join(r, 'cache.json'), 'null'), file: 'cache.json', reason: /unknown format/ },
  {
    name: 'cache.json records is not a list',
    damage: (r) => { writeFileSync(join(r, 'cache.json'), dump({ records: 7 }, [])); writeFileSync(join(r, 'cache.bin'), ''); },
    file: 'cache.json', reason: /records: not a list/,
  },
  {
    name: 'a cache entry points past the blobs',
    damage: (r) => { writeFileSync(join(r, 'cache.json'), dump({ records: [{ key: 'k', modeledMs: 0, entries: [{ ...entry, blob: 3 }] }] })); writeFileSync(join(r, 'cache.bin'), 'x'); },
    file: 'cache.json', reason: /records\[0\]\.entries\[0\]\.blob: no such blob/,
  },
  {
    name: 'cache.bin is missing',
    damage: (r) => writeFileSync(join(r, 'cache.json'), dump({ records: [{ key: 'k', modeledMs: 0, entries: [entry] }] })),
    file: 'cache.json', reason: /cache\.bin: missing or not a regular file/,
  },
  {
    name: 'cache.bin is a directory',
    damage: (r) => { writeFileSync(join(r, 'cache.json'), dump({ records: [] }, [])); mkdirSync(join(r, 'cache.bin')); },
    file: 'cache.json', reason: /cache\.bin: missing or not a regular file/,
  },
  {
    name: 'cache-mounts.json mounts is null',
    damage: (r) => { writeFileSync(join(r, 'cache-mounts.json'), dump({ mounts: null }, [])); writeFileSync(join(r, 'cache-mounts.bin'), ''); },
    file: 'cache-mounts.json', reason: /mounts: not a list/,
  },
  {
    name: 'a cache mount with a relative path',
    damage: (r) => { writeFileSync(join(r, 'cache-mounts.json'), dump({ mounts: [{ id: 'm', entries: [{ ...entry, path: 'f' }] }] })); writeFileSync(join(r, 'cache-mounts.bin'), 'x'); },
    file: 'cache-mounts.json', reason: /path: not absolute/,
  },
  { name: 'blobs is a file (ENOTDIR)', damage: (r) => writeFileSync(join(r, 'blobs'), 'x'), file: 'blobs', reason: /not a directory/ },
  { name: 'blobs/sha256 is a file', damage: (r) => { mkdirSync(join(r, 'blobs')); writeFileSync(join(r, 'blobs/sha256'), 'x'); }, file: 'blobs/sha256', reason: /not a directory/ },
];

describe('a damaged store file is set aside with one warning and the command goes on', () => {
  it.each(DAMAGES)('$name', async ({ damage, file, reason }) => {
    const root = tmp();
    const ctx = context();
    damage(root);
    const build = await cli(root, ['build', '-q', '-t', 'fresh', ctx], ctx);
    expect(build.code).toBe(0);
    const lines = build.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^WARNING: ${root.replace(/[/.]/g, '\\$&')}/${file.replace(/[/.]/g, '\\$&')} is damaged \\(.*\\); (moved it to ${file.split('/').at(-1)!.replace('.', '\\.')}\\.corrupt-\\d{8}T\\d{6}Z), `));
    expect(lines[0]).toMatch(reason);
    expect(asides(join(root, file, '..')).some((n) => n.startsWith(file.split('/').at(-1)! + '.corrupt-'))).toBe(true);
    const after = await cli(root, ['images', 'fresh'], ctx);
    expect(after).toMatchObject({ code: 0, stderr: '' });
    expect(after.stdout).toMatch(/\nfresh\s+latest\s/);
    expect((await cli(root, ['build', '-q', '-t', 'fresh', ctx], ctx)).stderr).toBe('');
  }, 30_000);

  it('a blob file cut short (a disk that filled, a copy that stopped) is written again by the next build', async () => {
    const root = tmp();
    const ctx = context();
    expect((await cli(root, ['build', '-q', '-t', 'b', ctx], ctx)).code).toBe(0);
    const id = JSON.parse(readFileSync(join(root, 'images.json'), 'utf8')).images[0].id.slice(7);
    const whole = readFileSync(join(root, 'blobs/sha256', id));
    writeFileSync(join(root, 'blobs/sha256', id), whole.subarray(0, 10));
    expect(await cli(root, ['build', '-q', '-t', 'b', ctx], ctx)).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(root, 'blobs/sha256', id))).toEqual(whole);
    expect(await cli(root, ['save', '-o', join(tmp(), 'b.tar'), 'b'], ctx)).toMatchObject({ code: 0, stderr: '' });
  }, 30_000);

  it('a blob that is a directory (EISDIR) is set aside and stored again', async () => {
    const root = tmp();
    const ctx = context();
    expect((await cli(root, ['build', '-q', '-t', 'b', ctx], ctx)).code).toBe(0);
    const id = JSON.parse(readFileSync(join(root, 'images.json'), 'utf8')).images[0].id.slice(7);
    rmSync(join(root, 'blobs/sha256', id));
    mkdirSync(join(root, 'blobs/sha256', id));
    const again = await cli(root, ['build', '-q', '-t', 'b', ctx], ctx);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`^WARNING: .*/blobs/sha256/${id} is damaged \\(not a regular file\\); moved it to ${id}\\.corrupt-\\d{8}T\\d{6}Z, storing the blob again\\n$`));
    const out = join(tmp(), 'b.tar');
    expect(await cli(root, ['save', '-o', out, 'b'], ctx)).toMatchObject({ code: 0, stderr: '' });
  }, 30_000);
});

describe('a store held by another command', () => {
  it('a stale lock (its holder was killed) is taken over and the change goes through', async () => {
    const root = tmp();
    const ctx = context();
    // a lock directory whose mtime is older than the stale threshold: its holder died without releasing it
    mkdirSync(join(root, 'store.lock'));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'store.lock'), old, old);
    const r = await cli(root, ['build', '-q', '-t', 'after-crash', ctx], ctx);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect((await cli(root, ['images', 'after-crash'], ctx)).stdout).toMatch(/\nafter-crash\s+latest\s/);
    expect(existsSync(join(root, 'store.lock'))).toBe(false);
  }, 30_000);
});

it('a --root that is a file is one clear error line', async () => {
  const dir = tmp();
  const file = join(dir, 'not-a-dir');
  writeFileSync(file, 'x');
  for (const argv of [['images'], ['build', '-q', '.']]) {
    let err = '';
    const code = await runCli([...argv, '--root', file], { cwd: context(), env: {}, stdout: () => {}, stderr: (s) => (err += s) });
    expect({ code, err }).toEqual({ code: 1, err: `ERROR: the state root ${file} is not a directory\n` });
  }
});

it('a front-end call (--check, --call=targets) and an input error never open the state root', async () => {
  const dir = tmp();
  const file = join(dir, 'not-a-dir');
  writeFileSync(file, 'x');
  const run = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli([...argv, '--root', file], { cwd: context(), env: {}, stdout: (s) => (out += s), stderr: (s) => (err += s) });
    return { code, out, err };
  };
  const check = await run(['build', '--check', '.']);
  expect(check.err).not.toContain('state root');
  expect(check.code).toBe(0);
  expect((await run(['build', '--call=targets', '.'])).err).not.toContain('state root');
  expect((await run(['build', 'nowhere'])).err).toBe('ERROR: unable to prepare context: path "nowhere" not found\n');
});
