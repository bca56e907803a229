/**
 * Emulation: a RUN whose container platform the build machine's CPU cannot execute runs
 * under QEMU user-mode emulation (Docker Desktop and `docker run --privileged --rm
 * tonistiigi/binfmt --install all` register it as binfmt_misc handlers). Nothing fails;
 * everything the step does is slower.
 */

/**
 * How much longer a step takes under emulation. QEMU user mode translates every
 * instruction; CPU-bound work such as `go build` or `apk` scripts is typically 5 to 20
 * times slower (Go's and Docker's multi-platform docs say "much slower"; compile
 * benchmarks of amd64 hosts running arm64 containers land around 10x). stageplay models 10x.
 */
export const EMULATION_FACTOR = 10;

/** The build machine's platform when none is given (BuildKit's default worker). */
export const DEFAULT_HOST_PLATFORM = 'linux/amd64';

/** Architectures a CPU runs natively besides its own (amd64 runs 386, arm64 runs arm). */
const NATIVE_ALSO: Readonly<Record<string, readonly string[]>> = { amd64: ['386'], arm64: ['arm'] };

/** Whether a container of `platform` needs emulation on a `host` machine. */
export function isEmulated(platform: string, host: string = DEFAULT_HOST_PLATFORM): boolean {
  const [os, arch] = platform.split('/');
  const [hostOs, hostArch] = host.split('/');
  if (os !== hostOs) return false; // not runnable at all; the step fails on its own (exec format error)
  return arch !== hostArch && !(NATIVE_ALSO[hostArch ?? ''] ?? []).includes(arch ?? '');
}

/** The modeled time of a process that takes `ms` natively, on `host`. */
export function emulatedMs(ms: number, platform: string, host?: string): number {
  return isEmulated(platform, host) ? ms * EMULATION_FACTOR : ms;
}
