/**
 * The simulated programs' contract: how a program is run (`ExecContext`, `ExecResult`,
 * `Toolchain`, `ProgramResolver`) and the platform services a process is given. The programs
 * themselves are entries of their own (`#engine/toolchain/sh`, `/busybox`, `/go`, ...).
 */
export * from './types.ts';
