import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../build/types.ts';
import { alpineLikeImage, scratchImage } from '../image/testing/fixtures.ts';
import { nodeDeps } from '../platform/node.ts';
import { EngineError } from '../source/errors.ts';
import { evaluateCheck } from './checks.ts';
import { buildRecord, imageFiles } from './record.ts';

const events = [{ kind: 'vertex-start', vertex: 1, name: '[internal] load build definition from Dockerfile', t: 0 }, { kind: 'vertex-done', vertex: 1, t: 5 }] as const;

describe('buildRecord', () => {
  it('summarises each tag: compressed size, entrypoint, flattened files, platforms', async () => {
    const { image, top } = await alpineLikeImage(nodeDeps);
    const result: BuildResult = { images: [image], outputs: [], warnings: [], modeledMs: 5, filesystems: [top] };
    const r = await buildRecord({ deps: nodeDeps, command: 'docker build -t app -t app:v1 --target=final .', request: { target: 'final', tags: ['app', 'app:v1'] }, events, result });
    let size = 0;
    for (const l of await image.layers()) size += await l.size();
    expect(r).toMatchObject({ ok: true, target: 'final', tags: ['app', 'app:v1'], outputs: [], events });
    expect(r.images.map((i) => i.ref)).toEqual(['app', 'app:v1']);
    expect(r.images[0]).toMatchObject({ size, entrypoint: ['/app/main'], platforms: ['linux/arm64/v8'] });
    expect(r.images[0]!.files).toContain('/app/main-link');
    expect(r.images[0]!.files).toContain('/etc/passwd');
    expect(r.images[0]!.files.filter((f) => f.startsWith('/etc/apk'))).toEqual([]);
    // read from the layers, the files are the same: /etc/apk was deleted by the top layer's whiteout
    expect(await imageFiles(image)).toEqual(r.images[0]!.files);
    expect(evaluateCheck({ kind: 'file-in-image', image: 'app:latest', path: '/app/main' }, [r]).ok).toBe(true);
    expect(evaluateCheck({ kind: 'platforms', image: 'app:v1', platforms: ['linux/arm64/v8'] }, [r]).ok).toBe(true);
  });

  it('lists every platform of a multi-platform build, and no entrypoint when unset', async () => {
    const amd = await scratchImage(nodeDeps);
    const arm = await scratchImage(nodeDeps, { architecture: 'arm', os: 'linux', variant: 'v7' });
    const r = await buildRecord({ deps: nodeDeps, command: 'x', request: { tags: ['hello'] }, events: [], result: { images: [amd, arm], outputs: [], warnings: [], modeledMs: 1, filesystems: [] } });
    expect(r.images[0]).toMatchObject({ entrypoint: [], files: ['/hello'], platforms: ['linux/amd64', 'linux/arm/v7'] });
    expect(await imageFiles(amd)).toEqual(['/hello']);
  });

  it('records exported files under their destination, and stores no image for --output', async () => {
    const img = await scratchImage(nodeDeps);
    const file = (path: string, type: 'file' | 'dir' = 'file') => ({ path, type, mode: 0o755, uid: 0, gid: 0, mtime: 0 });
    const result: BuildResult = {
      images: [img],
      outputs: [
        { spec: { type: 'local', dest: 'bin' }, files: [file('linux_arm64', 'dir'), file('linux_arm64/server')] },
        { spec: { type: 'local', dest: '.' }, files: [file('bin', 'dir'), { ...file('bin/server'), content: new Uint8Array(1234) }] },
        { spec: { type: 'tar', dest: 'out.tar' }, archive: new Uint8Array(0) },
      ],
      warnings: [],
      modeledMs: 1,
      filesystems: [],
    };
    const r = await buildRecord({ deps: nodeDeps, command: 'docker build -o bin .', request: { tags: ['x'], outputs: [{ type: 'local', dest: 'bin' }] }, events: [], result });
    expect(r.outputs).toEqual(['bin/linux_arm64/server', 'bin/server']);
    expect(r.outputSizes).toEqual({ 'bin/linux_arm64/server': 0, 'bin/server': 1234 });
    expect(r.images).toEqual([]);
  });

  it('records a failed build with its error message', async () => {
    const err = new EngineError('exec', 'process "/bin/sh -c golangci-lint run" did not complete successfully: exit code: 1');
    const r = await buildRecord({ deps: nodeDeps, command: 'docker build --target=lint .', request: { target: 'lint' }, events, error: err });
    expect(r).toEqual({ command: 'docker build --target=lint .', target: 'lint', tags: [], events, ok: false, error: err.message, images: [], outputs: [] });
    expect((await buildRecord({ deps: nodeDeps, command: 'c', request: {}, events: [] })).error).toBe('the build did not finish');
  });
});
