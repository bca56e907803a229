/**
 * Build options of BuildKit's Dockerfile frontend as its integration tests state them
 * (moby/buildkit frontend/dockerfile/dockerfile_core_test.go, dockerfile_dockerignore_test.go):
 * `label:` opts (`docker build --label`) and the `.dockerignore` files. Each case names the Go
 * test it follows; a case with RUN checks passes when the build succeeds.
 */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { capture, filesOf, testDeps } from '../build/testing/project.ts';

const dec = new TextDecoder();

describe('testLabels: --label over LABEL', () => {
  const LABELS: [string, string, Record<string, string>, Record<string, string> | undefined][] = [
    ['testLabels: a LABEL and a --label both end up in the config', '\nFROM scratch\nLABEL foo=bar\n', { bar: 'baz' }, { foo: 'bar', bar: 'baz' }],
    ['a --label of the same key wins over the LABEL', 'FROM scratch\nLABEL foo=bar\n', { foo: 'cli' }, { foo: 'cli' }],
    ['an empty --label value (a bare --label K) is kept', 'FROM scratch\n', { k: '' }, { k: '' }],
    ['no --label: the LABELs as they are', 'FROM scratch\nLABEL a=1\n', {}, { a: '1' }],
    ['no LABEL and no --label: no Labels at all', 'FROM scratch\n', {}, undefined],
  ];
  it.each(LABELS)('%s', async (_name, dockerfile, labels, want) => {
    const r = await build({ dockerfile, context: filesOf({}), labels }, testDeps());
    const config = await r.images[0]!.configFile();
    expect(config.config.Labels).toEqual(want);
  });
  it('labels only the target: a stage the target copies from keeps its own, and no history entry is added', async () => {
    const dockerfile = 'FROM busybox AS base\nLABEL stage=base\nRUN echo hi > /hi\nFROM base AS other\nFROM scratch\nCOPY --from=base /hi /hi\n';
    const r = await build({ dockerfile, context: filesOf({}), labels: { l: 'v' } }, testDeps());
    const c = await r.images[0]!.configFile();
    expect(c.config.Labels).toEqual({ l: 'v' });
    expect(c.history?.map((h) => h.created_by)).toEqual(['COPY /hi /hi # buildkit']);
    const base = await build({ dockerfile, context: filesOf({}), labels: { l: 'v' }, target: 'base' }, testDeps());
    expect((await base.images[0]!.configFile()).config.Labels).toEqual({ stage: 'base', l: 'v' });
  });
});

describe("BuildKit's .dockerignore tests", () => {
  const OVERRIDE = {
    Dockerfile: 'FROM busybox\nCOPY . .\nRUN [ -f foo ] && [ ! -f bar ]\n',
    'Dockerfile.dockerignore': 'bar\n',
    Dockerfile2: 'FROM busybox\nCOPY . .\nRUN [ ! -f foo ] && [ -f bar ]\n',
    'Dockerfile2.dockerignore': 'foo\n',
    foo: 'contents0',
    bar: 'contents0',
  };
  it.each([
    ['testDockerignoreOverride: Dockerfile with Dockerfile.dockerignore', 'Dockerfile'],
    ['testDockerignoreOverride: Dockerfile2 (filename=Dockerfile2) with Dockerfile2.dockerignore', 'Dockerfile2'],
  ])('%s', async (_name, file) => {
    const dockerignore = OVERRIDE[`${file}.dockerignore` as keyof typeof OVERRIDE];
    await expect(build({ dockerfile: OVERRIDE[file as 'Dockerfile'], dockerfileName: file, context: filesOf(OVERRIDE), dockerignore }, testDeps())).resolves.toBeDefined();
  });

  it("a Dockerfile's own ignore file wins over the context's .dockerignore, which is then not loaded", async () => {
    const files = { '.dockerignore': 'foo\n', foo: 'f', bar: 'b' };
    const dockerfile = 'FROM busybox\nCOPY . /ctx/\nRUN [ -f /ctx/foo ] && [ ! -f /ctx/bar ]\n';
    const c = capture();
    await build({ dockerfile, context: filesOf(files), dockerignore: 'bar\n' }, testDeps(), { onEvent: c.onEvent });
    expect(c.plain()).not.toContain('load .dockerignore');
    // without it the context's applies
    await expect(build({ dockerfile, context: filesOf(files) }, testDeps())).rejects.toThrow('did not complete successfully');
  });

  it('testDockerignore: ba* with !bay, the Dockerfile and .dockerignore themselves excluded', async () => {
    const files = {
      Dockerfile: '\nFROM scratch\nCOPY . .\n',
      foo: 'foo-contents', bar: 'bar-contents', baz: 'baz-contents', bay: 'bay-contents',
      '.dockerignore': '\nba*\nDockerfile\n!bay\n.dockerignore\n',
    };
    const r = await build({ dockerfile: files.Dockerfile, context: filesOf(files), outputs: [{ type: 'local', dest: 'out' }] }, testDeps());
    const out = r.outputs[0]!.files!.filter((f) => f.type === 'file');
    expect(Object.fromEntries(out.map((f) => [f.path, dec.decode(f.content instanceof Uint8Array ? f.content : f.content?.load())]))).toEqual({ foo: 'foo-contents', bay: 'bay-contents' });
  });

  const INVALID: [string, string, string][] = [
    ['testDockerignoreInvalid: a lone !', '!\n', 'invalid excludepatterns: [!]: illegal exclusion pattern: "!"'],
    ['a lone ! among other patterns (all are listed)', 'a\n! \nb/../c\n', 'invalid excludepatterns: [a ! c]: illegal exclusion pattern: "!"'],
    ['an unclosed class (filepath.Match ErrBadPattern)', 'x[\n', 'invalid excludepatterns: [x[]: syntax error in pattern'],
    ['a range without its end', '[a-]\n', 'invalid excludepatterns: [[a-]]: syntax error in pattern'],
    ['a trailing backslash', 'x\\\n', 'invalid excludepatterns: [x\\]: syntax error in pattern'],
  ];
  it.each(INVALID)('%s', async (_name, ignore, message) => {
    const c = capture();
    const dockerfile = '\nFROM scratch\nCOPY . .\n';
    await expect(build({ dockerfile, context: filesOf({ Dockerfile: dockerfile, '.dockerignore': ignore }) }, testDeps(), { onEvent: c.onEvent })).rejects.toThrow(message);
    expect(c.plain()).toContain(`[internal] load build context\n#3 ERROR: ${message}`);
  });
  it('invalid patterns do not matter to a build that never loads the context', async () => {
    await expect(build({ dockerfile: 'FROM scratch\nENV a=b\n', context: filesOf({ '.dockerignore': '!\n' }) }, testDeps())).resolves.toBeDefined();
  });
  it('" #x" is a pattern, not a comment (only lines starting with # are comments)', async () => {
    const files = { ' #x': '1', '#x': '2', '#y': '3', '.dockerignore': '#y\n #x\n' };
    const r = await build({ dockerfile: 'FROM scratch\nCOPY . .\n', context: filesOf(files), outputs: [{ type: 'local', dest: 'out' }] }, testDeps());
    expect(r.outputs[0]!.files!.map((f) => f.path).sort()).toEqual([' #x', '#y', '.dockerignore']);
  });
});
