import { describe, expect, it } from 'vitest';
import { nodeDeps } from '../platform/node.ts';
import { configJson } from './config.ts';
import { emptyImage } from './empty.ts';
import { normalizeHistory } from './image.ts';
import { layerFromEntries } from './layer.ts';
import { appendLayers, withConfig, withHistory } from './mutate.ts';
import { alpineLikeImage, scratchImage } from './testing/fixtures.ts';

const dec = new TextDecoder();

describe('image config', () => {
  it('matches BuildKit for scratch + COPY + CMD (sorted top-level keys, struct order inside)', async () => {
    const img = await scratchImage(nodeDeps);
    const cfg = await img.configFile();
    const diffId = cfg.rootfs.diff_ids[0];
    expect(dec.decode(await img.rawConfigFile())).toBe(
      '{"architecture":"amd64","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/hello"],"WorkingDir":"/","ArgsEscaped":true},' +
        '"created":"2026-01-02T03:04:05Z","history":[{"created":"2026-01-02T03:04:05Z","created_by":"COPY hello /hello # buildkit","comment":"buildkit.dockerfile.v0"},' +
        '{"created":"2026-01-02T03:04:05Z","created_by":"CMD [\\"/hello\\"]","comment":"buildkit.dockerfile.v0","empty_layer":true}],"os":"linux","rootfs":{"type":"layers","diff_ids":["' +
        diffId +
        '"]}}',
    );
    expect(await img.configName()).toBe(`sha256:${await nodeDeps.hasher.sha256([await img.rawConfigFile()])}`);
  });

  it('orders every ContainerConfig field as Go does, sorts maps and escapes like encoding/json', () => {
    const json = configJson({
      architecture: 'arm64',
      variant: 'v8',
      os: 'linux',
      author: 'me',
      config: {
        Shell: ['/bin/sh', '-c'],
        OnBuild: ['RUN x'],
        Healthcheck: { Retries: 3, Test: ['CMD', 'true'], Interval: 30e9 },
        ArgsEscaped: false,
        StopSignal: 'SIGTERM',
        Labels: { z: '1', a: '<&>' },
        WorkingDir: '/app',
        Volumes: { '/data': {} },
        Cmd: ['run'],
        Entrypoint: ['/app'],
        Env: ['A=1'],
        ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
        User: 'app',
      },
      rootfs: { type: 'layers', diff_ids: [] },
    });
    expect(json).toBe(
      '{"architecture":"arm64","author":"me","config":{"User":"app","ExposedPorts":{"443/tcp":{},"80/tcp":{}},"Env":["A=1"],"Entrypoint":["/app"],"Cmd":["run"],' +
        '"Volumes":{"/data":{}},"WorkingDir":"/app","Labels":{"a":"\\u003c\\u0026\\u003e","z":"1"},"StopSignal":"SIGTERM",' +
        '"Healthcheck":{"Test":["CMD","true"],"Interval":30000000000,"Retries":3},"OnBuild":["RUN x"],"Shell":["/bin/sh","-c"]},"os":"linux","rootfs":{"type":"layers","diff_ids":[]},"variant":"v8"}',
    );
  });

  it('reconciles history with layers and clamps to SOURCE_DATE_EPOCH', () => {
    const opts = { deps: nodeDeps, created: '2026-05-01T00:00:00Z', sourceDateEpoch: 1767225600 };
    const h = normalizeHistory([{ created_by: 'RUN a', created: '2026-03-01T00:00:00Z' }, { created_by: 'ENV x', empty_layer: true }, { created_by: 'RUN b' }], 1, opts);
    expect(h).toEqual([
      { created_by: 'RUN a', created: '2026-01-01T00:00:00Z' },
      { created_by: 'ENV x', empty_layer: true, created: '2026-01-01T00:00:00Z' },
      { created_by: 'RUN b', empty_layer: true, created: '2026-01-01T00:00:00Z' },
    ]);
    expect(normalizeHistory([], 2, { deps: nodeDeps, created: '2026-05-01T00:00:00Z' })).toEqual([
      { created: '2026-05-01T00:00:00Z', comment: 'buildkit.exporter.image.v0' },
      { created: '2026-05-01T00:00:00Z', comment: 'buildkit.exporter.image.v0' },
    ]);
  });

  it('derives manifests lazily and immutably (mutations leave the base alone)', async () => {
    const base = emptyImage({ architecture: 'amd64', os: 'linux' }, { deps: nodeDeps });
    const m0 = await base.manifest();
    expect(m0.layers).toEqual([]);
    expect(dec.decode(await base.rawManifest())).toContain('"layers": []');
    const l = layerFromEntries([{ path: '/f', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: new Uint8Array(3) }], nodeDeps);
    const next = await withHistory(await withConfig(await appendLayers(base, l), (c) => ({ ...c, User: 'x' })), { created_by: 'USER x' });
    expect((await base.layers()).length).toBe(0);
    expect(base.baseConfig().config.User).toBeUndefined();
    const m1 = await next.manifest();
    expect(m1.layers).toEqual([{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await l.digest(), size: await l.size() }]);
    expect((await next.configFile()).history?.map((x) => x.comment ?? x.created_by)).toEqual(['USER x', 'buildkit.exporter.image.v0']);
    expect(dec.decode(await next.rawManifest())).toMatch(/^\{\n {2}"schemaVersion": 2,\n {2}"mediaType": "application\/vnd.oci.image.manifest.v1\+json",\n {2}"config": \{/);
  });

  it('gives the alpine-like image two layers with matching diff_ids and platform', async () => {
    const { image } = await alpineLikeImage(nodeDeps);
    const cfg = await image.configFile();
    expect(cfg.rootfs.diff_ids).toEqual(await Promise.all((await image.layers()).map((l) => l.diffId())));
    expect(image.platform()).toEqual({ architecture: 'arm64', os: 'linux', variant: 'v8' });
    expect(cfg.config.ExposedPorts).toEqual({ '443/tcp': {}, '8080/tcp': {} });
  });
});
