/**
 * Where the workspace's files live between page loads. The browser uses ZenFS over
 * IndexedDB (`openBrowserStore`); tests use ZenFS's in-memory backend with the same code.
 */

/** The part of a Node-style `fs.promises` API the store needs (ZenFS provides it). */
export interface PromisesFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, encoding: 'utf8'): Promise<void>;
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
  remove(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Replace everything with `files` and mark the store seeded. */
  replaceAll(files: ReadonlyMap<string, string>): Promise<void>;
  /** Resolves once every write issued so far is stored. */
  flush(): Promise<void>;
}

const MARKER = 'seeded.json';

/** A {@link FileStore} on a ZenFS (or Node) file system under `root`: files in `root/files`, a marker beside. */
export class FsFileStore implements FileStore {
  private queue: Promise<void> = Promise.resolve();
  private readonly files: string;

  constructor(private readonly fs: PromisesFs, private readonly root: string) {
    this.files = `${root}/files`;
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
      await this.ensureParent(path);
      await this.fs.writeFile(`${this.files}/${path}`, text, 'utf8');
    });
  }

  remove(path: string): Promise<void> {
    return this.enqueue(async () => {
      await this.fs.rm(`${this.files}/${path}`, { recursive: true, force: true });
      await this.pruneEmptyParents(path);
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.enqueue(async () => {
      await this.ensureParent(to);
      await this.fs.rename(`${this.files}/${from}`, `${this.files}/${to}`);
      await this.pruneEmptyParents(from);
    });
  }

  replaceAll(files: ReadonlyMap<string, string>): Promise<void> {
    return this.enqueue(async () => {
      await this.fs.rm(this.files, { recursive: true, force: true });
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

  private async ensureParent(path: string): Promise<void> {
    const i = path.lastIndexOf('/');
    if (i > 0) await this.fs.mkdir(`${this.files}/${path.slice(0, i)}`, { recursive: true });
  }

  private async pruneEmptyParents(path: string): Promise<void> {
    for (let dir = parentOf(path); dir !== ''; dir = parentOf(dir)) {
      const entries = await this.fs.readdir(`${this.files}/${dir}`).catch(() => null);
      if (entries === null || entries.length > 0) return;
      await this.fs.rm(`${this.files}/${dir}`, { recursive: true, force: true });
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
