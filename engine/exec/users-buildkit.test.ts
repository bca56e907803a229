/**
 * Who a RUN runs as, and what busybox's `id` inside says, as BuildKit's frontend tests state it
 * (moby/buildkit frontend/dockerfile/dockerfile_core_test.go testUser, testUserAdditionalGids):
 * supplementary groups from `/etc/group` unless USER is a numeric `uid:gid`, the primary gid
 * always among them (executor/oci `ensureAdditionalGids`). A case passes when the build succeeds.
 */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';

const ID = '"$(id -u):$(id -g)/$(id -un):$(id -gn)/$(id -G):$(id -Gn)"';

const TEST_USER = `
FROM busybox AS base
RUN mkdir -m 0777 /out
RUN id -un > /out/rootuser
RUN [ "$(id -u):$(id -g)/$(id -un):$(id -gn)" = '0:0/root:root' ]
USER root
RUN [ "$(id -G):$(id -Gn)" = '0 10:root wheel' ]
RUN echo 'dockerio:x:1001:1001::/bin:/bin/false' >> /etc/passwd && \\
	echo 'dockerio:x:1001:' >> /etc/group
USER dockerio
RUN [ ${ID} = '1001:1001/dockerio:dockerio/1001:dockerio' ]
USER root
RUN [ ${ID} = '0:0/root:root/0 10:root wheel' ] && \\
	echo 'supplementary:x:1002:dockerio' >> /etc/group
USER dockerio
RUN [ ${ID} = '1001:1001/dockerio:dockerio/1001 1002:dockerio supplementary' ]
USER 1001
RUN [ ${ID} = '1001:1001/dockerio:dockerio/1001 1002:dockerio supplementary' ]
USER dockerio:dockerio
RUN [ ${ID} = '1001:1001/dockerio:dockerio/1001:dockerio' ]
USER 1001:dockerio
RUN [ ${ID} = '1001:1001/dockerio:dockerio/1001:dockerio' ]
USER dockerio:1001
RUN [ ${ID} = '1001:1001/dockerio:dockerio/1001:dockerio' ]
USER 1001:1001
RUN [ ${ID} = '1001:1001/dockerio:dockerio/1001:dockerio' ]
USER dockerio:supplementary
RUN [ ${ID} = '1001:1002/dockerio:supplementary/1002:supplementary' ]
USER dockerio:1002
RUN [ ${ID} = '1001:1002/dockerio:supplementary/1002:supplementary' ]
USER 1001:supplementary
RUN [ ${ID} = '1001:1002/dockerio:supplementary/1002:supplementary' ]
USER 1001:1002
RUN [ ${ID} = '1001:1002/dockerio:supplementary/1002:supplementary' ]
USER 1042:1043
RUN [ ${ID} = '1042:1043/1042:1043/1043:1043' ]
USER daemon
RUN id -un > /out/daemonuser
FROM scratch
COPY --from=base /out /
USER nobody
`;

const TEST_USER_ADDITIONAL_GIDS = `
FROM busybox
SHELL ["/bin/sh", "-euxc"]
RUN [ "$(id)" = "uid=0(root) gid=0(root) groups=0(root),10(wheel)" ]
USER 1234
RUN [ "$(id)" = "uid=1234 gid=0(root) groups=0(root)" ]
USER 1234:1234
RUN [ "$(id)" = "uid=1234 gid=1234 groups=1234" ]
USER daemon
RUN [ "$(id)" = "uid=1(daemon) gid=1(daemon) groups=1(daemon)" ]
`;

describe("BuildKit's user tests", () => {
  it('testUser: ids, names and groups for every USER spelling; the files it wrote', async () => {
    const r = await build({ dockerfile: TEST_USER, context: filesOf({}), outputs: [{ type: 'local', dest: 'out' }] }, testDeps());
    const files = Object.fromEntries(r.outputs[0]!.files!.filter((f) => f.type === 'file').map((f) => [f.path, new TextDecoder().decode(f.content as Uint8Array)]));
    expect(files).toEqual({ rootuser: 'root\n', daemonuser: 'daemon\n' });
    expect((await r.images[0]!.configFile()).config.User).toBe('nobody');
  });
  it('testUserAdditionalGids: id as containerd and BuildKit set the groups', async () => {
    await expect(build({ dockerfile: TEST_USER_ADDITIONAL_GIDS, context: filesOf({}) }, testDeps())).resolves.toBeDefined();
  });
  it("alpine's root is in eleven groups (the id docker run alpine prints)", async () => {
    const r = await build({ dockerfile: 'FROM alpine:3.18\nRUN id > /out\n', context: filesOf({}) }, testDeps());
    expect(new TextDecoder().decode(r.filesystems[0]!.readFile('/out'))).toBe(
      'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n',
    );
  });
});
