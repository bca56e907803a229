/**
 * The `ProgramResolver` RUN uses: which simulated program an executable file of the
 * container runs. Base-image tools are recognised by their marker, binaries written by
 * the mocked `go build` by their payload.
 */
import type { WorkFs } from '../fs/types.ts';
import { apk } from './apk/index.ts';
import { hasBinaryMagic, readBinaryInfo } from './binary/index.ts';
import { APPLETS } from './busybox/index.ts';
import { binaryProgram, goToolchain } from './go/index.ts';
import { golangciLint } from './golangci/index.ts';
import { readToolMarker } from './marker.ts';
import { bash, busybox, shell } from './multicall/index.ts';
import type { ExecContext, ExecResult, ProgramResolver, Toolchain } from './types.ts';

/** Tools marked in base images that run as the shell. */
const SHELLS: Readonly<Record<string, Toolchain>> = { sh: shell, ash: shell, dash: shell, bash };

/** Tools with their own simulation. */
const TOOLS: Readonly<Record<string, Toolchain>> = { busybox, apk, go: goToolchain, 'golangci-lint': golangciLint };

/** Message printed when a real image's program is not simulated by stageplay. */
export function notSimulatedMessage(name: string, path: string): string {
  return `exec ${path}: ${name} is not simulated by stageplay (the sandbox runs busybox applets, sh, apk, go, golangci-lint and binaries built by go build)\n`;
}

/** A program that only reports that `name` is not simulated (exit 126, as an exec failure). */
export function notSimulated(name: string): Toolchain {
  return {
    name,
    run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
      ctx.stderr(notSimulatedMessage(name, argv[0] ?? name));
      return Promise.resolve({ exitCode: 126, modeledMs: 1 });
    },
  };
}

/** A Debian coreutils-style tool simulated by the busybox applet of the same name. */
function appletAs(name: string): Toolchain {
  return {
    name,
    run: (argv, ctx) => busybox.run([name, ...argv.slice(1)], ctx),
  };
}

/** The toolchain a marker names, or a not-simulated stand-in. */
export function toolchainForMarker(name: string): Toolchain {
  const tool = TOOLS[name] ?? SHELLS[name];
  if (tool) return tool;
  if (Object.prototype.hasOwnProperty.call(APPLETS, name)) return appletAs(name);
  return notSimulated(name);
}

/**
 * Resolves the executable at `path`: a marked base-image tool (busybox, apk, go, the
 * shells, Debian coreutils as busybox applets; anything else reports it is not
 * simulated), or a binary built by the mocked `go build`. Undefined for other files (the
 * caller reports `exec format error` or runs a script).
 */
export const resolveProgram: ProgramResolver = (path: string, fs: WorkFs): Toolchain | undefined => {
  const st = fs.stat(path);
  if (st?.type !== 'file') return undefined;
  const head = fs.readHead(path, 4096);
  const marker = readToolMarker(head);
  if (marker !== undefined) return toolchainForMarker(marker);
  if (hasBinaryMagic(head) && readBinaryInfo(fs.readFile(path))) return binaryProgram;
  return undefined;
};
