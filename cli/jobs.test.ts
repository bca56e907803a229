import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { build } from '#engine/build';
import { filesOf, testDeps } from '#engine/build/testing/project';
import type { BuildEvent } from '#engine/progress';
import { jobCount, withStageWorkers } from './jobs.ts';

const DOCKERFILE = `FROM alpine:3.18 AS a
RUN echo a > /a
FROM alpine:3.18 AS b
RUN echo b > /b
FROM scratch
COPY --from=a /a /
COPY --from=b /b /
`;

describe('--jobs', () => {
  it('defaults to the machine parallelism; 1 builds in this thread', async () => {
    expect(jobCount(undefined)).toBe(Math.max(1, availableParallelism()));
    expect(jobCount(3)).toBe(3);
    expect(await withStageWorkers(1, async (stages) => stages)).toBeUndefined();
  });

  it('--jobs 2 runs the stages on workers with the image and events of --jobs 1', async () => {
    const req = { dockerfile: DOCKERFILE, context: filesOf({}), outputs: [{ type: 'oci' as const, dest: 'x.tar' }] };
    const run = (jobs: number) => withStageWorkers(jobs, async (stages) => {
      const events: BuildEvent[] = [];
      const res = await build(req, testDeps(), { onEvent: (e) => void events.push(e), ...(stages ? { stages } : {}) });
      return { events, archive: res.outputs[0]!.archive! };
    });
    const one = await run(1);
    const two = await run(2);
    expect(Buffer.from(two.archive).equals(Buffer.from(one.archive))).toBe(true);
    const workers = new Set(two.events.map((e) => (e.kind === 'warning' ? undefined : e.worker)).filter((w) => w !== undefined));
    expect(workers.size).toBeGreaterThan(0);
    const names = (es: BuildEvent[]) => es.filter((e) => e.kind === 'vertex-start').map((e) => (e.kind === 'vertex-start' ? e.name : ''));
    expect(new Set(names(two.events))).toEqual(new Set(names(one.events)));
  }, 60_000);
});
