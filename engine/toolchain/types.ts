import type { WorkFs } from '../fs/types.ts';
import type { PlatformDeps } from '../platform/types.ts';
import type { SimNetwork } from './net.ts';

/** BuildKit's RUN hostname unless `BUILDKIT_SANDBOX_HOSTNAME` sets another (executor/oci `defaultHostname`). */
export const DEFAULT_HOSTNAME = 'buildkitsandbox';

/** The platform's services a process uses: hashing (`sha256sum`) and gzip (`gzip`, `tar -z`). */
export type ProcessDeps = Pick<PlatformDeps, 'hasher' | 'gzip'>;

/** What a simulated process sees. */
export interface ExecContext {
  /** The step's copy-on-write filesystem. */
  readonly fs: WorkFs;
  /** Environment variables (PATH, HOME, GOOS, ...). */
  readonly env: ReadonlyMap<string, string>;
  /** Absolute working directory. */
  readonly cwd: string;
  /**
   * `uid:gid` the process runs as; `groups`: its supplementary groups as the container runtime
   * set them (absent: derived from `/etc/group` membership, as `id USER` does).
   */
  readonly user: { readonly uid: number; readonly gid: number; readonly name: string; readonly groups?: readonly number[] };
  /** Platform the container runs as (`linux/amd64`, `linux/arm64`, `linux/arm/v7`). */
  readonly platform: string;
  /** The container's hostname (the UTS name `hostname` and `uname -n` print); default `DEFAULT_HOSTNAME`. */
  readonly hostname?: string;
  /** The clock's seconds since the epoch (the terminal's real time); absent in a RUN, whose time is modeled (SOURCE_DATE_EPOCH or 0). */
  readonly now?: number;
  readonly stdin?: Uint8Array;
  stdout(chunk: string): void;
  stderr(chunk: string): void;
  /** Checked between commands/iterations; an aborted signal ends the process. */
  readonly signal?: AbortSignal;
  /**
   * The process's network namespace (`net.ts`): where a server listens and a client dials.
   * Absent in a build's RUN steps: nothing listens there.
   */
  readonly net?: SimNetwork;
  /** How a process finds other programs (the shell runs `go`, `apk`, built binaries). */
  readonly programs: ProgramResolver;
  /** The platform's hashing and gzip, injected (engine code calls neither `crypto` nor `CompressionStream`). */
  readonly deps: ProcessDeps;
}

export interface ExecResult {
  readonly exitCode: number;
  /**
   * Modeled wall time of this process in milliseconds (what a real machine would
   * take: go build ∝ source + deps, apk ∝ packages). The engine never sleeps.
   */
  readonly modeledMs: number;
}

/** A program the sandbox can run: `/bin/sh`, `/usr/local/go/bin/go`, `apk`, ... */
export interface Toolchain {
  readonly name: string;
  run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult>;
}

/**
 * Finds the program an executable file runs. Simulated executables are marked (see
 * `marker.ts`): base-image tools carry `stageplay-tool:<name>`, binaries written by the
 * mocked `go build` carry their own payload. Returns undefined for a file that is not
 * runnable in the sandbox (the shell then reports `exec format error`/`not found`).
 */
export type ProgramResolver = (path: string, fs: WorkFs) => Toolchain | undefined;
