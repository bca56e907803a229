/**
 * RUN --mount as BuildKit's frontend tests state it (moby/buildkit
 * frontend/dockerfile/dockerfile_mount_test.go); each case names the Go test it follows.
 * A case passes when the build succeeds: its RUN steps check the mounts with `[ ... ]`.
 */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';

const SUCCEEDS: [string, string][] = [
  ['testMountEnvVar', '\nFROM busybox\nENV SOME_PATH=/mycache\nRUN --mount=type=cache,target=/mycache touch /mycache/foo\nRUN --mount=type=cache,target=$SOME_PATH [ -f $SOME_PATH/foo ]\n'],
  ['testMountArg', '\nFROM busybox\nARG MNT_TYPE=cache\nRUN --mount=type=$MNT_TYPE,target=/mycache2 touch /mycache2/foo\nRUN --mount=type=cache,target=/mycache2 [ -f /mycache2/foo ]\n'],
  [
    'testMountEnvAcrossStages',
    '\nFROM busybox as stage1\nENV MNT_ID=mycache\nENV MNT_TYPE2=cache\nRUN --mount=type=cache,id=mycache,target=/abcabc touch /abcabc/foo\nRUN --mount=type=$MNT_TYPE2,id=$MNT_ID,target=/cbacba [ -f /cbacba/foo ]\nFROM stage1\nRUN --mount=type=$MNT_TYPE2,id=$MNT_ID,target=/whatever [ -f /whatever/foo ]\n',
  ],
  [
    'testMountMetaArg',
    '\nARG META_PATH=/tmp/meta\nFROM busybox\nARG META_PATH\nRUN --mount=type=cache,id=mycache,target=/tmp/meta touch /tmp/meta/foo\nRUN --mount=type=cache,id=mycache,target=$META_PATH [ -f /tmp/meta/foo ]\n',
  ],
  [
    'testCacheMountDefaultID',
    '\nFROM busybox\nRUN --mount=type=cache,target=/mycache touch /mycache/foo\nRUN --mount=type=cache,target=/mycache2 [ ! -f /mycache2/foo ]\nRUN --mount=type=cache,target=/mycache [ -f /mycache/foo ]\n',
  ],  ['testCacheMountUser', '\nFROM busybox\nRUN --mount=type=cache,target=/mycache,uid=1001,gid=1002,mode=0751 [ "$(stat -c "%u %g %f" /mycache)" == "1001 1002 41e9" ]\n'],
];

const FAILS: [string, string, string[]][] = [
  ['testMountInvalid: a misspelt flag', '\nFROM scratch\nRUN --mont=target=/mytmp,type=tmpfs /bin/true\n', ['unknown flag: --mont', 'did you mean mount?']],
  ['testMountInvalid: a misspelt key', '\n\tFROM scratch\n\tRUN --mount=typ=tmpfs /bin/true\n\t', ["unexpected key 'typ'", 'did you mean type?']],
  ['testMountInvalid: a misspelt type', '\n\tFROM scratch\n\tRUN --mount=type=tmp /bin/true\n\t', ['unsupported mount type "tmp"', 'did you mean tmpfs?']],
  [
    'testMountFromError',
    '\nFROM busybox as test\nRUN touch /tmp/test\nFROM busybox\nENV ttt=test\nRUN --mount=from=$ttt,type=cache,target=/tmp ls\n',
    ["'from' doesn't support variable expansion, define alias stage instead"],
  ],
];

describe("BuildKit's mount tests", () => {
  it.each(SUCCEEDS)('%s', async (_name, dockerfile) => {
    await expect(build({ dockerfile, context: filesOf({}) }, testDeps())).resolves.toBeDefined();
  });
  it.each(FAILS)('%s', async (_name, dockerfile, parts) => {
    let message = '';
    try {
      await build({ dockerfile, context: filesOf({}) }, testDeps());
    } catch (e) {
      message = (e as Error).message;
    }
    for (const p of parts) expect(message).toContain(p);
  });
  it('testMountTmpfsSize: mount lists the tmpfs with its size in KiB', async () => {
    const dockerfile = '\nFROM busybox AS base\nRUN --mount=type=tmpfs,target=/dev/shm,size=128m mount | grep /dev/shm > /tmpfssize\nFROM scratch\nCOPY --from=base /tmpfssize /\n';
    const r = await build({ dockerfile, context: filesOf({}) }, testDeps());
    expect(new TextDecoder().decode(r.filesystems[0]!.readFile('/tmpfssize'))).toBe('tmpfs on /dev/shm type tmpfs (rw,nosuid,relatime,size=131072k)\n');
  });
  it("mount and /proc/mounts list the runtime's mounts, /etc/hosts and the step's own; none of it stays in the layer", async () => {
    const dockerfile = 'FROM busybox\nRUN --mount=type=tmpfs,target=/t --mount=type=cache,target=/c --mount=target=/ctx,ro mount > /out && cat /proc/mounts > /raw\n';
    const r = await build({ dockerfile, context: filesOf({ a: 'a' }) }, testDeps());
    const out = new TextDecoder().decode(r.filesystems[0]!.readFile('/out'));
    expect(out.split('\n').slice(0, 2)).toEqual(['overlay on / type overlay (rw,relatime)', 'proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)']);
    expect(out).toContain('shm on /dev/shm type tmpfs (rw,nosuid,nodev,noexec,relatime,size=65536k)\n');
    expect(out).toContain('overlay on /etc/hosts type overlay (ro,relatime)\ntmpfs on /t type tmpfs (rw,nosuid,relatime)\noverlay on /c type overlay (rw,relatime)\noverlay on /ctx type overlay (ro,relatime)\n');
    expect(new TextDecoder().decode(r.filesystems[0]!.readFile('/raw'))).toMatch(/^overlay \/ overlay rw,relatime 0 0\nproc \/proc proc rw,nosuid,nodev,noexec,relatime 0 0\n/);
    expect(r.filesystems[0]!.exists('/proc')).toBe(false);
  });
  it('testMountDuplicate: the context and a file of it mounted together follow the context from build to build', async () => {
    const dockerfile = `
FROM busybox AS base
RUN --mount=source=.,target=/tmp/test \\
  --mount=source=b.txt,target=/tmp/b.txt \\
  cat /tmp/test/a.txt /tmp/b.txt > /combined.txt
FROM scratch
COPY --from=base /combined.txt /
`;
    const deps = testDeps();
    for (const text of ['foo\n', 'updated\n']) {
      const r = await build({ dockerfile, context: filesOf({ 'a.txt': text, 'b.txt': 'bar\n' }) }, deps);
      expect(new TextDecoder().decode(r.filesystems[0]!.readFile('/combined.txt'))).toBe(`${text}bar\n`);
    }
  });
});
