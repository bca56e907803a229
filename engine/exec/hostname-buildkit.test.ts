/**
 * The RUN container's hostname as BuildKit's frontend tests state it (moby/buildkit
 * frontend/dockerfile/dockerfile_core_test.go testDockerfileCheckHostname): the
 * `BUILDKIT_SANDBOX_HOSTNAME` build arg sets what `hostname`, ash's `$HOSTNAME` and the
 * bind-mounted `/etc/hosts` say; without it, BuildKit's `buildkitsandbox` (executor/oci
 * `defaultHostname`, `initHostsFile`).
 */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { capture, filesOf, testDeps } from '../build/testing/project.ts';

const dec = new TextDecoder();

/** testDockerfileCheckHostname's Dockerfile (its "arg" case; "meta" is the gateway's `hostname` opt, which docker build has no flag for). */
const CHECK = '\nFROM busybox\nRUN cat /etc/hosts | grep foo\nRUN echo $HOSTNAME | grep foo\n\tRUN echo $(hostname) | grep foo\n\t';

async function out(dockerfile: string, buildArgs: Record<string, string> = {}): Promise<string> {
  const r = await build({ dockerfile, context: filesOf({}), buildArgs }, testDeps());
  return dec.decode(r.filesystems[0]!.readFile('/out'));
}

describe("BuildKit's hostname tests", () => {
  it('testDockerfileCheckHostname (arg): BUILDKIT_SANDBOX_HOSTNAME=foo', async () => {
    await expect(build({ dockerfile: CHECK, context: filesOf({}), buildArgs: { BUILDKIT_SANDBOX_HOSTNAME: 'foo' } }, testDeps())).resolves.toBeDefined();
  });
  it('testDockerfileCheckHostname without the arg: the same checks fail', async () => {
    await expect(build({ dockerfile: CHECK, context: filesOf({}) }, testDeps())).rejects.toThrow('process "/bin/sh -c cat /etc/hosts | grep foo" did not complete successfully: exit code: 1');
  });

  const SEEN: [string, string, Record<string, string>, string][] = [
    ['the default: buildkitsandbox everywhere', 'FROM busybox\nRUN { hostname; uname -n; echo $HOSTNAME; cat /etc/hosts; } > /out\n', {},
      'buildkitsandbox\nbuildkitsandbox\nbuildkitsandbox\n127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n'],
    ['the arg needs no ARG instruction, and reaches every stage', 'FROM busybox AS a\nRUN hostname > /h\nFROM busybox\nCOPY --from=a /h /h\nRUN { cat /h; hostname; } > /out\n', { BUILDKIT_SANDBOX_HOSTNAME: 'box1' }, 'box1\nbox1\n'],
    ['an empty value keeps the default', 'FROM busybox\nRUN hostname > /out\n', { BUILDKIT_SANDBOX_HOSTNAME: '' }, 'buildkitsandbox\n'],
    ["$HOSTNAME is ash's own variable, not in the environment", 'FROM busybox\nRUN { env | grep -c HOSTNAME; sh -c \'echo $HOSTNAME\'; } > /out || true\n', { BUILDKIT_SANDBOX_HOSTNAME: 'h' }, '0\nh\n'],
    ['an ENV HOSTNAME wins over the shell default', 'FROM busybox\nENV HOSTNAME=fromenv\nRUN { echo $HOSTNAME; hostname; } > /out\n', {}, 'fromenv\nbuildkitsandbox\n'],
  ];
  it.each(SEEN)('%s', async (_name, dockerfile, buildArgs, want) => {
    expect(await out(dockerfile, buildArgs)).toBe(want);
  });

  it("/etc/hosts is a read-only bind: the image's file is back after the step, and writing to it fails", async () => {
    const r = await build({ dockerfile: 'FROM alpine:3.18\nRUN cat /etc/hosts > /out\n', context: filesOf({}) }, testDeps());
    expect(dec.decode(r.filesystems[0]!.readFile('/out'))).toContain('localhost buildkitsandbox');
    expect(dec.decode(r.filesystems[0]!.readFile('/etc/hosts'))).toBe('127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n');
    const c = capture();
    await expect(build({ dockerfile: 'FROM busybox\nRUN echo x >> /etc/hosts\n', context: filesOf({}) }, testDeps(), { onEvent: c.onEvent })).rejects.toThrow('exit code: 1');
    expect(c.plain()).toContain('/etc/hosts: Read-only file system');
  });
  it('a busybox image has no /etc/hosts of its own: none is left in the layer', async () => {
    const r = await build({ dockerfile: 'FROM busybox\nRUN ls /etc > /out\n', context: filesOf({}) }, testDeps());
    expect(dec.decode(r.filesystems[0]!.readFile('/out')).split('\n')).toContain('hosts');
    expect(r.filesystems[0]!.exists('/etc/hosts')).toBe(false);
  });
  it('the hostname is part of the step: another value runs it again', async () => {
    const deps = testDeps();
    const dockerfile = 'FROM busybox\nRUN hostname > /out\n';
    await build({ dockerfile, context: filesOf({}) }, deps);
    const c = capture();
    const r = await build({ dockerfile, context: filesOf({}), buildArgs: { BUILDKIT_SANDBOX_HOSTNAME: 'other' } }, deps, { onEvent: c.onEvent });
    expect(c.plain()).not.toMatch(/RUN hostname > \/out\n#\d+ CACHED/);
    expect(dec.decode(r.filesystems[0]!.readFile('/out'))).toBe('other\n');
  });
});
