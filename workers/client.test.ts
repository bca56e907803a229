import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build as engineBuild } from '../engine/build/index.ts';
import { PROJECT_DIR, readContext, testDeps } from '../engine/build/testing/project.ts';
import type { StageOutput } from '../engine/build/stage-runner.ts';
import type { BuildRequest } from '../engine/build/types.ts';
import { diffTrees } from '../engine/fs/index.ts';
import { layerTar } from '../engine/image/layer-tar.ts';
import type { BuildEvent } from '../engine/progress/events.ts';
import { CoordinatorClient } from './client.ts';
import { BuildCoordinator } from './coordinator.ts';
import { nodeSpawner } from './node.ts';
import { StagePool } from './pool.ts';

const enc = (s: string) => new TextEncoder().encode(s);

const DOCKERFILE = `FROM alpine:3.18 AS one
WORKDIR /work
COPY a.txt .
RUN for i in $(seq 1 LOOPS); do echo one $i; done > log1; cat a.txt >> log1

FROM alpine:3.18 AS two
RUN echo two; echo two > /out2
RUN echo more >> /out2

FROM scratch
COPY --from=one /work/log1 /
COPY --from=two /out2 /
`;

/** A RUN that keeps a worker busy for a long time (nested loops stay under the shell's loop limit). */
const HEAVY = (d: string) => d.replace(/RUN for i in .*/, 'RUN for i in $(seq 1 3000); do for j in $(seq 1 3000); do echo one $i $j; done; done > log1');

function request(loops = 3, patch: (d: string) => string = (d) => d): BuildRequest {
  return {
    dockerfile: patch(DOCKERFILE.replace('LOOPS', String(loops))),
    context: [{ path: 'a.txt', type: 'file', mode: 0o644, mtime: 0, content: enc('from context\n') }],
  };
}

/** The target's layers as one tar stream per layer, concatenated: what the image export hashes. */
function tarball(out: StageOutput): Uint8Array {
  const parts: Uint8Array[] = [];
  let prev = out.base;
  for (const layer of out.layers) {
    for (const chunk of layerTar(diffTrees(prev.rootDir, layer.rootDir), layer)) parts.push(chunk.slice());
    prev = layer;
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** Events without what legitimately differs between runs (worker ids, wall-clock times). */
const canonical = (events: BuildEvent[]) => events.map((e) => ({ ...e, worker: undefined, realMs: undefined }));

const pool = new StagePool({ size: 2, spawn: nodeSpawner(), cancelGraceMs: 500 });
const coordinator = new BuildCoordinator(pool);
afterAll(() => pool.dispose());

async function build(req: BuildRequest, jobs: number, onEvent: (e: BuildEvent) => void = () => undefined) {
  const events: BuildEvent[] = [];
  const res = await coordinator.build(req, (e) => (events.push(e), onEvent(e)), jobs);
  return { ...res, events };
}

describe('StagePool + BuildCoordinator (worker_threads)', () => {
  it('gives byte-identical layers and the same events with 1 and 2 workers', async () => {
    await pool.warmUp();
    const serial = await build(request(), 1);
    const parallel = await build(request(), 2);
    expect(new TextDecoder().decode(serial.target.root.readFile('/log1'))).toBe('one 1\none 2\none 3\nfrom context\n');
    expect(Buffer.compare(tarball(parallel.target), tarball(serial.target))).toBe(0);
    expect(canonical(parallel.events)).toEqual(canonical(serial.events));
    expect(new Set(parallel.events.map((e) => e.kind !== 'warning' && e.worker))).toEqual(new Set([1, 2]));
    expect(serial.modeledMs).toBe(parallel.modeledMs);
  });

  it('fails the build with the failing step while the sibling succeeds', async () => {
    const req = request(3, (d) => d.replace('RUN echo more >> /out2', 'RUN echo broken >&2; exit 3'));
    const events: BuildEvent[] = [];
    await expect(build(req, 2, (e) => events.push(e))).rejects.toMatchObject({
      name: 'ExecError',
      code: 'exec',
      message: 'process "/bin/sh -c echo broken >&2; exit 3" did not complete successfully: exit code: 3',
      ranges: [{ start: { line: 8 }, end: { line: 8 } }],
    });
    expect(events.some((e) => e.kind === 'vertex-log' && e.data === 'broken\n' && e.stream === 'stderr')).toBe(true);
    expect(events.some((e) => e.kind === 'vertex-done' && e.error?.includes('exit code: 3'))).toBe(true);
  });

  it('cancels mid-build within one step and reports CANCELED', async () => {
    const events: BuildEvent[] = [];
    const p = build(request(3, HEAVY), 2, (e) => {
      events.push(e);
      if (e.kind === 'vertex-start' && e.name.includes('RUN for i')) coordinator.cancel();
    });
    await expect(p).rejects.toMatchObject({ code: 'canceled', message: 'context canceled' });
    const heavy = events.find((e) => e.kind === 'vertex-start' && e.name.includes('RUN for i'));
    expect(events.some((e) => e.kind === 'vertex-done' && e.canceled && heavy?.kind === 'vertex-start' && e.vertex === heavy.vertex)).toBe(true);
    expect(events.some((e) => e.kind === 'vertex-start' && e.name.includes('COPY --from'))).toBe(false);
    const after = await build(request(), 2);
    expect(after.target.root.exists('/out2')).toBe(true);
  });

  it('a newer build supersedes the running one', async () => {
    const older = build(request(3, HEAVY), 2);
    const newer = build(request(2), 2);
    await expect(older).rejects.toMatchObject({ code: 'canceled' });
    expect(new TextDecoder().decode((await newer).target.root.readFile('/log1'))).toBe('one 1\none 2\nfrom context\n');
  });

  it('fails only the build whose worker was killed, naming the stage and step; the next build works', async () => {
    let killed = false;
    const p = build(request(3, HEAVY), 2, (e) => {
      if (!killed && e.kind === 'vertex-start' && e.name.includes('RUN for i') && e.worker) {
        killed = true;
        pool.kill(e.worker);
      }
    });
    await expect(p).rejects.toMatchObject({
      code: 'WORKER_LOST',
      message: expect.stringMatching(/^worker \d stopped while running \[one 4\/4\] RUN for i in \$\(seq 1 3000\).*: the worker was terminated$/),
    });
    const next = await build(request(), 2);
    expect(tarball(next.target).length).toBeGreaterThan(0);
  });
});

describe('CoordinatorClient.buildImage (the engine build off the main thread)', () => {
  it('produces the same OCI archive and events as the engine in this thread, and cancels', async () => {
    const req: BuildRequest = {
      dockerfile: readFileSync(join(PROJECT_DIR, 'Dockerfile'), 'utf8'), context: readContext(), target: 'client',
      buildArgs: { SOURCE_DATE_EPOCH: '0' }, outputs: [{ type: 'oci' }],
    };
    const local: BuildEvent[] = [];
    const here = await engineBuild(req, testDeps(), { onEvent: (e) => local.push(e) });
    const client = new CoordinatorClient(nodeSpawner(), 1);
    try {
      const events: BuildEvent[] = [];
      const res = await client.buildImage(req, (e) => events.push(e));
      expect(Buffer.compare(res.outputs[0]!.archive!, here.outputs[0]!.archive!)).toBe(0); // toEqual on MBs is slow
      expect(res.imageDigests).toEqual([await here.images[0]!.digest()]);
      expect(res.trees[0]!.entries().map((e) => e.path)).toEqual(here.filesystems[0]!.entries().map((e) => e.path));
      expect(canonical(events)).toEqual(canonical(local));
      const canceled = client.buildImage({ ...req, noCache: true }, (e) => e.kind === 'vertex-start' && e.name.includes('go mod download') && client.cancel());
      await expect(canceled).rejects.toMatchObject({ code: 'canceled', message: 'context canceled' });
    } finally {
      await client.dispose();
    }
  });
});

describe('CoordinatorClient + coordinator.worker (a worker that owns the pool)', () => {
  it('builds through nested workers, returns the target as transferables, survives a dead coordinator', async () => {
    const client = new CoordinatorClient(nodeSpawner(), 2);
    try {
      expect(await client.warmUp()).toBe(2);
      const events: BuildEvent[] = [];
      const res = await client.build(request(), (e) => events.push(e));
      const local = await build(request(), 1);
      expect(Buffer.compare(tarball(res.target), tarball(local.target))).toBe(0);
      expect(canonical(events)).toEqual(canonical(local.events));
      await expect(client.build(request(3, (d) => d.replace('COPY a.txt .', 'COPY missing.txt .')), () => undefined)).rejects.toMatchObject({
        name: 'ExecError', code: 'copy', ranges: [{ start: { line: 3 } }],
      });
      const doomed = client.build(request(3, HEAVY), (e) => e.kind === 'vertex-start' && e.name.includes('RUN for i') && client.kill());
      await expect(doomed).rejects.toMatchObject({ code: 'WORKER_LOST', message: expect.stringMatching(/^the build coordinator stopped: /) });
      const again = await client.build(request(), () => undefined);
      expect(Buffer.compare(tarball(again.target), tarball(local.target))).toBe(0);
    } finally {
      await client.dispose();
    }
  });
});
