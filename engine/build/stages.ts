/**
 * Runs the target's stages for one platform: dependencies first, independent stages
 * concurrently, each through the build's stage executor (`stage-executor.ts`: in this
 * thread by default, or `executeStage` on pool workers; stages without `RUN` stay in this
 * thread either way). Every stage keeps its own modeled clock, starting when its
 * dependencies end.
 */
import { CatalogError, resolveImage, type CatalogImage } from '../catalog/index.ts';
import type { Frontend } from '../frontend/index.ts';
import { formatPlatform, type SimulatedStep, type Stage } from '../dockerfile/index.ts';
import { CanceledError, childBase, imageState, scratchState, stepSlot, type StageState, type StepHooks } from '../exec/index.ts';
import { causeChain, type ChainOrigin } from './causes.ts';
import type { Snapshot } from '../fs/index.ts';
import type { StageBase } from '../graph/index.ts';
import type { StepHistory } from '../cache/index.ts';
import { EngineError, withRange } from '../source/errors.ts';
import type { BuildDeps } from './types.ts';
import { fromText, pullImage } from './pull.ts';
import type { Progress, Vertex } from './progress.ts';
import { inProcessExecutor, runsProcesses, type StageExecContext, type StageExecutor } from './stage-executor.ts';
import { stageMerger, type ReplayTag, type StageMerge } from './stage-merge.ts';
import { stageLabel, stageNames, type StageNames } from './names.ts';

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
  const run = new StagesRun(input, deps, mainProgress);
  run.startAll();
  return run.settle();
}

/** One stage as its phases see it once its dependencies are done. */
interface StageAt {
  readonly idx: number;
  readonly stage: Stage;
  readonly base: StageBase;
  readonly platform: string;
  /** `[stage-name]` label of its vertexes. */
  readonly label: string | undefined;
  readonly steps: readonly SimulatedStep[];
}

/** A stage's base: the state its steps start from, and the catalog image when it is one. */
interface StageBaseState {
  readonly state: StageState;
  readonly img?: CatalogImage;
}

/** A stage's vertex names, with the platform prefix of a multi-platform build applied by `named`. */
interface StageVertexNames {
  readonly names: StageNames;
  readonly named: (name: string) => string;
}

/** A running stage's modeled clock and the vertex of its running step (the hooks move both). */
interface StageClock {
  t: number;
  current?: Vertex;
}

/** The pull of one image by the first stage (in order) that uses it, awaited by the others (parallel executors). */
interface OwnedPull {
  readonly promise: Promise<number>;
  resolve(t: number): void;
  reject(e: unknown): void;
}

/**
 * One `runStages` call: the stages' runs by index, the images pulled so far, and one method
 * per phase of a stage (dependencies, base, vertex names, FROM pull, steps, failure).
 */
class StagesRun {
  private readonly fe: Frontend;
  private readonly results = new Map<number, Promise<StageRun>>();
  /** End time of each image's pull, by manifest digest. */
  private readonly pulls = new Map<string, number>();
  private readonly stageCount: number;
  private readonly local: StageExecutor;
  private readonly executor: StageExecutor;
  // Off-thread stages finish in any real order: their events go through a canonical merge, and each image is pulled
  // by the first stage (in order) that uses it, so numbering and times do not depend on the worker count.
  private readonly merge: StageMerge | undefined;
  private readonly pullOwner = new Map<string, number>();
  private readonly pullDone = new Map<string, OwnedPull>();
  /** The step up each stage's chain that ran for a cause of its own, when its last step ran. */
  private readonly origins = new Map<number, ChainOrigin | undefined>();

  constructor(
    private readonly input: StagesInput,
    private readonly deps: BuildDeps,
    private readonly mainProgress: Progress,
  ) {
    this.fe = input.fe;
    this.stageCount = this.fe.stages.length;
    this.local = inProcessExecutor(deps.platform);
    this.executor = input.executor ?? this.local;
    this.merge = this.executor.parallel ? stageMerger(this.fe.order, (idx) => this.depsOf(idx), input.start, mainProgress, input.tagReplay) : undefined;
    if (this.merge) this.assignPullOwners();
  }

  /** The stages stage `idx` needs (bases and `--from`s), without itself. */
  private depsOf(idx: number): number[] {
    return [...new Set(this.fe.graph.edges.filter((e) => e.to === idx && typeof e.from === 'number' && e.from !== idx).map((e) => e.from as number))];
  }

  /** A stage without --platform runs on the platform of the stage it starts FROM (BuildKit's dispatch state), else the target's. */
  private platformOf(idx: number): string {
    return platformOfStatic(this.fe, idx);
  }

  /** Gives each image's pull to the first stage (in order) that starts FROM it. */
  private assignPullOwners(): void {
    for (const idx of this.fe.order) {
      const b = this.fe.graph.bases[idx]!;
      if (b.kind !== 'image') continue;
      const key = `${b.ref}@${platformOfStatic(this.fe, idx)}`;
      if (this.pullOwner.has(key)) continue;
      this.pullOwner.set(key, idx);
      let resolve!: (t: number) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<number>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => undefined);
      this.pullDone.set(key, { promise, resolve, reject });
    }
  }

  /** Starts every stage in order (each waits for its dependencies); a stage already run for another platform is reused. */
  startAll(): void {
    const identities = this.input.shared ? new StageIdentities(this.fe, (idx) => this.platformOf(idx), (idx) => this.depsOf(idx)) : undefined;
    for (const idx of this.fe.order) {
      const key = identities?.key(idx);
      const earlier = key !== undefined ? this.input.shared!.get(key) : undefined;
      let p: Promise<StageRun>;
      if (earlier) {
        // the same stage already ran for another platform of this build: nothing new to show
        p = earlier.then((r) => {
          this.merge?.finish(idx, r.end);
          return r;
        });
      } else {
        p = this.runStage(idx);
        if (key !== undefined) this.input.shared!.set(key, p);
      }
      p.catch(() => undefined);
      this.results.set(idx, p);
    }
  }

  /** Waits for every stage; throws the first failure (a cancellation only when nothing failed), else the target's state and the end time. */
  async settle(): Promise<StagesOutput> {
    const { fe } = this;
    const settled = await Promise.allSettled(fe.order.map((i) => this.results.get(i)!));
    this.merge?.flush();
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof CanceledError));
    if (failure) throw failure.reason;
    const canceled = settled.find((s) => s.status === 'rejected');
    if (canceled) throw (canceled as PromiseRejectedResult).reason;
    const target = await this.results.get(fe.target.index)!;
    let end = 0;
    for (const s of settled) if (s.status === 'fulfilled') end = Math.max(end, s.value.end);
    return { target: target.state, end };
  }

  /**
   * Runs stage `idx` once its dependencies are done: its base, the FROM vertex, then its
   * steps on the executor. It awaits only here (dependencies, another stage's pull, the
   * steps; the phases are synchronous), so a stage that can start at once runs up to its
   * steps before the next stage starts, and vertex numbers do not change.
   */
  private async runStage(idx: number): Promise<StageRun> {
    const { fe, input } = this;
    const stage = fe.stages[idx]!;
    const done = new Map<number, StageState>();
    const clock: StageClock = { t: input.start };
    for (const d of this.depsOf(idx)) {
      const r = await this.results.get(d)!;
      done.set(d, r.state);
      clock.t = Math.max(clock.t, r.end);
    }
    if (input.signal.aborted) throw new CanceledError();
    const progress = this.merge ? this.merge.stage(idx, clock.t) : this.mainProgress;
    const platform = this.platformOf(idx);
    const base = fe.graph.bases[idx]!;
    const label = stageLabel(stage, this.stageCount);
    const at: StageAt = { idx, stage, base, platform, label, steps: fe.simulated.get(idx)!.steps };
    const { state: baseState, img } = this.baseOf(at, done);
    const { names, named } = this.vertexNames(at, baseState, img);
    // the FROM vertex: pulled by this stage, or waited for when another stage owns the pull (parallel executors)
    const owned = base.kind === 'image' ? this.pullDone.get(`${base.ref}@${platform}`) : undefined;
    if (this.merge && img && names.from && this.pullOwner.get(`${base.kind === 'image' ? base.ref : ''}@${platform}`) !== idx && owned) {
      clock.t = Math.max(clock.t, await owned.promise);
    } else if (img && names.from) {
      clock.t = this.pullBase(img, named(names.from), clock.t, progress, label);
      owned?.resolve(clock.t);
    }
    const chain = causeChain(base.kind === 'stage' ? this.origins.get(base.index) : undefined);
    const stepName = (i: number) => named(names.steps.get(i) ?? `[${label ?? ''}] step ${i}`);
    try {
      const state = await this.executeSteps(at, baseState, done, {
        hooks: stepHooks(progress, stepName, label, chain, clock), stepName,
      });
      this.merge?.finish(idx, clock.t);
      this.origins.set(idx, chain.origin());
      return { state, end: clock.t };
    } catch (err) {
      throw this.failed(err, stage, progress, clock, owned);
    }
  }

  /** The state a stage starts from: its base stage's (ONBUILD cleared), scratch, or a catalog image (an unknown one fails on the FROM line). */
  private baseOf({ stage, base, platform }: StageAt, done: ReadonlyMap<number, StageState>): StageBaseState {
    if (base.kind === 'stage') return { state: childBase(done.get(base.index)!) };
    if (base.kind === 'scratch') return { state: scratchState(platform) };
    let img: CatalogImage;
    try {
      img = resolveBase(base.ref, platform);
    } catch (e) {
      throw e instanceof CatalogError ? withRange(e, [stage.from.range], e.code) : e;
    }
    return { state: imageState(img), img };
  }

  /** The stage's vertex names as BuildKit gives them (`names.ts`), with the base's env and WORKDIR. */
  private vertexNames({ stage, platform, steps }: StageAt, baseState: StageState, img: CatalogImage | undefined): StageVertexNames {
    const { fe, input } = this;
    const baseEnv = new Map<string, string>();
    for (const kv of baseState.config.config.Env ?? []) {
      const eq = kv.indexOf('=');
      baseEnv.set(eq < 0 ? kv : kv.slice(0, eq), eq < 0 ? '' : kv.slice(eq + 1));
    }
    const names = stageNames(stage, this.stageCount, steps, fe.lex, baseState.config.config.WorkingDir ?? '/', img ? fromText(img) : undefined, baseEnv);
    // BuildKit prefixes a multi-platform build's vertexes with the stage's platform, plus `->target` when the stage declares TARGET* args.
    const pre = input.platformPrefix ? `${platform}${targetArrow(stage, platform, formatPlatform(fe.targetPlatform))} ` : '';
    return { names, named: (n: string) => (pre ? n.replace(/^\[/, `[${pre}`) : n) };
  }

  /** The FROM vertex of an image pulled by this stage: the pull's end, or when this build already pulled the image, the later of then and `t`. */
  private pullBase(img: CatalogImage, name: string, t: number, progress: Progress, label: string | undefined): number {
    const key = img.manifestDigest;
    const seen = this.pulls.get(key);
    if (seen !== undefined) return Math.max(t, seen);
    const end = pullImage(img, name, t, progress, this.deps.cache, label);
    this.pulls.set(key, end);
    return end;
  }

  /** Runs the stage's steps on the executor (file-op stages stay on this thread: `runsProcesses`; their events still go through the canonical merge). */
  private executeSteps(
    { idx, stage, base, platform, label, steps }: StageAt, baseState: StageState, done: ReadonlyMap<number, StageState>,
    progress: Pick<StageExecContext, 'hooks' | 'stepName'>,
  ): Promise<StageState> {
    const { fe, input, deps, executor, merge } = this;
    const baseArgs = base.kind === 'stage' ? fe.simulated.get(base.index)?.state.args ?? [] : [];
    const exec = executor.parallel && !runsProcesses(steps) ? this.local : executor;
    return exec.execute(
      {
        index: idx, ...(label ? { label } : {}), stages: fe.stages.slice(0, idx), deps: new Map([...done].filter(([d]) => d !== idx)), escapeToken: fe.lex.escapeToken,
        ...(base.kind === 'stage' ? { baseStage: base.index } : {}),
        input: {
          stage, steps, base: baseState, platform, hostPlatform: formatPlatform(fe.buildPlatform), context: input.context, buildArgs: input.buildArgs,
          secrets: input.secrets, noCache: input.noCache, created: input.created, mtime: input.mtime, baseArgs,
          ...stepHistory(deps, platform, stage, steps.length),
        },
      },
      {
        cache: deps.cache, cacheMounts: deps.cacheMounts, signal: input.signal, ...progress,
        ...(merge && exec === executor ? { worker: (w: number) => merge.worker(idx, w) } : {}),
      },
    );
  }

  /**
   * A stage failed: its error (on the stage's lines unless it has its own), told to the stages
   * waiting for its pull; its running step is marked canceled or failed; the sibling stages are aborted.
   */
  private failed(err: unknown, stage: Stage, progress: Progress, clock: StageClock, owned: OwnedPull | undefined): EngineError {
    const e = err instanceof EngineError ? err : withRange(err, [stage.range], 'exec');
    owned?.reject(e);
    if (clock.current) {
      const canceled = e instanceof CanceledError || e.code === 'canceled';
      progress.done(clock.current, clock.t, canceled ? { canceled: true } : { error: e.message });
    }
    this.input.abort();
    return e;
  }
}

/** Hooks that turn a stage's steps into vertexes on `progress`, advancing `clock` by each step's modeled time. */
function stepHooks(
  progress: Progress, stepName: (i: number) => string, label: string | undefined, chain: ReturnType<typeof causeChain>, clock: StageClock,
): StepHooks {
  const vertexes = new Map<number, Vertex>();
  return {
    start: (i) => {
      clock.current = progress.start(stepName(i), clock.t, label);
      vertexes.set(i, clock.current);
    },
    log: (i, data, stream) => {
      const v = vertexes.get(i);
      if (v) progress.log(v, data, stream, v.started + 10 + v.lines * 5);
    },
    done: (i, r) => {
      const v = vertexes.get(i);
      clock.t += r.modeledMs;
      const cause = v ? chain.resolve(v, r) : undefined;
      if (v) progress.done(v, clock.t, { ...(r.cached ? { cached: true } : {}), ...(cause ? { cause } : {}) });
      clock.current = undefined;
    },
  };
}

/**
 * Each stage's identity: its own inputs, with the stages it needs as interned numbers (a
 * nested key would be escaped again at every level: a FROM chain of 25 stages made a string
 * too long for V8). The env of the first step and the expanded commands give every later env.
 */
class StageIdentities {
  private readonly keys = new Map<number, string>();
  private readonly interned = new Map<string, number>();

  constructor(
    private readonly fe: Frontend,
    private readonly platformOf: (idx: number) => string,
    private readonly depsOf: (idx: number) => number[],
  ) {}

  /** The identity of stage `idx`. */
  key(idx: number): string {
    let key = this.keys.get(idx);
    if (key === undefined) {
      const { fe } = this;
      const base = fe.graph.bases[idx]!;
      const platform = this.platformOf(idx);
      const steps = fe.simulated.get(idx)!.steps;
      key = JSON.stringify([
        platform,
        targetArrow(fe.stages[idx]!, platform, formatPlatform(fe.targetPlatform)),
        base.kind === 'stage' ? this.id(base.index) : base.kind === 'image' ? `${base.ref}@${platform}` : base.kind,
        this.depsOf(idx).map((d) => this.id(d)).sort((a, b) => a - b),
        steps.map((st) => st.command),
        steps.length > 0 ? [...steps[0]!.env] : [],
      ]);
      this.keys.set(idx, key);
    }
    return key;
  }

  /** The interned number of stage `idx`'s identity. */
  private id(idx: number): number {
    const key = this.key(idx);
    let id = this.interned.get(key);
    if (id === undefined) this.interned.set(key, (id = this.interned.size));
    return id;
  }
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
