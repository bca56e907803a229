/** WORKDIR (BuildKit `dispatchWorkdir`): a `mkdir -p` layer owned by USER, unless `/`. */
import type { WorkdirCommand } from '../dockerfile/index.ts';
import { cleanPath, type Snapshot } from '../fs/index.ts';
import { runUser } from './users.ts';

/** The absolute, cleaned directory a WORKDIR sets. */
export function resolveWorkdir(cmd: WorkdirCommand, current: string): string {
  return cleanPath(cmd.path.startsWith('/') ? cmd.path : `${current}/${cmd.path}`);
}

/** Modeled time of the mkdir. */
export const WORKDIR_MS = 30;

/** `parent` with `dir` created (0755, owned by `user`); an existing directory is kept. */
export function makeWorkdir(parent: Snapshot, dir: string, user: string, mtime: number): Snapshot {
  const owner = runUser(parent, user);
  const o = parent.edit({ now: mtime });
  if (o.stat(dir) === undefined) o.mkdir(dir, { recursive: true, mode: 0o755, uid: owner.uid, gid: owner.gid, mtime });
  return o.commit().snapshot;
}
