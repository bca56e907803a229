import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build as engineBuild } from '../engine/build/index.ts';
import { PROJECT_DIR, readContext, testDeps } from '../engine/build/testing/project.ts';
import type { BuildRequest } from '../engine/build/types.ts';
import type { BuildEvent } from '../engine/progress/events.ts';
import { slowRequest } from '../engine/testing/slow-build.ts';
import { CoordinatorClient } from './client.ts';
import { nodeSpawner } from './node.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

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
    buildArgs: { SOURCE_DATE_EPOCH: '0' },
  };
}

/** Events without what legitimately differs between runs (worker ids, wall-clock times). */
const canonical = (events: BuildEvent[]) => events.map((e) => ({ ...e, worker: undefined, realMs: undefined }));
const startOf = (events: BuildEvent[], part: string) => events.find((e): e is Extract<BuildEvent, { kind: 'vertex-start' }> => e.kind === 'vertex-start' && e.name.includes(part));

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
      // A go build that runs for seconds: the guide's project builds too fast to cancel mid-build reliably.
      const canceled = client.buildImage(slowRequest(60_000), (e) => e.kind === 'vertex-start' && e.name.includes('RUN go build') && client.cancel());
      await expect(canceled).rejects.toMatchObject({ code: 'canceled', message: 'context canceled' });
    } finally {
      await client.dispose();
    }
  });
});

describe('CoordinatorClient.buildImage with jobs 2 (a coordinator worker that owns a stage pool: nested workers)', () => {
  const client = new CoordinatorClient(nodeSpawner(), 2);
  afterAll(() => client.dispose());
  /** Builds through the client with 2 stage workers, collecting the events. */
  async function build(req: BuildRequest, onEvent: (e: BuildEvent) => void = () => undefined) {
    const events: BuildEvent[] = [];
    const res = await client.buildImage(req, (e) => (events.push(e), onEvent(e)), 2);
    return { ...res, events };
  }

  it('builds the image of the engine in this thread on both workers, and returns the target tree', async () => {
    expect(await client.warmUp()).toBe(2);
    const here = await engineBuild(request(), testDeps());
    const res = await build(request());
    expect(res.imageDigests).toEqual([await here.images[0]!.digest()]);
    expect(dec(res.trees[0]!.readFile('/log1'))).toBe('one 1\none 2\none 3\nfrom context\n');
    expect(dec(res.trees[0]!.readFile('/out2'))).toBe('two\nmore\n');
    expect(new Set(res.events.flatMap((e) => (e.kind !== 'warning' && e.worker ? [e.worker] : [])))).toEqual(new Set([1, 2]));
  });

  it('fails with the failing step as data (code, message, ranges) while the sibling succeeds', async () => {
    const req = request(4, (d) => d.replace('RUN echo more >> /out2', 'RUN echo broken >&2; exit 3'));
    const events: BuildEvent[] = [];
    await expect(build(req, (e) => events.push(e))).rejects.toMatchObject({
      name: 'ExecError',
      code: 'run-exit',
      message: 'process "/bin/sh -c echo broken >&2; exit 3" did not complete successfully: exit code: 3',
      ranges: [{ start: { line: 8 }, end: { line: 8 } }],
    });
    expect(events.some((e) => e.kind === 'vertex-log' && e.data === 'broken\n' && e.stream === 'stderr')).toBe(true);
    expect(events.some((e) => e.kind === 'vertex-done' && e.error?.includes('exit code: 3'))).toBe(true);
    await expect(build(request(5, (d) => d.replace('COPY a.txt .', 'COPY missing.txt .')))).rejects.toMatchObject({
      name: 'ExecError', code: 'copy-not-found', ranges: [{ start: { line: 3 } }],
      message: expect.stringMatching(/^failed to compute cache key: .*"\/missing\.txt": not found$/),
    });
  });

  it('cancels mid-build within one step (CANCELED); the next build works', async () => {
    const events: BuildEvent[] = [];
    const p = build(request(3, HEAVY), (e) => {
      events.push(e);
      if (e.kind === 'vertex-start' && e.name.includes('RUN for i')) client.cancel();
    });
    await expect(p).rejects.toMatchObject({ code: 'canceled', message: 'context canceled' });
    const heavy = startOf(events, 'RUN for i');
    expect(heavy?.worker).toBeGreaterThan(0);
    expect(events.some((e) => e.kind === 'vertex-done' && e.canceled && e.vertex === heavy?.vertex)).toBe(true);
    expect(startOf(events, 'COPY --from')).toBeUndefined();
    const after = await build(request());
    expect(after.trees[0]!.exists('/out2')).toBe(true);
  });

  it('a newer build supersedes the running one', async () => {
    const older = build(request(3, HEAVY));
    const newer = build(request(2));
    await expect(older).rejects.toMatchObject({ code: 'canceled' });
    expect(dec((await newer).trees[0]!.readFile('/log1'))).toBe('one 1\none 2\nfrom context\n');
  });

  it('a dead coordinator fails only the build in flight (WORKER_LOST); the next build starts a new one', async () => {
    const doomed = build(request(3, HEAVY), (e) => e.kind === 'vertex-start' && e.name.includes('RUN for i') && client.kill());
    await expect(doomed).rejects.toMatchObject({ code: 'WORKER_LOST', message: expect.stringMatching(/^the build coordinator stopped: /) });
    const again = await build(request(6));
    expect(dec(again.trees[0]!.readFile('/log1'))).toBe('one 1\none 2\none 3\none 4\none 5\none 6\nfrom context\n');
  });
});
