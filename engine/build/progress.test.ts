import { describe, expect, it } from 'vitest';
import { ExecError, EngineError } from '../source/errors.ts';
import { build } from './build.ts';
import { capture, filesOf, testDeps } from './testing/project.ts';

const DF = `FROM alpine:3.21
WORKDIR /app
COPY hello.txt .
RUN cat hello.txt && echo done
CMD ["cat", "/app/hello.txt"]
`;

describe('plain progress', () => {
  it('prints BuildKit plain output with deterministic modeled times (golden)', async () => {
    const c = capture();
    await build({ dockerfile: DF, context: filesOf({ 'hello.txt': 'hello\n' }), tags: ['hello'] }, testDeps(), { onEvent: c.onEvent });
    expect(c.plain()).toMatchInlineSnapshot(`
      "#1 [internal] load build definition from Dockerfile
      #1 transferring dockerfile: 108B done
      #1 DONE 0.0s

      #2 [internal] load metadata for docker.io/library/alpine:3.21
      #2 DONE 0.3s

      #3 [internal] load .dockerignore
      #3 transferring context: 2B done
      #3 DONE 0.0s

      #4 [internal] load build context
      #4 transferring context: 6B done
      #4 DONE 0.0s

      #5 [1/4] FROM docker.io/library/alpine:3.21@sha256:cc565699f003e0c1f98586a3d84c300f32e34bbdf630529191de2f1f7ca2ecf5
      #5 resolve docker.io/library/alpine:3.21@sha256:cc565699f003e0c1f98586a3d84c300f32e34bbdf630529191de2f1f7ca2ecf5 done
      #5 sha256:a4716fbe8663a46873c90229318e7ae9c4eedf3cd9c6d3761e1ef53fc7b5c494 3.65MB / 3.65MB 0.1s done
      #5 extracting sha256:a4716fbe8663a46873c90229318e7ae9c4eedf3cd9c6d3761e1ef53fc7b5c494 0.1s done
      #5 DONE 0.1s

      #6 [2/4] WORKDIR /app
      #6 DONE 0.0s

      #7 [3/4] COPY hello.txt .
      #7 DONE 0.0s

      #8 [4/4] RUN cat hello.txt && echo done
      #8 0.010 hello
      #8 0.015 done
      #8 DONE 0.1s

      #9 exporting to image
      #9 exporting layers
      #9 writing layer sha256:8f654e986062737426c9552bac344d186ceb7cf25efefecfcfa056601571a7af 0.0s done
      #9 writing layer sha256:ec6257ba7f1e6a55b9fd7e0a7e5e046388b3734d0b67dff8eaf9ef5f00d04928 0.0s done
      #9 writing layer sha256:acb5604b126ac894c1eb11c4575bf2072fea61232a888e453770c79d7ed56419 0.0s done
      #9 exporting layers 0.1s done
      #9 exporting manifest sha256:9615f68bd5e37a63e739083306a15e3c743c238244f93718fd47bf817dab473d done
      #9 exporting config sha256:2795512752d66bac4e5e5810108f1806fff94e2a0fca24ff2f56a15544967b0b done
      #9 naming to docker.io/library/hello:latest done
      #9 unpacking to docker.io/library/hello:latest 0.0s done
      #9 DONE 0.1s
      "
    `);
  });

  it('a failing RUN ends its vertex with ERROR and throws ExecError with the RUN line', async () => {
    const c = capture();
    const df = 'FROM alpine:3.21\nRUN echo building\nRUN echo oops >&2 && exit 2\n';
    const err = await build({ dockerfile: df, context: [] }, testDeps(), { onEvent: c.onEvent }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as ExecError).message).toBe('process "/bin/sh -c echo oops >&2 && exit 2" did not complete successfully: exit code: 2');
    expect((err as ExecError).ranges[0]!.start.line).toBe(3);
    const out = c.plain();
    expect(out).toContain('#6 [3/3] RUN echo oops >&2 && exit 2\n#6 0.010 oops\n#6 ERROR: process "/bin/sh -c echo oops >&2 && exit 2" did not complete successfully: exit code: 2\n');
  });

  it('an aborted signal stops the build within one step and reports CANCELED', async () => {
    const c = capture();
    const ac = new AbortController();
    const df = 'FROM alpine:3.21\nRUN echo one\nRUN sleep 1; echo two\nRUN echo three\n';
    const err = await build({ dockerfile: df, context: [] }, testDeps(), {
      signal: ac.signal,
      onEvent: (e) => {
        c.onEvent(e);
        if (e.kind === 'vertex-start' && e.name.includes('echo two')) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('canceled');
    const out = c.plain();
    expect(out).toMatch(/RUN sleep 1; echo two\n(#\d+ .*\n)*#\d+ CANCELED/);
    expect(out).not.toContain('echo three');
  });

  it('step names keep quotes and unset variables, expand set ones (moby/buildkit#661)', async () => {
    const c = capture();
    await build({ dockerfile: 'FROM alpine:3.21\nENV name=Jude\nrun echo "Hey $name" $unset\n', context: [] }, testDeps(), { onEvent: c.onEvent });
    expect(c.events.some((e) => e.kind === 'vertex-start' && e.name === '[2/2] RUN echo "Hey Jude" $unset')).toBe(true);
  });

  it('a failing stage cancels the stages running beside it; the build fails with its error', async () => {
    const c = capture();
    const df = 'FROM alpine:3.21 AS bad\nRUN exit 5\nFROM alpine:3.21 AS slow\nRUN echo 1\nRUN echo 2\nRUN echo 3\nFROM scratch\nCOPY --from=bad /etc/os-release /a\nCOPY --from=slow /etc/os-release /b\n';
    const err = await build({ dockerfile: df, context: [] }, testDeps(), { onEvent: c.onEvent }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('process "/bin/sh -c exit 5" did not complete successfully: exit code: 5');
    const out = c.plain();
    expect(out).not.toContain('[slow 4/4] RUN echo 3');
    expect(out).not.toContain('COPY --from=bad');
  });

  it('COPY --from an image reads that image\'s files', async () => {
    const c = capture();
    const r = await build({ dockerfile: 'FROM scratch\nCOPY --from=busybox:1.36 /bin/busybox /bb\n', context: [] }, testDeps(), { onEvent: c.onEvent });
    expect(r.filesystems[0]!.stat('/bb')?.type).toBe('file');
    expect(c.plain()).toContain('[internal] load metadata for docker.io/library/busybox:1.36');
  });

  it('lint warnings become warning events and result.warnings', async () => {
    const c = capture();
    const r = await build({ dockerfile: 'FROM alpine:3.21 as base\nRUN true\n', context: [] }, testDeps(), { onEvent: c.onEvent });
    expect(r.warnings.map((w) => w.rule)).toEqual(['FromAsCasing']);
    expect(c.events.some((e) => e.kind === 'warning' && e.rule === 'FromAsCasing')).toBe(true);
  });

  it('an image outside the catalog fails on its FROM line', async () => {
    const c = capture();
    const err = await build({ dockerfile: 'FROM node:20\nRUN true\n', context: [] }, testDeps(), { onEvent: c.onEvent }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).ranges[0]!.start.line).toBe(1);
    expect(c.plain()).toContain('#2 [internal] load metadata for docker.io/library/node:20\n#2 ERROR: ');
  });
});
