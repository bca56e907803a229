/**
 * The synchronous, Node-flavoured filesystem view that RUN's shell and the mocked
 * toolchains work against. `engine/fs` implements it over a copy-on-write overlay.
 * Paths are absolute POSIX paths; `..` and `.` are resolved; symlinks are followed
 * except by `lstat`, `readlink`, `rm` and `symlink`.
 */
export type FileType = 'file' | 'dir' | 'symlink';

export interface FileStat {
  readonly type: FileType;
  /** Permission bits only (e.g. 0o755), no type bits. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Bytes for files, target length for symlinks, 0 for dirs. */
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
}

/** Thrown by WorkFs methods; `code` is the POSIX name (ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY, EINVAL, ELOOP, ENOSPC, EPERM). */
export class FsError extends Error {
  constructor(
    readonly code: 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY' | 'EINVAL' | 'ELOOP' | 'ENOSPC' | 'EPERM',
    readonly path: string,
    message?: string,
  ) {
    super(message ?? `${code}: ${path}`);
    this.name = 'FsError';
  }
}

export interface WriteOptions {
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
}

export interface WorkFs {
  stat(path: string): FileStat | undefined;
  lstat(path: string): FileStat | undefined;
  /** Throws FsError ENOENT / EISDIR. */
  readFile(path: string): Uint8Array;
  /** The first `n` bytes of a file (a program's header), without loading the rest of lazy content. */
  readHead(path: string, n: number): Uint8Array;
  /** Creates or replaces a regular file; the parent must exist (ENOENT otherwise). */
  writeFile(path: string, data: Uint8Array, opts?: WriteOptions): void;
  /** Like `writeFile`, with content that may be lazy (a generated file, made only when read). */
  writeContent(path: string, content: Uint8Array | LazyBytes, opts?: WriteOptions): void;
  /** `recursive` creates missing parents and tolerates an existing dir. */
  mkdir(path: string, opts?: WriteOptions & { recursive?: boolean }): void;
  /** Entry names, sorted by UTF-8 byte order. */
  readdir(path: string): string[];
  readlink(path: string): string;
  symlink(target: string, path: string, opts?: WriteOptions): void;
  /** Hard link. */
  link(existing: string, newPath: string): void;
  rm(path: string, opts?: { recursive?: boolean; force?: boolean }): void;
  rename(from: string, to: string): void;
  chmod(path: string, mode: number): void;
  chown(path: string, uid: number, gid: number): void;
}

/** File bytes produced on demand (base-image filler is only generated when an export or a read needs it). */
export interface LazyBytes {
  readonly size: number;
  /** Deterministic: every call returns the same bytes. */
  load(): Uint8Array;
  /** The first `n` bytes without generating the rest (optional; `loadHead` falls back to `load`). */
  head?(n: number): Uint8Array;
  /**
   * The bytes as consecutive slices, each made when it is asked for (optional; `contentSlices`
   * falls back to `load`): a reader that streams them (a layer's tar into the gzip) starts on
   * a large file before all of it is made. The slices are not to be written to.
   */
  slices?(): Iterable<Uint8Array>;
}

/**
 * One entry of a file tree as a layer or a base image describes it. Paths are absolute,
 * normalised, without a trailing slash (`/` itself is never listed).
 */
export interface TreeEntry {
  readonly path: string;
  readonly type: FileType | 'hardlink';
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  /** Regular files only. */
  readonly content?: Uint8Array | LazyBytes;
  /** Symlink target, or for a hard link the absolute path of the file it links to. */
  readonly target?: string;
}
