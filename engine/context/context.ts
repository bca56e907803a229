import type { TreeEntry } from '../fs/types.ts';
import { cleanPath, isIgnored, parseDockerignore } from './dockerignore.ts';

/** A file of the learner's project, as the CLI reads it from disk or the web app from its workspace. */
export interface ContextFile {
  /** Relative to the context root, `/`-separated, e.g. `cmd/client/main.go`. */
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink';
  /** Permission bits. */
  readonly mode: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly content?: Uint8Array;
  /** Symlink target. */
  readonly target?: string;
}

/** The build context after `.dockerignore`: what COPY and bind mounts can see. */
export interface BuildContext {
  /** Absolute paths (`/go.mod`), sorted, owned by 0:0 as BuildKit transfers them. */
  readonly entries: readonly TreeEntry[];
  /** Context-relative paths that `.dockerignore` removed. */
  readonly ignored: readonly string[];
  /** Bytes of file content kept (the `transferring context:` size). */
  readonly size: number;
}

/**
 * Apply `.dockerignore` (taken from the files themselves unless given) and turn the
 * project into the context tree. Paths escaping the root are dropped.
 */
export function buildContext(files: readonly ContextFile[], dockerignore?: string): BuildContext {
  const ignoreText = dockerignore ?? decodeIgnore(files);
  const patterns = parseDockerignore(ignoreText ?? '');
  const entries: TreeEntry[] = [];
  const ignored: string[] = [];
  let size = 0;
  for (const f of files) {
    const rel = cleanPath(f.path).replace(/^\/+/, '');
    if (rel === '.' || rel === '' || rel.startsWith('..')) continue;
    if (isIgnored(patterns, rel)) {
      ignored.push(rel);
      continue;
    }
    const base = { path: `/${rel}`, mode: f.mode & 0o7777, uid: 0, gid: 0, mtime: f.mtime };
    if (f.type === 'dir') entries.push({ ...base, type: 'dir' });
    else if (f.type === 'symlink') entries.push({ ...base, type: 'symlink', target: f.target ?? '' });
    else {
      const content = f.content ?? new Uint8Array(0);
      size += content.byteLength;
      entries.push({ ...base, type: 'file', content });
    }
  }
  // parents of kept files exist even when only a file inside was listed
  const have = new Set(entries.map((e) => e.path));
  for (const e of [...entries]) {
    let dir = e.path.slice(0, e.path.lastIndexOf('/'));
    while (dir !== '' && !have.has(dir)) {
      have.add(dir);
      entries.push({ path: dir, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: e.mtime });
      dir = dir.slice(0, dir.lastIndexOf('/'));
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, ignored: ignored.sort(), size };
}

function decodeIgnore(files: readonly ContextFile[]): string | undefined {
  const f = files.find((x) => cleanPath(x.path) === '.dockerignore' && x.type === 'file');
  return f?.content ? new TextDecoder().decode(f.content) : undefined;
}
