/**
 * The simulated package index: a slice of Alpine 3.18's `main`/`community` repositories
 * for x86_64 (versions, installed sizes and dependencies as `apk info -a` reports them,
 * rounded). Files are placeholders of the right size; the ones stageplay simulates carry
 * a tool marker (`/bin/bash` runs the shell, `/usr/bin/go` the mocked go).
 */

/** One file a package installs: `[path, bytes]`, `[path, bytes, tool]` or a symlink `[path, '->', target]`. */
export type IndexFile = readonly [string, number] | readonly [string, number, string] | readonly [string, '->', string];

/** An index entry. */
export interface IndexPackage {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** Installed size in bytes (`I:`); the files add up to it. */
  readonly size: number;
  readonly depends: readonly string[];
  readonly files: readonly IndexFile[];
  /** `main` or `community`. */
  readonly repo: 'main' | 'community';
  /** Runs a trigger after install (`Executing <name>-<version>.trigger`). */
  readonly trigger?: boolean;
}

const K = 1024;
const M = 1024 * 1024;

const pkg = (name: string, version: string, size: number, depends: string[], files: IndexFile[], description: string, extra: Partial<IndexPackage> = {}): IndexPackage => ({
  name, version, size, depends, files, description, repo: 'main', ...extra,
});

/** Alpine 3.18 packages stageplay knows, by name. */
export const INDEX: ReadonlyMap<string, IndexPackage> = new Map(
  [
    pkg('ca-certificates', '20230506-r0', 680 * K, ['ca-certificates-bundle'], [['/usr/bin/update-ca-certificates', 30 * K], ['/usr/share/ca-certificates/mozilla/bundle.crt', 650 * K]], 'Common CA certificates PEM files from Mozilla', { trigger: true }),
    pkg('ca-certificates-bundle', '20230506-r0', 228 * K, [], [['/etc/ssl/certs/ca-certificates.crt', 228 * K]], 'Pre generated bundle of Mozilla certificates'),
    pkg('brotli-libs', '1.0.9-r14', 724 * K, [], [['/usr/lib/libbrotlicommon.so.1.0.9', 140 * K], ['/usr/lib/libbrotlidec.so.1.0.9', 52 * K], ['/usr/lib/libbrotlienc.so.1.0.9', 532 * K]], 'Generic lossless compressor (libraries)'),
    pkg('c-ares', '1.20.1-r0', 104 * K, [], [['/usr/lib/libcares.so.2.7.0', 104 * K]], 'An asynchronously DNS/names resolver library'),
    pkg('libunistring', '1.1-r1', 1620 * K, [], [['/usr/lib/libunistring.so.5.0.0', 1620 * K]], 'Library for manipulating Unicode strings and C strings'),
    pkg('libidn2', '2.3.4-r1', 300 * K, ['libunistring'], [['/usr/lib/libidn2.so.0.3.8', 300 * K]], 'Encode/Decode library for internationalized domain names'),
    pkg('nghttp2-libs', '1.57.0-r0', 168 * K, [], [['/usr/lib/libnghttp2.so.14.24.3', 168 * K]], 'Experimental HTTP/2 client, server and proxy (libraries)'),
    pkg('libcurl', '8.4.0-r0', 640 * K, ['ca-certificates-bundle', 'brotli-libs', 'c-ares', 'libidn2', 'nghttp2-libs'], [['/usr/lib/libcurl.so.4.8.0', 640 * K]], 'The multiprotocol file transfer library'),
    pkg('curl', '8.4.0-r0', 252 * K, ['ca-certificates-bundle', 'libcurl'], [['/usr/bin/curl', 252 * K]], 'URL retrival utility and library'),
    pkg('libexpat', '2.5.0-r1', 176 * K, [], [['/usr/lib/libexpat.so.1.8.10', 176 * K]], 'XML Parser library written in C'),
    pkg('pcre2', '10.42-r1', 700 * K, [], [['/usr/lib/libpcre2-8.so.0.11.2', 700 * K]], 'Perl-compatible regular expression library'),
    pkg('git', '2.40.1-r0', 13 * M, ['ca-certificates-bundle', 'libcurl', 'libexpat', 'pcre2'], [['/usr/bin/git', 3600 * K], ['/usr/libexec/git-core/git-remote-http', 1500 * K], ['/usr/share/git-core/templates/description', 73], ['/usr/libexec/git-core/git-data', 13 * M - 5100 * K - 73]], 'Distributed version control system'),
    pkg('ncurses-terminfo-base', '6.4_p20230506-r0', 64 * K, [], [['/etc/terminfo/x/xterm', 4 * K], ['/etc/terminfo/data', 60 * K]], 'Descriptions of common terminals'),
    pkg('libncursesw', '6.4_p20230506-r0', 372 * K, ['ncurses-terminfo-base'], [['/usr/lib/libncursesw.so.6.4', 372 * K]], 'Console display library (libncursesw)'),
    pkg('readline', '8.2.1-r1', 280 * K, ['libncursesw'], [['/usr/lib/libreadline.so.8.2', 280 * K]], 'GNU readline library'),
    pkg('bash', '5.2.15-r5', 1300 * K, ['readline'], [['/bin/bash', 1300 * K, 'bash']], 'The GNU Bourne Again shell', { trigger: true }),
    pkg('make', '4.4.1-r1', 268 * K, [], [['/usr/bin/make', 268 * K]], 'GNU make utility to maintain groups of programs'),
    pkg('libgcc', '12.2.1_git20220924-r10', 168 * K, [], [['/usr/lib/libgcc_s.so.1', 168 * K]], 'GNU C compiler runtime libraries'),
    pkg('libstdc++', '12.2.1_git20220924-r10', 2 * M, ['libgcc'], [['/usr/lib/libstdc++.so.6.0.30', 2 * M]], 'GNU C++ standard runtime library'),
    pkg('libgomp', '12.2.1_git20220924-r10', 288 * K, [], [['/usr/lib/libgomp.so.1.0.0', 288 * K]], 'GCC shared-memory parallel programming API library'),
    pkg('libatomic', '12.2.1_git20220924-r10', 40 * K, [], [['/usr/lib/libatomic.so.1.2.0', 40 * K]], 'GCC Atomic library'),
    pkg('gmp', '6.2.1-r3', 432 * K, [], [['/usr/lib/libgmp.so.10.4.1', 432 * K]], 'free library for arbitrary precision arithmetic'),
    pkg('mpfr4', '4.2.0-r3', 2500 * K, ['gmp'], [['/usr/lib/libmpfr.so.6.2.0', 2500 * K]], 'multiple-precision floating-point library'),
    pkg('mpc1', '1.3.1-r1', 132 * K, ['gmp', 'mpfr4'], [['/usr/lib/libmpc.so.3.3.1', 132 * K]], 'Multiprecision C library'),
    pkg('isl26', '0.26-r1', 2200 * K, ['gmp'], [['/usr/lib/libisl.so.23.2.0', 2200 * K]], 'Integer Set Library'),
    pkg('zstd-libs', '1.5.5-r4', 832 * K, [], [['/usr/lib/libzstd.so.1.5.5', 832 * K]], 'Zstandard - Fast real-time compression algorithm (libraries)'),
    pkg('jansson', '2.14-r3', 80 * K, [], [['/usr/lib/libjansson.so.4.14.0', 80 * K]], 'data encoding and decoding library'),
    pkg('binutils', '2.40-r7', 7 * M, ['libstdc++', 'zstd-libs', 'jansson'], [['/usr/bin/ld', 1700 * K], ['/usr/bin/as', 1200 * K], ['/usr/lib/libbfd-2.40.so', 7 * M - 2900 * K]], 'Tools necessary to build programs'),
    pkg('gcc', '12.2.1_git20220924-r10', 46 * M, ['binutils', 'libgomp', 'libatomic', 'libgcc', 'isl26', 'mpc1', 'libstdc++'], [['/usr/bin/gcc', 1 * M], ['/usr/libexec/gcc/x86_64-alpine-linux-musl/12.2.1/cc1', 30 * M], ['/usr/lib/gcc/x86_64-alpine-linux-musl/12.2.1/libgcc.a', 15 * M]], 'The GNU Compiler Collection'),
    pkg('libstdc++-dev', '12.2.1_git20220924-r10', 13 * M, ['libstdc++'], [['/usr/include/c++/12.2.1/bits/data', 13 * M]], 'GNU C++ standard runtime library (development files)'),
    pkg('g++', '12.2.1_git20220924-r10', 33 * M, ['gcc', 'libstdc++-dev', 'musl-dev'], [['/usr/bin/g++', 1 * M], ['/usr/libexec/gcc/x86_64-alpine-linux-musl/12.2.1/cc1plus', 32 * M]], 'GNU C++ standard library and compiler'),
    pkg('musl-dev', '1.2.4-r2', 3500 * K, [], [['/usr/lib/libc.a', 2600 * K], ['/usr/include/stdio.h', 7 * K], ['/usr/include/data', 893 * K]], 'the musl c library (libc) implementation (development files)'),
    pkg('libc-dev', '0.7.2-r5', 4 * K, ['musl-dev'], [], 'Meta package to pull in correct libc'),
    pkg('fortify-headers', '1.1-r3', 88 * K, [], [['/usr/include/fortify/stdio.h', 88 * K]], 'libc-agnostic implementation of FORTIFY_SOURCE'),
    pkg('patch', '2.7.6-r10', 120 * K, [], [['/usr/bin/patch', 120 * K]], 'Utility to apply diffs to files'),
    pkg('libmagic', '5.45-r0', 8 * M, [], [['/usr/share/misc/magic.mgc', 7 * M], ['/usr/lib/libmagic.so.1.0.0', 1 * M]], 'File type identification library'),
    pkg('file', '5.45-r0', 32 * K, ['libmagic'], [['/usr/bin/file', 32 * K]], 'File type identification utility'),
    pkg('build-base', '0.5-r3', 4 * K, ['binutils', 'file', 'gcc', 'g++', 'libc-dev', 'make', 'fortify-headers', 'patch'], [], 'Meta package for build base'),
    pkg('libedit', '20221030.3.1-r1', 224 * K, ['libncursesw'], [['/usr/lib/libedit.so.0.0.70', 224 * K]], 'BSD line editing library'),
    pkg('openssh-keygen', '9.3_p2-r0', 468 * K, [], [['/usr/bin/ssh-keygen', 468 * K]], 'ssh helper program for generating keys'),
    pkg('openssh-client-common', '9.3_p2-r0', 1900 * K, ['openssh-keygen'], [['/usr/bin/scp', 140 * K], ['/usr/bin/sftp', 160 * K], ['/usr/bin/ssh-add', 360 * K], ['/usr/bin/ssh-agent', 1240 * K]], 'OpenBSD\'s SSH client common files'),
    pkg('openssh-client-default', '9.3_p2-r0', 780 * K, ['openssh-client-common', 'libedit'], [['/usr/bin/ssh', 780 * K]], 'OpenBSD\'s SSH client'),
    pkg('openssh-client', '9.3_p2-r0', 4 * K, ['openssh-client-default'], [], 'OpenBSD\'s SSH client (meta package)'),
    pkg('tzdata', '2023c-r1', 3200 * K, [], [['/usr/share/zoneinfo/UTC', 114], ['/usr/share/zoneinfo/Europe/Paris', 2962], ['/usr/share/zoneinfo/America/New_York', 3552], ['/usr/share/zoneinfo/zone.tab', 3200 * K - 6628]], 'Timezone data'),
    pkg('oniguruma', '6.9.8-r1', 592 * K, [], [['/usr/lib/libonig.so.5.4.0', 592 * K]], 'a regular expressions library'),
    pkg('jq', '1.6-r3', 312 * K, ['oniguruma'], [['/usr/bin/jq', 312 * K]], 'A lightweight and flexible command-line JSON processor'),
    pkg('upx', '4.0.2-r0', 1600 * K, ['libstdc++', 'libgcc'], [['/usr/bin/upx', 1600 * K]], 'The Ultimate Packer for eXecutables', { repo: 'community' }),
    pkg('go', '1.20.11-r0', 195 * M, ['binutils', 'gcc', 'musl-dev'], [['/usr/lib/go/bin/go', 15 * M, 'go'], ['/usr/lib/go/bin/gofmt', 3 * M], ['/usr/bin/go', '->', '/usr/lib/go/bin/go'], ['/usr/bin/gofmt', '->', '/usr/lib/go/bin/gofmt'], ['/usr/lib/go/pkg/tool/linux_amd64/compile', 177 * M]], 'Go programming language compiler', { repo: 'community' }),
    pkg('tini', '0.19.0-r1', 40 * K, [], [['/sbin/tini', 40 * K]], 'A tiny but valid init for containers', { repo: 'community' }),
    pkg('su-exec', '0.2-r3', 24 * K, [], [['/sbin/su-exec', 24 * K]], 'switch user and group id, setgroups and exec'),
    pkg('openssl', '3.1.4-r1', 944 * K, [], [['/usr/bin/openssl', 944 * K]], 'Toolkit for Transport Layer Security (TLS)'),
    pkg('wget', '1.21.4-r0', 476 * K, ['libidn2', 'pcre2'], [['/usr/bin/wget', 476 * K]], 'Network utility to retrieve files from the Web'),
    pkg('shadow', '4.13-r4', 3 * M, [], [['/usr/sbin/useradd', 140 * K], ['/usr/sbin/groupadd', 80 * K], ['/usr/share/shadow/data', 3 * M - 220 * K]], 'PAM-using login and passwd utilities'),
  ].map((p) => [p.name, p]),
);
