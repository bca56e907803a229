/**
 * Long FROM chains build in bounded time and memory, up to the front end's stage limit: the
 * stage identity of a multi-platform build no longer nests its base's key (escaped again
 * at every level, 25 stages made a string longer than V8 allows), the platform of a stage is
 * found without recursion, and the graph is ordered in O(n log n).
 */
import { describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { capture, filesOf, testDeps } from './testing/project.ts';
import { EngineError } from '../source/index.ts';
import { MAX_STAGES } from '../dockerfile/instructions/stages.ts';

const chain = (n: number, step = 'ENV N=$N.') => ['FROM alpine AS s0', ...Array.from({ length: n - 1 }, (_, i) => `FROM s${i} AS s${i + 1}\n${step}`)].join('\n') + '\n';

describe('FROM chains', () => {
  it('40 stages on two platforms: one image each, every ENV applied along the chain', async () => {
    const r = await build({ dockerfile: chain(40), context: filesOf({}), platforms: ['linux/amd64', 'linux/arm64'] }, testDeps());
    const envs = await Promise.all(r.images.map(async (i) => (await i.configFile()).config.Env?.find((e) => e.startsWith('N='))));
    expect(envs).toEqual(Array(2).fill(`N=${'.'.repeat(39)}`));
  });

  it(`${MAX_STAGES} stages build; one more is the front end's error at its FROM`, async () => {
    const c = capture();
    const r = await build({ dockerfile: chain(MAX_STAGES, 'LABEL x=1'), context: filesOf({}) }, testDeps(), { onEvent: c.onEvent });
    expect(r.images).toHaveLength(1);
    let err: unknown;
    try {
      await build({ dockerfile: chain(MAX_STAGES + 1, 'LABEL x=1'), context: filesOf({}) }, testDeps());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toBe(`dockerfile has more than ${MAX_STAGES} stages (stageplay's limit)`);
    // the first line of the 501st stage: FROM s499 AS s500
    expect((err as EngineError).ranges[0]!.start.line).toBe(2 * MAX_STAGES);
  });
});
