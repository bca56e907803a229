/**
 * Where the workspace's files live between page loads. The browser uses ZenFS over
 * IndexedDB (`openBrowserStore`); tests use ZenFS's in-memory backend with the same code.
 */

/** The part of a Node-style `fs.promises` API the store needs (ZenFS provides it). */
export interface PromisesFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: string, encoding: 'utf8'): Promise<void>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ isDirectory(): boolean }>;
  mkdir(path: string, opts: { recursive: true }): Promise<unknown>;
  rm(path: string, opts: { recursive: true; force: true }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

/** Persistent storage of workspace files (paths as in `paths.ts`). Writes apply in call order. */
export interface FileStore {
  /** Every stored file, or `null` when the store was never seeded (first visit, or after a wipe). */
  load(): Promise<Map<string, string> | null>;
  write(path: string, text: string): Promise<void>;
  /** Binary files (a built binary, an archive), kept as bytes beside the text files. */
  loadBinaries(): Promise<Map<string, Uint8Array>>;
  writeBytes(path: string, bytes: Uint8Array): Promise<void>;
  /** Removes the text or binary file at `path`. */
  remove(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Replace everything with `files` and mark the store seeded. */
  replaceAll(files: ReadonlyMap<string, string>): Promise<void>;
  /** Resolves once every write issued so far is stored. */
  flush(): Promise<void>;
}

const MARKER = 'seeded.json';

/** A {@link FileStore} on a ZenFS (or Node) file system under `root`: text files in `root/files`, binary ones in `root/binary`, a marker beside. */
export class FsFileStore implements FileStore {
  private queue: Promise<void> = Promise.resolve();
  private readonly files: string;
  private readonly binary: string;

  constructor(private readonly fs: PromisesFs, private readonly root: string) {
    this.files = `${root}/files`;
    this.binary = `${root}/binary`;
  }

  async loadBinaries(): Promise<Map<string, Uint8Array>> {
    await this.flush();
    const names = new Map<string, string>();
    await this.walkNames(this.binary, '', names);
    const out = new Map<string, Uint8Array>();
    for (const [rel, abs] of [...names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.set(rel, new Uint8Array(await this.fs.readFile(abs)));
    return out;
  }

  writeBytes(path: string, bytes: Uint8Array): Promise<void> {
    return this.enqueue(async () => {
      await this.fs.rm(`${this.files}/${path}`, { recursive: true, force: true });
      await this.ensureParent(path, this.binary);
      await this.fs.writeFile(`${this.binary}/${path}`, bytes);
    });
  }

  async load(): Promise<Map<string, string> | null> {
    await this.flush();
    try {
      await this.fs.stat(`${this.root}/${MARKER}`);
    } catch {
      return null;
    }
    const out = new Map<string, string>();
    await this.walk('', out);
    return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  write(path: string, text: string): Promise<void> {
    return this.enqueue(async () => {
      await this.fs.rm(`${this.binary}/${path}`, { recursive: true, force: true });
      await this.ensureParent(path);
      await this.fs.writeFile(`${this.files}/${path}`, text, 'utf8');
    });
  }

  remove(path: string): Promise<void> {
    return this.enqueue(async () => {
      await this.fs.rm(`${this.files}/${path}`, { recursive: true, force: true });
      await this.fs.rm(`${this.binary}/${path}`, { recursive: true, force: true });
      await this.pruneEmptyParents(path);
      await this.pruneEmptyParents(path, this.binary);
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.enqueue(async () => {
      const dir = (await this.fs.stat(`${this.binary}/${from}`).then(() => true, () => false)) ? this.binary : this.files;
      await this.ensureParent(to, dir);
      await this.fs.rename(`${dir}/${from}`, `${dir}/${to}`);
      await this.pruneEmptyParents(from, dir);
    });
  }

  replaceAll(files: ReadonlyMap<string, string>): Promise<void> {
    return this.enqueue(async () => {
      await this.fs.rm(this.files, { recursive: true, force: true });
      await this.fs.rm(this.binary, { recursive: true, force: true });
      await this.fs.mkdir(this.files, { recursive: true });
      for (const [path, text] of files) {
        await this.ensureParent(path);
        await this.fs.writeFile(`${this.files}/${path}`, text, 'utf8');
      }
      await this.fs.writeFile(`${this.root}/${MARKER}`, JSON.stringify({ version: 1 }), 'utf8');
    });
  }

  flush(): Promise<void> {
    return this.queue;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op);
    // a failed write must not block the ones after it; the caller still sees its error
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async ensureParent(path: string, root = this.files): Promise<void> {
    const i = path.lastIndexOf('/');
    if (i > 0) await this.fs.mkdir(`${root}/${path.slice(0, i)}`, { recursive: true });
  }

  private async pruneEmptyParents(path: string, root = this.files): Promise<void> {
    for (let dir = parentOf(path); dir !== ''; dir = parentOf(dir)) {
      const entries = await this.fs.readdir(`${root}/${dir}`).catch(() => null);
      if (entries === null || entries.length > 0) return;
      await this.fs.rm(`${root}/${dir}`, { recursive: true, force: true });
    }
  }

  /** Every file under `abs` by path relative to it. */
  private async walkNames(abs: string, rel: string, out: Map<string, string>): Promise<void> {
    const names = await this.fs.readdir(rel === '' ? abs : `${abs}/${rel}`).catch(() => [] as string[]);
    for (const name of names) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = await this.fs.stat(`${abs}/${r}`);
      if (st.isDirectory()) await this.walkNames(abs, r, out);
      else out.set(r, `${abs}/${r}`);
    }
  }

  private async walk(dir: string, out: Map<string, string>): Promise<void> {
    const abs = dir === '' ? this.files : `${this.files}/${dir}`;
    const names = await this.fs.readdir(abs).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const rel = dir === '' ? name : `${dir}/${name}`;
      const st = await this.fs.stat(`${this.files}/${rel}`);
      if (st.isDirectory()) await this.walk(rel, out);
      else out.set(rel, await this.fs.readFile(`${this.files}/${rel}`, 'utf8'));
    }
  }
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * The browser's store: ZenFS with the IndexedDB backend mounted at `/stageplay`
 * (database `stageplay-workspace`). Loaded lazily so tests and the first paint do not pay for it.
 */
export async function openBrowserStore(): Promise<FileStore> {
  const [{ configure, fs }, { IndexedDB }] = await Promise.all([import('@zenfs/core'), import('@zenfs/dom')]);
  await configure({ mounts: { '/stageplay': { backend: IndexedDB, storeName: 'stageplay-workspace' } } });
  return new FsFileStore(fs.promises as unknown as PromisesFs, '/stageplay');
}

/** A store that lives only as long as the page: the fallback when IndexedDB is unavailable. */
export async function openMemoryStore(): Promise<FileStore> {
  const { configure, fs, InMemory } = await import('@zenfs/core');
  await configure({ mounts: { '/stageplay-memory': InMemory } });
  return new FsFileStore(fs.promises as unknown as PromisesFs, '/stageplay-memory');
}
