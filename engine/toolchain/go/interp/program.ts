/**
 * Runs a binary written by the mocked `go build`: the simulated Go (this interpreter) runs
 * the program its payload carries, with the process's argv, environment, clock, network
 * and signal; no machine code is executed. A binary without a program (a tool `go
 * install` fetched) prints the lines recorded in its payload and exits 0. Like Linux, a binary built for
 * another OS or architecture fails with `exec format error` unless that platform is
 * emulated (Docker Desktop and `docker run --platform` with QEMU binfmt handlers).
 * A cgo binary whose dynamic loader is missing (e.g. copied into `FROM scratch`) fails
 * with `no such file or directory`.
 */
import type { WorkFs } from '../../../fs/types.ts';
import type { ExecContext, ExecResult, Toolchain } from '../../types.ts';
import type { BinaryInfo } from '../../binary/payload.ts';
import { readBinaryInfo } from '../../binary/payload.ts';
import { runGo } from './run.ts';
import { processOptions } from './process.ts';

/** Options for `makeBinaryProgram`. */
export interface BinaryProgramOptions {
  /** Platforms (`linux/arm64`, `linux/arm/v7`) whose binaries run through emulation. */
  readonly emulate?: readonly string[];
}

/** `linux/arm/v7` for a GOOS=linux GOARCH=arm GOARM=7 binary; `linux/amd64` otherwise. */
export function binaryPlatform(info: BinaryInfo): string {
  const base = `${info.goos}/${info.goarch}`;
  return info.goarch === 'arm' && info.goarm ? `${base}/v${info.goarm}` : base;
}

/** Whether a container of `platform` can run `info` natively. */
export function runsNatively(info: BinaryInfo, platform: string): boolean {
  const [os, arch, variant] = platform.split('/');
  if (info.goos !== os || info.goarch !== arch) return false;
  if (arch !== 'arm') return true;
  // An ARMv7 CPU runs GOARM 5, 6 and 7 code; an ARMv6 CPU does not run GOARM=7.
  const cpu = Number((variant ?? 'v7').slice(1));
  return Number(info.goarm || '7') <= cpu;
}

function locate(name: string, ctx: ExecContext): string {
  if (name.includes('/')) return name.startsWith('/') ? name : `${ctx.cwd.replace(/\/$/, '')}/${name}`;
  for (const dir of (ctx.env.get('PATH') ?? '').split(':')) {
    if (!dir) continue;
    const path = `${dir.replace(/\/$/, '')}/${name}`;
    if (ctx.fs.stat(path)?.type === 'file') return path;
  }
  return name;
}

function readInfo(fs: WorkFs, path: string): BinaryInfo | undefined {
  try {
    return readBinaryInfo(fs.readFile(path));
  } catch {
    return undefined;
  }
}

/** A Toolchain that runs built binaries; `argv[0]` names the binary (a path, or a name looked up in PATH). */
export function makeBinaryProgram(opts: BinaryProgramOptions = {}): Toolchain {
  const emulated = new Set(opts.emulate ?? []);
  return {
    name: 'binary',
    run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
      const path = locate(argv[0] ?? '', ctx);
      const info = readInfo(ctx.fs, path);
      if (!info) {
        ctx.stderr(`exec ${path}: exec format error\n`);
        return Promise.resolve({ exitCode: 126, modeledMs: 1 });
      }
      if (!runsNatively(info, ctx.platform) && !emulated.has(binaryPlatform(info))) {
        ctx.stderr(`exec ${path}: exec format error\n`);
        return Promise.resolve({ exitCode: 126, modeledMs: 1 });
      }
      if (info.interp && ctx.fs.stat(info.interp) === undefined) {
        // The kernel cannot find the dynamic loader: Linux reports the binary itself as missing.
        ctx.stderr(`exec ${path}: no such file or directory\n`);
        return Promise.resolve({ exitCode: 127, modeledMs: 1 });
      }
      // Emulated programs start slower (QEMU user mode translates the code).
      const modeledMs = runsNatively(info, ctx.platform) ? 2 : 40;
      if (!info.program) {
        for (const c of info.output) (c.fd === 2 ? ctx.stderr : ctx.stdout).call(ctx, c.text);
        return Promise.resolve({ exitCode: 0, modeledMs });
      }
      return runGo(info.program, processOptions(ctx, argv)).then((exitCode) => ({ exitCode, modeledMs }));
    },
  };
}

/** Runs binaries of the container's own platform; others give `exec format error`. */
export const binaryProgram: Toolchain = makeBinaryProgram();
