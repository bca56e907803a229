/** `go env`: the toolchain's settings, from the process environment and the container platform. */
import type { ExecContext } from '../types.ts';

/** The settings the mocked go command works with. */
export interface GoEnv {
  readonly vars: ReadonlyMap<string, string>;
  readonly goos: string;
  readonly goarch: string;
  /** GOARM for arm targets ('' otherwise). */
  readonly goarm: string;
  readonly gopath: string;
  readonly gocache: string;
  readonly gomodcache: string;
  readonly goroot: string;
  /** `1.20.14` (from GOLANG_VERSION, as golang images set it). */
  readonly version: string;
  readonly hostOs: string;
  readonly hostArch: string;
  /** Flags from GOFLAGS, applied before the command line's. */
  readonly goflags: readonly string[];
}

/** Finds the go.mod governing `cwd` (walking up), or undefined. */
export function findGoMod(ctx: ExecContext): string | undefined {
  let dir = ctx.cwd.replace(/\/+$/, '') || '/';
  for (;;) {
    const p = dir === '/' ? '/go.mod' : `${dir}/go.mod`;
    if (ctx.fs.stat(p)?.type === 'file') return p;
    if (dir === '/') return undefined;
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
  }
}

/** Reads the Go settings of a process. */
export function goEnv(ctx: ExecContext): GoEnv {
  const e = (k: string): string | undefined => {
    const v = ctx.env.get(k);
    return v === undefined || v === '' ? undefined : v;
  };
  const [hostOs = 'linux', hostArch = 'amd64', variant] = ctx.platform.split('/');
  const goos = e('GOOS') ?? hostOs;
  const goarch = e('GOARCH') ?? hostArch;
  const native = goos === hostOs && goarch === hostArch;
  const goarm = goarch === 'arm' ? (e('GOARM') ?? (native && variant ? variant.replace(/^v/, '') : '7')) : '';
  const home = e('HOME') ?? '/root';
  const gopath = e('GOPATH') ?? `${home}/go`;
  const goroot = e('GOROOT') ?? '/usr/local/go';
  const gocache = e('GOCACHE') ?? `${home}/.cache/go-build`;
  const gomodcache = e('GOMODCACHE') ?? `${gopath}/pkg/mod`;
  const version = e('GOLANG_VERSION') ?? '1.20.14';
  const hasCc = ctx.fs.stat('/usr/bin/gcc') !== undefined || ctx.fs.stat('/usr/bin/cc') !== undefined;
  const cgo = e('CGO_ENABLED') ?? (native && hasCc ? '1' : '0');
  const gomod = findGoMod(ctx) ?? '/dev/null';
  const list: [string, string][] = [
    ['GO111MODULE', e('GO111MODULE') ?? ''],
    ['GOARCH', goarch],
    ['GOBIN', e('GOBIN') ?? ''],
    ['GOCACHE', gocache],
    ['GOENV', `${home}/.config/go/env`],
    ['GOEXE', goos === 'windows' ? '.exe' : ''],
    ['GOEXPERIMENT', e('GOEXPERIMENT') ?? ''],
    ['GOFLAGS', e('GOFLAGS') ?? ''],
    ['GOHOSTARCH', hostArch],
    ['GOHOSTOS', hostOs],
    ['GOINSECURE', e('GOINSECURE') ?? ''],
    ['GOMODCACHE', gomodcache],
    ['GONOPROXY', e('GONOPROXY') ?? ''],
    ['GONOSUMDB', e('GONOSUMDB') ?? ''],
    ['GOOS', goos],
    ['GOPATH', gopath],
    ['GOPRIVATE', e('GOPRIVATE') ?? ''],
    ['GOPROXY', e('GOPROXY') ?? 'https://proxy.golang.org,direct'],
    ['GOROOT', goroot],
    ['GOSUMDB', e('GOSUMDB') ?? 'sum.golang.org'],
    ['GOTMPDIR', e('GOTMPDIR') ?? ''],
    ['GOTOOLDIR', `${goroot}/pkg/tool/${hostOs}_${hostArch}`],
    ['GOVCS', e('GOVCS') ?? ''],
    ['GOVERSION', `go${version}`],
    ['GCCGO', 'gccgo'],
    ...(goarch === 'amd64' ? [['GOAMD64', e('GOAMD64') ?? 'v1'] as [string, string]] : []),
    ...(goarch === 'arm' ? [['GOARM', goarm] as [string, string]] : []),
    ['AR', 'ar'],
    ['CC', 'gcc'],
    ['CXX', 'g++'],
    ['CGO_ENABLED', cgo],
    ['GOMOD', gomod],
    ['GOWORK', ''],
    ['CGO_CFLAGS', '-O2 -g'],
    ['CGO_CPPFLAGS', ''],
    ['CGO_CXXFLAGS', '-O2 -g'],
    ['CGO_FFLAGS', '-O2 -g'],
    ['CGO_LDFLAGS', '-O2 -g'],
    ['PKG_CONFIG', 'pkg-config'],
    ['GOGCCFLAGS', `-fPIC ${goarch === 'amd64' ? '-m64 ' : ''}-pthread -Wl,--no-gc-sections -fmessage-length=0 -ffile-prefix-map=/tmp/go-build=/tmp/go-build -gno-record-gcc-switches`],
  ];
  const goflags = (e('GOFLAGS') ?? '').split(/\s+/).filter(Boolean);
  return { vars: new Map(list), goos, goarch, goarm, gopath, gocache, gomodcache, goroot, version, hostOs, hostArch, goflags };
}

/** Lines `go env` prints: `NAME="value"` for all, or the bare values of `names`. */
export function formatGoEnv(env: GoEnv, names: readonly string[], json: boolean): string {
  const keys = names.length ? names : [...env.vars.keys()];
  if (json) {
    const obj = Object.fromEntries(keys.map((k) => [k, env.vars.get(k) ?? '']).sort(([a], [b]) => (a! < b! ? -1 : 1)));
    return `${JSON.stringify(obj, null, '\t')}\n`;
  }
  if (names.length) return keys.map((k) => `${env.vars.get(k) ?? ''}\n`).join('');
  return keys.map((k) => `${k}="${env.vars.get(k)}"\n`).join('');
}
