import type { ArchInfo } from './platform.ts';

/** One file a package installs. `blob` sizes are amd64 bytes (scaled per architecture). */
export type PkgFile =
  | { readonly path: string; readonly kind: 'text'; readonly text: string; readonly mode?: number }
  | { readonly path: string; readonly kind: 'blob'; readonly size: number; readonly mode?: number; readonly tool?: string }
  | { readonly path: string; readonly kind: 'symlink'; readonly target: string };

/** An installed apk package, with what `/lib/apk/db/installed` records. */
export interface ApkPackage {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly url: string;
  readonly license: string;
  readonly origin: string;
  readonly depends: readonly string[];
  readonly provides: readonly string[];
  readonly files: readonly PkgFile[];
}

/** Versions of the packages that differ between Alpine releases. */
export interface AlpinePackageVersions {
  /** The release, e.g. `3.21.4`. */
  readonly release: string;
  readonly baselayout: string;
  readonly keys: string;
  readonly apk: string;
  readonly busybox: string;
  readonly musl: string;
  readonly openssl: string;
  readonly zlib: string;
  readonly pax: string;
  readonly libcUtils: string;
  readonly caBundle: string;
}

const blob = (path: string, size: number, mode = 0o755, tool?: string): PkgFile =>
  tool ? { path, kind: 'blob', size, mode, tool } : { path, kind: 'blob', size, mode };
const text = (path: string, t: string, mode = 0o644): PkgFile => ({ path, kind: 'text', text: t, mode });
const link = (path: string, target: string): PkgFile => ({ path, kind: 'symlink', target });

const ALPINE_KEY_NAMES = [
  'alpine-devel@lists.alpinelinux.org-4a6a0840.rsa.pub',
  'alpine-devel@lists.alpinelinux.org-5243ef4b.rsa.pub',
  'alpine-devel@lists.alpinelinux.org-5261cecb.rsa.pub',
  'alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub',
  'alpine-devel@lists.alpinelinux.org-61666e3f.rsa.pub',
];

/**
 * The packages of Alpine's minirootfs (`apk info` in the image), with the files the
 * simulation needs. `base` holds the per-file texts the caller computed (os-release…).
 */
export function alpinePackages(
  v: AlpinePackageVersions,
  a: ArchInfo,
  texts: { osRelease: string; alpineRelease: string; issue: string; passwd: string; group: string; shadow: string; applets: string },
): ApkPackage[] {
  const so = (n: string) => `/lib/${n}`;
  const mk = (
    name: string, version: string, description: string, url: string, license: string,
    depends: string[], files: PkgFile[], origin = name, provides: string[] = [],
  ): ApkPackage => ({ name, version, description, url, license, origin, depends, provides, files });
  return [
    mk('alpine-baselayout', v.baselayout, 'Alpine base dir structure and init scripts', 'https://git.alpinelinux.org/cgit/aports/tree/main/alpine-baselayout', 'GPL-2.0-only', ['alpine-baselayout-data=' + v.baselayout, '/bin/sh'], [
      text('/etc/crontabs/root', '# do daily/weekly/monthly maintenance\n# min\thour\tday\tmonth\tweekday\tcommand\n*/15\t*\t*\t*\t*\trun-parts /etc/periodic/15min\n0\t*\t*\t*\t*\trun-parts /etc/periodic/hourly\n0\t2\t*\t*\t*\trun-parts /etc/periodic/daily\n0\t3\t*\t*\t6\trun-parts /etc/periodic/weekly\n0\t5\t1\t*\t*\trun-parts /etc/periodic/monthly\n', 0o600),
      text('/etc/modprobe.d/aliases.conf', '# Aliases to tell insmod/modprobe which modules to use\n'),
      text('/etc/modprobe.d/blacklist.conf', '# blacklist modules that are loaded by default\nblacklist pcspkr\n'),
      text('/etc/profile.d/color_prompt.sh.disabled', '# Setup a red prompt for root and a green one for users.\n'),
      text('/etc/profile.d/locale.sh', 'export CHARSET=${CHARSET:-UTF-8}\nexport LANG=${LANG:-C.UTF-8}\nexport LC_COLLATE=${LC_COLLATE:-C}\n'),
      text('/etc/sysctl.d/00-alpine.conf', 'net.ipv4.tcp_syncookies = 1\nkernel.panic = 120\n'),
      link('/var/lock', '../run/lock'), link('/var/run', '../run'), link('/var/spool/mail', '../mail'),
      link('/var/spool/cron/crontabs', '../../../etc/crontabs'),
    ]),
    mk('alpine-baselayout-data', v.baselayout, 'Alpine base dir structure and init scripts', 'https://git.alpinelinux.org/cgit/aports/tree/main/alpine-baselayout', 'GPL-2.0-only', [], [
      text('/etc/fstab', '/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0\n/dev/usbdisk\t/media/usb\tvfat\tnoauto\t0 0\n'),
      text('/etc/group', texts.group), text('/etc/hostname', 'localhost\n'),
      text('/etc/hosts', '127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n'),
      text('/etc/inittab', '# /etc/inittab\n::sysinit:/sbin/openrc sysinit\n::wait:/sbin/openrc default\n'),
      text('/etc/modules', 'af_packet\nipv6\n'), link('/etc/mtab', '../proc/mounts'),
      text('/etc/nsswitch.conf', 'hosts: files dns\n'), text('/etc/passwd', texts.passwd),
      text('/etc/profile', 'export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\nexport PAGER=less\numask 022\nfor script in /etc/profile.d/*.sh ; do\n\tif [ -r "$script" ] ; then\n\t\t. "$script"\n\tfi\ndone\nunset script\n'),
      text('/etc/protocols', 'ip\t0\tIP\nicmp\t1\tICMP\ntcp\t6\tTCP\nudp\t17\tUDP\nipv6\t41\tIPv6\n'),
      blob('/etc/services', 12813, 0o644), text('/etc/shadow', texts.shadow, 0o640),
      text('/etc/shells', '# valid login shells\n/bin/sh\n/bin/ash\n'), text('/etc/sysctl.conf', '# content of this file will override /etc/sysctl.d/*\n'),
    ], 'alpine-baselayout'),
    mk('alpine-keys', v.keys, 'Public keys for Alpine Linux packages', 'https://alpinelinux.org', 'MIT', [], [
      ...ALPINE_KEY_NAMES.map((k) => text(`/etc/apk/keys/${k}`, `-----BEGIN PUBLIC KEY-----\n${k}\n-----END PUBLIC KEY-----\n`)),
      ...ALPINE_KEY_NAMES.map((k) => text(`/usr/share/apk/keys/${a.apk}/${k}`, `-----BEGIN PUBLIC KEY-----\n${k}\n-----END PUBLIC KEY-----\n`)),
    ]),
    mk('alpine-release', `${v.release}-r0`, 'Alpine release data', 'https://alpinelinux.org', 'MIT', ['alpine-keys'], [
      text('/etc/alpine-release', texts.alpineRelease), text('/etc/issue', texts.issue),
      link('/etc/os-release', '../usr/lib/os-release'), text('/usr/lib/os-release', texts.osRelease),
      text('/etc/secfixes.d/alpine', 'secfixes:\n'),
    ], 'alpine-base'),
    mk('apk-tools', v.apk, 'Alpine Package Keeper - package manager for alpine', 'https://gitlab.alpinelinux.org/alpine/apk-tools', 'GPL-2.0-only', ['musl>=1.2', 'ca-certificates-bundle', `so:libc.musl-${a.musl}.so.1`, 'so:libcrypto.so.3', 'so:libssl.so.3', 'so:libz.so.1'], [
      blob(`/lib/libapk.so.${v.apk.split('-')[0]}`, 229_256), blob('/sbin/apk', 71_640, 0o755, 'apk'),
    ], 'apk-tools', ['so:libapk.so.' + v.apk.split('-')[0], 'cmd:apk=' + v.apk]),
    mk('busybox', v.busybox, 'Size optimized toolbox of many common UNIX utilities', 'https://busybox.net/', 'GPL-2.0-only', [`so:libc.musl-${a.musl}.so.1`], [
      blob('/bin/busybox', 808_712, 0o755, 'busybox'),
      text('/etc/busybox-paths.d/busybox', texts.applets), text('/etc/logrotate.d/acpid', '/var/log/acpid.log {\n\tmissingok\n\tnotifempty\n}\n'),
      text('/etc/network/if-up.d/dad', '#!/bin/sh\n# Block ifup until DAD completion\n', 0o775),
      text('/etc/securetty', 'console\ntty1\ntty2\n'), text('/etc/udhcpc/udhcpc.conf', '# udhcpc configuration\n'),
      text('/usr/share/udhcpc/default.script', '#!/bin/sh\n# udhcpc script\n', 0o755),
    ], 'busybox', ['/bin/sh', 'cmd:busybox=' + v.busybox]),
    mk('busybox-binsh', v.busybox, 'busybox ash /bin/sh', 'https://busybox.net/', 'GPL-2.0-only', ['busybox=' + v.busybox], [link('/bin/sh', '/bin/busybox')], 'busybox', ['/bin/sh', 'cmd:sh=' + v.busybox]),
    mk('ca-certificates-bundle', v.caBundle, 'Pre generated bundle of Mozilla certificates', 'https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/', 'MPL-2.0 AND MIT', [], [
      blob('/etc/ssl/certs/ca-certificates.crt', 221_432, 0o644), link('/etc/ssl/cert.pem', 'certs/ca-certificates.crt'),
    ], 'ca-certificates', ['ca-certificates-cacert=' + v.caBundle]),
    mk('libc-utils', v.libcUtils, 'Meta package to pull in correct libc', 'https://alpinelinux.org', 'BSD-2-Clause AND BSD-3-Clause', ['musl-utils'], [], 'libc-dev'),
    mk('libcrypto3', v.openssl, 'Crypto library from openssl', 'https://www.openssl.org/', 'Apache-2.0', [`so:libc.musl-${a.musl}.so.1`], [
      text('/etc/ssl/ct_log_list.cnf', '# This file specifies the Certificate Transparency logs\n'),
      text('/etc/ssl/ct_log_list.cnf.dist', '# This file specifies the Certificate Transparency logs\n'),
      blob('/etc/ssl/openssl.cnf', 12_324, 0o644), blob('/etc/ssl/openssl.cnf.dist', 12_324, 0o644),
      blob(so('libcrypto.so.3'), 4_485_320),
      blob('/usr/lib/engines-3/afalg.so', 18_072), blob('/usr/lib/engines-3/capi.so', 14_008),
      blob('/usr/lib/engines-3/loader_attic.so', 58_912), blob('/usr/lib/engines-3/padlock.so', 14_040),
      blob('/usr/lib/ossl-modules/legacy.so', 137_288),
    ], 'openssl', ['so:libcrypto.so.3']),
    mk('libssl3', v.openssl, 'SSL shared libraries', 'https://www.openssl.org/', 'Apache-2.0', ['so:libcrypto.so.3'], [blob(so('libssl.so.3'), 676_112)], 'openssl', ['so:libssl.so.3']),
    mk('musl', v.musl, 'the musl c library (libc) implementation', 'https://musl.libc.org/', 'MIT', [], [
      blob(so(`ld-musl-${a.musl}.so.1`), 657_208), link(so(`libc.musl-${a.musl}.so.1`), `ld-musl-${a.musl}.so.1`),
    ], 'musl', [`so:libc.musl-${a.musl}.so.1`]),
    mk('musl-utils', v.musl, 'the musl c library (libc) implementation', 'https://musl.libc.org/', 'MIT AND BSD-2-Clause AND GPL-2.0-or-later', ['scanelf', 'so:libc.musl-' + a.musl + '.so.1'], [
      text('/sbin/ldconfig', '#!/bin/sh\nscan_dirs() {\n\tscanelf -qS "$@" | while read SONAME FILE; do\n\t\tln -sf "$FILE" "/lib/$SONAME"\n\tdone\n}\n', 0o755),
      blob('/usr/bin/getconf', 34_776), blob('/usr/bin/getent', 47_648), blob('/usr/bin/iconv', 22_264),
      text('/usr/bin/ldd', `#!/bin/sh\nexec /lib/ld-musl-${a.musl}.so.1 --list "$@"\n`, 0o755),
    ], 'musl', ['cmd:getconf', 'cmd:getent', 'cmd:iconv', 'cmd:ldconfig', 'cmd:ldd']),
    mk('scanelf', v.pax, 'Scan ELF binaries for stuff', 'https://wiki.gentoo.org/wiki/Hardened/PaX_Utilities', 'GPL-2.0-only', [`so:libc.musl-${a.musl}.so.1`], [blob('/usr/bin/scanelf', 79_480)], 'pax-utils', ['cmd:scanelf']),
    mk('ssl_client', v.busybox, 'EXternal ssl_client for busybox wget', 'https://busybox.net/', 'GPL-2.0-only', ['so:libcrypto.so.3', 'so:libssl.so.3'], [blob('/usr/bin/ssl_client', 14_248)], 'busybox', ['cmd:ssl_client']),
    mk('zlib', v.zlib, 'A compression/decompression Library', 'https://zlib.net/', 'Zlib', [`so:libc.musl-${a.musl}.so.1`], [
      link(so('libz.so.1'), `libz.so.${v.zlib.split('-')[0]}`), blob(so(`libz.so.${v.zlib.split('-')[0]}`), 100_568),
    ], 'zlib', ['so:libz.so.1']),
  ];
}
