/**
 * The learner's workspace: files (path → text), binary files (path → bytes: a built
 * binary, an archive the terminal wrote), the open file, and persistence. Every
 * change is written through to the store at once, so edits survive a reload or a crash.
 * Components read `files`/`tree`/`selected` and call the methods; nothing else writes.
 */
import { buildTree, normalizePath, PathError, type TreeNode } from './paths.ts';
import { seedFiles } from './seed.ts';
import type { ImportPlan } from './import-plan.ts';
import type { FileStore } from './store.ts';

/** The workspace's reactive state and its operations. */
export class Workspace {
  /** Every file; replaced (never mutated) on each change. */
  files = $state.raw<ReadonlyMap<string, string>>(new Map());
  /** Binary files (never opened as text); replaced on each change. */
  binaries = $state.raw<ReadonlyMap<string, Uint8Array>>(new Map());
  /** The file open in the editor, or `null`. */
  selected = $state<string | null>(null);
  /** `true` once the stored files are loaded (or seeded). */
  ready = $state(false);
  /** The last persistence failure, shown to the learner; `null` when all is stored. */
  storageError = $state<string | null>(null);
  /** Set when the files live only in memory (no browser storage): edits will not survive a reload. */
  volatileNotice = $state<string | null>(null);
  /** Bumped by `reset()` so the editor drops its models and undo history. */
  generation = $state(0);
  /** The file tree of `files`. */
  readonly tree: TreeNode[] = $derived(buildTree([...this.files.keys(), ...this.binaries.keys()]));

  constructor(private readonly store: FileStore) {}

  /** Load the stored files, seeding the lesson project on the first visit. */
  async init(): Promise<void> {
    let files = await this.store.load();
    if (files === null) {
      files = seedFiles();
      await this.persist(this.store.replaceAll(files));
    }
    this.files = files;
    this.binaries = await this.store.loadBinaries().catch(() => new Map<string, Uint8Array>());
    this.selected = files.has('Dockerfile') ? 'Dockerfile' : ([...files.keys()][0] ?? null);
    this.ready = true;
  }

  /** Every file, text and binary, by path (what the terminal's shell sees). */
  all(): Map<string, string | Uint8Array> {
    return new Map<string, string | Uint8Array>([...this.files, ...this.binaries]);
  }

  /** The bytes of a binary file, or `undefined` (text files are read with `read`). */
  bytes(path: string): Uint8Array | undefined {
    return this.binaries.get(path);
  }

  /**
   * What a terminal line did: `written` files (text or bytes) created or replaced,
   * `deleted` ones removed. A file keeps one kind: text replaces bytes and the reverse.
   */
  applyChanges(written: ReadonlyMap<string, string | Uint8Array>, deleted: readonly string[]): void {
    if (written.size === 0 && deleted.length === 0) return;
    const files = new Map(this.files);
    const binaries = new Map(this.binaries);
    for (const path of deleted) {
      files.delete(path);
      binaries.delete(path);
      void this.persist(this.store.remove(path));
    }
    for (const [path, content] of written) {
      if (typeof content === 'string') {
        binaries.delete(path);
        files.set(path, content);
        void this.persist(this.store.write(path, content));
      } else {
        files.delete(path);
        binaries.set(path, content);
        void this.persist(this.store.writeBytes(path, content));
      }
    }
    this.files = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.binaries = binaries;
    if (this.selected !== null && !files.has(this.selected) && !binaries.has(this.selected)) this.selected = files.has('Dockerfile') ? 'Dockerfile' : null;
    // an open file the line rewrote reloads in the editor
    if ([...written.keys()].some((p) => this.files.has(p) && p === this.selected)) this.generation++;
  }

  /** The text of `path`, or `undefined`. */
  read(path: string): string | undefined {
    return this.files.get(path);
  }

  /** Replace the text of an existing or new file (the editor calls this on every edit). */
  update(path: string, text: string): void {
    if (this.files.get(path) === text) return;
    this.files = new Map(this.files).set(path, text);
    void this.persist(this.store.write(path, text));
  }

  /** Create an empty file; returns its normalised path. Throws `PathError` if it exists or is a directory. */
  create(input: string): string {
    const path = normalizePath(input);
    this.assertFree(path);
    this.update(path, '');
    this.selected = path;
    return path;
  }

  /** Rename (or move) a file; returns the new path. */
  rename(from: string, input: string): string {
    const to = normalizePath(input);
    if (to === from) return to;
    const bytes = this.binaries.get(from);
    if (bytes !== undefined) {
      this.assertFree(to);
      const bins = new Map(this.binaries);
      bins.delete(from);
      bins.set(to, bytes);
      this.binaries = bins;
      if (this.selected === from) this.selected = to;
      void this.persist(this.store.rename(from, to));
      return to;
    }
    const text = this.files.get(from);
    if (text === undefined) throw new PathError(`${from} does not exist`);
    this.assertFree(to);
    const next = new Map(this.files);
    next.delete(from);
    next.set(to, text);
    this.files = next;
    if (this.selected === from) this.selected = to;
    void this.persist(this.store.rename(from, to));
    return to;
  }

  /** Delete a file. */
  remove(path: string): void {
    if (this.binaries.has(path)) {
      const bins = new Map(this.binaries);
      bins.delete(path);
      this.binaries = bins;
      if (this.selected === path) this.selected = this.files.has('Dockerfile') ? 'Dockerfile' : null;
      void this.persist(this.store.remove(path));
      return;
    }
    if (!this.files.has(path)) return;
    const next = new Map(this.files);
    next.delete(path);
    this.files = next;
    if (this.selected === path) this.selected = next.has('Dockerfile') ? 'Dockerfile' : null;
    void this.persist(this.store.remove(path));
  }

  /** Restore the lesson project, dropping every change. */
  async reset(): Promise<void> {
    const files = seedFiles();
    this.files = files;
    this.binaries = new Map();
    this.selected = 'Dockerfile';
    this.generation++;
    await this.persist(this.store.replaceAll(files));
  }

  /**
   * Write an upload's or a share link's files (see `planImport`): `merge` adds and replaces,
   * `replace` makes them the whole workspace. The editor reloads every open file.
   */
  async applyImport(plan: ImportPlan): Promise<void> {
    const files = plan.mode === 'merge' ? new Map([...this.files, ...plan.files]) : new Map(plan.files);
    const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.files = sorted;
    if (plan.mode === 'replace') this.binaries = new Map();
    else if (plan.files.size > 0) this.binaries = new Map([...this.binaries].filter(([p]) => !plan.files.has(p)));
    if (this.selected === null || !sorted.has(this.selected)) this.selected = sorted.has('Dockerfile') ? 'Dockerfile' : ([...sorted.keys()][0] ?? null);
    this.generation++;
    if (plan.mode === 'replace') await this.persist(this.store.replaceAll(sorted));
    else await Promise.all([...plan.files].map(([path, text]) => this.persist(this.store.write(path, text))));
  }

  /** Resolves when every change so far is stored. */
  flush(): Promise<void> {
    return this.store.flush();
  }

  private assertFree(path: string): void {
    if (this.files.has(path) || this.binaries.has(path)) throw new PathError(`${path} already exists`);
    for (const p of [...this.files.keys(), ...this.binaries.keys()]) {
      if (p.startsWith(path + '/')) throw new PathError(`${path} is a directory`);
      if (path.startsWith(p + '/')) throw new PathError(`${p} is a file, not a directory`);
    }
  }

  private async persist(op: Promise<void>): Promise<void> {
    try {
      await op;
      this.storageError = null;
    } catch (err) {
      this.storageError = `Could not save to this browser's storage: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}
