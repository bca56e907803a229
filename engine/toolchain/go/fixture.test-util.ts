/** Test helpers: an overlay holding the example project at /src and an ExecContext over it. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { emptySnapshot } from '../../fs/index.ts';
import type { WorkFs } from '../../fs/types.ts';
import { REPO_ROOT } from '../../testing/shared.ts';
import type { ExecContext, ExecResult } from '../types.ts';
import { goToolchain } from './go.ts';
import { nodeDeps } from '../../platform/node.ts';

const enc = new TextEncoder();

/** An overlay with /root, /go, /tmp and the example project copied to `/src`. */
export function projectFs(): WorkFs {
  const fs = emptySnapshot().edit({ limitBytes: Number.POSITIVE_INFINITY });
  for (const d of ['/root', '/go', '/tmp', '/src', '/bin']) fs.mkdir(d, { recursive: true });
  const copy = (from: string, to: string): void => {
    for (const name of readdirSync(from)) {
      const src = join(from, name);
      if (statSync(src).isDirectory()) {
        fs.mkdir(`${to}/${name}`, { recursive: true });
        copy(src, `${to}/${name}`);
      } else fs.writeFile(`${to}/${name}`, readFileSync(src));
    }
  };
  copy(join(REPO_ROOT, 'lessons/project'), '/src');
  return fs;
}

/** Writes a text file (creating parents). */
export function put(fs: WorkFs, path: string, text: string): void {
  fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
  fs.writeFile(path, enc.encode(text));
}

/** What a go run printed and returned. */
export interface GoRun extends ExecResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `go args...` in `cwd` with extra env. */
export async function go(fs: WorkFs, args: string, opts: { env?: Record<string, string>; cwd?: string; platform?: string } = {}): Promise<GoRun> {
  let stdout = '';
  let stderr = '';
  const env = new Map(Object.entries({ PATH: '/go/bin:/usr/local/go/bin:/usr/bin:/bin', GOPATH: '/go', GOLANG_VERSION: '1.20.14', HOME: '/root', ...opts.env }));
  const ctx: ExecContext = {
    fs,
    env,
    cwd: opts.cwd ?? '/src',
    user: { uid: 0, gid: 0, name: 'root' },
    platform: opts.platform ?? 'linux/amd64',
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    programs: () => undefined,
    deps: nodeDeps,
  };
  const argv = ['go', ...(args.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((a) => a.replace(/^["'](.*)["']$/, '$1'))];
  const r = await goToolchain.run(argv, ctx);
  return { ...r, stdout, stderr };
}
