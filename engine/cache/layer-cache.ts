/**
 * The layer cache: what a step produced, by cache key. A hit replays the stored layer
 * onto the parent's snapshot instead of running the step. `dump()`/`load()` turn it into
 * plain data plus byte blobs so the CLI can keep it between runs.
 */
import { loadContent, recipeBytes, recipeOf, type TreeEntry } from '../fs/index.ts';
import type { StepHistory } from './explain.ts';
import type { StepInputs } from './inputs.ts';

/** One cached step. */
export interface CacheRecord {
  /** The step's layer as entries (whiteouts as `.wh.` files); empty for a step with no changes. */
  readonly entries: readonly TreeEntry[];
  /** Modeled duration of the step when it ran. */
  readonly modeledMs: number;
  /**
   * When the step ran (RFC 3339): the layer's creation time, which BuildKit's exporter
   * writes into the history entry (so a cached rebuild keeps the image ID). Absent in
   * records kept before it was recorded.
   */
  readonly createdAt?: string;
  /**
   * What the step's key was made of (paths and short digests, capped: `inputs.ts`), so a
   * later build can say why the step ran. Absent in records kept before it was recorded.
   */
  readonly inputs?: StepInputs;
}

/**
 * The cache as a stage's steps see it: a lookup may answer later (a stage worker asks the
 * thread that owns the cache for one key at a time, instead of being sent every record).
 */
export interface StepCache {
  get(key: string): CacheRecord | undefined | Promise<CacheRecord | undefined>;
  put(key: string, record: CacheRecord): void;
}

/** Where steps' results are kept between builds. */
export interface LayerCache extends StepCache {
  get(key: string): CacheRecord | undefined;
  put(key: string, record: CacheRecord): void;
  /** Forget everything (`docker builder prune -af`). */
  clear(): void;
  /** Inputs of the earlier records of step `step` (`StepInputs.step`), most recent first; absent when the cache keeps none. */
  history?(step: string): StepHistory;
}

/**
 * A dumped entry: file bytes are replaced by an index into `blobs`, or a generated file
 * by its recipe (`engine/fs/recipe.ts`: made again when read, never stored as bytes).
 */
export type DumpedEntry = Omit<TreeEntry, 'content'> & { readonly blob?: number; readonly recipe?: DumpedRecipe };

/** A generated file's recipe and size, as dumped. */
export interface DumpedRecipe {
  readonly kind: string;
  readonly args: unknown;
  readonly size: number;
}

/** The cache as plain data: JSON-safe `records` plus the file bytes they point to. */
export interface CacheDump {
  readonly records: readonly {
    readonly key: string; readonly modeledMs: number; readonly createdAt?: string; readonly inputs?: StepInputs; readonly entries: readonly DumpedEntry[];
  }[];
  readonly blobs: readonly Uint8Array[];
}

/** Entries → dumped entries, appending file bytes to `blobs` (shared bytes stored once). */
export function dumpEntries(entries: readonly TreeEntry[], blobs: Uint8Array[], seen: Map<unknown, number>): DumpedEntry[] {
  return entries.map((e) => {
    const { content, ...rest } = e;
    if (content === undefined) return rest;
    if (!(content instanceof Uint8Array)) {
      const recipe = recipeOf(content);
      if (recipe) return { ...rest, recipe: { kind: recipe.kind, args: recipe.args, size: content.size } };
    }
    let i = seen.get(content);
    if (i === undefined) {
      i = blobs.length;
      blobs.push(loadContent(content));
      seen.set(content, i);
    }
    return { ...rest, blob: i };
  });
}

/** Dumped entries → entries, taking bytes from `blobs`. */
export function loadEntries(entries: readonly DumpedEntry[], blobs: readonly Uint8Array[]): TreeEntry[] {
  return entries.map((e) => {
    const { blob, recipe, ...rest } = e;
    if (recipe !== undefined) return { ...rest, content: recipeBytes(recipe.kind, recipe.args, recipe.size) };
    if (blob === undefined) return rest;
    const content = blobs[blob];
    if (content === undefined) throw new Error(`cache dump: missing blob ${blob}`);
    return { ...rest, content };
  });
}

/** An in-memory `LayerCache`. */
export class MemoryLayerCache implements LayerCache {
  private readonly records = new Map<string, CacheRecord>();
  /** Keys of the records of each step, oldest first. */
  private readonly steps = new Map<string, string[]>();
  /** Step records without inputs (kept by an older version). */
  private uninformed = 0;

  get(key: string): CacheRecord | undefined {
    return this.records.get(key);
  }

  put(key: string, record: CacheRecord): void {
    const old = this.records.get(key);
    if (old) {
      // the most recent put is last (a dump keeps that order)
      this.unindex(key, old);
      this.records.delete(key);
    }
    this.records.set(key, record);
    if (record.inputs) {
      const keys = this.steps.get(record.inputs.step) ?? [];
      keys.push(key);
      this.steps.set(record.inputs.step, keys);
    } else if (!key.startsWith('image:')) this.uninformed++;
  }

  private unindex(key: string, r: CacheRecord): void {
    if (!r.inputs) {
      if (!key.startsWith('image:')) this.uninformed--;
      return;
    }
    const keys = this.steps.get(r.inputs.step);
    const i = keys?.indexOf(key) ?? -1;
    if (i >= 0) keys!.splice(i, 1);
  }

  /** Inputs of the earlier records of `step`, most recent first (at most 16). */
  history(step: string): StepHistory {
    const keys = this.steps.get(step) ?? [];
    const records: StepInputs[] = [];
    for (let i = keys.length - 1; i >= 0 && records.length < 16; i--) records.push(this.records.get(keys[i]!)!.inputs!);
    return { records, legacy: this.uninformed > 0 };
  }

  clear(): void {
    this.records.clear();
    this.steps.clear();
    this.uninformed = 0;
  }

  /** Number of records. */
  get size(): number {
    return this.records.size;
  }

  /** Every record with its key (the records themselves, nothing loaded or copied). */
  list(): [string, CacheRecord][] {
    return [...this.records];
  }

  /** Plain data for persisting (file bytes of lazy contents are generated here, but for generated files' recipes). */
  dump(): CacheDump {
    const blobs: Uint8Array[] = [];
    const seen = new Map<unknown, number>();
    const records = [...this.records].map(([key, r]) => ({
      key, modeledMs: r.modeledMs, ...(r.createdAt !== undefined ? { createdAt: r.createdAt } : {}), ...(r.inputs ? { inputs: r.inputs } : {}),
      entries: dumpEntries(r.entries, blobs, seen),
    }));
    return { records, blobs };
  }

  /** A cache holding what `dump()` returned. */
  static load(dump: CacheDump): MemoryLayerCache {
    const c = new MemoryLayerCache();
    for (const r of dump.records) {
      const inputs = r.inputs && typeof r.inputs.step === 'string' ? { inputs: r.inputs } : {};
      c.put(r.key, { modeledMs: r.modeledMs, ...(typeof r.createdAt === 'string' ? { createdAt: r.createdAt } : {}), ...inputs, entries: loadEntries(r.entries, dump.blobs) });
    }
    return c;
  }
}
