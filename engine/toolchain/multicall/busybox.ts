/**
 * The busybox binary: one program that is every applet and the shell. It ties the two
 * together (the shell runs the applets in its own process, the applets' `xargs` runs the
 * shell), so it stands above both `../busybox` and `../sh`, which import neither each other
 * nor this.
 */
import type { ExecContext, ExecResult, Toolchain } from '../types.ts';
import { APPLETS, APPLET_NAMES } from '../busybox/index.ts';
import { Input, utf8, type Proc } from '../process/proc.ts';
import { runShellArgs } from '../sh/index.ts';
import { baseName } from '../process/path.ts';

/** Modeled cost of starting one applet process. */
const START_MS = 1;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `/bin/busybox` as a program: dispatches on `argv[0]`'s basename (`/bin/ls` → ls), or on
 * `argv[1]` for `busybox ls`. `sh`/`ash` run the shell.
 */
export const busybox: Toolchain = {
  name: 'busybox',
  async run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
    let args = [...argv];
    if (baseName(args[0] ?? 'busybox') === 'busybox') {
      if (args.length < 2 || args[1] === '--list') {
        if (args[1] === '--list') ctx.stdout([...APPLET_NAMES, 'sh', 'ash'].sort().join('\n') + '\n');
        else ctx.stdout('BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n');
        return { exitCode: 0, modeledMs: START_MS };
      }
      args = args.slice(1);
    }
    const name = baseName(args[0]!);
    if (name === 'sh' || name === 'ash') return runShellArgs(args, ctx, APPLETS);
    const applet = APPLETS[name];
    if (!applet) {
      ctx.stderr(`${name}: applet not found\n`);
      return { exitCode: 127, modeledMs: START_MS };
    }
    let ms = START_MS;
    const p: Proc = {
      fs: ctx.fs,
      env: ctx.env,
      cwd: ctx.cwd,
      user: ctx.user,
      platform: ctx.platform,
      ...(ctx.hostname !== undefined ? { hostname: ctx.hostname } : {}),
      ...(ctx.now !== undefined ? { now: ctx.now } : {}),
      stdin: new Input(ctx.stdin ?? ''),
      out: (s) => ctx.stdout(s),
      outBytes: (b) => ctx.stdout(utf8.decode(b)),
      err: (s) => ctx.stderr(s),
      spend: (n) => void (ms += n),
      programs: ctx.programs,
      deps: ctx.deps,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      exec: async (cmd, env) => {
        const r = await runShellArgs(['sh', '-c', cmd.map(shellQuote).join(' ')], { ...ctx, env: env ?? ctx.env }, APPLETS);
        ms += r.modeledMs;
        return r.exitCode;
      },
    };
    const exitCode = await applet(args, p);
    return { exitCode, modeledMs: ms };
  },
};

/** The `/bin/sh` toolchain (busybox ash): `sh -c "script"` or `sh script.sh args`. */
export const shell: Toolchain = {
  name: 'sh',
  run: (argv, ctx) => runShellArgs(argv, ctx, APPLETS),
};

/** `/bin/bash` installed by `apk add bash`: the same shell under bash's name (bash-only syntax is not modeled). */
export const bash: Toolchain = {
  name: 'bash',
  run: (argv, ctx) => runShellArgs(argv, ctx, APPLETS),
};
