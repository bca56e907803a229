import { afterAll, describe, expect, it } from 'vitest';
import { build } from '#engine/build';
import { readContext, testDeps } from '#engine/build/testing/project';
import type { BuildEvent, CacheCause } from '#engine/progress';
import { nodeSpawner } from './node.ts';
import { poolExecutor } from './pool-executor.ts';
import { StagePool } from './pool.ts';

// the lesson project's stages, with a light build step (the causes, not the binaries, are under test)
const DF = `FROM golang:1.20-alpine AS base
WORKDIR /src
COPY go.mod go.sum .
RUN go mod download
COPY . .

FROM base AS build-client
RUN wc -c cmd/client/main.go > /client.txt

FROM base AS build-server
RUN wc -c cmd/server/main.go > /server.txt

FROM scratch
COPY --from=build-client /client.txt /
COPY --from=build-server /server.txt /
`;

const context = readContext();
const edited = context.map((f) => (f.path === 'cmd/server/main.go' && f.content ? { ...f, content: new Uint8Array([...f.content, 10]) } : f));

/** `#N name: cause` for every vertex with a cause. */
function causes(events: readonly BuildEvent[]): string[] {
  const names = new Map<number, string>();
  const out: string[] = [];
  for (const e of events) {
    if (e.kind === 'vertex-start') names.set(e.vertex, e.name);
    if (e.kind === 'vertex-done' && e.cause) out.push(`#${e.vertex} ${names.get(e.vertex)}: ${JSON.stringify(e.cause as CacheCause)}`);
  }
  return out;
}

const pools: StagePool[] = [];
afterAll(() => pools.forEach((p) => p.dispose()));

describe('causes over a stage-worker pool', () => {
  it('are the ones the in-process build gives, with the build\'s vertex numbers', async () => {
    const pool = new StagePool({ size: 2, spawn: nodeSpawner() });
    pools.push(pool);
    const seen: string[][] = [];
    for (const stages of [undefined, poolExecutor(pool)]) {
      const deps = testDeps();
      await build({ dockerfile: DF, context }, deps, stages ? { stages } : {});
      const events: BuildEvent[] = [];
      await build({ dockerfile: DF, context: edited }, deps, { onEvent: (e) => void events.push(e), ...(stages ? { stages: poolExecutor(pool) } : {}) });
      seen.push(causes(events));
    }
    expect(seen[1]).toEqual(seen[0]);
    const lines = seen[0]!;
    const copy = lines.find((l) => l.includes('[base 5/5] COPY . .'))!;
    expect(copy).toContain('{"kind":"files-changed","paths":["cmd/server/main.go"]}');
    expect(lines.find((l) => l.includes('RUN go mod download'))).toContain('{"kind":"cached"}');
    const n = Number(/^#(\d+)/.exec(copy)![1]);
    expect(lines.find((l) => l.includes('[build-server 1/1]'))).toContain(`{"kind":"parent-ran","vertex":${n},"name":"[base 5/5] COPY . ."}`);
    // build-client ran too (its parent did), so the final stage's first COPY ran for its source, the second for its parent
    const fromClient = lines.find((l) => l.includes('COPY --from=build-client'))!;
    expect(fromClient).toContain('{"kind":"files-changed","paths":["build-client:/client.txt"]}');
    const m = Number(/^#(\d+)/.exec(fromClient)![1]);
    expect(lines.find((l) => l.includes('COPY --from=build-server'))).toContain(`{"kind":"parent-ran","vertex":${m},"name":"[stage-3 1/2] COPY --from=build-client /client.txt /"}`);
  }, 120_000);
});
