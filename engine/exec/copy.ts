/**
 * COPY and ADD (BuildKit `dispatchCopy` over fsutil's copy): destination rules, directory
 * contents, wildcards, `--chown` (names from the destination's files), `--chmod`,
 * `--link`, `--parents`, `--exclude`, heredoc sources and ADD's local-archive unpacking.
 */
import { isIgnored, parseDockerignore } from '../context/index.ts';
import type { AddCommand, CopyCommand } from '../dockerfile/index.ts';
import { cleanPath, copyTree, emptySnapshot, type Overlay, type Snapshot } from '../fs/index.ts';
import type { TreeView } from '../fs/view.ts';
import { tarToEntries } from '../image/index.ts';
import type { Gzip } from '../platform/types.ts';
import { parseMode } from '../toolchain/busybox/mode.ts';
import { matchSource, type SourceMatch } from './copy-sources.ts';
import { chownIds } from './users.ts';
import { unpackInto } from './untar.ts';

/** Where COPY reads from: the context, a finished stage, or an image. */
export interface CopySource {
  readonly view: TreeView;
  /** Ref id printed when a source is missing. */
  readonly ref: string;
}

/** The sources one COPY/ADD selected, in order (one list per source argument). */
export type CopyMatches = readonly (readonly SourceMatch[])[];

const enc = new TextEncoder();

/** Destination after WORKDIR resolution; a trailing `/` means "a directory". */
export function copyDestination(dest: string, workdir: string): { path: string; dir: boolean } {
  const dir = dest === '' || dest === '.' || dest.endsWith('/') || dest.endsWith('/.');
  const abs = dest.startsWith('/') ? dest : `${workdir}/${dest}`;
  return { path: cleanPath(abs), dir };
}

/** Whether a source is a remote URL or git reference (ADD only). */
export function isRemote(src: string): boolean {
  return /^(https?:\/\/|git:\/\/|git@|ssh:\/\/)/.test(src) || /^[a-z0-9.-]+\.[a-z]+\/.+\.git(#.*)?$/i.test(src);
}

/** Selects every source of `cmd` in `from` (throws `SourceNotFound` for a missing one). */
export function matchAll(cmd: CopyCommand | AddCommand, from: CopySource): CopyMatches {
  const parents = cmd.kind === 'COPY' && cmd.parents;
  return cmd.sourcePaths.map((src) => matchSource(from.view, src, from.ref, parents));
}

const TAR_MAGIC = enc.encode('ustar');

function isTar(data: Uint8Array): boolean {
  if (data.length < 262) return false;
  for (let i = 0; i < 5; i++) if (data[257 + i] !== TAR_MAGIC[i]) return false;
  return true;
}

/** Options of `applyCopy`. */
export interface ApplyCopyOptions {
  readonly workdir: string;
  /** mtime (seconds) of heredoc files. */
  readonly mtime: number;
  readonly gzip: Gzip;
}

/**
 * Runs the copy onto `parent` and returns the new tree and the bytes copied. With `--link`
 * the files are copied into an empty tree (the caller merges it on top).
 */
export async function applyCopy(
  cmd: CopyCommand | AddCommand,
  matches: CopyMatches,
  from: CopySource,
  parent: Snapshot,
  opts: ApplyCopyOptions,
): Promise<{ overlay: Overlay; bytes: number }> {
  const link = cmd.link && cmd.chmod === undefined;
  const o = (link ? emptySnapshot() : parent).edit({ now: opts.mtime });
  const owner = cmd.chown !== undefined && cmd.chown !== '' ? chownIds(parent, cmd.chown) : undefined;
  const octal = cmd.chmod !== undefined && /^[0-7]+$/.test(cmd.chmod) ? parseInt(cmd.chmod, 8) : undefined;
  // fsutil parses a symbolic mode with umask 0 (`mode.ParseWithUmask(s, 0)`): a clause without
  // `who` is for all, `+w` is `a+w` (chmod(1) would mask it with the umask)
  const symbolic = cmd.chmod !== undefined && octal === undefined ? cmd.chmod.split(',').map((c) => (/^[-+=]/.test(c) ? `a${c}` : c)).join(',') : undefined;
  const dest = copyDestination(cmd.destPath, opts.workdir);
  const excludes = parseDockerignore(cmd.exclude.join('\n'));
  const parents = cmd.kind === 'COPY' && cmd.parents;
  let bytes = 0;
  const copyOpts = { ...(owner ?? {}), ...(octal !== undefined ? { mode: octal, parentMode: octal } : {}) };
  /** Every path the copy wrote (not a destination directory that only received contents): what a symbolic --chmod changes. */
  const written: string[] = [];
  const ensureDir = (p: string): void => {
    const st = o.stat(p);
    if (st && st.type !== 'dir') throw new Error(`cannot copy to non-directory: ${p}`);
    // MkdirAll under the root: a dangling symlink on the way is followed, the directory it names is made
    if (!st) o.mkdir(realPathInRoot(o, p), { recursive: true, mode: octal ?? 0o755, uid: owner?.uid ?? 0, gid: owner?.gid ?? 0 });
  };
  const join = (d: string, n: string) => (d === '/' ? `/${n}` : `${d}/${n}`);
  const dirName = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';

  const copyOne = async (m: SourceMatch): Promise<void> => {
    const node = from.view.get(m.path, true)!;
    let target: string;
    if (parents) {
      const rel = m.pivot === '/' ? m.path : m.path.slice(m.pivot.length);
      target = cleanPath(join(dest.path, rel.replace(/^\//, '')));
    } else if (node.kind === 'dir') {
      target = dest.path;
    } else {
      const into = dest.dir || o.stat(dest.path)?.type === 'dir';
      target = into ? join(dest.path, m.path.slice(m.path.lastIndexOf('/') + 1)) : dest.path;
    }
    if (cmd.kind === 'ADD' && node.kind === 'file' && cmd.unpack !== false) {
      let data = from.view.readFile(m.path);
      if (data[0] === 0x1f && data[1] === 0x8b) {
        try {
          data = await opts.gzip.gunzip(data);
        } catch {
          data = new Uint8Array(0);
        }
      }
      if (isTar(data)) {
        ensureDir(dest.path);
        const entries = tarToEntries(data);
        written.push(...unpackInto(o, dest.path, entries, owner));
        for (const e of entries) if (e.type === 'file') bytes += e.content ? (e.content as Uint8Array).length : 0;
        return;
      }
    }
    if (node.kind === 'dir') ensureDir(target);
    else {
      const parent = target.slice(0, target.lastIndexOf('/')) || '/';
      ensureDir(parent);
    }
    // A directory's contents go into the destination directory, which keeps its owner and
    // mode: made here (root or --chown, 0755 or an octal --chmod) or already there
    // (fsutil copyDirectory: the target's file info is copied only when it creates it).
    const kept = node.kind === 'dir' && !parents ? o.stat(target) : undefined;
    if (node.kind === 'dir' && (excludes.length > 0)) {
      for (const e of from.view.walk(m.path)) {
        const rel = e.path.slice(m.path === '/' ? 1 : m.path.length + 1);
        const relFromRoot = e.path.slice(1);
        if (isIgnored(excludes, rel) || isIgnored(excludes, relFromRoot)) continue;
        if (e.type === 'dir') {
          // a copied directory has the source's mode and owner (fsutil copyFileInfo), an existing one is kept
          const existed = o.stat(join(target, rel)) !== undefined;
          ensureDir(join(target, rel));
          if (!existed) o.setMeta(join(target, rel), { mode: octal ?? e.mode, uid: owner?.uid ?? e.uid, gid: owner?.gid ?? e.gid, mtime: e.mtime });
          written.push(join(target, rel));
          continue;
        }
        if (e.type === 'symlink') {
          // the link itself, even when it dangles (copyTree would follow it)
          ensureDir(dirName(join(target, rel)));
          o.putEntry({ ...e, path: join(target, rel), uid: owner?.uid ?? e.uid, gid: owner?.gid ?? e.gid });
        } else copyTree(from.view, e.path, o, join(target, rel), copyOpts);
        written.push(join(target, rel));
        bytes += from.view.stat(e.path)?.size ?? 0;
      }
    } else {
      if (excludes.length > 0 && isIgnored(excludes, m.path.slice(1))) return;
      copyTree(from.view, m.path, o, target, copyOpts);
      bytes += sizeOf(from.view, m.path);
      if (!kept) written.push(target);
      if (node.kind === 'dir') {
        const base = m.path === '/' ? 1 : m.path.length + 1;
        for (const e of from.view.walk(m.path)) written.push(join(target, e.path.slice(base)));
      }
    }
    if (kept) o.setMeta(target, { mode: kept.mode, uid: kept.uid, gid: kept.gid });
  };

  for (const list of matches) {
    // --parents copies the pivot directory's contents filtered by the pattern (convert_copy.go):
    // the destination directory is made even when a wildcard matches nothing
    if (parents && list.length === 0) ensureDir(dest.path);
    for (const m of list) await copyOne(m);
  }

  for (const f of cmd.sourceContents) {
    const into = dest.dir || o.stat(dest.path)?.type === 'dir';
    const target = into ? join(dest.path, f.name) : dest.path;
    ensureDir(target.slice(0, target.lastIndexOf('/')) || '/');
    const data = enc.encode(f.data);
    o.writeFile(target, data, { mode: octal ?? 0o644, uid: owner?.uid ?? 0, gid: owner?.gid ?? 0, mtime: opts.mtime });
    bytes += data.length;
    written.push(target);
  }

  if (symbolic !== undefined) {
    for (const p of new Set(written)) {
      const st = o.lstat(p);
      if (!st || st.type === 'symlink') continue;
      const mode = parseMode(symbolic, st.mode, st.type === 'dir');
      if (mode !== undefined) o.chmod(p, mode);
    }
  }
  return { overlay: o, bytes };
}

/**
 * `path` with every symlink on it replaced by its target, resolved inside the root as
 * BuildKit's `fs.RootPath` does (`..` stops at `/`), so a link to a missing directory
 * names where that directory goes.
 */
function realPathInRoot(o: Overlay, path: string): string {
  let parts = cleanPath(path).split('/').filter(Boolean);
  for (let i = 0, hops = 0; i < parts.length; i++) {
    const prefix = `/${parts.slice(0, i + 1).join('/')}`;
    const node = o.get(prefix, false);
    if (node?.kind !== 'symlink') continue;
    if (++hops > 255) break;
    const base = node.target.startsWith('/') ? node.target : `/${parts.slice(0, i).join('/')}/${node.target}`;
    parts = [...cleanPath(base).split('/').filter(Boolean), ...parts.slice(i + 1)];
    i = -1;
  }
  return `/${parts.join('/')}`;
}

function sizeOf(view: TreeView, path: string): number {
  const st = view.stat(path);
  if (!st) return 0;
  if (st.type !== 'dir') return st.size;
  let n = 0;
  for (const e of view.walk(path)) if (e.type === 'file') n += view.stat(e.path)?.size ?? 0;
  return n;
}
