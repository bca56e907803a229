/**
 * The learner's workspace: files (path → text), the open file, and persistence. Every
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
  readonly tree: TreeNode[] = $derived(buildTree(this.files.keys()));

  constructor(private readonly store: FileStore) {}

  /** Load the stored files, seeding the lesson project on the first visit. */
  async init(): Promise<void> {
    let files = await this.store.load();
    if (files === null) {
      files = seedFiles();
      await this.persist(this.store.replaceAll(files));
    }
    this.files = files;
    this.selected = files.has('Dockerfile') ? 'Dockerfile' : ([...files.keys()][0] ?? null);
    this.ready = true;
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
    if (this.files.has(path)) throw new PathError(`${path} already exists`);
    for (const p of this.files.keys()) {
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
