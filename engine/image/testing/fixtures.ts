/** Test images: a scratch image with one static file and a small alpine-like image. */
import type { TreeEntry } from '../../fs/index.ts';
import { Snapshot, emptySnapshot } from '../../fs/index.ts';
import type { PlatformDeps } from '../../platform/types.ts';
import { DOCKERFILE_HISTORY_COMMENT } from '../config.ts';
import { emptyImage } from '../empty.ts';
import type { Image } from '../image.ts';
import { layerFromChanges, layerFromSnapshot } from '../layer.ts';
import { appendLayers, withConfig, withHistory } from '../mutate.ts';
import type { Platform } from '../manifest.ts';

const enc = new TextEncoder();
const T = 1767322800; // 2026-01-02T03:00:00Z
const file = (path: string, text: string, mode = 0o644): TreeEntry => ({ path, type: 'file', mode, uid: 0, gid: 0, mtime: T, content: enc.encode(text) });
const dir = (path: string, mode = 0o755): TreeEntry => ({ path, type: 'dir', mode, uid: 0, gid: 0, mtime: T });
const link = (path: string, target: string): TreeEntry => ({ path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: T, target });

/** `FROM scratch` + `COPY hello /hello` + `CMD ["/hello"]`. */
export async function scratchImage(deps: PlatformDeps, platform: Platform = { architecture: 'amd64', os: 'linux' }, oci = true): Promise<Image> {
  const o = emptySnapshot().edit({ now: T });
  o.writeFile('/hello', enc.encode('hello from stageplay\n'), { mode: 0o755 });
  const { snapshot, changes } = o.commit();
  const created = '2026-01-02T03:04:05Z';
  let img = emptyImage(platform, { deps, created, oci });
  img = await appendLayers(img, { layer: layerFromChanges(changes, snapshot, deps), history: { created, created_by: 'COPY hello /hello # buildkit', comment: DOCKERFILE_HISTORY_COMMENT } });
  img = await withConfig(img, (c) => ({ ...c, Cmd: ['/hello'], ArgsEscaped: true }));
  return withHistory(img, { created, created_by: 'CMD ["/hello"]', comment: DOCKERFILE_HISTORY_COMMENT });
}

/** An alpine-like base layer plus a RUN layer that edits, deletes and hard-links files. */
export async function alpineLikeImage(deps: PlatformDeps): Promise<{ image: Image; base: Snapshot; top: Snapshot }> {
  const base = Snapshot.fromEntries([
    dir('/bin'),
    file('/bin/busybox', 'stageplay-tool:busybox\n', 0o755),
    link('/bin/sh', '/bin/busybox'),
    dir('/etc'),
    file('/etc/os-release', 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\n'),
    file('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n'),
    dir('/etc/apk'),
    file('/etc/apk/world', 'busybox\n'),
    dir('/tmp', 0o1777),
    dir('/usr/share/very/long/directory/name/that/goes/beyond/one/hundred/bytes/of/path/for/pax/and/ustar/prefix'),
    file('/usr/share/very/long/directory/name/that/goes/beyond/one/hundred/bytes/of/path/for/pax/and/ustar/prefix/file-with-a-long-name.txt', 'x'),
    file('/usr/share/naïve-ünïcode.txt', 'u'),
  ]);
  const o = base.edit({ now: T + 60 });
  o.mkdir('/app');
  o.writeFile('/app/main', enc.encode('stageplay-tool:app\n'), { mode: 0o755, uid: 1000, gid: 1000 });
  o.link('/app/main', '/app/main-link');
  o.rm('/etc/apk', { recursive: true });
  o.writeFile('/etc/passwd', enc.encode('root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n'));
  const { snapshot: top, changes } = o.commit();
  const created = '2026-01-02T03:04:05Z';
  let img = emptyImage({ architecture: 'arm64', os: 'linux', variant: 'v8' }, { deps, created });
  img = await appendLayers(
    img,
    { layer: layerFromSnapshot(base, deps), history: { created: '2025-09-06T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:abc in / ' } },
    { layer: layerFromChanges(changes, top, deps), history: { created, created_by: 'RUN /bin/sh -c adduser app # buildkit', comment: DOCKERFILE_HISTORY_COMMENT } },
  );
  img = await withConfig(img, (c) => ({ ...c, User: 'app', ExposedPorts: { '8080/tcp': {}, '443/tcp': {} }, Entrypoint: ['/app/main'], Labels: { b: '2', a: '<1>' } }));
  return { image: img, base, top };
}
