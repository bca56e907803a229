/**
 * COPY and ADD (BuildKit `dispatchCopy` over fsutil's copy): destination rules, directory
 * contents, wildcards, `--chown` (names from the destination's files), `--chmod`,
 * `--link`, `--parents`, `--exclude`, heredoc sources and ADD's local-archive unpacking.
 */
import { isIgnored, parseDockerignore } from '../context/index.ts';
import type { AddCommand, CopyCommand } from '../dockerfile/index.ts';
import { cleanPath, copyTree, emptySnapshot, type CopyOptions, type FsNode, type Overlay, type Snapshot } from '../fs/index.ts';
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
  const copy = new CopyRun(cmd, from, parent, opts);
  for (const list of matches) {
    // --parents copies the pivot directory's contents filtered by the pattern (convert_copy.go):
    // the destination directory is made even when a wildcard matches nothing
    if (copy.parents && list.length === 0) copy.ensureDir(copy.dest.path);
    for (const m of list) await copy.copyMatch(m);
  }
  copy.writeInlineFiles();
  copy.chmodWritten();
  return { overlay: copy.overlay, bytes: copy.bytes };
}

const join = (d: string, n: string) => (d === '/' ? `/${n}` : `${d}/${n}`);
const dirName = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';

/**
 * One COPY/ADD onto its overlay: the flags resolved once, then one method per kind of
 * source (an archive ADD unpacks, a directory with `--exclude` is walked, anything else is
 * one `copyTree`), heredoc files, and a symbolic `--chmod` over what was written.
 */
class CopyRun {
  readonly overlay: Overlay;
  readonly dest: { readonly path: string; readonly dir: boolean };
  /** `--parents`: each source keeps its path below the pivot. */
  readonly parents: boolean;
  /** Bytes copied so far. */
  bytes = 0;
  private readonly owner: { uid: number; gid: number } | undefined;
  private readonly octal: number | undefined;
  private readonly symbolic: string | undefined;
  private readonly excludes: ReturnType<typeof parseDockerignore>;
  private readonly copyOpts: CopyOptions;
  /** Every path the copy wrote (not a destination directory that only received contents): what a symbolic --chmod changes. */
  private readonly written: string[] = [];

  constructor(
    private readonly cmd: CopyCommand | AddCommand,
    private readonly from: CopySource,
    parent: Snapshot,
    private readonly opts: ApplyCopyOptions,
  ) {
    const link = cmd.link && cmd.chmod === undefined;
    this.overlay = (link ? emptySnapshot() : parent).edit({ now: opts.mtime });
    this.owner = cmd.chown !== undefined && cmd.chown !== '' ? chownIds(parent, cmd.chown) : undefined;
    this.octal = cmd.chmod !== undefined && /^[0-7]+$/.test(cmd.chmod) ? parseInt(cmd.chmod, 8) : undefined;
    // fsutil parses a symbolic mode with umask 0 (`mode.ParseWithUmask(s, 0)`): a clause without
    // `who` is for all, `+w` is `a+w` (chmod(1) would mask it with the umask)
    this.symbolic = cmd.chmod !== undefined && this.octal === undefined ? cmd.chmod.split(',').map((c) => (/^[-+=]/.test(c) ? `a${c}` : c)).join(',') : undefined;
    this.dest = copyDestination(cmd.destPath, opts.workdir);
    this.excludes = parseDockerignore(cmd.exclude.join('\n'));
    this.parents = cmd.kind === 'COPY' && cmd.parents;
    this.copyOpts = { ...(this.owner ?? {}), ...(this.octal !== undefined ? { mode: this.octal, parentMode: this.octal } : {}) };
  }

  /** Makes directory `p` when missing (root or --chown, 0755 or an octal --chmod); fails when something else is there. */
  ensureDir(p: string): void {
    const o = this.overlay;
    const st = o.stat(p);
    if (st && st.type !== 'dir') throw new Error(`cannot copy to non-directory: ${p}`);
    // MkdirAll under the root: a dangling symlink on the way is followed, the directory it names is made
    if (!st) o.mkdir(realPathInRoot(o, p), { recursive: true, mode: this.octal ?? 0o755, uid: this.owner?.uid ?? 0, gid: this.owner?.gid ?? 0 });
  }

  /** Copies one matched source to its target. */
  async copyMatch(m: SourceMatch): Promise<void> {
    const { from, overlay: o, excludes } = this;
    const node = from.view.get(m.path, true)!;
    const target = this.targetOf(m, node);
    if (this.cmd.kind === 'ADD' && node.kind === 'file' && this.cmd.unpack !== false && (await this.unpackArchive(m))) return;
    this.ensureDir(node.kind === 'dir' ? target : dirName(target));
    // A directory's contents go into the destination directory, which keeps its owner and
    // mode: made here (root or --chown, 0755 or an octal --chmod) or already there
    // (fsutil copyDirectory: the target's file info is copied only when it creates it).
    const kept = node.kind === 'dir' && !this.parents ? o.stat(target) : undefined;
    if (node.kind === 'dir' && excludes.length > 0) this.copyDirExcluding(m, target);
    else {
      if (excludes.length > 0 && isIgnored(excludes, m.path.slice(1))) return;
      this.copyWhole(m, node, target, kept !== undefined);
    }
    if (kept) o.setMeta(target, { mode: kept.mode, uid: kept.uid, gid: kept.gid });
  }

  /** Where a source goes: below the destination by its path from the pivot (--parents), the destination itself (a directory's contents), or into it. */
  private targetOf(m: SourceMatch, node: FsNode): string {
    const { dest } = this;
    if (this.parents) {
      const rel = m.pivot === '/' ? m.path : m.path.slice(m.pivot.length);
      return cleanPath(join(dest.path, rel.replace(/^\//, '')));
    }
    if (node.kind === 'dir') return dest.path;
    const into = dest.dir || this.overlay.stat(dest.path)?.type === 'dir';
    return into ? join(dest.path, m.path.slice(m.path.lastIndexOf('/') + 1)) : dest.path;
  }

  /** ADD of a local tar (gzipped or not): unpacked into the destination directory. False when the file is no archive (it is copied as is). */
  private async unpackArchive(m: SourceMatch): Promise<boolean> {
    let data = this.from.view.readFile(m.path);
    if (data[0] === 0x1f && data[1] === 0x8b) {
      try {
        data = await this.opts.gzip.gunzip(data);
      } catch {
        data = new Uint8Array(0);
      }
    }
    if (!isTar(data)) return false;
    this.ensureDir(this.dest.path);
    const entries = tarToEntries(data);
    this.written.push(...unpackInto(this.overlay, this.dest.path, entries, this.owner));
    for (const e of entries) if (e.type === 'file') this.bytes += e.content ? (e.content as Uint8Array).length : 0;
    return true;
  }

  /** A directory with `--exclude`: entry by entry, skipping those a pattern matches (relative to the source or to the root). */
  private copyDirExcluding(m: SourceMatch, target: string): void {
    const { from, overlay: o, owner, octal } = this;
    for (const e of from.view.walk(m.path)) {
      const rel = e.path.slice(m.path === '/' ? 1 : m.path.length + 1);
      const relFromRoot = e.path.slice(1);
      if (isIgnored(this.excludes, rel) || isIgnored(this.excludes, relFromRoot)) continue;
      if (e.type === 'dir') {
        // a copied directory has the source's mode and owner (fsutil copyFileInfo), an existing one is kept
        const existed = o.stat(join(target, rel)) !== undefined;
        this.ensureDir(join(target, rel));
        if (!existed) o.setMeta(join(target, rel), { mode: octal ?? e.mode, uid: owner?.uid ?? e.uid, gid: owner?.gid ?? e.gid, mtime: e.mtime });
        this.written.push(join(target, rel));
        continue;
      }
      if (e.type === 'symlink') {
        // the link itself, even when it dangles (copyTree would follow it)
        this.ensureDir(dirName(join(target, rel)));
        o.putEntry({ ...e, path: join(target, rel), uid: owner?.uid ?? e.uid, gid: owner?.gid ?? e.gid });
      } else copyTree(from.view, e.path, o, join(target, rel), this.copyOpts);
      this.written.push(join(target, rel));
      this.bytes += from.view.stat(e.path)?.size ?? 0;
    }
  }

  /** A file, symlink or whole directory in one `copyTree`; `kept`: the target directory was there already (its contents are written, not it). */
  private copyWhole(m: SourceMatch, node: FsNode, target: string, kept: boolean): void {
    const { from } = this;
    copyTree(from.view, m.path, this.overlay, target, this.copyOpts);
    this.bytes += sizeOf(from.view, m.path);
    if (!kept) this.written.push(target);
    if (node.kind === 'dir') {
      const base = m.path === '/' ? 1 : m.path.length + 1;
      for (const e of from.view.walk(m.path)) this.written.push(join(target, e.path.slice(base)));
    }
  }

  /** Heredoc sources (`COPY <<EOF`): files of the heredoc's name, 0644 unless --chmod, mtime `opts.mtime`. */
  writeInlineFiles(): void {
    const { dest, overlay: o, owner, octal } = this;
    for (const f of this.cmd.sourceContents) {
      const into = dest.dir || o.stat(dest.path)?.type === 'dir';
      const target = into ? join(dest.path, f.name) : dest.path;
      this.ensureDir(dirName(target));
      const data = enc.encode(f.data);
      o.writeFile(target, data, { mode: octal ?? 0o644, uid: owner?.uid ?? 0, gid: owner?.gid ?? 0, mtime: this.opts.mtime });
      this.bytes += data.length;
      this.written.push(target);
    }
  }

  /** A symbolic --chmod applied to every path the copy wrote (symlinks keep their mode). */
  chmodWritten(): void {
    if (this.symbolic === undefined) return;
    const o = this.overlay;
    for (const p of new Set(this.written)) {
      const st = o.lstat(p);
      if (!st || st.type === 'symlink') continue;
      const mode = parseMode(this.symbolic, st.mode, st.type === 'dir');
      if (mode !== undefined) o.chmod(p, mode);
    }
  }
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
