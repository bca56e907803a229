/**
 * Running an image once, as `docker run IMAGE` does with no arguments, when a build is
 * recorded: so a check can say what the image prints without the learner typing
 * `docker run`, and its verdict is the same after a reload (the record keeps it).
 */
import type { Snapshot } from '../fs/index.ts';
import { lookPath } from '../commands/run.ts';
import { binaryProgram } from '../toolchain/go/index.ts';
import { resolveProgram } from '../toolchain/registry.ts';
import type { ProcessDeps } from '../toolchain/types.ts';
import type { ImageRun } from './types.ts';

/** The parts of an image config `docker run` reads. */
export interface RunConfig {
  readonly Entrypoint?: readonly string[] | null;
  readonly Cmd?: readonly string[] | null;
  readonly Env?: readonly string[] | null;
  readonly WorkingDir?: string;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * What running the image's ENTRYPOINT and CMD on its filesystem `root` prints, when that
 * is a program built by `go build` (the lessons' images); undefined when the image has no
 * command or starts something else (a shell, a base image's tool), which is not run here.
 * A server is stopped as soon as it listens (it would serve until stopped): its record is
 * what it printed until then, and the port.
 */
export async function runImageOnce(root: Snapshot, config: RunConfig, platform: string, deps: ProcessDeps): Promise<ImageRun | undefined> {
  const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  if (argv.length === 0) return undefined;
  const env = new Map<string, string>();
  for (const kv of config.Env ?? []) {
    const eq = kv.indexOf('=');
    if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  if (!env.has('PATH')) env.set('PATH', DEFAULT_PATH);
  if (!env.has('HOME')) env.set('HOME', '/root');
  const cwd = config.WorkingDir || '/';
  const fs = root.edit();
  const path = lookPath(fs, argv[0]!, cwd, env.get('PATH'));
  if (!path) return { exitCode: 127, output: `exec: "${argv[0]}": executable file not found in $PATH\n` };
  if (resolveProgram(path, fs) !== binaryProgram) return undefined;
  let output = '';
  const stop = new AbortController();
  let serving: number | undefined;
  const result = await binaryProgram.run(argv, {
    fs,
    env,
    cwd,
    user: { uid: 0, gid: 0, name: 'root' },
    platform,
    stdout: (s) => void (output += s),
    stderr: (s) => void (output += s),
    programs: resolveProgram,
    deps,
    signal: stop.signal,
    net: {
      listen(port) {
        serving ??= port;
        stop.abort(new Error('SIGTERM: stopped once it served'));
        return { close: () => {} };
      },
      // a container of its own, with nothing else in it: nobody else listens
      dial: () => 'refused',
    },
  });
  return { exitCode: result.exitCode, output, ...(serving !== undefined ? { serving } : {}) };
}
