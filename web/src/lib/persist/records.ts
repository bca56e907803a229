/**
 * The learner's build and run records (what lesson checks read) in IndexedDB, so "Check my
 * work" gives the same verdict after a reload as before it. Their own small database,
 * `stageplay-records`: object stores `builds` and `runs`, records under increasing keys
 * (oldest first); only the newest `MAX_RECORDS` of each are kept. Like the sandbox's
 * state, it never rejects: without IndexedDB (or when it fails) records last as long as
 * the page.
 */
import type { BuildRecord, RunRecord } from '#engine/lessons';
import { committed, done } from './idb.ts';

/** The records database's name (one per origin). */
export const RECORDS_DB = 'stageplay-records';
const STORES = { build: 'builds', run: 'runs' } as const;
const VERSION = 1;
/** How many builds (and runs) are kept; checks read the newest ones. */
export const MAX_RECORDS = 100;

/** One stored record. */
export type StoredRecord = { readonly kind: 'build'; readonly record: BuildRecord } | { readonly kind: 'run'; readonly record: RunRecord };

/** The records as loaded: builds and runs, oldest first. */
export interface LoadedRecords {
  readonly builds: readonly BuildRecord[];
  readonly runs: readonly RunRecord[];
}

/** Where records are kept between page loads. */
export interface RecordsStore {
  /** Everything saved, oldest first (empty when nothing is, or the database cannot be read). */
  load(): Promise<LoadedRecords>;
  /** Save one more record; the oldest ones past `MAX_RECORDS` of its kind are dropped. */
  append(r: StoredRecord): Promise<void>;
}

/** Options of `openRecordsStore`. */
export interface RecordsStoreOptions {
  /** The IndexedDB to use (default: the global one; absent: records are not kept). */
  readonly indexedDB?: IDBFactory;
  readonly name?: string;
  readonly max?: number;
  /** How long opening may take before records are kept in memory only (ms; default 5000). */
  readonly timeoutMs?: number;
}

/** Records kept in IndexedDB (opened on first use). */
export function openRecordsStore(options: RecordsStoreOptions = {}): RecordsStore {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  const max = options.max ?? MAX_RECORDS;
  let opening: Promise<IDBDatabase | undefined> | undefined;
  // an open that neither succeeds nor fails (blocked) must not hold "Check my work" back for ever
  const db = () =>
    (opening ??= factory
      ? Promise.race([open(factory, options.name ?? RECORDS_DB).catch(() => undefined), delay(options.timeoutMs ?? 5000)])
      : Promise.resolve(undefined));
  // appends run one after another, so a load never sees half of them
  let queue: Promise<unknown> = Promise.resolve();
  return {
    async load() {
      await queue;
      const d = await db();
      if (!d) return { builds: [], runs: [] };
      try {
        const tx = d.transaction([STORES.build, STORES.run], 'readonly');
        const [builds, runs] = await Promise.all([done(tx.objectStore(STORES.build).getAll()), done(tx.objectStore(STORES.run).getAll())]);
        return { builds: builds.filter((r) => isRecord('build', r)), runs: runs.filter((r) => isRecord('run', r)) };
      } catch {
        return { builds: [], runs: [] };
      }
    },
    append(r) {
      const next = queue.then(async () => {
        const d = await db();
        if (!d) return;
        try {
          const tx = d.transaction(STORES[r.kind], 'readwrite');
          const store = tx.objectStore(STORES[r.kind]);
          store.add(r.record);
          const over = (await done(store.count())) - max;
          if (over > 0) for (const k of await done(store.getAllKeys(null, over))) store.delete(k);
          await committed(tx);
        } catch {
          // quota or a closed database: this record lasts as long as the page
        }
      });
      queue = next;
      return next;
    },
  };
}

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));

function open(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  const req = factory.open(name, VERSION);
  req.onupgradeneeded = () => {
    const d = req.result;
    for (const s of [...d.objectStoreNames]) d.deleteObjectStore(s);
    for (const s of Object.values(STORES)) d.createObjectStore(s, { autoIncrement: true });
  };
  return done(req).then((d) => {
    d.onversionchange = () => d.close();
    return d;
  });
}

/** A value read back looks like a record of `kind` (anything else is skipped). */
function isRecord(kind: 'build', v: unknown): v is BuildRecord;
function isRecord(kind: 'run', v: unknown): v is RunRecord;
function isRecord(kind: 'build' | 'run', v: unknown): boolean {
  if (typeof v !== 'object' || v === null || typeof (v as { command?: unknown }).command !== 'string') return false;
  if (kind === 'build') return Array.isArray((v as BuildRecord).events) && Array.isArray((v as BuildRecord).images);
  return typeof (v as RunRecord).exitCode === 'number';
}
