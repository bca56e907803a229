/**
 * Every target of `lessons/project`, built by the real CLI process and checked by the real
 * validators (`tools/validate-image.sh`). The scratch targets (`client`, `server`),
 * run by podman with their expected output, are in `e2e.test.ts`; this file covers
 * the three golang-based ones (`base`, `build-client`, `build-server`), over one `--root`
 * so the base layers and the module download are built once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '#engine/testing/shared';
import { ALL_PASSED, validateImage } from '#engine/testing/validate-image';
import { MULTI_PLATFORM } from '../lessons/dockerfiles.ts';

let tmp: string;
let root: string;


/** `npm run cli -- build --target X -o type=docker,dest=X.tar lessons/project`, as a real process. */
function buildTarget(target: string): string {
  const tar = join(tmp, `${target}.tar`);
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'build', '--root', root, '--progress=plain', '--target', target, '-o', `type=docker,dest=${tar}`, 'lessons/project'], {
    cwd: REPO_ROOT, encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build --target ${target} failed (exit ${r.status}):\n${r.stderr}`);
  return tar;
}

/** The files one archive member holds, by `tar -xOf`. */
function member(tar: string, name: string): string {
  const r = spawnSync('tar', ['-xOf', tar, name], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`tar -xOf ${tar} ${name}: ${r.stderr}`);
  return r.stdout;
}

/** The image config of a `type=docker` archive (through manifest.json). */
function configOf(tar: string): { config: { Env?: string[]; WorkingDir?: string }; history: { created_by?: string }[]; rootfs: { diff_ids: string[] } } {
  const manifest = JSON.parse(member(tar, 'manifest.json')) as { Config: string; Layers: string[] }[];
  expect(manifest).toHaveLength(1);
  return JSON.parse(member(tar, manifest[0]!.Config));
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'stageplay-targets-'));
  root = join(tmp, 'root');
});

describe('every golang-based target of lessons/project exports an archive the real tools accept', () => {
  it('base: golang:1.20-alpine + WORKDIR /src + modules + source', () => {
    const tar = buildTarget('base');
    expect(validateImage(tar)).toMatch(ALL_PASSED);
    const cfg = configOf(tar);
    expect(cfg.config.WorkingDir).toBe('/src');
    expect(cfg.config.Env).toContain('GOLANG_VERSION=1.20.14');
    expect(cfg.history.map((h) => h.created_by ?? '').filter((c) => /RUN|COPY|WORKDIR/.test(c)).join('\n')).toMatch(/WORKDIR \/src[\s\S]*COPY go\.mod go\.sum[\s\S]*RUN .*go mod download[\s\S]*COPY \. \./);
  }, 240_000);

  for (const [target, bin] of [['build-client', 'client'], ['build-server', 'server']] as const) {
    it(`${target}: base + RUN go build -o /bin/${bin}`, () => {
      const tar = buildTarget(target);
      expect(validateImage(tar)).toMatch(ALL_PASSED);
      const cfg = configOf(tar);
      expect(cfg.history.at(-1)!.created_by).toContain(`go build -o /bin/${bin} ./cmd/${bin}`);
      // one more layer than base: the go build step
      const base = configOf(join(tmp, 'base.tar'));
      expect(cfg.rootfs.diff_ids.slice(0, -1)).toEqual(base.rootfs.diff_ids);
    }, 240_000);
  }
});

describe('a multi-platform build (guide chapter Multi-platform) exports an index the real tools accept', () => {
  it('server for linux/amd64,linux/arm64,linux/arm/v7: one manifest per platform, each binary of its machine', () => {
    const ctx = join(tmp, 'multi');
    cpSync(join(REPO_ROOT, 'lessons/project'), ctx, { recursive: true });
    writeFileSync(join(ctx, 'Dockerfile'), MULTI_PLATFORM);
    const tar = join(tmp, 'multi.tar');
    const platforms = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];
    const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'build', '--root', root, '--progress=plain', '--target', 'server', '--platform', platforms.join(','), '-o', `type=oci,dest=${tar}`, ctx], {
      cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26,
    });
    if (r.status !== 0) throw new Error(`multi-platform build failed (exit ${r.status}):\n${r.stderr}`);
    // validate-image.sh unpacks every manifest of the index
    expect(validateImage(tar)).toMatch(ALL_PASSED);
    type Index = { manifests: { digest: string; mediaType: string; platform: { architecture: string; variant?: string } }[] };
    const top = JSON.parse(member(tar, 'index.json')) as Index;
    // BuildKit's oci exporter: index.json points at the image index (one manifest per platform)
    const nested = top.manifests.length === 1 && top.manifests[0]!.mediaType === 'application/vnd.oci.image.index.v1+json';
    const inner = nested ? (JSON.parse(member(tar, `blobs/sha256/${top.manifests[0]!.digest.slice(7)}`)) as Index) : top;
    expect(inner.manifests.map((m) => ['linux', m.platform.architecture, m.platform.variant].filter(Boolean).join('/'))).toEqual(platforms);
    const machines = inner.manifests.map((m) => {
      const manifest = JSON.parse(member(tar, `blobs/sha256/${m.digest.slice(7)}`)) as { layers: { digest: string }[] };
      const layer = join(tmp, `layer-${m.platform.architecture}.tar.gz`);
      writeFileSync(layer, spawnSync('tar', ['-xOf', tar, `blobs/sha256/${manifest.layers.at(-1)!.digest.slice(7)}`], { maxBuffer: 1 << 28 }).stdout);
      const bin = spawnSync('tar', ['-xzOf', layer, 'bin/server'], { maxBuffer: 1 << 28 }).stdout as Buffer;
      // ELF e_machine at offset 18: 0x3e x86-64, 0xb7 AArch64, 0x28 ARM
      return bin.readUInt16LE(18);
    });
    expect(machines).toEqual([0x3e, 0xb7, 0x28]);
  }, 300_000);
});

