/**
 * OCI platforms as containerd's `platforms.Parse`/`Format` see them (the subset a
 * browser build needs): `linux/amd64`, `linux/arm/v7`, aliases normalised.
 */

/** An OCI platform. */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly osVersion?: string;
}

const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);

/** containerd `normalizeArch`: aliases and default variants. */
function normalizeArch(arch: string, variant: string): [string, string] {
  arch = arch.toLowerCase();
  variant = variant.toLowerCase();
  switch (arch) {
    case 'i386': return ['386', ''];
    case 'x86_64': case 'x86-64': case 'amd64': return ['amd64', variant === 'v1' ? '' : variant];
    case 'aarch64': case 'arm64': return ['arm64', variant === '8' || variant === 'v8' || variant === 'v8.0' ? '' : variant];
    case 'armhf': return ['arm', 'v7'];
    case 'armel': return ['arm', 'v6'];
    case 'arm': {
      if (variant === '' || variant === '7') return ['arm', 'v7'];
      if (/^[5-8]$/.test(variant)) return ['arm', `v${variant}`];
      return ['arm', variant];
    }
    default: return [arch, variant];
  }
}

function invalid(spec: string): Error {
  return new Error(`${JSON.stringify(spec)}: unknown operating system or architecture: invalid argument`);
}

/** containerd's component patterns (`specifierRe`, `osRe`). */
const SPECIFIER_RE = /^[A-Za-z0-9_.-]+$/;
const OS_RE = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;

/** Parse `os[/arch[/variant]]` or a bare arch (`arm64` → linux/arm64); throws containerd's error. */
export function parsePlatform(spec: string): Platform {
  if (spec.includes('*')) throw new Error(`${JSON.stringify(spec)}: wildcards not yet supported: invalid argument`);
  // strings.SplitN(spec, "/", 4), each component checked as containerd does
  const split = spec.split('/');
  const parts = split.length > 4 ? [...split.slice(0, 3), split.slice(3).join('/')] : split;
  const m = OS_RE.exec(parts[0]!);
  if (!m) {
    throw new Error(
      `${JSON.stringify(parts[0])} is an invalid OS component of ${JSON.stringify(spec)}: OSAndVersion specifier component must match ${JSON.stringify(OS_RE.source)}: invalid argument`,
    );
  }
  for (const p of parts.slice(1)) {
    if (!SPECIFIER_RE.test(p)) {
      throw new Error(
        `${JSON.stringify(p)} is an invalid component of ${JSON.stringify(spec)}: platform specifier component must match ${JSON.stringify(SPECIFIER_RE.source)}: invalid argument`,
      );
    }
  }
  parts[0] = m[1]!;
  const osVersion = m[2] ? decodeURIComponent(m[2]) : undefined;
  const withVersion = (p: Platform): Platform => (osVersion ? { ...p, osVersion } : p);
  const mk = (os: string, a: string, v: string): Platform => {
    const [architecture, variant] = normalizeArch(a, v);
    return withVersion({ os, architecture, ...(variant ? { variant } : {}) });
  };
  if (parts.length === 1) {
    const p = parts[0]!.toLowerCase();
    if (KNOWN_OS.has(p === 'macos' ? 'darwin' : p)) return mk(p === 'macos' ? 'darwin' : p, 'amd64', '');
    const [architecture, variant] = normalizeArch(p, '');
    if (KNOWN_ARCH.has(architecture)) return withVersion({ os: 'linux', architecture, ...(variant ? { variant } : {}) });
    throw invalid(spec);
  }
  const os = parts[0]!.toLowerCase() === 'macos' ? 'darwin' : parts[0]!.toLowerCase();
  if (parts.length === 2) {
    const [architecture] = normalizeArch(parts[1]!, '');
    if (!KNOWN_OS.has(os) || !KNOWN_ARCH.has(architecture)) throw invalid(spec);
    return mk(os, parts[1]!, '');
  }
  if (parts.length === 3) {
    const [architecture] = normalizeArch(parts[1]!, parts[2]!);
    if (!KNOWN_OS.has(os) || !KNOWN_ARCH.has(architecture)) throw invalid(spec);
    return mk(os, parts[1]!, parts[2]!);
  }
  throw new Error(`${JSON.stringify(spec)}: cannot parse platform specifier: invalid argument`);
}

/** `os/arch[/variant]` (containerd `platforms.Format`). */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** The platform a simulated daemon runs on. */
export const DEFAULT_BUILD_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };
