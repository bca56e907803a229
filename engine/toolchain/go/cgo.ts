/**
 * cgo: with CGO_ENABLED=1, a program that uses the `net` or `os/user` packages is linked
 * dynamically against the C library (its binary then needs the loader at run time), and
 * building it needs a C compiler, as with real Go.
 */
import type { WorkFs } from '../../fs/types.ts';
import type { GoEnv } from './env.ts';
import type { BuildGraph } from './graph.ts';
import type { GoPackage } from './load.ts';
import { GoCommandError } from './load.ts';

const GLIBC_LOADER: Record<string, string> = {
  amd64: '/lib64/ld-linux-x86-64.so.2',
  arm64: '/lib/ld-linux-aarch64.so.1',
  arm: '/lib/ld-linux-armhf.so.3',
};
const MUSL_ARCH: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64', arm: 'armhf' };

/** Whether a C compiler is on PATH (`gcc` or `cc`). */
function hasCompiler(fs: WorkFs, env: ReadonlyMap<string, string>): boolean {
  const path = env.get('PATH') ?? '/usr/local/bin:/usr/bin:/bin';
  return path.split(':').some((d) => d && (fs.stat(`${d}/gcc`) !== undefined || fs.stat(`${d}/cc`) !== undefined));
}

/**
 * The loader a main package's binary needs, or undefined when it links statically.
 * Throws cmd/go's error when cgo is on, needed, and no C compiler exists.
 */
export function cgoInterpreter(fs: WorkFs, procEnv: ReadonlyMap<string, string>, env: GoEnv, graph: BuildGraph, pkg: GoPackage): string | undefined {
  if (env.vars.get('CGO_ENABLED') !== '1' || env.goos !== 'linux') return undefined;
  const std = graph.reach.get(pkg.importPath)?.std ?? new Set<string>();
  const needs = [...std].some((p) => p === 'net' || p.startsWith('net/') || p === 'os/user');
  if (!needs) return undefined;
  if (!hasCompiler(fs, procEnv)) {
    throw new GoCommandError('cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH', 'runtime/cgo');
  }
  const musl = `/lib/ld-musl-${MUSL_ARCH[env.goarch] ?? env.goarch}.so.1`;
  return fs.stat(musl) !== undefined ? musl : GLIBC_LOADER[env.goarch];
}
