/**
 * What an upload (folder or zip) or a share link would do to the workspace, worked out
 * before anything is written: which files are added, replaced, kept as they are, removed
 * (a share link replaces everything) or skipped. Every incoming name is confined to the
 * workspace first: `..`, absolute paths, backslashes and NUL refuse the whole import.
 */

/** Why an import was refused; the message is shown to the learner as is. Nothing was written. */
export class ImportError extends Error {}

/** Size limits of one import (a workspace holds a small build context as text). */
export interface ImportLimits {
  readonly maxFiles: number;
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
}

/** The limits the app uses: 1,000 files, 2 MiB each, 10 MiB in all. */
export const DEFAULT_LIMITS: ImportLimits = { maxFiles: 1000, maxFileBytes: 2 << 20, maxTotalBytes: 10 << 20 };

/** One incoming file: its name as the source gave it, and its bytes (or text, for share links). */
export interface IncomingFile {
  readonly name: string;
  readonly data: Uint8Array | string;
}

/** The outcome of {@link planImport}; `apply` it with `Workspace.applyImport`. */
export interface ImportPlan {
  /** `merge` adds and replaces; `replace` makes `files` the whole workspace. */
  readonly mode: 'merge' | 'replace';
  /** Workspace path → text of every file to write. */
  readonly files: ReadonlyMap<string, string>;
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  readonly unchanged: readonly string[];
  /** Current files the import deletes (`replace` mode only). */
  readonly removed: readonly string[];
  /** Incoming entries left out, with why. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/** Human-readable size (`2.0 MB`), for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1 << 20)).toFixed(1)} MB`;
}

/**
 * Confine one incoming name to the workspace: `/`-separated, relative, no `.`/`..` escape.
 * `./a//b` becomes `a/b`; a leading `/`, a drive letter, `\`, NUL or `..` throws {@link ImportError}.
 */
export function confinePath(name: string): string {
  const show = JSON.stringify(name.replace(/\0/g, '\\0'));
  if (name.includes('\0')) throw new ImportError(`${show}: a file name cannot contain a NUL character`);
  if (name.includes('\\')) throw new ImportError(`${show}: backslashes are not allowed in file names (use "/")`);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new ImportError(`${show}: absolute paths are not allowed; names must be relative to the workspace`);
  const parts: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw new ImportError(`${show}: ".." would write outside the workspace`);
    parts.push(seg);
  }
  if (parts.length === 0) throw new ImportError(`${show}: a file needs a name`);
  return parts.join('/');
}

/**
 * The single folder every path sits in (`project` for `project/Dockerfile`, `project/cmd/…`),
 * or `''` when there is none: an uploaded folder or a zip of one lands at the workspace root.
 */
export function commonTopFolder(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const first = paths[0]!;
  const i = first.indexOf('/');
  if (i < 0) return '';
  const top = first.slice(0, i + 1);
  return paths.every((p) => p.startsWith(top)) ? top.slice(0, -1) : '';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Work out an import without changing anything. Throws {@link ImportError} for an unsafe
 * name, too many or too large files, or a file that would collide with a directory.
 * `stripTop` drops a folder that holds everything (an uploaded folder, a zipped project).
 */
export function planImport(
  current: ReadonlyMap<string, string>,
  incoming: readonly IncomingFile[],
  opts: { mode: 'merge' | 'replace'; stripTop?: boolean; limits?: ImportLimits },
): ImportPlan {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const named = incoming.map((f) => ({ path: confinePath(f.name), f }));
  const top = opts.stripTop ? commonTopFolder(named.map((n) => n.path)) : '';
  if (named.length > limits.maxFiles) throw new ImportError(`${named.length} files is too many: an import can hold at most ${limits.maxFiles}`);

  const files = new Map<string, string>();
  const skipped: { name: string; reason: string }[] = [];
  let total = 0;
  for (const { path: full, f } of named) {
    const path = top ? full.slice(top.length + 1) : full;
    const size = typeof f.data === 'string' ? new TextEncoder().encode(f.data).length : f.data.length;
    if (size > limits.maxFileBytes) throw new ImportError(`${path} is ${formatBytes(size)}: a file can be at most ${formatBytes(limits.maxFileBytes)}`);
    total += size;
    if (total > limits.maxTotalBytes) throw new ImportError(`the files add up to more than ${formatBytes(limits.maxTotalBytes)}, the most one import can hold`);
    if (files.has(path)) throw new ImportError(`${path} appears twice`);
    let text: string;
    if (typeof f.data === 'string') text = f.data;
    else {
      try {
        text = decoder.decode(f.data);
      } catch {
        skipped.push({ name: path, reason: 'not UTF-8 text (the workspace holds text files)' });
        continue;
      }
    }
    files.set(path, text);
  }

  const result = opts.mode === 'merge' ? new Map([...current, ...files]) : files;
  assertNoFileDirClash(result.keys());
  const added: string[] = [];
  const replaced: string[] = [];
  const unchanged: string[] = [];
  for (const [path, text] of files) {
    const old = current.get(path);
    (old === undefined ? added : old === text ? unchanged : replaced).push(path);
  }
  const removed = opts.mode === 'replace' ? [...current.keys()].filter((p) => !files.has(p)) : [];
  const sort = (a: string[]) => a.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return { mode: opts.mode, files, added: sort(added), replaced: sort(replaced), unchanged: sort(unchanged), removed: sort(removed), skipped };
}

function assertNoFileDirClash(paths: Iterable<string>): void {
  const all = new Set(paths);
  for (const p of all) {
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
      const dir = p.slice(0, i);
      if (all.has(dir)) throw new ImportError(`${dir} would be both a file and a directory (of ${p})`);
    }
  }
}
