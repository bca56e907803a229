/**
 * The `stageplay` command as package.json's `bin` ships it: built to plain JavaScript by
 * `scripts/build-cli.mjs` (here into a temporary folder), run by `node` with no TypeScript
 * loader. Its builds run on the prebuilt stage worker (`--jobs 2`), write archives the real
 * tools accept, and take SOURCE_DATE_EPOCH from the environment as buildx does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTar } from '#engine/image';
import { REPO_ROOT } from '#engine/testing/shared';
import { ALL_PASSED, validateImage } from '#engine/testing/validate-image';

const PROJECT = join(REPO_ROOT, 'lessons/project');
let tmp: string;
let bin: string;

/** `stageplay ARGS` from the built file, with `env` added to a clean environment. */
function stageplay(args: string[], env: Record<string, string> = {}) {
  const { SOURCE_DATE_EPOCH: _, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8', env: { ...inherited, XDG_DATA_HOME: join(tmp, 'xdg'), ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Builds the client target into `<name>.tar` over a fresh state root (nothing cached). */
function buildClient(name: string, env: Record<string, string>, extra: string[] = []): Buffer {
  const dest = join(tmp, `${name}.tar`);
  const r = stageplay(['build', '--root', join(tmp, `root-${name}`), '--jobs', '2', '-q', '--target', 'client', ...extra, '-o', `type=docker,dest=${dest}`, PROJECT], env);
  if (r.status !== 0) throw new Error(`build ${name} failed (exit ${r.status}):\n${r.stderr}`);
  return readFileSync(dest);
}

/** The `created` of the archive's image config and of its index.json entry. */
function created(tar: Buffer): { config: string; index: string } {
  const files = new Map(parseTar(new Uint8Array(tar)).map((e) => [e.name, new TextDecoder().decode(e.data)]));
  const manifest = JSON.parse(files.get('manifest.json')!) as { Config: string }[];
  const index = JSON.parse(files.get('index.json')!) as { manifests: { annotations: Record<string, string> }[] };
  return { config: (JSON.parse(files.get(manifest[0]!.Config)!) as { created: string }).created, index: index.manifests[0]!.annotations['org.opencontainers.image.created']! };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'stageplay-bin-'));
  const out = join(tmp, 'dist-cli');
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build-cli.mjs'), '--outdir', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/build-cli.mjs failed:\n${r.stderr}`);
  bin = join(out, 'stageplay.mjs');
}, 120_000);

describe('the built stageplay command', () => {
  it('is one plain ES module with its stage worker beside it, and runs with node alone', () => {
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(existsSync(join(tmp, 'dist-cli', 'stage-worker.mjs'))).toBe(true);
    const r = stageplay(['images', '--root', join(tmp, 'empty')]);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE\n$/);
  });

  it('two builds with SOURCE_DATE_EPOCH in the environment give byte-identical archives; without it they differ; --build-arg wins', () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const a = buildClient('epoch-a', env);
    const b = buildClient('epoch-b', env);
    expect(b.equals(a)).toBe(true);
    expect(created(a)).toEqual({ config: '2023-11-14T22:13:20Z', index: '2023-11-14T22:13:20Z' });
    expect(validateImage(join(tmp, 'epoch-a.tar'), 'Client ready')).toMatch(ALL_PASSED);

    // the control: the same build without it is stamped with the time it ran
    const now = buildClient('now', {});
    expect(now.equals(a)).toBe(false);
    expect(created(now).config).not.toBe('2023-11-14T22:13:20Z');

    const flag = buildClient('flag', env, ['--build-arg', 'SOURCE_DATE_EPOCH=1600000000']);
    expect(created(flag).config).toBe('2020-09-13T12:26:40Z');
  }, 240_000);
});
