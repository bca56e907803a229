import { describe, expect, it } from 'vitest';
import { loadDockerfile } from '../dockerfile/index.ts';
import type { BuildEvent } from '../progress/events.ts';
import { runStagesParallel } from './parallel.ts';
import { localStageRunner } from './stage-runner-local.ts';
import type { BuildRequest } from './types.ts';

const enc = (s: string) => new TextEncoder().encode(s);

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

function request(dockerfile = DOCKERFILE): BuildRequest {
  return { dockerfile, context: [{ path: 'a.txt', type: 'file', mode: 0o644, mtime: 0, content: enc('from context\n') }] };
}

async function build(jobs: number, req = request(), signal?: AbortSignal) {
  const fe = loadDockerfile(req.dockerfile, {});
  const runner = localStageRunner();
  const events: BuildEvent[] = [];
  const res = await runStagesParallel(fe.graph, fe.order, (stage, deps, ctx) => runner.runStage({ buildId: 1, request: req, stage, deps }, ctx), {
    jobs, onEvent: (e) => events.push(e), ...(signal ? { signal } : {}),
  });
  return { res, events, last: res.outputs.get(fe.order.at(-1)!)! };
}

describe('runStagesParallel', () => {
  it('gives the same trees, events and numbering with 1, 2 and 8 jobs', async () => {
    const a = await build(1);
    const b = await build(2);
    const c = await build(8);
    const text = (r: typeof a) => new TextDecoder().decode(r.last.root.readFile('/out1')) + new TextDecoder().decode(r.last.root.readFile('/out2'));
    expect(text(a)).toBe('from context\ntwo\nmore\n');
    expect(text(b)).toBe(text(a));
    expect(b.events).toEqual(a.events);
    expect(c.events).toEqual(a.events);
    const starts = a.events.filter((e) => e.kind === 'vertex-start').map((e) => e.kind === 'vertex-start' && `#${e.vertex} ${e.name}`);
    expect(starts[0]).toBe('#1 [one 1/4] FROM alpine:3.18');
    // Steps of the two independent stages interleave by modeled time.
    expect(starts.slice(0, 5)).toEqual([
      '#1 [one 1/4] FROM alpine:3.18', '#2 [one 2/4] WORKDIR /work', '#3 [two 1/3] FROM alpine:3.18',
      '#4 [two 2/3] RUN echo two; echo two > /out2', '#5 [one 3/4] COPY a.txt .',
    ]);
    expect(new Set(a.events.map((e) => e.kind !== 'warning' && e.vertex)).size).toBe(starts.length);
    const ts = a.events.map((e) => ('t' in e ? e.t : 0));
    expect([...ts].sort((x, y) => x - y)).toEqual(ts);
  });

  it('fails the build with the failing step while the sibling succeeds', async () => {
    const df = DOCKERFILE.replace('RUN echo more >> /out2', 'RUN echo broken; exit 3');
    await expect(build(2, request(df))).rejects.toMatchObject({
      code: 'exec',
      message: 'process "/bin/sh -c echo broken; exit 3" did not complete successfully: exit code: 3',
      ranges: [{ start: { line: 8 } }],
    });
  });

  it('stops on cancel and reports CANCELED', async () => {
    const ac = new AbortController();
    const df = DOCKERFILE.replace('for i in 1 2 3', 'for i in $(seq 1 3000)');
    const events: BuildEvent[] = [];
    const fe = loadDockerfile(df, {});
    const req = request(df);
    const runner = localStageRunner();
    const p = runStagesParallel(fe.graph, fe.order, (stage, deps, ctx) => runner.runStage({ buildId: 1, request: req, stage, deps }, ctx), {
      jobs: 2, signal: ac.signal, onEvent: (e) => {
        events.push(e);
        if (e.kind === 'vertex-log' && e.data.includes('one 5')) ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'canceled', message: 'context canceled' });
    expect(events.some((e) => e.kind === 'vertex-done' && e.canceled)).toBe(true);
    expect(events.some((e) => e.kind === 'vertex-log' && e.data.includes('one 3000'))).toBe(false);
  });
});
