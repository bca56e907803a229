import type { ArchInfo } from './platform.ts';
import type { TreeBuilder } from './tree.ts';

/** One Go release as the golang images ship it. */
export interface GoRelease {
  readonly minor: string;
  /** Full version, e.g. `1.20.14`. */
  readonly version: string;
  /** Release date of that patch (the tree's mtime; images are built shortly after). */
  readonly released: string;
  /** When docker-library built the images (config `created`). */
  readonly built: string;
  /** Alpine minors of the `-alpineX.Y` variants, the default (`-alpine`) last. */
  readonly alpines: readonly string[];
  /** amd64 `/usr/local/go` bytes and gzip bytes of the upstream binary release (Debian images; alpine too from 1.21). */
  readonly tree: readonly [number, number];
  /** The same for the alpine image when it was built from source (up to 1.20). */
  readonly alpineTree?: readonly [number, number];
}

/**
 * Go releases in the catalog. Tree sizes are estimates that reproduce the images'
 * Docker Hub sizes (golang:1.20-alpine ≈ 250 MB / 101 MB compressed; golang:1.2x ≈ 800–900 MB).
 * 1.19 still shipped a precompiled standard library (`pkg/linux_amd64`); 1.21 stripped the
 * tool binaries, hence the drop in compressed size.
 */
export const GO_RELEASES: readonly GoRelease[] = [
  { minor: '1.19', version: '1.19.13', released: '2023-09-06T17:23:03Z', built: '2023-09-07T19:26:48Z', alpines: ['3.18'],
    alpineTree: [344_000_000, 110_000_000], tree: [392_000_000, 141_000_000] },
  { minor: '1.20', version: '1.20.14', released: '2024-02-02T21:36:22Z', built: '2024-02-06T21:21:01Z', alpines: ['3.18', '3.19'],
    alpineTree: [242_000_000, 97_500_000], tree: [226_000_000, 95_000_000] },
  { minor: '1.21', version: '1.21.13', released: '2024-08-06T18:21:47Z', built: '2024-08-07T17:33:12Z', alpines: ['3.19', '3.20'],
    tree: [222_000_000, 66_000_000] },
  { minor: '1.22', version: '1.22.12', released: '2025-02-04T18:43:40Z', built: '2025-02-05T02:00:27Z', alpines: ['3.20', '3.21'],
    tree: [228_000_000, 69_000_000] },
  { minor: '1.23', version: '1.23.12', released: '2025-08-06T17:46:12Z', built: '2025-08-07T01:12:44Z', alpines: ['3.21', '3.22'],
    tree: [240_000_000, 73_000_000] },
  { minor: '1.24', version: '1.24.9', released: '2025-10-13T17:55:50Z', built: '2025-10-14T00:41:08Z', alpines: ['3.21', '3.22'],
    tree: [252_000_000, 77_000_000] },
  { minor: '1.25', version: '1.25.3', released: '2025-10-13T17:55:50Z', built: '2025-10-14T00:41:08Z', alpines: ['3.21', '3.22'],
    tree: [236_000_000, 59_000_000] },
];

/** The release `golang:latest` / `golang:alpine` point at. */
export const GO_LATEST = '1.25';

/** Whether a release sets `GOTOOLCHAIN=local` (Go 1.21 introduced toolchain switching). */
export function hasToolchainEnv(g: GoRelease): boolean {
  return Number(g.minor.split('.')[1]) >= 21;
}

/** Whether docker-library built it with the multi-stage `COPY --link` Dockerfile (BuildKit). */
export function isLinkBuild(g: GoRelease): boolean {
  return hasToolchainEnv(g);
}

const TOOLS: readonly [string, number][] = [
  ['compile', 26_000_000], ['link', 7_200_000], ['vet', 9_400_000], ['cgo', 4_600_000], ['asm', 5_000_000],
  ['cover', 5_400_000], ['pprof', 12_500_000], ['trace', 10_800_000], ['doc', 4_000_000], ['fix', 2_900_000],
  ['buildid', 1_900_000], ['nm', 4_000_000], ['objdump', 4_600_000], ['pack', 1_900_000], ['test2json', 2_200_000],
  ['addr2line', 3_300_000], ['covdata', 3_300_000], ['dist', 3_500_000],
];

const SRC_WORDS = [
  'archive', 'bufio', 'bytes', 'cmp', 'compress', 'container', 'context', 'crypto', 'database', 'debug', 'embed',
  'encoding', 'errors', 'expvar', 'flag', 'fmt', 'go', 'hash', 'html', 'image', 'index', 'internal', 'io', 'log',
  'maps', 'math', 'mime', 'net', 'os', 'path', 'plugin', 'reflect', 'regexp', 'runtime', 'slices', 'sort',
  'strconv', 'strings', 'sync', 'syscall', 'testing', 'text', 'time', 'unicode', 'unsafe', 'vendor', 'http',
  'json', 'xml', 'tls', 'x509', 'sha256', 'elliptic', 'ast', 'parser', 'types', 'token', 'printer', 'abi',
];

/**
 * Adds the Go distribution at `/usr/local/go` to `t`, sized to `bytes`/`gzBytes` (amd64
 * numbers, scaled by `a.scale`): `bin/go` and `bin/gofmt` are simulated tools (marker then
 * filler), `pkg/tool/<os_arch>` holds the compiler toolchain, the rest is `src/`, `test/`,
 * `misc/`, `api/`, `lib/time` filler spread over a few thousand files.
 */
export function addGoTree(t: TreeBuilder, g: GoRelease, a: ArchInfo, tree: readonly [number, number], files: number): void {
  const root = '/usr/local/go';
  const total = Math.round(tree[0] * a.scale);
  const ratio = tree[1] / tree[0];
  const minor = Number(g.minor.split('.')[1]);
  // Binaries compress a bit better than the tree's average once stripped (1.21+); sources compress far better.
  const binRatio = Math.min(0.9, ratio * 1.25);
  const goBin = Math.round((minor >= 21 ? 13_400_000 : 15_700_000) * a.scale);
  const gofmtBin = Math.round((minor >= 21 ? 2_800_000 : 3_400_000) * a.scale);
  t.tool(`${root}/bin/go`, 'go', goBin, binRatio);
  t.tool(`${root}/bin/gofmt`, 'gofmt', gofmtBin, binRatio);
  const toolDir = `${root}/pkg/tool/linux_${a.goarch}`;
  let used = goBin + gofmtBin;
  for (const [name, size] of TOOLS) {
    const s = Math.round(size * a.scale * (minor >= 21 ? 0.78 : 1));
    used += s;
    t.blob(`${toolDir}/${name}`, s, binRatio, `go${g.version}-${a.goarch}:${name}`, { mode: 0o755 });
  }
  const text = (path: string, s: string) => { used += s.length; t.file(`${root}/${path}`, s); };
  text('VERSION', `go${g.version}\ntime ${g.released}\n`);
  if (minor >= 21) text('go.env', '# This file contains the initial defaults for go command configuration.\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n\n# Automatically download newer toolchains as directed by go.mod files.\nGOTOOLCHAIN=auto\n');
  text('LICENSE', 'Copyright 2009 The Go Authors.\n\nRedistribution and use in source and binary forms, with or without\nmodification, are permitted provided that the following conditions are\nmet:\n');
  text('PATENTS', 'Additional IP Rights Grant (Patents)\n');
  text('README.md', '# The Go Programming Language\n\nGo is an open source programming language that makes it easy to build simple,\nreliable, and efficient software.\n');
  text('SECURITY.md', '# Security Policy\n');
  text('codereview.cfg', 'branch: release-branch.go' + g.minor + '\nparent-branch: master\n');
  t.blob(`${root}/lib/time/zoneinfo.zip`, 401_728, 0.98, `go${g.version}:zoneinfo`);
  used += 401_728;
  const rest = Math.max(0, total - used);
  // Whatever is left: sources (.go compresses to ~0.25), tests, api lists, misc, and for 1.19 the precompiled std.
  const srcRatio = Math.max(0.01, (tree[1] * a.scale - (used - 401_728) * binRatio - 401_728 * 0.98) / rest);
  const parts: [string, number, number, readonly string[]][] = minor <= 19
    ? [['src', 0.55, 0.6, ['.go', '.s', '.go', '.go']], ['pkg/linux_' + a.goarch, 0.3, 0.15, ['.a']], ['test', 0.1, 0.15, ['.go', '.out']], ['misc', 0.03, 0.04, ['.go', '.js', '.html']], ['api', 0.02, 0.06, ['.txt']]]
    : [['src', 0.82, 0.7, ['.go', '.s', '.go', '.go', '.c', '.h']], ['test', 0.12, 0.2, ['.go', '.out']], ['misc', 0.03, 0.04, ['.go', '.js', '.html']], ['api', 0.03, 0.06, ['.txt']]];
  let given = 0;
  parts.forEach(([dir, share, fileShare, exts], i) => {
    const bytes = i === parts.length - 1 ? rest - given : Math.round(rest * share);
    given += bytes;
    const n = Math.max(1, Math.round(files * fileShare));
    t.spread(`${root}/${dir}`, {
      seed: `go${g.version}-${a.goarch}-${dir}`, total: bytes, files: n, dirs: Math.max(1, Math.round(n / 12)),
      ratio: srcRatio, words: SRC_WORDS, exts,
    });
  });
}
