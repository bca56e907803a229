/**
 * Runs the target's stages for one platform: dependencies first, independent stages
 * concurrently (in-process for now; each stage is a function of plain inputs and
 * snapshots, so it can move to a worker). Every stage keeps its own modeled clock,
 * starting when its dependencies end.
 */
import { CatalogError, resolveImage, type CatalogImage } from '../catalog/index.ts';
import type { Frontend } from '../dockerfile/index.ts';
import { formatPlatform } from '../dockerfile/index.ts';
import { findStageByName, parseStageIndex } from '../graph/index.ts';
import {
  CanceledError, childBase, executeStage, imageState, scratchState, type StageServices, type StageState,
} from '../exec/index.ts';
import type { Snapshot } from '../fs/index.ts';
import { EngineError, withRange } from '../source/errors.ts';
import { resolveProgram } from '../toolchain/registry.ts';
import type { BuildDeps } from './types.ts';
import { fromText, pullImage } from './pull.ts';
import type { Progress, Vertex } from './progress.ts';
import { stageLabel, stageNames } from './names.ts';

/** Inputs of `runStages`. */
export interface StagesInput {
  readonly fe: Frontend;
  readonly context: Snapshot;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, Uint8Array>>;
  readonly noCache: boolean;
  readonly created: string;
  readonly mtime: number;
  /** Modeled time the stages may start. */
  readonly start: number;
  /** Vertex-name prefix for multi-platform builds (`linux/arm64 `), else ''. */
  readonly platformPrefix: string;
  readonly signal: AbortSignal;
  /** Aborts the sibling stages when one fails. */
  readonly abort: () => void;
}

/** What `runStages` returns. */
export interface StagesOutput {
  readonly target: StageState;
  /** Modeled end time. */
  readonly end: number;
}

/** Resolves a catalog image, turning catalog errors into errors on `range`. */
export function resolveBase(ref: string, platform: string): CatalogImage {
  return resolveImage(ref, platform);
}

/** Runs every stage the target needs. */
export async function runStages(input: StagesInput, deps: BuildDeps, progress: Progress): Promise<StagesOutput> {
  const { fe } = input;
  const results = new Map<number, Promise<{ state: StageState; end: number }>>();
  const pulls = new Map<string, number>();
  const stageCount = fe.stages.length;

  const platformOf = (idx: number): string => {
    const p = fe.froms[idx]?.platform;
    return formatPlatform(p ?? fe.targetPlatform);
  };

  const refIndex = (idx: number, ref: string): number | undefined => {
    const n = parseStageIndex(ref);
    if (n !== undefined) return n;
    const st = findStageByName(fe.stages.slice(0, idx), ref);
    return st?.index;
  };

  const runOne = async (idx: number): Promise<{ state: StageState; end: number }> => {
    const stage = fe.stages[idx]!;
    const depIdx = [...new Set(fe.graph.edges.filter((e) => e.to === idx && typeof e.from === 'number' && e.from !== idx).map((e) => e.from as number))];
    const done = new Map<number, StageState>();
    let t = input.start;
    for (const d of depIdx) {
      const r = await results.get(d)!;
      done.set(d, r.state);
      t = Math.max(t, r.end);
    }
    if (input.signal.aborted) throw new CanceledError();
    const platform = platformOf(idx);
    const base = fe.graph.bases[idx]!;
    const label = stageLabel(stage, stageCount);
    let baseState: StageState;
    let img: CatalogImage | undefined;
    if (base.kind === 'stage') baseState = childBase(done.get(base.index)!);
    else if (base.kind === 'scratch') baseState = scratchState(platform);
    else {
      try {
        img = resolveBase(base.ref, platform);
      } catch (e) {
        throw e instanceof CatalogError ? withRange(e, [stage.from.range], e.code) : e;
      }
      baseState = imageState(img);
    }
    const sim = fe.simulated.get(idx)!;
    const baseEnv = new Map<string, string>();
    for (const kv of baseState.config.config.Env ?? []) {
      const eq = kv.indexOf('=');
      baseEnv.set(eq < 0 ? kv : kv.slice(0, eq), eq < 0 ? '' : kv.slice(eq + 1));
    }
    const names = stageNames(stage, stageCount, sim.steps, fe.lex, baseState.config.config.WorkingDir ?? '/', img ? fromText(img) : undefined, baseEnv);
    const pre = input.platformPrefix;
    const named = (n: string) => (pre ? n.replace(/^\[/, `[${pre}`) : n);
    if (img && names.from) {
      const key = img.manifestDigest;
      const seen = pulls.get(key);
      if (seen === undefined) {
        const end = pullImage(img, named(names.from), t, progress, deps.cache, label);
        pulls.set(key, end);
        t = end;
      } else t = Math.max(t, seen);
    }
    const baseArgs = base.kind === 'stage' ? fe.simulated.get(base.index)?.state.args ?? [] : [];
    let current: Vertex | undefined;
    const vertexes = new Map<number, Vertex>();
    const svc: StageServices = {
      hasher: deps.platform.hasher,
      gzip: deps.platform.gzip,
      cache: deps.cache,
      cacheMounts: deps.cacheMounts,
      programs: resolveProgram,
      lex: fe.lex,
      signal: input.signal,
      source: (ref) => {
        const n = refIndex(idx, ref);
        if (n !== undefined && done.has(n)) return done.get(n)!;
        if (n !== undefined && base.kind === 'stage' && n === base.index) return baseState;
        return imageState(resolveBase(ref, platform));
      },
      hooks: {
        start: (i) => {
          current = progress.start(named(names.steps.get(i) ?? `[${label ?? ''}] step ${i}`), t, label);
          vertexes.set(i, current);
        },
        log: (i, data, stream) => {
          const v = vertexes.get(i);
          if (v) progress.log(v, data, stream, v.started + 10 + v.lines * 5);
        },
        done: (i, r) => {
          const v = vertexes.get(i);
          t += r.modeledMs;
          if (v) progress.done(v, t, r.cached ? { cached: true } : {});
          current = undefined;
        },
      },
    };
    try {
      const res = await executeStage(
        {
          stage, steps: sim.steps, base: baseState, platform, context: input.context, buildArgs: input.buildArgs,
          secrets: input.secrets, noCache: input.noCache, created: input.created, mtime: input.mtime, baseArgs,
        },
        svc,
      );
      return { state: res.state, end: t };
    } catch (err) {
      const e = err instanceof EngineError ? err : withRange(err, [stage.range], 'exec');
      if (current) {
        const canceled = e instanceof CanceledError || e.code === 'canceled';
        progress.done(current, t, canceled ? { canceled: true } : { error: e.message });
      }
      input.abort();
      throw e;
    }
  };

  for (const idx of fe.order) {
    const p = runOne(idx);
    p.catch(() => undefined);
    results.set(idx, p);
  }
  const settled = await Promise.allSettled(fe.order.map((i) => results.get(i)!));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof CanceledError));
  if (failure) throw failure.reason;
  const canceled = settled.find((s) => s.status === 'rejected');
  if (canceled) throw (canceled as PromiseRejectedResult).reason;
  const target = await results.get(fe.target.index)!;
  let end = 0;
  for (const s of settled) if (s.status === 'fulfilled') end = Math.max(end, s.value.end);
  return { target: target.state, end };
}
