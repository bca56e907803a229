import type { TreeEntry } from '../fs/types.ts';
import { BUSYBOX_APPLETS } from './applets.ts';
import { alpinePackages, type AlpinePackageVersions, type ApkPackage } from './alpine-packages.ts';
import { ALPINE_GROUP, ALPINE_PASSWD, ALPINE_SHADOW } from './etc-files.ts';
import { archInfo, type ArchInfo } from './platform.ts';
import { hash32 } from './rng.ts';
import { TreeBuilder } from './tree.ts';
import type { ImageConfig, PlatformString } from './types.ts';
import { baseConfig, epoch, history } from './config.ts';
import { estimateTarSize } from './estimate.ts';

/** The default PATH of alpine and busybox images. */
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** One Alpine release as the `alpine:<minor>` tag has it (the last patch published). */
export interface AlpineRelease extends AlpinePackageVersions {
  readonly minor: string;
  /** Build time of the image (RFC 3339). */
  readonly created: string;
  /** amd64 sizes: uncompressed rootfs bytes and gzip blob bytes (Docker Hub listings). */
  readonly bytes: number;
  readonly gzBytes: number;
}

/**
 * Alpine releases in the catalog. Sizes are Docker Hub's amd64 numbers (`docker images`
 * 7.33–8.31 MB, compressed 3.3–3.8 MB); package versions are those of the last patch release.
 */
export const ALPINE_RELEASES: readonly AlpineRelease[] = [
  { minor: '3.18', release: '3.18.12', created: '2025-02-14T03:28:36Z', bytes: 7_335_000, gzBytes: 3_420_000,
    baselayout: '3.4.3-r1', keys: '2.4-r1', apk: '2.14.4-r0', busybox: '1.36.1-r7', musl: '1.2.4-r3',
    openssl: '3.1.8-r0', zlib: '1.3.1-r0', pax: '1.3.7-r1', libcUtils: '0.7.2-r5', caBundle: '20241121-r1' },
  { minor: '3.19', release: '3.19.8', created: '2025-07-15T11:02:13Z', bytes: 7_380_000, gzBytes: 3_420_000,
    baselayout: '3.4.3-r2', keys: '2.4-r1', apk: '2.14.4-r0', busybox: '1.36.1-r20', musl: '1.2.4_git20230717-r5',
    openssl: '3.1.8-r0', zlib: '1.3.1-r0', pax: '1.3.7-r2', libcUtils: '0.7.2-r5', caBundle: '20250619-r0' },
  { minor: '3.20', release: '3.20.7', created: '2025-07-15T11:02:13Z', bytes: 7_800_000, gzBytes: 3_630_000,
    baselayout: '3.6.5-r0', keys: '2.4-r1', apk: '2.14.4-r1', busybox: '1.36.1-r31', musl: '1.2.5-r1',
    openssl: '3.3.4-r0', zlib: '1.3.1-r1', pax: '1.3.7-r2', libcUtils: '0.7.2-r5', caBundle: '20250619-r0' },
  { minor: '3.21', release: '3.21.4', created: '2025-07-15T11:02:13Z', bytes: 7_830_000, gzBytes: 3_640_000,
    baselayout: '3.6.8-r1', keys: '2.5-r0', apk: '2.14.6-r3', busybox: '1.37.0-r12', musl: '1.2.5-r9',
    openssl: '3.3.4-r0', zlib: '1.3.1-r2', pax: '1.3.8-r1', libcUtils: '0.7.2-r6', caBundle: '20250619-r0' },
  { minor: '3.22', release: '3.22.1', created: '2025-07-15T11:02:13Z', bytes: 8_310_000, gzBytes: 3_800_000,
    baselayout: '3.7.0-r0', keys: '2.5-r0', apk: '2.14.9-r2', busybox: '1.37.0-r18', musl: '1.2.5-r10',
    openssl: '3.5.1-r0', zlib: '1.3.1-r2', pax: '1.3.8-r1', libcUtils: '0.7.2-r6', caBundle: '20250619-r0' },
];

/** The release `alpine:latest` points at. */
export const ALPINE_LATEST = '3.22';

/** Platforms the catalog models for alpine (the real image also has 386, arm/v6, ppc64le, riscv64, s390x). */
export const ALPINE_PLATFORMS: readonly PlatformString[] = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];

/** Release data for `3.21` or `3.21.4`. */
export function alpineRelease(version: string): AlpineRelease | undefined {
  return ALPINE_RELEASES.find((r) => r.minor === version || r.release === version);
}

/** `/usr/lib/os-release` of an Alpine release. */
export function alpineOsRelease(r: AlpineRelease): string {
  return [
    'NAME="Alpine Linux"',
    'ID=alpine',
    `VERSION_ID=${r.release}`,
    `PRETTY_NAME="Alpine Linux v${r.minor}"`,
    'HOME_URL="https://alpinelinux.org/"',
    'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"',
    '',
  ].join('\n');
}

const BASE_DIRS: readonly [string, number][] = [
  ['/dev', 0o755], ['/etc/apk/protected_paths.d', 0o755], ['/etc/conf.d', 0o755], ['/etc/init.d', 0o755],
  ['/etc/opt', 0o755], ['/etc/periodic/15min', 0o755], ['/etc/periodic/daily', 0o755], ['/etc/periodic/hourly', 0o755],
  ['/etc/periodic/monthly', 0o755], ['/etc/periodic/weekly', 0o755], ['/etc/ssl/certs', 0o755], ['/etc/ssl/private', 0o700],
  ['/home', 0o755], ['/lib/apk/exec', 0o755], ['/lib/firmware', 0o755], ['/lib/modules-load.d', 0o755],
  ['/lib/sysctl.d', 0o755], ['/media/cdrom', 0o755], ['/media/floppy', 0o755], ['/media/usb', 0o755], ['/mnt', 0o755],
  ['/opt', 0o755], ['/proc', 0o555], ['/root', 0o700], ['/run', 0o755], ['/srv', 0o755], ['/sys', 0o555],
  ['/tmp', 0o1777], ['/usr/lib/modules-load.d', 0o755], ['/usr/local/bin', 0o755], ['/usr/local/lib', 0o755],
  ['/usr/local/share', 0o755], ['/usr/share/man', 0o755], ['/usr/share/misc', 0o755], ['/var/cache/apk', 0o755],
  ['/var/cache/misc', 0o755], ['/var/empty', 0o555], ['/var/lib/misc', 0o755], ['/var/lib/udhcpd', 0o755],
  ['/var/local', 0o755], ['/var/log', 0o755], ['/var/mail', 0o755], ['/var/opt', 0o755], ['/var/spool/cron', 0o755],
  ['/var/tmp', 0o1777],
];

/** Text of `/lib/apk/db/installed` for these packages (`C:`/`Z:` checksums are stable stand-ins). */
export function apkInstalledDb(pkgs: readonly ApkPackage[], a: ArchInfo, buildTime: number): string {
  const sum = (s: string) => {
    const bytes = new Uint8Array(20);
    for (let i = 0; i < 5; i++) new DataView(bytes.buffer).setUint32(i * 4, hash32(`${i}:${s}`));
    return `Q1${btoa(String.fromCharCode(...bytes))}`;
  };
  const out: string[] = [];
  for (const p of pkgs) {
    const size = p.files.reduce((n, f) => n + (f.kind === 'blob' ? f.size : f.kind === 'text' ? f.text.length : 0), 0);
    out.push(`C:${sum(p.name + p.version)}`, `P:${p.name}`, `V:${p.version}`, `A:${a.apk}`, `S:${Math.round(size * 0.45)}`,
      `I:${Math.ceil(size / 4096) * 4096}`, `T:${p.description}`, `U:${p.url}`, `L:${p.license}`, `o:${p.origin}`,
      'm:Natanael Copa <ncopa@alpinelinux.org>', `t:${buildTime}`, `c:${hash32(p.origin).toString(16).padStart(8, '0')}`);
    if (p.depends.length) out.push(`D:${p.depends.join(' ')}`);
    if (p.provides.length) out.push(`p:${p.provides.join(' ')}`);
    const byDir = new Map<string, typeof p.files[number][]>();
    for (const f of p.files) {
      const d = f.path.slice(1, f.path.lastIndexOf('/'));
      byDir.set(d, [...(byDir.get(d) ?? []), f]);
    }
    for (const [dir, files] of byDir) {
      out.push(`F:${dir}`);
      for (const f of files) {
        out.push(`R:${f.path.slice(f.path.lastIndexOf('/') + 1)}`);
        if (f.kind === 'symlink') out.push('a:0:0:777');
        else if ((f.mode ?? 0o644) !== 0o644) out.push(`a:0:0:${(f.mode ?? 0o644).toString(8)}`);
        out.push(`Z:${sum(f.path + p.version)}`);
      }
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** The packages of an Alpine release's minirootfs for an architecture. */
export function alpinePkgs(r: AlpineRelease, a: ArchInfo): ApkPackage[] {
  return alpinePackages(r, a, {
    osRelease: alpineOsRelease(r),
    alpineRelease: `${r.release}\n`,
    issue: `Welcome to Alpine Linux ${r.minor}\nKernel \\r on an \\m (\\l)\n\n`,
    passwd: ALPINE_PASSWD, group: ALPINE_GROUP, shadow: ALPINE_SHADOW,
    applets: Object.entries(BUSYBOX_APPLETS).flatMap(([d, names]) => names.map((n) => `${d.slice(1)}/${n}`)).join('\n') + '\n',
  });
}

/** The single layer of `alpine:<minor>` for a platform (≈ the minirootfs tarball). */
export function alpineRootfs(r: AlpineRelease, platform: PlatformString): TreeEntry[] {
  const a = archInfo(platform);
  const mtime = epoch(r.created);
  const t = new TreeBuilder(mtime);
  for (const [d, mode] of BASE_DIRS) t.dir(d, { mode });
  const pkgs = alpinePkgs(r, a);
  // Size the big library so the rootfs matches the real image's size for this platform.
  const target = Math.round(r.bytes * a.scale);
  // Headers and small text files compress better than filler: aim the filler a little higher.
  const ratio = (r.gzBytes / r.bytes) * 1.035;
  let fixed = 0;
  for (const p of pkgs) for (const f of p.files) {
    if (f.kind === 'text') fixed += f.text.length;
    else if (f.kind === 'blob' && !f.path.endsWith('libcrypto.so.3')) fixed += Math.round(f.size * a.scale);
  }
  const db = apkInstalledDb(pkgs, a, mtime);
  fixed += db.length + 20_480;
  let bulk = { path: '', size: 0 };
  for (const p of pkgs) for (const f of p.files) {
    if (f.kind === 'text') t.file(f.path, f.text, { mode: f.mode ?? 0o644 });
    else if (f.kind === 'symlink') t.symlink(f.path, f.target);
    else {
      const size = f.path.endsWith('libcrypto.so.3') ? Math.max(1 << 20, target - fixed) : Math.round(f.size * a.scale);
      if (f.path.endsWith('libcrypto.so.3')) bulk = { path: f.path, size };
      if (f.tool) t.tool(f.path, f.tool, size, ratio, { mode: f.mode ?? 0o755 });
      else t.blob(f.path, size, ratio, `alpine-${r.release}-${a.apk}:${f.path}`, { mode: f.mode ?? 0o755 });
    }
  }
  for (const [dir, names] of Object.entries(BUSYBOX_APPLETS)) for (const n of names) t.symlink(`${dir}/${n}`, '/bin/busybox');
  t.file('/etc/apk/arch', `${a.apk}\n`);
  t.file('/etc/apk/repositories', `https://dl-cdn.alpinelinux.org/alpine/v${r.minor}/main\nhttps://dl-cdn.alpinelinux.org/alpine/v${r.minor}/community\n`);
  t.file('/etc/apk/world', 'alpine-baselayout\nalpine-keys\nalpine-release\napk-tools\nbusybox\nca-certificates-bundle\nlibc-utils\n');
  t.file('/lib/apk/db/installed', db);
  t.file('/lib/apk/db/lock', '', { mode: 0o600 });
  t.blob('/lib/apk/db/scripts.tar', 20_480, 0.08, `alpine-${r.release}:scripts.tar`, { mode: 0o644 });
  t.file('/lib/apk/db/triggers', 'Q1' + 'busybox /bin /sbin /usr/bin /usr/sbin\n');
  // The layer tar (headers and padding included) is what `docker images` adds up: trim libcrypto to match.
  const over = estimateTarSize(t.entries()) - target;
  t.blob(bulk.path, bulk.size - over, ratio, `alpine-${r.release}-${a.apk}:${bulk.path}`, { mode: 0o755 });
  return t.entries();
}

/** The image config of `alpine:<minor>`. */
export function alpineConfig(r: AlpineRelease, platform: PlatformString): ImageConfig {
  return baseConfig(platform, r.created, { Env: [DEFAULT_PATH], Cmd: ['/bin/sh'], WorkingDir: '' }, [
    history(r.created, `ADD alpine-minirootfs-${r.release}-${archInfo(platform).apk}.tar.gz / # buildkit`, false, true),
    history(r.created, 'CMD ["/bin/sh"]', true, true),
  ]);
}
