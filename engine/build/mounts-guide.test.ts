import { describe, expect, it } from 'vitest';
import { readBinaryInfo } from '../toolchain/binary/index.ts';
import { build } from './build.ts';
import { capture, readContext, testDeps } from './testing/project.ts';

import { BIND_MOUNTS as CH4, BINARIES as CH6 } from '../../lessons/dockerfiles.ts';

describe('the guide\'s mounts chapter (chapters/4.Dockerfile)', () => {
  it('cache and bind mounts build the client without copying the source into a layer', async () => {
    const deps = testDeps();
    const c = capture();
    const r = await build({ dockerfile: CH4, context: readContext(), target: 'client' }, deps, { onEvent: c.onEvent });
    expect(r.filesystems[0]!.readdir('/bin')).toEqual(['client']);
    const names = c.events.flatMap((e) => (e.kind === 'vertex-start' ? [e.name] : []));
    expect(names).toContain('[base 3/3] RUN --mount=type=cache,target=/go/pkg/mod/     --mount=type=bind,source=go.sum,target=go.sum     --mount=type=bind,source=go.mod,target=go.mod     go mod download -x');
    // A second build with an unchanged context is fully cached.
    const again = capture();
    await build({ dockerfile: CH4, context: readContext(), target: 'client' }, deps, { onEvent: again.onEvent });
    const done = again.events.flatMap((e) => (e.kind === 'vertex-done' && !e.cached ? [e.vertex] : []));
    const uncached = again.events.flatMap((e) => (e.kind === 'vertex-start' && done.includes(e.vertex) && /\[(base|build-client|client) /.test(e.name) && !e.name.includes(' FROM ') ? [e.name] : []));
    expect(uncached).toEqual([]);
  }, 60_000);
});

describe('the guide\'s build-argument and export chapters (chapters/5-6.Dockerfile)', () => {
  it('APP_VERSION reaches the server binary; --output exports the binaries', async () => {
    const r = await build({
      dockerfile: CH6, context: readContext(), target: 'binaries', buildArgs: { APP_VERSION: 'v0.0.1' },
      outputs: [{ type: 'local', dest: 'bin' }],
    }, testDeps());
    const files = r.outputs[0]!.files!;
    expect(files.map((f) => f.path)).toEqual(['client', 'server']);
    const server = files.find((f) => f.path === 'server')!;
    const bytes = server.content instanceof Uint8Array ? server.content : server.content!.load();
    expect(readBinaryInfo(bytes)!.output.map((c) => c.text).join('')).toContain('Version: v0.0.1\nStarting server...\n');
  }, 60_000);
});
