import type { FileType, LazyBytes, TreeEntry } from '../fs/types.ts';
import { toolMarker } from '../toolchain/marker.ts';
import { eagerBytes, lazyFiller, type LazyFiller } from '../fs/filler.ts';
import { rng } from './rng.ts';

const enc = new TextEncoder();

/** Options for files and directories; owner root and the builder's mtime by default. */
export interface EntryOptions {
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
}

/** How `spread` lays filler out under a directory. */
export interface SpreadOptions {
  /** Seed for names, sizes and bytes. */
  seed: string;
  /** Total bytes of all files. */
  total: number;
  /** Number of files. */
  files: number;
  /** Number of sub-directories they are spread over (nested up to 3 deep). */
  dirs: number;
  /** gzip ratio of the filler. */
  ratio: number;
  /** Directory name vocabulary. */
  words: readonly string[];
  /** File extensions to pick from (with the dot), e.g. `['.go', '.s']`. */
  exts: readonly string[];
  /** File mode (0o644 by default). */
  mode?: number;
}

/**
 * Builds one layer's `TreeEntry[]`: parents are created on demand (mode 0755, root-owned),
 * later additions of the same path replace earlier ones, and `entries()` lists everything
 * in depth-first name order (the order a tar of the directory walk has).
 */
export class TreeBuilder {
  private readonly map = new Map<string, TreeEntry>();

  /** @param mtime default modification time (seconds) of every entry. */
  constructor(readonly mtime: number) {}

  /** A directory (and its missing parents). */
  dir(path: string, opts: EntryOptions = {}): this {
    this.parents(path);
    this.put(path, 'dir', opts.mode ?? 0o755, opts);
    return this;
  }

  /** A regular file; strings are UTF-8 encoded eagerly (they are small). */
  file(path: string, content: string | Uint8Array | LazyBytes, opts: EntryOptions = {}): this {
    this.parents(path);
    const c = typeof content === 'string' ? eagerBytes(enc.encode(content)) : content;
    this.put(path, 'file', opts.mode ?? 0o644, opts, { content: c });
    return this;
  }

  /** A simulated executable: `stageplay-tool:<tool>` marker then filler up to `size`. */
  tool(path: string, tool: string, size: number, ratio: number, opts: EntryOptions = {}): this {
    return this.file(path, lazyFiller(`${path}#${tool}#${size}`, size, ratio, toolMarker(tool)), { mode: 0o755, ...opts });
  }

  /** A non-simulated binary or data file: pure filler. */
  blob(path: string, size: number, ratio: number, seed = path, opts: EntryOptions = {}): this {
    return this.file(path, lazyFiller(`${seed}#${size}`, size, ratio), opts);
  }

  symlink(path: string, target: string, opts: EntryOptions = {}): this {
    this.parents(path);
    this.put(path, 'symlink', 0o777, opts, { target });
    return this;
  }

  /** A hard link to `target` (an absolute path already in this layer). */
  hardlink(path: string, target: string, opts: EntryOptions = {}): this {
    const t = this.map.get(target);
    if (!t || t.type !== 'file') throw new Error(`hardlink ${path}: ${target} is not a file in this layer`);
    this.parents(path);
    this.put(path, 'hardlink', t.mode, { uid: t.uid, gid: t.gid, ...opts }, { target });
    return this;
  }

  /**
   * `opts.files` filler files totalling exactly `opts.total` bytes, spread over `opts.dirs`
   * directories under `root`, with log-normal sizes (a few big files, many small ones).
   */
  spread(root: string, opts: SpreadOptions): this {
    const r = rng(opts.seed);
    const dirs: string[] = [root];
    const depths: number[] = [0];
    const seen = new Set<string>();
    for (let i = 0; i < opts.dirs; i++) {
      const j = dirs.length > 1 && r.next() < 0.6 ? 1 + Math.floor(r.next() * (dirs.length - 1)) : 0;
      const k = depths[j]! >= 3 ? 0 : j;
      let name = `${dirs[k]}/${r.pick(opts.words)}`;
      if (this.map.has(name) || seen.has(name)) name = `${name}${i}`;
      seen.add(name);
      dirs.push(name);
      depths.push(depths[k]! + 1);
      this.dir(name);
    }
    const weights: number[] = [];
    for (let i = 0; i < opts.files; i++) weights.push(Math.exp(1.6 * r.gauss()));
    const sum = weights.reduce((a, b) => a + b, 0);
    const sizes = weights.map((w) => Math.floor((opts.total * w) / sum));
    const rest = opts.total - sizes.reduce((a, b) => a + b, 0);
    sizes[0] = (sizes[0] ?? 0) + rest;
    sizes.forEach((size, i) => {
      const dir = dirs[i % dirs.length]!;
      const path = `${dir}/${r.pick(opts.words)}_${i.toString(36)}${r.pick(opts.exts)}`;
      this.blob(path, size, opts.ratio, `${opts.seed}:${path}`, opts.mode !== undefined ? { mode: opts.mode } : {});
    });
    return this;
  }

  /** Whether `path` is listed. */
  has(path: string): boolean {
    return this.map.has(path);
  }

  /** Sum of regular file sizes. */
  get fileBytes(): number {
    let n = 0;
    for (const e of this.map.values()) if (e.type === 'file' && e.content) n += contentSize(e.content);
    return n;
  }

  /**
   * The entries, parents first, siblings by name (UTF-16 order equals byte order for ASCII
   * names). Throws if a hard link would come before the file it links to.
   */
  entries(): TreeEntry[] {
    const keyed = [...this.map.values()].map((e) => [e.path.replaceAll('/', '\0'), e] as const);
    keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out = keyed.map((k) => k[1]);
    const seen = new Set<string>();
    for (const e of out) {
      if (e.type === 'hardlink' && !seen.has(e.target!)) throw new Error(`hardlink ${e.path} precedes its target ${e.target}`);
      seen.add(e.path);
    }
    return out;
  }

  private parents(path: string): void {
    const missing: string[] = [];
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const p = path.slice(0, i);
      if (this.map.has(p)) break;
      missing.push(p);
    }
    for (let i = missing.length - 1; i >= 0; i--) this.put(missing[i]!, 'dir', 0o755, {});
  }

  private put(
    path: string,
    type: FileType | 'hardlink',
    mode: number,
    opts: EntryOptions,
    extra: { content?: Uint8Array | LazyBytes; target?: string } = {},
  ): void {
    if (!path.startsWith('/') || path.endsWith('/') || path.includes('//')) throw new Error(`bad tree path ${path}`);
    this.map.set(path, { path, type, mode, uid: opts.uid ?? 0, gid: opts.gid ?? 0, mtime: opts.mtime ?? this.mtime, ...extra });
  }
}

/** Size of a file's content (eager or lazy). */
export function contentSize(c: Uint8Array | LazyBytes): number {
  return c instanceof Uint8Array ? c.length : c.size;
}

/** The gzip ratio a content was made for (`0.5` for text and unknown content). */
export function contentRatio(c: Uint8Array | LazyBytes): number {
  return (c as Partial<LazyFiller>).ratio ?? 0.5;
}

/** Depth-first order: compare component by component. */
export function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
  }
  return pa.length - pb.length;
}
