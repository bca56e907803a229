import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../progress/events.ts';
import { build } from './build.ts';
import { inProcessExecutor, type StageExecutor } from './stage-executor.ts';
import { filesOf, testDeps } from './testing/project.ts';
import type { BuildRequest } from './types.ts';

const DOCKERFILE = `FROM alpine:3.18 AS one
WORKDIR /work
COPY a.txt .
RUN for i in 1 2 3; do echo one $i; done; cat a.txt > out1

FROM alpine:3.18 AS two
RUN echo two; echo two > /out2
RUN echo more >> /out2

FROM scratch
COPY --from=one /work/out1 /
COPY --from=two /out2 /
`;

/** Events without wall-clock times. */
const canonical = (events: BuildEvent[]) => events.map((e) => ({ ...e, realMs: undefined }));
const request = (dockerfile = DOCKERFILE): BuildRequest => ({ dockerfile, context: filesOf({ 'a.txt': 'from context\n' }) });

/**
 * A `parallel` executor in this thread whose stages finish in a chosen real order: stage
 * `late` waits `ms` of wall-clock time before it runs, as a busy worker would.
 */
function delayed(late: number, ms: number): StageExecutor {
  const inner = inProcessExecutor(testDeps().platform);
  return {
    parallel: true,
    async execute(job, ctx) {
      if (job.index === late) await new Promise((r) => setTimeout(r, ms));
      return inner.execute(job, ctx);
    },
  };
}

async function run(stages: StageExecutor, req = request()) {
  const events: BuildEvent[] = [];
  const res = await build(req, testDeps(), { stages, onEvent: (e) => void events.push(e) });
  return { res, events };
}

describe('stage events merged canonically (stage-merge.ts over parallel-events.ts)', () => {
  it('gives the same events and #N numbering whatever real order the stages finish in', async () => {
    // Layers are kept by step (engine/build/image.ts `stepLayer`): a first build compresses them and shows
    // `writing layer` rows, later ones reuse them. Build once first so the two compared builds are alike.
    await run(delayed(0, 0));
    const a = await run(delayed(0, 30));
    const b = await run(delayed(1, 30));
    const text = (r: typeof a) => new TextDecoder().decode(r.res.filesystems[0]!.readFile('/out1')) + new TextDecoder().decode(r.res.filesystems[0]!.readFile('/out2'));
    expect(text(a)).toBe('from context\ntwo\nmore\n');
    expect(text(b)).toBe(text(a));
    expect(canonical(b.events)).toEqual(canonical(a.events));
    expect(await b.res.images[0]!.digest()).toBe(await a.res.images[0]!.digest());
    const starts = a.events.flatMap((e) => (e.kind === 'vertex-start' ? [{ n: e.vertex, name: e.name }] : []));
    // Every vertex gets one number, in order of start; steps of the two independent stages interleave by modeled time.
    expect(starts.map((s) => s.n)).toEqual(starts.map((_, i) => starts[0]!.n + i));
    const steps = starts.map((s) => s.name).filter((n) => /^\[(one|two) [2-4]\//.test(n));
    expect(steps).toEqual([
      '[one 2/4] WORKDIR /work', '[two 2/3] RUN echo two; echo two > /out2', '[one 3/4] COPY a.txt .',
      '[one 4/4] RUN for i in 1 2 3; do echo one $i; done; cat a.txt > out1', '[two 3/3] RUN echo more >> /out2',
    ]);
    const ts = a.events.map((e) => ('t' in e ? e.t : 0));
    expect([...ts].sort((x, y) => x - y)).toEqual(ts);
  });

  it('fails the build with the failing step while the sibling succeeds', async () => {
    const df = DOCKERFILE.replace('RUN echo more >> /out2', 'RUN echo broken; exit 3');
    await expect(run(delayed(0, 30), request(df))).rejects.toMatchObject({
      code: 'run-exit',
      message: 'process "/bin/sh -c echo broken; exit 3" did not complete successfully: exit code: 3',
      ranges: [{ start: { line: 8 } }],
    });
  });
});
