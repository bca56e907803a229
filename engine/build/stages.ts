/**
 * Runs the target's stages for one platform: dependencies first, independent stages
 * concurrently, each through the build's stage executor (`stage-executor.ts`: in this
 * thread by default, or `executeStage` on pool workers; stages without `RUN` stay in this
 * thread either way). Every stage keeps its own modeled clock, starting when its
 * dependencies end.
 */
import { CatalogError, resolveImage, type CatalogImage } from '../catalog/index.ts';
import type { Frontend } from '../frontend/index.ts';
import { formatPlatform } from '../dockerfile/index.ts';
import { CanceledError, childBase, imageState, scratchState, stepSlot, type StageState } from '../exec/index.ts';
import { causeChain, type ChainOrigin } from './causes.ts';
import type { Snapshot } from '../fs/index.ts';
import type { StepHistory } from '../cache/index.ts';
import { EngineError, withRange } from '../source/errors.ts';
import type { BuildDeps } from './types.ts';
import { fromText, pullImage } from './pull.ts';
import type { Progress, Vertex } from './progress.ts';
import { inProcessExecutor, runsProcesses, type StageExecutor } from './stage-executor.ts';
import { stageMerger, type ReplayTag } from './stage-merge.ts';
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
  /** Runs each stage's steps (default: in this thread). A `parallel` executor's events are merged canonically. */
  readonly executor?: StageExecutor;
  /** Told the worker and arrival time of the next replayed event (parallel executors). */
  readonly tagReplay?: (tag: ReplayTag | undefined) => void;
  /**
   * Stages already run by this build for another target platform, by identity
   * (`stageIdentity`): a stage identical on this platform reuses that run and shows no
   * vertexes of its own, as BuildKit's solver shares identical ops across the platforms of
   * one build (`FROM --platform=$BUILDPLATFORM ... AS base` shows once).
   */
  readonly shared?: Map<string, Promise<StageRun>>;
}

/** One stage's run: its final state and the modeled time it ended. */
export interface StageRun {
  readonly state: StageState;
  readonly end: number;
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

/** `->arm64` or `->darwin/arm64` (BuildKit's formatTargetPlatform) for a stage that declares a TARGET* arg and runs on another platform. */
function targetArrow(stage: Frontend['stages'][number], platform: string, target: string): string {
  const declares = stage.commands.some((c) => c.kind === 'ARG' && c.args.some((a) => /^TARGET(PLATFORM|OS|ARCH|VARIANT)$/.test(a.key)));
  if (!declares || platform === target) return '';
  const [os, ...arch] = target.split('/');
  return os === platform.split('/')[0] ? `->${arch.join('/')}` : `->${target}`;
}

/** Runs every stage the target needs. */
export async function runStages(input: StagesInput, deps: BuildDeps, mainProgress: Progress): Promise<StagesOutput> {
  const { fe } = input;
  const results = new Map<number, Promise<StageRun>>();
  const pulls = new Map<string, number>();
  const stageCount = fe.stages.length;
  const local = inProcessExecutor(deps.platform);
  const executor = input.executor ?? local;
  const depsOf = (idx: number): number[] =>
    [...new Set(fe.graph.edges.filter((e) => e.to === idx && typeof e.from === 'number' && e.from !== idx).map((e) => e.from as number))];
  // Off-thread stages finish in any real order: their events go through a canonical merge, and each image is pulled
  // by the first stage (in order) that uses it, so numbering and times do not depend on the worker count.
  const merge = executor.parallel ? stageMerger(fe.order, depsOf, input.start, mainProgress, input.tagReplay) : undefined;
  const pullOwner = new Map<string, number>();
  // the step up each stage's chain that ran for a cause of its own, when its last step ran
  const origins = new Map<number, ChainOrigin | undefined>();
  const pullDone = new Map<string, { promise: Promise<number>; resolve(t: number): void; reject(e: unknown): void }>();
  if (merge) {
    for (const idx of fe.order) {
      const b = fe.graph.bases[idx]!;
      if (b.kind !== 'image') continue;
      const key = `${b.ref}@${platformOfStatic(fe, idx)}`;
      if (pullOwner.has(key)) continue;
      pullOwner.set(key, idx);
      let resolve!: (t: number) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<number>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => undefined);
      pullDone.set(key, { promise, resolve, reject });
    }
  }

  // A stage without --platform runs on the platform of the stage it starts FROM (BuildKit's dispatch state), else the target's.
  const platformOf = (idx: number): string => platformOfStatic(fe, idx);

  const runOne = async (idx: number): Promise<StageRun> => {
    const stage = fe.stages[idx]!;
    const depIdx = depsOf(idx);
    const done = new Map<number, StageState>();
    let t = input.start;
    for (const d of depIdx) {
      const r = await results.get(d)!;
      done.set(d, r.state);
      t = Math.max(t, r.end);
    }
    if (input.signal.aborted) throw new CanceledError();
    const progress = merge ? merge.stage(idx, t) : mainProgress;
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
    // BuildKit prefixes a multi-platform build's vertexes with the stage's platform, plus `->target` when the stage declares TARGET* args.
    const pre = input.platformPrefix ? `${platform}${targetArrow(stage, platform, formatPlatform(fe.targetPlatform))} ` : '';
    const named = (n: string) => (pre ? n.replace(/^\[/, `[${pre}`) : n);
    const owned = base.kind === 'image' ? pullDone.get(`${base.ref}@${platform}`) : undefined;
    if (merge && img && names.from && pullOwner.get(`${base.kind === 'image' ? base.ref : ''}@${platform}`) !== idx && owned) {
      t = Math.max(t, await owned.promise);
    } else if (img && names.from) {
      const key = img.manifestDigest;
      const seen = pulls.get(key);
      if (seen === undefined) {
        const end = pullImage(img, named(names.from), t, progress, deps.cache, label);
        pulls.set(key, end);
        t = end;
      } else t = Math.max(t, seen);
      owned?.resolve(t);
    }
    const baseArgs = base.kind === 'stage' ? fe.simulated.get(base.index)?.state.args ?? [] : [];
    let current: Vertex | undefined;
    const vertexes = new Map<number, Vertex>();
    const chain = causeChain(base.kind === 'stage' ? origins.get(base.index) : undefined);
    const hooks = {
      start: (i: number) => {
        current = progress.start(named(names.steps.get(i) ?? `[${label ?? ''}] step ${i}`), t, label);
        vertexes.set(i, current);
      },
      log: (i: number, data: string, stream: 'stdout' | 'stderr') => {
        const v = vertexes.get(i);
        if (v) progress.log(v, data, stream, v.started + 10 + v.lines * 5);
      },
      done: (i: number, r: { readonly cached: boolean; readonly modeledMs: number }) => {
        const v = vertexes.get(i);
        t += r.modeledMs;
        const cause = v ? chain.resolve(v, r) : undefined;
        if (v) progress.done(v, t, { ...(r.cached ? { cached: true } : {}), ...(cause ? { cause } : {}) });
        current = undefined;
      },
    };
    const stagesBefore = fe.stages.slice(0, idx);
    const sourceDeps = new Map([...done].filter(([d]) => d !== idx));
    // File-op stages stay on this thread (`runsProcesses`); their events still go through the canonical merge.
    const exec = executor.parallel && !runsProcesses(sim.steps) ? local : executor;
    try {
      const state = await exec.execute(
        {
          index: idx, ...(label ? { label } : {}), stages: stagesBefore, deps: sourceDeps, escapeToken: fe.lex.escapeToken,
          ...(base.kind === 'stage' ? { baseStage: base.index } : {}),
          input: {
            stage, steps: sim.steps, base: baseState, platform, hostPlatform: formatPlatform(fe.buildPlatform), context: input.context, buildArgs: input.buildArgs,
            secrets: input.secrets, noCache: input.noCache, created: input.created, mtime: input.mtime, baseArgs,
            ...stepHistory(deps, platform, stage, sim.steps.length),
          },
        },
        {
          cache: deps.cache, cacheMounts: deps.cacheMounts, hooks, signal: input.signal,
          stepName: (i: number) => named(names.steps.get(i) ?? `[${label ?? ''}] step ${i}`),
          ...(merge && exec === executor ? { worker: (w: number) => merge.worker(idx, w) } : {}) },
      );
      merge?.finish(idx, t);
      origins.set(idx, chain.origin());
      return { state, end: t };
    } catch (err) {
      const e = err instanceof EngineError ? err : withRange(err, [stage.range], 'exec');
      owned?.reject(e);
      if (current) {
        const canceled = e instanceof CanceledError || e.code === 'canceled';
        progress.done(current, t, canceled ? { canceled: true } : { error: e.message });
      }
      input.abort();
      throw e;
    }
  };

  // A stage's identity: its own inputs, with the stages it needs as interned numbers (a nested
  // key would be escaped again at every level: a FROM chain of 25 stages made a string too
  // long for V8). The env of the first step and the expanded commands give every later env.
  const identities = new Map<number, string>();
  const interned = new Map<string, number>();
  const identityId = (idx: number): number => {
    const key = identity(idx);
    let id = interned.get(key);
    if (id === undefined) interned.set(key, (id = interned.size));
    return id;
  };
  const identity = (idx: number): string => {
    let key = identities.get(idx);
    if (key === undefined) {
      const base = fe.graph.bases[idx]!;
      const platform = platformOf(idx);
      const steps = fe.simulated.get(idx)!.steps;
      key = JSON.stringify([
        platform,
        targetArrow(fe.stages[idx]!, platform, formatPlatform(fe.targetPlatform)),
        base.kind === 'stage' ? identityId(base.index) : base.kind === 'image' ? `${base.ref}@${platform}` : base.kind,
        depsOf(idx).map(identityId).sort((a, b) => a - b),
        steps.map((st) => st.command),
        steps.length > 0 ? [...steps[0]!.env] : [],
      ]);
      identities.set(idx, key);
    }
    return key;
  };

  for (const idx of fe.order) {
    const key = input.shared ? identity(idx) : undefined;
    const earlier = key !== undefined ? input.shared!.get(key) : undefined;
    let p: Promise<StageRun>;
    if (earlier) {
      // the same stage already ran for another platform of this build: nothing new to show
      p = earlier.then((r) => {
        merge?.finish(idx, r.end);
        return r;
      });
    } else {
      p = runOne(idx);
      if (key !== undefined) input.shared!.set(key, p);
    }
    p.catch(() => undefined);
    results.set(idx, p);
  }
  const settled = await Promise.allSettled(fe.order.map((i) => results.get(i)!));
  merge?.flush();
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof CanceledError));
  if (failure) throw failure.reason;
  const canceled = settled.find((s) => s.status === 'rejected');
  if (canceled) throw (canceled as PromiseRejectedResult).reason;
  const target = await results.get(fe.target.index)!;
  let end = 0;
  for (const s of settled) if (s.status === 'fulfilled') end = Math.max(end, s.value.end);
  return { target: target.state, end };
}

/** Earlier records of each step of a stage, when the cache keeps them (the latest few: they cross to workers). */
function stepHistory(deps: BuildDeps, platform: string, stage: Frontend['stages'][number], steps: number): { history?: (StepHistory | undefined)[] } {
  const { cache } = deps;
  if (!cache.history) return {};
  const history = Array.from({ length: steps }, (_, i) => {
    const h = cache.history!(stepSlot({ platform, stage }, i));
    return { records: h.records.slice(0, 4), legacy: h.legacy };
  });
  return { history };
}

/** The platform stage `idx` runs as: its `--platform`, else that of the stage it starts FROM (BuildKit's dispatch state), else the target's. */
function platformOfStatic(fe: Frontend, idx: number): string {
  // a loop, not recursion: a FROM chain may be thousands of stages long
  for (let at = idx; ; ) {
    const p = fe.froms[at]?.platform;
    if (p) return formatPlatform(p);
    const b = fe.graph.bases[at];
    if (b?.kind !== 'stage' || b.index === at) return formatPlatform(fe.targetPlatform);
    at = b.index;
  }
}
