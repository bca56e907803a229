/**
 * One op step with the layer cache: compute the key, answer from the cache unless
 * `--no-cache`, otherwise run and store. Steps are the BuildKit vertexes of a stage.
 */
import { cacheKey, changesToEntries, explainRun, type StepHistory, type StepInputs } from '../cache/index.ts';
import type { CacheCause } from '../progress/events.ts';
import { applyLayer, diffTrees, type Snapshot, type TreeEntry } from '../fs/index.ts';
import type { StageServices } from './types.ts';
import { EngineError } from '../source/errors.ts';

/** What running a step produced. */
export interface StepOutput {
  /** The tree after the step. */
  readonly snapshot: Snapshot;
  /** The layer; computed from the diff to the parent when omitted. */
  readonly entries?: readonly TreeEntry[];
  readonly modeledMs: number;
}

/** The result of `runStep`. */
export interface StepResult {
  readonly key: string;
  readonly snapshot: Snapshot;
  readonly entries: readonly TreeEntry[];
  readonly cached: boolean;
  readonly modeledMs: number;
  /** When the layer was made (RFC 3339): the cache record's time on a hit. */
  readonly createdAt: string;
  /** Why it was CACHED or ran (`parent-ran` with `vertex: -1`: the build names the step up the chain). */
  readonly cause?: CacheCause;
}

/** Options of `runStep`. */
export interface StepSpec {
  /** Index of the step in the stage (for hooks). */
  readonly index: number;
  /** Key of the previous op ('' for an op that does not depend on it, e.g. `COPY --link`). */
  readonly parentKey: string;
  /** The op definition (expanded instruction, env, cwd, user, mounts...). */
  readonly op: unknown;
  /** Content checksums of the inputs. */
  readonly inputs?: readonly string[];
  /** The tree the layer applies to. */
  readonly parent: Snapshot;
  readonly noCache: boolean;
  /**
   * The key's inputs for explaining a run (made only when the step runs: file digests cost
   * a hash each) and the step's earlier records to compare them with.
   */
  readonly explain?: { readonly inputs: () => Promise<Omit<StepInputs, 'parent'>>; readonly history?: StepHistory };
  /** The build's time (RFC 3339), recorded as the layer's creation time when the step runs. */
  readonly created: string;
  run(): Promise<StepOutput>;
}

/** Modeled time of replaying a cached step. */
export const CACHED_MS = 0;

/** Runs (or replays) one step; hooks see start and done. */
export async function runStep(spec: StepSpec, svc: StageServices): Promise<StepResult> {
  const key = await cacheKey(svc.hasher, spec.parentKey, spec.op, spec.inputs ?? []);
  if (svc.signal?.aborted) throw new EngineError('canceled', 'context canceled');
  svc.hooks.start(spec.index);
  const hit = spec.noCache ? undefined : await svc.cache.get(key);
  if (hit) {
    const snapshot = hit.entries.length === 0 ? spec.parent : applyLayer(spec.parent, hit.entries);
    const cause: CacheCause = { kind: 'cached' };
    svc.hooks.done(spec.index, { cached: true, modeledMs: CACHED_MS, cause });
    return { key, snapshot, entries: hit.entries, cached: true, modeledMs: CACHED_MS, createdAt: hit.createdAt ?? spec.created, cause };
  }
  const out = await spec.run();
  const entries = out.entries ?? changesToEntries(diffTrees(spec.parent.rootDir, out.snapshot.rootDir), out.snapshot);
  const inputs = spec.explain ? { ...(await spec.explain.inputs()), parent: spec.parentKey } : undefined;
  const cause = inputs ? explainRun(inputs, spec.explain!.history, spec.noCache) : undefined;
  svc.cache.put(key, { entries, modeledMs: out.modeledMs, createdAt: spec.created, ...(inputs ? { inputs } : {}) });
  svc.hooks.done(spec.index, { cached: false, modeledMs: out.modeledMs, ...(cause ? { cause } : {}) });
  return { key, snapshot: out.snapshot, entries, cached: false, modeledMs: out.modeledMs, createdAt: spec.created, ...(cause ? { cause } : {}) };
}
