/**
 * A multi-platform build runs a stage that is identical on every target platform once, and
 * shows its steps once, as BuildKit's solver shares identical ops across the platforms of one
 * build: the guide's chapter 8 `FROM --platform=$BUILDPLATFORM golang... AS base` is one
 * `[linux/amd64 base N/3]` row each, while the stages that use TARGETARCH run per platform.
 */
import { describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { capture, filesOf, testDeps } from './testing/project.ts';

const DF = `FROM --platform=$BUILDPLATFORM alpine AS base
WORKDIR /src
RUN echo shared > /src/shared

FROM base AS build
ARG TARGETARCH
RUN echo "built for $TARGETARCH" > /out

FROM scratch
COPY --from=build /out /out
COPY --from=base /src/shared /shared
`;

const starts = (events: ReturnType<typeof capture>['events']) =>
  events.filter((e) => e.kind === 'vertex-start').map((e) => (e as { name: string }).name);

describe('identical stages across the platforms of one build', () => {
  it('run and show once; the per-platform stages run on each', async () => {
    const c = capture();
    const r = await build({ dockerfile: DF, context: filesOf({}), platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'] }, testDeps(), { onEvent: c.onEvent });
    const names = starts(c.events);
    expect(names.filter((n) => n.startsWith('[linux/amd64 base '))).toEqual([
      expect.stringMatching(/^\[linux\/amd64 base 1\/3\] FROM docker\.io\/library\/alpine/),
      '[linux/amd64 base 2/3] WORKDIR /src',
      '[linux/amd64 base 3/3] RUN echo shared > /src/shared',
    ]);
    expect(names.filter((n) => / build 1\/1\] RUN/.test(n))).toEqual([
      '[linux/amd64 build 1/1] RUN echo "built for amd64" > /out',
      '[linux/amd64->arm64 build 1/1] RUN echo "built for arm64" > /out',
      '[linux/amd64->arm/v7 build 1/1] RUN echo "built for arm" > /out',
    ]);
    expect(names.filter((n) => / stage-2 2\/2\] COPY --from=base/.test(n))).toHaveLength(3);
    // every platform's image still gets the shared stage's file and its own build output
    const one = async (platform: string) => (await build({ dockerfile: DF, context: filesOf({}), platforms: [platform] }, testDeps())).images[0]!;
    for (const [i, platform] of ['linux/amd64', 'linux/arm64', 'linux/arm/v7'].entries()) {
      const alone = await one(platform);
      expect(await r.images[i]!.configName()).toBe(await alone.configName());
    }
  }, 60_000);
});
