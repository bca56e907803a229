/**
 * Workspace paths: relative, `/`-separated, no `.`/`..` segments (`cmd/client/main.go`).
 * The file tree, the store and the terminal all speak this form.
 */

/** Why a path was refused, phrased for the learner. */
export class PathError extends Error {}

/**
 * Normalise what a learner typed (`./cmd//client/`, `/Dockerfile`) to a workspace path.
 * Throws {@link PathError} for an empty name, `..`, or characters no file system accepts.
 */
export function normalizePath(input: string): string {
  const trimmed = input.trim();
  if (trimmed.includes('\0')) throw new PathError('a file name cannot contain a NUL character');
  const parts: string[] = [];
  for (const seg of trimmed.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw new PathError('a path cannot leave the workspace ("..")');
    parts.push(seg);
  }
  if (parts.length === 0) throw new PathError('a file needs a name');
  return parts.join('/');
}

/** Resolve `p` against the workspace directory `cwd` ('' is the root); `null` if it leaves the workspace. */
export function resolvePath(cwd: string, p: string): string | null {
  const parts = p.startsWith('/') ? [] : cwd.split('/').filter(Boolean);
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** The directory part of a path ('' for a top-level file). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The last segment of a path. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether `dir` ('' = root) is a directory of the workspace given its file paths. */
export function isDirectory(paths: Iterable<string>, dir: string): boolean {
  if (dir === '') return true;
  for (const p of paths) if (p.startsWith(dir + '/')) return true;
  return false;
}

/** A node of the file tree. Directories are implied by their files. */
export type TreeNode =
  | { readonly kind: 'file'; readonly name: string; readonly path: string; readonly depth: number }
  | { readonly kind: 'dir'; readonly name: string; readonly path: string; readonly depth: number; readonly children: readonly TreeNode[] };

/** Build the tree of `paths`: directories first, then files, each sorted by name (dotfiles included). */
export function buildTree(paths: Iterable<string>): TreeNode[] {
  interface Dir { dirs: Map<string, Dir>; files: string[] }
  const root: Dir = { dirs: new Map(), files: [] };
  for (const p of paths) {
    const segs = p.split('/');
    let d = root;
    for (const s of segs.slice(0, -1)) {
      let next = d.dirs.get(s);
      if (!next) d.dirs.set(s, (next = { dirs: new Map(), files: [] }));
      d = next;
    }
    d.files.push(segs[segs.length - 1]!);
  }
  const walk = (d: Dir, prefix: string, depth: number): TreeNode[] => [
    ...[...d.dirs.keys()].sort(byName).map((name): TreeNode => {
      const path = prefix + name;
      return { kind: 'dir', name, path, depth, children: walk(d.dirs.get(name)!, path + '/', depth + 1) };
    }),
    ...d.files.sort(byName).map((name): TreeNode => ({ kind: 'file', name, path: prefix + name, depth })),
  ];
  return walk(root, '', 0);
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
