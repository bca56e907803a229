/** POSIX path helpers (no `node:path` in engine code), for the shell, the applets and the host programs. */

/** Normalises an absolute path: resolves `.` and `..`, drops duplicate and trailing slashes. */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/** Resolves `p` against `cwd` (absolute). */
export function resolvePath(cwd: string, p: string): string {
  return normalizePath(p.startsWith('/') ? p : `${cwd}/${p}`);
}

/** Joins two path pieces with one slash. */
export function joinPath(a: string, b: string): string {
  return a.endsWith('/') ? a + b : `${a}/${b}`;
}

/** Like `basename(1)` without suffix handling. */
export function baseName(p: string): string {
  const t = p.replace(/\/+$/, '');
  if (t === '') return p === '' ? '' : '/';
  return t.slice(t.lastIndexOf('/') + 1);
}

/** Like `dirname(1)`. */
export function dirName(p: string): string {
  const t = p.replace(/\/+$/, '');
  if (t === '') return p === '' ? '.' : '/';
  const i = t.lastIndexOf('/');
  if (i < 0) return '.';
  const d = t.slice(0, i).replace(/\/+$/, '');
  return d === '' ? '/' : d;
}
