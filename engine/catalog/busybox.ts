import type { TreeEntry } from '../fs/types.ts';
import { allApplets } from './applets.ts';
import { DEFAULT_PATH } from './alpine.ts';
import { baseConfig, epoch, history } from './config.ts';
import { estimateTarSize } from './estimate.ts';
import { BUSYBOX_GROUP, BUSYBOX_PASSWD } from './etc-files.ts';
import { archInfo } from './platform.ts';
import { comparePaths, TreeBuilder } from './tree.ts';
import type { ImageConfig, PlatformString } from './types.ts';

/** One `busybox:<version>` image (the default, glibc-linked variant). */
export interface BusyboxRelease {
  readonly minor: string;
  readonly version: string;
  readonly created: string;
  /** amd64 uncompressed rootfs and gzip blob sizes (Docker Hub: 4.26 MB / 2.15 MB). */
  readonly bytes: number;
  readonly gzBytes: number;
}

export const BUSYBOX_RELEASES: readonly BusyboxRelease[] = [
  { minor: '1.36', version: '1.36.1', created: '2024-09-26T21:31:42Z', bytes: 4_261_550, gzBytes: 2_152_000 },
  { minor: '1.37', version: '1.37.0', created: '2024-09-26T21:31:42Z', bytes: 4_277_910, gzBytes: 2_158_000 },
];

/** The release `busybox:latest` points at. */
export const BUSYBOX_LATEST = '1.37';

/** Platforms modelled (the real image also has 386, arm/v5, arm/v6, ppc64le, riscv64, s390x). */
export const BUSYBOX_PLATFORMS: readonly PlatformString[] = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];

/** `1.36`, `1.36.1`, `1.36-glibc`, `1.36.1-glibc` style lookups. */
export function busyboxRelease(version: string): BusyboxRelease | undefined {
  const v = version.replace(/-glibc$/, '');
  return BUSYBOX_RELEASES.find((r) => r.minor === v || r.version === v);
}

/**
 * The single layer of the busybox image: `/bin/busybox` and every applet as a hard link to
 * it (the image is made with `busybox --install /bin`, which links, unlike Alpine's
 * symlinks), the glibc shared libraries, and buildroot's `/etc` skeleton. No `/etc/os-release`.
 */
export function busyboxRootfs(r: BusyboxRelease, platform: PlatformString): TreeEntry[] {
  const a = archInfo(platform);
  const t = new TreeBuilder(epoch(r.created));
  const ratio = r.gzBytes / r.bytes;
  const target = Math.round(r.bytes * a.scale);
  for (const d of ['/dev', '/home', '/usr/sbin', '/var/spool/mail', '/var/www']) t.dir(d);
  t.dir('/root', { mode: 0o700 }).dir('/tmp', { mode: 0o1777 });
  for (const d of ['if-down.d', 'if-post-down.d', 'if-pre-up.d', 'if-up.d']) t.dir(`/etc/network/${d}`);
  t.file('/etc/passwd', BUSYBOX_PASSWD).file('/etc/group', BUSYBOX_GROUP);
  t.file('/etc/shadow', BUSYBOX_PASSWD.split('\n').filter(Boolean).map((l) => `${l.split(':')[0]}:*:10933:0:99999:7:::`).join('\n') + '\n', { mode: 0o600 });
  t.file('/etc/nsswitch.conf', 'passwd:     files\ngroup:      files\nshadow:     files\nhosts:      files dns\nnetworks:   files dns\n');
  const busybox = Math.round(1_131_496 * a.scale);
  // One inode with ~300 names; in tar walk order the first name (`/bin/[`) holds the bytes
  // and the others, `/bin/busybox` included, are hard links to it, as in the real layer.
  const names = [...new Set([...allApplets(), 'busybox'])].map((n) => `/bin/${n}`).sort(comparePaths);
  t.tool(names[0]!, 'busybox', busybox, ratio);
  for (const n of names.slice(1)) t.hardlink(n, names[0]!);
  const loader = a.glibcLoader.slice(a.glibcLoader.lastIndexOf('/') + 1);
  const libs: [string, number][] = [
    [loader, 236_616], ['libm.so.6', 907_784], ['libnss_compat.so.2', 40_760], ['libnss_dns.so.2', 14_440],
    ['libnss_files.so.2', 14_440], ['libpthread.so.0', 14_480], ['libresolv.so.2', 68_104],
  ];
  let fixed = busybox + 1024;
  for (const [name, size] of libs) {
    const s = Math.round(size * a.scale);
    fixed += s;
    t.blob(`/lib/${name}`, s, ratio, `busybox-${r.version}-${a.deb}:${name}`, { mode: 0o755 });
  }
  if (a.glibcLoader.startsWith('/lib64/')) t.symlink('/lib64', 'lib');
  const libc = (size: number) => t.blob('/lib/libc.so.6', size, ratio, `busybox-${r.version}-${a.deb}:libc`, { mode: 0o755 });
  const guess = Math.max(1 << 20, target - fixed);
  libc(guess);
  libc(guess - (estimateTarSize(t.entries()) - target));
  return t.entries();
}

/** The image config of `busybox:<minor>`. */
export function busyboxConfig(r: BusyboxRelease, platform: PlatformString): ImageConfig {
  return baseConfig(platform, r.created, { Env: [DEFAULT_PATH], Cmd: ['sh'], WorkingDir: '' }, [
    history(r.created, 'ADD busybox.tar.xz / # buildkit', false, true),
    history(r.created, 'CMD ["sh"]', true, true),
  ]);
}
