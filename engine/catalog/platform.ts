import type { Platform, PlatformString } from './types.ts';

/** What differs between architectures inside the catalog's images. */
export interface ArchInfo {
  readonly platform: PlatformString;
  /** musl's loader suffix: `ld-musl-<musl>.so.1`. */
  readonly musl: string;
  /** `apk --print-arch`. */
  readonly apk: string;
  /** GOARCH (plus GOARM for arm). */
  readonly goarch: string;
  /** Debian's architecture name. */
  readonly deb: string;
  /** Debian multiarch triplet (`/usr/lib/<triplet>`). */
  readonly triplet: string;
  /** glibc's dynamic loader path. */
  readonly glibcLoader: string;
  /** Rough size of this architecture's binaries relative to amd64. */
  readonly scale: number;
}

/** The architectures the catalog models. */
export const ARCHES: Readonly<Record<string, ArchInfo>> = {
  'linux/amd64': {
    platform: 'linux/amd64', musl: 'x86_64', apk: 'x86_64', goarch: 'amd64', deb: 'amd64',
    triplet: 'x86_64-linux-gnu', glibcLoader: '/lib64/ld-linux-x86-64.so.2', scale: 1,
  },
  'linux/arm64': {
    platform: 'linux/arm64', musl: 'aarch64', apk: 'aarch64', goarch: 'arm64', deb: 'arm64',
    triplet: 'aarch64-linux-gnu', glibcLoader: '/lib/ld-linux-aarch64.so.1', scale: 0.97,
  },
  'linux/arm/v7': {
    platform: 'linux/arm/v7', musl: 'armhf', apk: 'armv7', goarch: 'arm', deb: 'armhf',
    triplet: 'arm-linux-gnueabihf', glibcLoader: '/lib/ld-linux-armhf.so.3', scale: 0.86,
  },
};

const ARCH_ALIASES: Record<string, string> = {
  x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386', i686: '386',
};

/**
 * Normalise a platform string as containerd's `platforms.Normalize` does:
 * `x86_64` → `amd64`, `aarch64` → `arm64`, `arm64/v8` → `arm64`, bare `arm` → `arm/v7`,
 * a missing OS is `linux`. Returns `undefined` for an empty or malformed value.
 */
export function normalizePlatform(p: string): PlatformString | undefined {
  const parts = p.trim().toLowerCase().split('/');
  if (parts.some((x) => x === '') || parts.length > 3) return undefined;
  let [os, arch, variant] = parts.length === 1 ? ['linux', parts[0]!, undefined] : [parts[0]!, parts[1]!, parts[2]];
  if (os === 'macos') os = 'darwin';
  arch = ARCH_ALIASES[arch] ?? arch;
  if (arch === 'arm64' && (variant === 'v8' || variant === '8')) variant = undefined;
  if (arch === 'arm' && variant === undefined) variant = 'v7';
  if (arch === 'arm' && variant !== undefined && /^\d$/.test(variant)) variant = `v${variant}`;
  return variant ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
}

/** The OCI platform object of a normalised platform string. */
export function platformObject(p: PlatformString): Platform {
  const [os, architecture, variant] = p.split('/') as [string, string, string | undefined];
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Architecture details of a platform the catalog models (throws for others). */
export function archInfo(p: PlatformString): ArchInfo {
  const a = ARCHES[p];
  if (!a) throw new Error(`no architecture data for ${p}`);
  return a;
}
