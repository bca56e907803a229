import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { capture, filesOf, testDeps } from '../build/testing/project.ts';
import { ExecError } from '../source/errors.ts';

const dec = new TextDecoder();

async function runBuild(dockerfile: string, buildArgs: Record<string, string> = {}) {
  const c = capture();
  const r = await build({ dockerfile, context: filesOf({ 'f.txt': 'f' }), buildArgs }, testDeps(), { onEvent: c.onEvent });
  return { r, c, fs: r.filesystems[0]! };
}

async function failure(dockerfile: string): Promise<ExecError> {
  const err = await build({ dockerfile, context: [] }, testDeps()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ExecError);
  return err as ExecError;
}

describe('RUN', () => {
  it('runs the shell form through /bin/sh -c with env, ARGs, WORKDIR and output as logs', async () => {
    const { fs, c } = await runBuild('FROM alpine:3.21\nARG WHO=world\nENV GREETING=hello\nWORKDIR /app\nRUN echo "$GREETING $WHO from $(pwd)" | tee out.txt\n');
    expect(dec.decode(fs.readFile('/app/out.txt'))).toBe('hello world from /app\n');
    const logs = c.events.flatMap((e) => (e.kind === 'vertex-log' ? [e.data] : [])).join('');
    expect(logs).toBe('hello world from /app\n');
  });

  it('exec form runs the program directly, found in PATH', async () => {
    const { fs } = await runBuild('FROM alpine:3.21\nRUN ["touch", "/made"]\n');
    expect(fs.stat('/made')?.type).toBe('file');
  });

  it('proxy build args reach RUN without an ARG and stay out of history', async () => {
    const { fs, r } = await runBuild('FROM alpine:3.21\nRUN echo "$HTTP_PROXY" > /p\n', { HTTP_PROXY: 'http://proxy:3128' });
    expect(dec.decode(fs.readFile('/p'))).toBe('http://proxy:3128\n');
    const hist = (await r.images[0]!.configFile()).history!.map((h) => h.created_by);
    expect(hist.at(-1)).toBe('RUN /bin/sh -c echo "$HTTP_PROXY" > /p # buildkit');
  });

  it('USER sets the process user and WORKDIR ownership', async () => {
    const { fs } = await runBuild('FROM alpine:3.21\nUSER nobody\nWORKDIR /home/nb\nRUN id -u > /tmp/uid\n');
    expect(dec.decode(fs.readFile('/tmp/uid'))).toBe('65534\n');
    expect(fs.stat('/home/nb')).toMatchObject({ uid: 65534, gid: 65534 });
  });

  it('a non-zero exit fails with BuildKit\'s message, exit code and the RUN range', async () => {
    const err = await failure('FROM alpine:3.21\nRUN false\n');
    expect(err.message).toBe('process "/bin/sh -c false" did not complete successfully: exit code: 1');
    expect(err.data).toEqual({ exitCode: 1 });
    expect(err.ranges[0]!.start.line).toBe(2);
    const nf = await failure('FROM alpine:3.21\nRUN nosuchtool --help\n');
    expect(nf.message).toBe('process "/bin/sh -c nosuchtool --help" did not complete successfully: exit code: 127');
  });

  it('FROM scratch has no /bin/sh: runc cannot start the process', async () => {
    const err = await failure('FROM scratch\nRUN echo hi\n');
    expect(err.message).toBe('process "/bin/sh -c echo hi" did not complete successfully: runc run failed: unable to start container process: error during container init: exec: "/bin/sh": stat /bin/sh: no such file or directory');
    const exec = await failure('FROM alpine:3.21\nRUN ["nope"]\n');
    expect(exec.message).toContain('exec: "nope": executable file not found in $PATH');
  });

  it('every RUN makes a layer, even an empty one', async () => {
    const { r } = await runBuild('FROM alpine:3.21\nRUN true\n');
    expect((await r.images[0]!.configFile()).rootfs.diff_ids).toHaveLength(2);
  });

  it('deletions become whiteouts in the layer and the file is gone', async () => {
    const { fs, r } = await runBuild('FROM alpine:3.21\nRUN rm /etc/os-release\n');
    expect(fs.exists("/etc/os-release")).toBe(false);
    const layers = await r.images[0]!.layers();
    const { parseTar } = await import('../image/index.ts');
    const names = parseTar(await layers.at(-1)!.uncompressed()).map((e) => e.name);
    expect(names).toContain('etc/.wh.os-release');
  });

  it('heredoc RUN runs its body as the script', async () => {
    const { fs } = await runBuild('FROM alpine:3.21\nRUN <<EOF\necho one > /h\necho two >> /h\nEOF\n');
    expect(dec.decode(fs.readFile('/h'))).toBe('one\ntwo\n');
  });
});
