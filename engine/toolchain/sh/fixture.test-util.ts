/**
 * Test fixture: a tiny alpine-like tree (busybox with applet links, /etc/passwd, /etc/group)
 * on a real copy-on-write overlay, and a helper that runs a script and captures its output.
 * Used by the shell, busybox and apk tests.
 */
import type { TreeEntry } from '../../fs/types.ts';
import { Snapshot } from '../../fs/index.ts';
import type { Overlay } from '../../fs/index.ts';
import type { ExecContext, ProgramResolver, Toolchain } from '../types.ts';
import { readToolMarker, toolMarker } from '../marker.ts';
import { APPLET_NAMES, APPLETS } from '../busybox/applets.ts';
import { runShell, type RunShellOptions } from './shell.ts';
import { nodeDeps } from '../../platform/node.ts';

const enc = new TextEncoder();

/** Entries of the fixture tree. */
export function alpineLikeEntries(): TreeEntry[] {
  const dir = (path: string, mode = 0o755): TreeEntry => ({ path, type: 'dir', mode, uid: 0, gid: 0, mtime: 0 });
  const file = (path: string, text: string | Uint8Array, mode = 0o644): TreeEntry => ({
    path, type: 'file', mode, uid: 0, gid: 0, mtime: 0, content: typeof text === 'string' ? enc.encode(text) : text,
  });
  const entries: TreeEntry[] = [
    dir('/bin'), dir('/sbin'), dir('/etc'), dir('/usr'), dir('/usr/bin'), dir('/usr/local'), dir('/usr/local/bin'),
    dir('/root', 0o700), dir('/home'), dir('/tmp', 0o1777), dir('/var'), dir('/lib'), dir('/lib/apk'), dir('/lib/apk/db'), dir('/etc/apk'),
    file('/bin/busybox', toolMarker('busybox'), 0o755),
    file('/sbin/apk', toolMarker('apk'), 0o755),
    file('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n'),
    file('/etc/group', 'root:x:0:root\nbin:x:1:root,bin,daemon\nnogroup:x:65533:\nnobody:x:65534:\n'),
    file('/etc/shadow', 'root:*::0:::::\n', 0o640),
    file('/etc/apk/arch', 'x86_64\n'),
    file('/etc/apk/repositories', 'https://dl-cdn.alpinelinux.org/alpine/v3.18/main\nhttps://dl-cdn.alpinelinux.org/alpine/v3.18/community\n'),
    file('/etc/apk/world', 'alpine-baselayout\nbusybox\n'),
    file('/lib/apk/db/installed', 'P:musl\nV:1.2.4-r2\nS:383152\nI:622592\n\nP:busybox\nV:1.36.1-r2\nS:509000\nI:946176\n\n'),
  ];
  for (const n of ['sh', ...APPLET_NAMES]) {
    if (n === 'busybox') continue;
    entries.push({ path: `/bin/${n}`, type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 0, target: '/bin/busybox' });
  }
  return entries;
}

let base: Snapshot | undefined;

/** A fresh overlay over the fixture tree. */
export function alpineLike(): Overlay {
  base ??= Snapshot.fromEntries(alpineLikeEntries());
  return base.edit();
}

/** Resolves marked tools to the given toolchains. */
export function resolverFor(tools: Record<string, Toolchain>): ProgramResolver {
  return (path, fs) => {
    const name = readToolMarker(fs.readFile(path).subarray(0, 4096));
    return name ? tools[name] : undefined;
  };
}

/** What a test run produced. */
export interface RunOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly modeledMs: number;
}

/** Runs `script` as `/bin/sh -c` on `fs` (default: a fresh fixture overlay). */
export async function sh(
  script: string,
  opts: { fs?: Overlay; env?: Record<string, string>; cwd?: string; user?: ExecContext['user']; stdin?: string; tools?: Record<string, Toolchain>; platform?: string; signal?: AbortSignal } & Omit<RunShellOptions, 'applets'> = {},
): Promise<RunOutput & { fs: Overlay }> {
  const fs = opts.fs ?? alpineLike();
  let stdout = '';
  let stderr = '';
  const env = new Map(Object.entries({ PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', ...opts.env }));
  const ctx: ExecContext = {
    fs,
    env,
    cwd: opts.cwd ?? '/',
    user: opts.user ?? { uid: 0, gid: 0, name: 'root' },
    platform: opts.platform ?? 'linux/amd64',
    ...(opts.stdin !== undefined ? { stdin: enc.encode(opts.stdin) } : {}),
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    programs: resolverFor(opts.tools ?? {}),
    deps: nodeDeps,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  const res = await runShell(script, ctx, { ...opts, applets: APPLETS });
  return { stdout, stderr, exitCode: res.exitCode, modeledMs: res.modeledMs, fs };
}
