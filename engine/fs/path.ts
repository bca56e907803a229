/** POSIX path helpers for absolute paths inside a snapshot. */

/** Splits a path into its non-empty components (keeps `.` and `..`). */
export function splitPath(path: string): string[] {
  return path.split('/').filter((c) => c !== '');
}

/** Normalises a path lexically: absolute, no `.`/`..`, no trailing slash (`/` for the root). */
export function cleanPath(path: string): string {
  const out: string[] = [];
  for (const c of splitPath(path)) {
    if (c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
}

/** Joins components into an absolute path. */
export function joinParts(parts: readonly string[]): string {
  return '/' + parts.join('/');
}

/** The last component of a clean path (`''` for `/`). */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return path.slice(i + 1);
}

/** The parent of a clean path (`/` for `/`). */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
