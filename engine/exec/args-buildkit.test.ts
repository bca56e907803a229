/**
 * Build arguments as BuildKit's frontend tests state them (moby/buildkit
 * frontend/dockerfile/dockerfile_args_test.go and convert.go's `runCommandString`);
 * each case names the Go test it follows.
 */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';
import { proxyEnv } from './run.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('testBuiltinArgs: proxy build args reach RUN in both cases without an ARG, and do not change the cache key', () => {
  const dockerfile = `
FROM busybox AS build
ARG FOO
ARG BAR
ARG BAZ=bazcontent
RUN echo -n $HTTP_PROXY::$NO_PROXY::$FOO::$BAR::$BAZ > /out
`;
  it('a first build, a rebuild with another proxy (cached: the old output), a changed real arg (run again)', async () => {
    const deps = testDeps();
    const out = async (buildArgs: Record<string, string>) => {
      const r = await build({ dockerfile, context: filesOf({}), buildArgs }, deps);
      return text(r.filesystems[0]!.readFile('/out'));
    };
    expect(await out({ FOO: 'foocontents', http_proxy: 'hpvalue', NO_PROXY: 'npvalue' })).toBe('hpvalue::npvalue::foocontents::::bazcontent');
    expect(await out({ FOO: 'foocontents', http_proxy: 'hpvalue2' })).toBe('hpvalue::npvalue::foocontents::::bazcontent');
    expect(await out({ FOO: 'foocontents2', http_proxy: 'hpvalue2' })).toBe('hpvalue2::::foocontents2::::bazcontent');
  });
  it('proxy args are not listed in the RUN history', async () => {
    const r = await build({ dockerfile, context: filesOf({}), buildArgs: { FOO: 'f', HTTPS_PROXY: 'p' } }, testDeps());
    const history = (await r.images[0]!.configFile()).history!.map((h) => h.created_by);
    expect(history).toContain('RUN |3 FOO=f BAR= BAZ=bazcontent /bin/sh -c echo -n $HTTP_PROXY::$NO_PROXY::$FOO::$BAR::$BAZ > /out # buildkit');
  });
  it('proxyEnvFromBuildArgs + proxyEnvList: every spelling, both cases out, the last sorted spelling wins', () => {
    expect(proxyEnv({ ALL_PROXY: 'all-upper', all_proxy: 'all-lower', HTTP_PROXY: 'http-upper', http_proxy: 'http-lower', NO_PROXY: 'no-proxy', Ftp_Proxy: '', FOO: 'x' })).toEqual([
      ['HTTP_PROXY', 'http-lower'], ['http_proxy', 'http-lower'],
      ['NO_PROXY', 'no-proxy'], ['no_proxy', 'no-proxy'],
      ['ALL_PROXY', 'all-lower'], ['all_proxy', 'all-lower'],
    ]);
  });
});

describe('testArgDefaultExpansion: ${FOO:?msg} in a default fails only when the default is used', () => {
  const dockerfile = '\nFROM scratch\nARG FOO\nARG BAR=${FOO:?"foo missing"}\n';
  const global = 'ARG FOO\nARG BAR=${FOO:?"foo missing"}\nFROM scratch\nARG BAR\n';
  it.each([
    ['in a stage', dockerfile],
    ['before FROM', global],
  ])('%s', async (_where, df) => {
    await expect(build({ dockerfile: df, context: filesOf({}) }, testDeps())).rejects.toThrow('FOO: foo missing');
    await expect(build({ dockerfile: df, context: filesOf({}), buildArgs: { FOO: '123' } }, testDeps())).resolves.toBeDefined();
    await expect(build({ dockerfile: df, context: filesOf({}), buildArgs: { BAR: '123' } }, testDeps())).resolves.toBeDefined();
  });
});

describe('runCommandString: RUN |N lists the declared args in declaration order', () => {
  it('a name declared again keeps its first place and takes its latest value; the base stage\'s args come first (BuildKit appends them when the stage starts)', async () => {
    const r = await build(
      { dockerfile: 'FROM busybox AS base\nARG Z=z\n\nFROM base\nARG A=1\nARG B=2\nARG A=3\nRUN true\n', context: filesOf({}) },
      testDeps(),
    );
    const history = (await r.images[0]!.configFile()).history!.map((h) => h.created_by);
    expect(history).toContain('RUN |3 Z=z A=3 B=2 /bin/sh -c true # buildkit');
  });
});

describe('testOnBuildHeredoc: an ONBUILD RUN <<EOF trigger keeps its body (a stage as the base, not a pushed image)', () => {
  it('the child runs the heredoc; the parent config stores it after the line', async () => {
    const dockerfile = '\nFROM busybox AS base\nONBUILD RUN <<EOF\necho "hello world" >> /dest\nEOF\n\nFROM base AS child\n\nFROM scratch\nCOPY --from=child /dest /dest\n';
    const r = await build({ dockerfile, context: filesOf({}) }, testDeps());
    expect(text(r.filesystems[0]!.readFile('/dest'))).toBe('hello world\n');
    const parent = await build({ dockerfile, context: filesOf({}), target: 'base' }, testDeps());
    expect((await parent.images[0]!.configFile()).config.OnBuild).toEqual(['RUN <<EOF\necho "hello world" >> /dest\nEOF']);
  });
});

describe('more of dockerfile_args_test.go', () => {
  it('testGlobalArgErrors: a global default that fails, unless the build arg is given', async () => {
    const dockerfile = '\nARG FOO=${FOO:?"custom error"}\nFROM busybox\n';
    await expect(build({ dockerfile, context: filesOf({}) }, testDeps())).rejects.toThrow('FOO: custom error');
    await expect(build({ dockerfile, context: filesOf({}), buildArgs: { FOO: 'bar' } }, testDeps())).resolves.toBeDefined();
  });
  it('testEmptyStringArgInEnv: ARG BAR= is in the RUN env (empty), ARG FOO without a value is not', async () => {
    const dockerfile = '\nFROM busybox AS build\nARG FOO\nARG BAR=\nRUN env > env.txt\nFROM scratch\nCOPY --from=build env.txt .\n';
    const env = text((await build({ dockerfile, context: filesOf({}) }, testDeps())).filesystems[0]!.readFile('/env.txt'));
    expect(env.split('\n')).toContain('BAR=');
    expect(env).not.toContain('FOO=');
  });
  it('testEnvEmptyFormatting: the legacy ENV form keeps a literal %s in the value', async () => {
    const dockerfile = "\nFROM busybox AS build\nENV myenv foo%sbar\nRUN [ \"$myenv\" = 'foo%sbar' ]\n";
    await expect(build({ dockerfile, context: filesOf({}) }, testDeps())).resolves.toBeDefined();
  });
});
