import type { TreeEntry } from '../fs/types.ts';
import { epoch, history } from './config.ts';
import { DEBIAN_GROUP, DEBIAN_OS_RELEASE, DEBIAN_PASSWD } from './etc-files.ts';
import { archInfo, type ArchInfo } from './platform.ts';
import { TreeBuilder } from './tree.ts';
import type { HistoryEntry, PlatformString } from './types.ts';

/** Debian 12 point release the catalog's bookworm layers stand for. */
export const DEBIAN_VERSION = '12.12';
/** debuerreotype's timestamp of that rootfs. */
export const DEBIAN_CREATED = '2025-09-08T00:00:00Z';

/** PATH of Debian-based images. */
export const DEBIAN_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * amd64 [uncompressed, gzip] bytes of the four Debian layers under plain golang images:
 * debian:bookworm (117 MB / 48.5 MB), buildpack-deps curl (+44 MB) and scm (+178 MB) steps,
 * and golang's own `apt-get install g++ gcc libc6-dev make pkg-config` (+262 MB).
 */
const LAYER_SIZES = {
  rootfs: [117_000_000, 48_500_000],
  curl: [44_000_000, 24_000_000],
  scm: [178_000_000, 64_000_000],
  gcc: [262_000_000, 86_000_000],
} as const;

const WORDS = [
  'doc', 'locale', 'zoneinfo', 'perl5', 'man', 'info', 'common-licenses', 'bash-completion', 'gnupg', 'git-core',
  'python3', 'dpkg', 'apt', 'ssl', 'gcc', 'x86', 'include', 'sys', 'bits', 'linux', 'asm', 'netinet', 'openssh',
  'subversion', 'mercurial', 'plugins', 'lib', 'modules', 'templates', 'contrib', 'i18n', 'terminfo', 'misc',
];

/** Coreutils and friends the sandbox simulates; each is marked with its own name. */
const DEBIAN_TOOLS: readonly [string, number][] = [
  ['bash', 1_265_648], ['dash', 125_640], ['cat', 44_016], ['chmod', 64_448], ['chown', 72_672], ['cp', 151_152],
  ['cut', 48_168], ['date', 105_520], ['dirname', 35_528], ['basename', 35_528], ['echo', 35_560], ['env', 48_160],
  ['false', 27_168], ['grep', 203_152], ['head', 47_720], ['id', 48_224], ['ln', 72_704], ['ls', 151_344],
  ['mkdir', 97_472], ['mv', 143_144], ['pwd', 35_560], ['readlink', 48_128], ['rm', 72_704], ['rmdir', 48_160],
  ['sed', 122_224], ['sleep', 35_656], ['sort', 117_296], ['tail', 64_560], ['tar', 531_984], ['tee', 35_624],
  ['test', 47_752], ['touch', 97_504], ['tr', 48_192], ['true', 27_168], ['uname', 35_560], ['wc', 48_192],
  ['which', 1_106], ['xargs', 67_920], ['find', 224_848], ['gzip', 98_136], ['sha256sum', 51_400],
];

function layer(seed: string, mtime: number, fill: (t: TreeBuilder) => void, size: readonly [number, number],
  a: ArchInfo, files: number, roots: readonly string[]): TreeEntry[] {
  const t = new TreeBuilder(mtime);
  fill(t);
  const total = Math.round(size[0] * a.scale);
  const rest = Math.max(0, total - t.fileBytes);
  const ratio = size[1] / size[0];
  roots.forEach((root, i) => {
    const bytes = i === roots.length - 1 ? rest - Math.round((rest * i) / roots.length) : Math.round(rest / roots.length);
    const n = Math.round(files / roots.length);
    t.spread(root, { seed: `${seed}-${a.deb}-${root}`, total: bytes, files: n, dirs: Math.round(n / 10), ratio, words: WORDS, exts: ['', '.so', '.gz', '.pm', '.h', '.mo'] });
  });
  return t.entries();
}

/** debian:bookworm's rootfs (usr-merged: `/bin` → `usr/bin`). */
export function debianRootfs(platform: PlatformString): TreeEntry[] {
  const a = archInfo(platform);
  const ratio = LAYER_SIZES.rootfs[1] / LAYER_SIZES.rootfs[0];
  return layer('bookworm', epoch(DEBIAN_CREATED), (t) => {
    for (const [l, target] of [['/bin', 'usr/bin'], ['/lib', 'usr/lib'], ['/sbin', 'usr/sbin']] as const) t.symlink(l, target);
    if (a.glibcLoader.startsWith('/lib64/')) t.symlink('/lib64', 'usr/lib64');
    for (const d of ['/boot', '/dev', '/home', '/media', '/mnt', '/opt', '/run', '/srv', '/usr/local/bin', '/usr/local/sbin', '/var/cache', '/var/log', '/var/mail', '/var/spool'])
      t.dir(d);
    t.dir('/proc', { mode: 0o555 }).dir('/sys', { mode: 0o555 }).dir('/root', { mode: 0o700 }).dir('/tmp', { mode: 0o1777 });
    for (const [name, size] of DEBIAN_TOOLS) t.tool(`/usr/bin/${name}`, name, Math.round(size * a.scale), ratio);
    t.symlink('/usr/bin/sh', 'dash');
    t.file('/usr/lib/os-release', DEBIAN_OS_RELEASE).symlink('/etc/os-release', '../usr/lib/os-release');
    t.file('/etc/debian_version', `${DEBIAN_VERSION}\n`).file('/etc/hostname', 'localhost\n');
    t.file('/etc/passwd', DEBIAN_PASSWD).file('/etc/group', DEBIAN_GROUP);
    t.file('/etc/shadow', DEBIAN_PASSWD.split('\n').filter(Boolean).map((l) => `${l.split(':')[0]}:*:20339:0:99999:7:::`).join('\n') + '\n', { mode: 0o640, gid: 42 });
    t.file('/etc/apt/sources.list.d/debian.sources', 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n');
    t.file('/etc/bash.bashrc', '# System-wide .bashrc file for interactive bash(1) shells.\n[ -z "$PS1" ] && return\n');
    t.file('/root/.bashrc', '# ~/.bashrc: executed by bash(1) for non-login shells.\n');
    t.blob(`/usr/lib/${a.triplet}/libc.so.6`, Math.round(1_922_136 * a.scale), ratio, `bookworm-${a.deb}:libc`, { mode: 0o755 });
    t.blob(`/usr/lib/${a.triplet}/${a.glibcLoader.slice(a.glibcLoader.lastIndexOf('/') + 1)}`, Math.round(210_968 * a.scale), ratio, `bookworm-${a.deb}:ld`, { mode: 0o755 });
    t.blob('/usr/bin/dpkg', 309_448, ratio, 'bookworm:dpkg', { mode: 0o755 });
    t.blob('/usr/bin/apt-get', 18_608, ratio, 'bookworm:apt-get', { mode: 0o755 });
  }, LAYER_SIZES.rootfs, a, 900, ['/usr/share', `/usr/lib/${a.triplet}`, '/var/lib/dpkg/info']);
}

/** buildpack-deps:bookworm-curl's apt layer. */
export function debianCurlLayer(platform: PlatformString): TreeEntry[] {
  const a = archInfo(platform);
  return layer('bookworm-curl', epoch(DEBIAN_CREATED) + 3600, (t) => {
    const r = LAYER_SIZES.curl[1] / LAYER_SIZES.curl[0];
    t.blob('/usr/bin/curl', 285_000, r, 'curl', { mode: 0o755 }).blob('/usr/bin/wget', 519_000, r, 'wget', { mode: 0o755 });
    t.blob('/usr/bin/gpg', 1_104_000, r, 'gpg', { mode: 0o755 });
    t.blob('/etc/ssl/certs/ca-certificates.crt', 219_000, 0.55, 'bookworm:certs');
  }, LAYER_SIZES.curl, a, 300, ['/usr/share', `/usr/lib/${a.triplet}`]);
}

/** buildpack-deps:bookworm-scm's apt layer (git, mercurial, openssh-client, subversion, procps). */
export function debianScmLayer(platform: PlatformString): TreeEntry[] {
  const a = archInfo(platform);
  return layer('bookworm-scm', epoch(DEBIAN_CREATED) + 7200, (t) => {
    t.tool('/usr/bin/git', 'git', Math.round(4_200_000 * a.scale), 0.42);
    t.blob('/usr/bin/ssh', 1_095_000, 0.42, 'ssh', { mode: 0o755 }).blob('/usr/bin/svn', 285_000, 0.42, 'svn', { mode: 0o755 });
  }, LAYER_SIZES.scm, a, 700, ['/usr/share', `/usr/lib/${a.triplet}`, '/usr/lib/python3/dist-packages', '/usr/lib/git-core']);
}

/** golang's `apt-get install g++ gcc libc6-dev make pkg-config` layer. */
export function debianGccLayer(platform: PlatformString, mtime: number): TreeEntry[] {
  const a = archInfo(platform);
  return layer('bookworm-gcc', mtime, (t) => {
    t.blob('/usr/bin/x86_64-linux-gnu-gcc-12'.replace('x86_64-linux-gnu', a.triplet), 1_310_000, 0.4, 'gcc', { mode: 0o755 });
    t.symlink('/usr/bin/gcc', `gcc-12`).symlink('/usr/bin/gcc-12', `${a.triplet}-gcc-12`);
    t.blob('/usr/bin/make', 260_000, 0.45, 'make', { mode: 0o755 });
  }, LAYER_SIZES.gcc, a, 500, [`/usr/lib/gcc/${a.triplet}/12`, '/usr/include', '/usr/libexec/gcc', '/usr/share']);
}

/** History of debian:bookworm then buildpack-deps curl/scm (all before golang's own entries). */
export function debianHistory(platform: PlatformString): HistoryEntry[] {
  const c = DEBIAN_CREATED;
  const apt = (pkgs: string) => `RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\t${pkgs}; \trm -rf /var/lib/apt/lists/* # buildkit`;
  return [
    { created: c, created_by: `# debian.sh --arch '${archInfo(platform).deb}' out/ 'bookworm' '@${epoch(c)}'`, comment: 'debuerreotype 0.16' },
    history(c, 'CMD ["bash"]', true, true),
    history(c, apt('ca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\tsq \t\twget \t'), false, true),
    history(c, apt('git \t\tmercurial \t\topenssh-client \t\tsubversion \t\t\t\tprocps \t'), false, true),
  ];
}
