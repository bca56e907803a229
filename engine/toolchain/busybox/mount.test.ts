/** `mount` and `id` as busybox prints them in a RUN container (the tables the engine gives them are tested in engine/exec). */
import { describe, expect, it } from 'vitest';
import { sh } from '../sh/fixture.test-util.ts';

describe('busybox mount', () => {
  const MOUNTS = "mkdir /proc && printf 'overlay / overlay rw,relatime 0 0\\ntmpfs /dev/shm tmpfs rw,nosuid,relatime,size=131072k 0 0\\n' > /proc/mounts; ";
  it.each([
    ['lists /proc/mounts', 'mount', 'overlay on / type overlay (rw,relatime)\ntmpfs on /dev/shm type tmpfs (rw,nosuid,relatime,size=131072k)\n', '', 0],
    ['-t keeps one type', 'mount -t tmpfs', 'tmpfs on /dev/shm type tmpfs (rw,nosuid,relatime,size=131072k)\n', '', 0],
    ['mounting is refused (no CAP_SYS_ADMIN in a RUN)', 'mount -t tmpfs none /mnt', '', 'mount: mounting none on /mnt failed: Operation not permitted\n', 255],
  ] as const)('%s', async (_name, cmd, stdout, stderr, code) => {
    const r = await sh(MOUNTS + cmd);
    expect([r.stdout, r.stderr, r.exitCode]).toEqual([stdout, stderr, code]);
  });
  it('without /proc there is nothing to list', async () => {
    const r = await sh('mount');
    expect([r.stderr, r.exitCode]).toEqual(["mount: can't read '/proc/mounts': No such file or directory\n", 1]);
  });
});

describe('busybox id', () => {
  it("prints the process's groups as the runtime set them, names where the files have them", async () => {
    const r = await sh('id; id -G; id -Gn', { user: { uid: 1234, gid: 0, name: '1234', groups: [0, 7] } });
    expect(r.stdout).toBe('uid=1234 gid=0(root) groups=0(root),7\n0 7\nroot 7\n');
  });
  it('id USER reads the group file (getgrouplist), whatever the process has', async () => {
    const r = await sh('id root; id nobody', { user: { uid: 0, gid: 0, name: 'root', groups: [0] } });
    expect(r.stdout).toBe('uid=0(root) gid=0(root) groups=0(root),1(bin)\nuid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n');
  });
});
