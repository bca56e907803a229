import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeDeps } from '../../platform/node.ts';
import { collect } from '../../platform/types.ts';
import { ALL_PASSED, validateImageAsync } from '../../testing/validate-image.ts';
import { parseTar } from '../tar-read.ts';
import { alpineLikeImage, scratchImage } from '../testing/fixtures.ts';
import { DOCKER_MANIFEST_LIST_ERROR, exportArchive } from './archive.ts';
import type { ArchiveOptions } from './archive.ts';
import type { Image } from '../image.ts';

const dec = new TextDecoder();
const EPOCH = 1767322800;

async function archive(img: Image | Image[], opts: ArchiveOptions): Promise<Uint8Array> {
  return collect(exportArchive(img, opts));
}

function files(tar: Uint8Array): Map<string, string> {
  return new Map(parseTar(tar).map((e) => [e.name, dec.decode(e.data)]));
}

/** Writes the archive to a file and runs the project's validator on it (missing tools fail). */
async function validate(tar: Uint8Array, name: string): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'sp-oci-')), name);
  writeFileSync(file, tar);
  return validateImageAsync(file);
}

describe('exportArchive', () => {
  it('writes the OCI layout in sorted order with BuildKit modes and index annotations', async () => {
    const img = await scratchImage(nodeDeps);
    const tar = await archive(img, { variant: 'oci', names: ['myimg'], sourceDateEpoch: EPOCH });
    const entries = parseTar(tar);
    const names = entries.map((e) => e.name);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('blobs/');
    expect(names[1]).toBe('blobs/sha256/');
    expect(names.slice(-2)).toEqual(['index.json', 'oci-layout']);
    expect(entries.map((e) => [e.mode, e.uid, e.mtime])).toEqual(entries.map((e) => [e.name.endsWith('/') ? 0o755 : e.name === 'index.json' ? 0o644 : 0o444, 0, 0]));
    const f = files(tar);
    expect(f.get('oci-layout')).toBe('{"imageLayoutVersion":"1.0.0"}');
    const digest = await img.digest();
    expect(f.get('index.json')).toBe(
      `{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"${digest}","size":${(await img.rawManifest()).length},` +
        `"annotations":{"io.containerd.image.name":"docker.io/library/myimg:latest","org.opencontainers.image.created":"2026-01-02T03:00:00Z","org.opencontainers.image.ref.name":"latest"},` +
        `"platform":{"architecture":"amd64","os":"linux"}}]}`,
    );
    expect(f.has('manifest.json')).toBe(false);
    for (const e of entries.filter((x) => x.name.startsWith('blobs/sha256/') && x.typeflag === '0')) {
      expect(`sha256:${await nodeDeps.hasher.sha256([e.data])}`).toBe(`sha256:${e.name.slice('blobs/sha256/'.length)}`);
    }
  });

  it('adds manifest.json for docker, with familiar RepoTags (null when unnamed)', async () => {
    const img = await scratchImage(nodeDeps);
    const named = files(await archive(img, { variant: 'docker', names: ['myimg', 'ghcr.io/o/app:1.2'] }));
    const hex = (d: string) => d.slice(7);
    const layer = (await img.layers())[0]!;
    expect(named.get('manifest.json')).toBe(
      `[{"Config":"blobs/sha256/${hex(await img.configName())}","RepoTags":["myimg:latest","ghcr.io/o/app:1.2"],"Layers":["blobs/sha256/${hex(await layer.digest())}"]}]`,
    );
    expect(JSON.parse(named.get('index.json')!).manifests).toHaveLength(2);
    const unnamed = files(await archive(img, { variant: 'docker' }));
    expect(JSON.parse(unnamed.get('manifest.json')!)[0].RepoTags).toBeNull();
    expect(JSON.parse(unnamed.get('index.json')!).manifests[0].annotations).toBeUndefined(); // Go omits an empty map
  });

  it('is byte-identical for identical inputs', async () => {
    const a = await archive((await alpineLikeImage(nodeDeps)).image, { variant: 'docker', names: ['a'], sourceDateEpoch: EPOCH });
    const b = await archive((await alpineLikeImage(nodeDeps)).image, { variant: 'docker', names: ['a'], sourceDateEpoch: EPOCH });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('writes an index for multi-platform results and refuses them for docker', async () => {
    const amd = await scratchImage(nodeDeps);
    const arm = await scratchImage(nodeDeps, { architecture: 'arm64', os: 'linux', variant: 'v8' });
    await expect(archive([amd, arm], { variant: 'docker' })).rejects.toThrow(DOCKER_MANIFEST_LIST_ERROR);
    const tar = await archive([amd, arm], { variant: 'oci', names: ['multi:v1'] });
    const f = files(tar);
    const top = JSON.parse(f.get('index.json')!).manifests[0];
    expect(top.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(top.platform).toBeUndefined();
    const ix = JSON.parse(f.get(`blobs/sha256/${top.digest.slice(7)}`)!);
    expect(ix.manifests.map((m: { platform: object }) => m.platform)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'arm64', os: 'linux', variant: 'v8' },
    ]);
  });

  it('passes skopeo, umoci, oci-image-tool and podman: scratch (docker), alpine-like (oci), docker media types, multi-platform', async () => {
    const scratch = await archive(await scratchImage(nodeDeps), { variant: 'docker', names: ['scratchy'], sourceDateEpoch: EPOCH });
    const alpine = await archive((await alpineLikeImage(nodeDeps)).image, { variant: 'oci', names: ['alpiney:3'] });
    const dockerTypes = await archive(await scratchImage(nodeDeps, undefined, false), { variant: 'docker', names: ['legacy'] });
    const multi = await archive([await scratchImage(nodeDeps), await scratchImage(nodeDeps, { architecture: 'arm64', os: 'linux', variant: 'v8' })], { variant: 'oci', names: ['multi:v1'] });
    const [a, b, c, d] = await Promise.all([
      validate(scratch, 'scratch.tar'),
      validate(alpine, 'alpine.tar'),
      validate(dockerTypes, 'docker-types.tar'),
      validate(multi, 'multi.tar'),
    ]);
    for (const report of [a, b, c, d]) expect(report).toMatch(ALL_PASSED);
    expect(a).toMatch(/^ok {3}skopeo copy docker-archive:\S+ to dir: \(diff_ids\)$/m);
    expect(a).toContain('ok   manifest.json agrees with the OCI manifests');
    expect(b).toMatch(/^ok {3}umoci unpack sha256:/m);
    // umoci and oci-image-tool read only OCI media types: a Docker-typed archive goes through skopeo and podman
    expect(c).toContain('skip umoci unpack and oci-image-tool validate');
    expect(c).toMatch(/^ok {3}skopeo copy docker-archive:\S+ to dir: \(diff_ids\)$/m);
    expect(c).toContain('ok   podman load (OCI archive)');
    // the index's two platforms are each unpacked
    expect(d.match(/^ok {3}umoci unpack sha256:/gm)).toHaveLength(2);
  }, 60_000);

  it('uses Docker schema 2 media types throughout when asked', async () => {
    const img = await scratchImage(nodeDeps, undefined, false);
    const m = await img.manifest();
    expect([m.mediaType, m.config.mediaType, m.layers[0]!.mediaType]).toEqual([
      'application/vnd.docker.distribution.manifest.v2+json',
      'application/vnd.docker.container.image.v1+json',
      'application/vnd.docker.image.rootfs.diff.tar.gzip',
    ]);
  });
});
