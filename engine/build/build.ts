/**
 * `build()`: the one orchestration entry. Front end, base resolution (offline catalog),
 * the target's stages in dependency order, then the outputs, with BuildKit's vertexes
 * in a deterministic order and modeled times.
 */
import { CatalogError } from '../catalog/index.ts';
import { resolveImage } from '../catalog/index.ts';
import { buildContext, dockerignoreError, ignoreMatcher } from '../context/index.ts';
import { formatPlatform } from '../dockerfile/index.ts';
import { loadDockerfile, type Frontend } from '../frontend/index.ts';
import { CanceledError, sourceDateEpoch, type StageState } from '../exec/index.ts';
import { DEFAULT_LIMIT_BYTES, Snapshot } from '../fs/index.ts';
import { rfc3339 } from '../image/index.ts';
import { parseReference } from '../reference/index.ts';
import { ExecError, withRange } from '../source/errors.ts';
import { exportOutputs, type BuiltPlatform } from './outputs.ts';
import { Progress } from './progress.ts';
import type { ReplayTag } from './stage-merge.ts';
import { runStages, type StageRun, type StagesInput } from './stages.ts';
import { checkSyntaxFrontend, syntaxReference } from './syntax.ts';
import type { BuildDeps, BuildOptions, BuildRequest, BuildResult } from './types.ts';

const enc = new TextEncoder();

/** The sandbox keeps a build in memory: a context past the overlay's budget fails before any step runs. */
function contextTooLarge(size: number): ExecError {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)}MiB`;
  return new ExecError('context-too-large', `failed to transfer context: build context is ${mib(size)}, over the sandbox's ${mib(DEFAULT_LIMIT_BYTES)} limit (list large files in .dockerignore)`, [], { size, limit: DEFAULT_LIMIT_BYTES });
}

/** Whether any reachable stage reads the build context (COPY/ADD without --from, bind mounts without from). */
function usesContext(fe: Frontend): boolean {
  for (const st of fe.reachable) {
    for (const c of st.commands) {
      if (c.kind === 'ADD' && c.sourcePaths.length > 0) return true;
      if (c.kind === 'COPY' && c.from === undefined && c.sourcePaths.length > 0) return true;
      if (c.kind === 'RUN' && c.mounts.some((m, i) => (m ? m.type === 'bind' && m.from === '' : /type=bind|^(?!.*type=)/.test(c.mountSpecs[i]!)))) return true;
    }
  }
  return false;
}

/**
 * External images the reachable stages need, in order of first use (FROM, then `--from`/`from=`),
 * each with the platform of the stage using it (`FROM --platform=$BUILDPLATFORM` resolves for the build platform).
 */
function externalImages(fe: Frontend): { ref: string; platform: string }[] {
  const refs: { ref: string; platform: string }[] = [];
  const platformOf = (i: number): string => formatPlatform(fe.froms[i]?.platform ?? fe.targetPlatform);
  for (const i of fe.order) {
    const b = fe.graph.bases[i]!;
    if (b.kind === 'image') refs.push({ ref: b.ref, platform: platformOf(i) });
  }
  for (const e of fe.graph.edges) if (typeof e.from === 'string' && fe.order.includes(e.to) && e.kind !== 'base') refs.push({ ref: e.from, platform: platformOf(e.to) });
  const full = (r: string): string => { try { return parseReference(r).full; } catch { return r; } };
  const seen = new Set<string>();
  return refs.map((r) => ({ ref: full(r.ref), platform: r.platform })).filter((r) => !seen.has(`${r.ref}@${r.platform}`) && !!seen.add(`${r.ref}@${r.platform}`));
}

/** Runs a build: see the module comment. Throws `EngineError`s (with Dockerfile ranges when they point at a line). */
export async function build(req: BuildRequest, deps: BuildDeps, opts: BuildOptions = {}): Promise<BuildResult> {
  // A parallel executor's stage events are replayed through `progress`; `replayed` tags them on the
  // way out with their worker and the real time they arrived (not the time the merge released them).
  let replayed: ReplayTag | undefined;
  const sink = opts.onEvent;
  const progress = new Progress(sink && ((e) => sink(replayed !== undefined && e.kind !== 'warning' ? { ...e, ...replayed } : e)));
  const stageExec = opts.stages ? { executor: opts.stages, tagReplay: (t: ReplayTag | undefined) => void (replayed = t) } : {};
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    return await new BuildRun(req, deps, progress, controller, opts.signal, stageExec).run();
  } catch (err) {
    if (opts.signal?.aborted && !(err instanceof CanceledError)) throw new CanceledError();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** The `.dockerignore` a build reads: `<Dockerfile>.dockerignore` (read with the Dockerfile) wins over the context's `.dockerignore`. */
interface Dockerignore {
  /** The context's `.dockerignore`, when the request has no Dockerfile-specific one. */
  readonly file?: BuildRequest['context'][number];
  readonly text?: string;
  readonly matcher?: ReturnType<typeof ignoreMatcher>;
}

function dockerignoreOf(req: BuildRequest): Dockerignore {
  const file = req.dockerignore === undefined ? req.context.find((f) => f.path.replace(/^\.\//, '') === '.dockerignore' && f.type === 'file') : undefined;
  const text = req.dockerignore ?? (file?.content ? new TextDecoder().decode(file.content) : undefined);
  return { ...(file ? { file } : {}), ...(text !== undefined ? { text, matcher: ignoreMatcher(text) } : {}) };
}

/** The front end once per target platform (`[undefined]`: the default platform only). */
function loadFrontends(req: BuildRequest, buildArgs: Readonly<Record<string, string>>, ignore: Dockerignore): Frontend[] {
  const platforms = req.platforms && req.platforms.length > 0 ? req.platforms : [undefined];
  return platforms.map((p) =>
    loadDockerfile(req.dockerfile, {
      ...(req.target ? { target: req.target } : {}),
      buildArgs,
      ...(ignore.matcher ? { ignore: ignore.matcher } : {}),
      ...(p ? { platform: p } : {}),
      imageConfig: (ref) => {
        // The frontend asks without the stage's platform: a stage `FROM --platform=$BUILDPLATFORM` of a darwin or
        // windows target gets the build platform's config (a stage that really needs the target fails at load metadata).
        for (const plat of [p ?? 'linux/amd64', 'linux/amd64']) {
          try {
            const c = resolveImage(ref, plat).config.config;
            return { env: c.Env, workingDir: c.WorkingDir };
          } catch {
            // next platform
          }
        }
        return undefined;
      },
    }),
  );
}

/**
 * One build after `build()` has set up its progress and cancellation: `run()` lists the
 * phases, each of which shows its vertexes and moves the modeled clock `t`.
 */
class BuildRun {
  private readonly buildArgs: Readonly<Record<string, string>>;
  /** `SOURCE_DATE_EPOCH` from the build args, if set. */
  private readonly sde: number | undefined;
  private readonly created: string;
  private readonly mtime: number;
  /** Modeled time. */
  private t = 0;

  constructor(
    private readonly req: BuildRequest,
    private readonly deps: BuildDeps,
    private readonly progress: Progress,
    private readonly controller: AbortController,
    private readonly outer: AbortSignal | undefined,
    private readonly stageExec: Pick<StagesInput, 'executor' | 'tagReplay'>,
  ) {
    this.buildArgs = req.buildArgs ?? {};
    this.sde = sourceDateEpoch(this.buildArgs);
    this.created = this.sde !== undefined ? rfc3339(this.sde) : rfc3339(Math.floor(deps.now()) / 1000);
    this.mtime = this.sde ?? Math.floor(deps.now() / 1000);
  }

  /** Definition, front end, `# syntax=`, metadata, .dockerignore, context, the stages per platform, then the outputs. */
  async run(): Promise<BuildResult> {
    const { req, progress } = this;
    this.loadDefinition();
    const ignore = dockerignoreOf(req);
    const frontends = loadFrontends(req, this.buildArgs, ignore);
    const fe0 = frontends[0]!;
    for (const w of fe0.warnings) progress.warning({ kind: 'warning', rule: w.rule, detail: w.detail, url: w.url, ranges: w.ranges });
    const syntax = fe0.parse.directives.syntax;
    if (syntax) await this.resolveFrontendImage(syntax);
    this.loadMetadata(frontends);
    if (req.dockerignore === undefined) this.loadDockerignore(ignore);
    const context = this.loadContext(frontends, ignore);
    const { built, end } = await this.runPlatforms(frontends, context);
    const exported = await exportOutputs(req.outputs ?? [], built, end, progress, {
      created: this.created, tags: req.tags ?? [], deps: this.deps.platform, signal: this.controller.signal,
      ...(this.sde !== undefined ? { sourceDateEpoch: this.sde } : {}),
    });
    return {
      images: exported.images,
      outputs: exported.outputs,
      warnings: fe0.warnings,
      modeledMs: exported.end,
      filesystems: built.map((b) => b.state.snapshot),
    };
  }

  /** `[internal] load build definition from <name>`: the Dockerfile (and its own .dockerignore) transferred. */
  private loadDefinition(): void {
    const { req, progress } = this;
    const def = progress.start(`[internal] load build definition from ${req.dockerfileName ?? 'Dockerfile'}`, this.t);
    const dfSize = enc.encode(req.dockerfile).byteLength + (req.dockerignore !== undefined ? enc.encode(req.dockerignore).byteLength : 0);
    progress.status(def, 'transferring dockerfile:', this.t, this.t + 10, dfSize);
    this.t += 20;
    progress.done(def, this.t);
  }

  /** `# syntax=`: the frontend image's config resolved (an unsupported frontend fails here), then its cached vertex. */
  private async resolveFrontendImage(syntax: string): Promise<void> {
    const { req, progress } = this;
    const ref = syntaxReference(req.dockerfile, syntax);
    const full = ref.full;
    const r = progress.start(`resolve image config for docker-image://${full}`, this.t);
    this.t += 500;
    try {
      checkSyntaxFrontend(req.dockerfile, ref);
    } catch (e) {
      progress.done(r, this.t, { error: (e as Error).message });
      throw e;
    }
    progress.done(r, this.t);
    const digest = `sha256:${await this.deps.platform.hasher.sha256([enc.encode(`frontend:${full}`)])}`;
    const fv = progress.start(`docker-image://${full}@${digest}`, this.t);
    progress.status(fv, `resolve ${full}@${digest}`, this.t, this.t);
    progress.done(fv, this.t, { cached: true });
  }

  /** `[internal] load metadata for <image>`, all at once, for every external image; an unknown image fails on the line that names it. */
  private loadMetadata(frontends: readonly Frontend[]): void {
    const { progress } = this;
    const metaStart = this.t;
    const loaded = new Set<string>();
    for (const fe of frontends) {
      for (const { ref, platform } of externalImages(fe)) {
        // BuildKit names the vertex after the stage's platform; identical vertices of several target platforms are one.
        const name = `[${frontends.length > 1 ? `${platform} ` : ''}internal] load metadata for ${ref}`;
        if (loaded.has(name)) continue;
        loaded.add(name);
        const v = progress.start(name, metaStart);
        try {
          resolveImage(ref, platform);
        } catch (e) {
          if (!(e instanceof CatalogError)) throw e;
          progress.done(v, metaStart + 300, { error: e.message });
          throw unknownImageError(fe, ref, e);
        }
        progress.done(v, metaStart + 350);
      }
    }
    this.t = metaStart + (externalImages(frontends[0]!).length > 0 ? 350 : 0);
  }

  /** `[internal] load .dockerignore` (the context's; a Dockerfile-specific one came with the definition). */
  private loadDockerignore(ignore: Dockerignore): void {
    const iv = this.progress.start('[internal] load .dockerignore', this.t);
    this.progress.status(iv, 'transferring context:', this.t, this.t + 10, ignore.file?.content?.byteLength ?? 2);
    this.t += 10;
    this.progress.done(iv, this.t);
  }

  /**
   * The build context as a snapshot, filtered by `.dockerignore`; `[internal] load build context`
   * when a reachable stage reads it (an invalid .dockerignore or a context past the budget fails there).
   */
  private loadContext(frontends: readonly Frontend[], ignore: Dockerignore): Snapshot {
    const { progress } = this;
    const ctx = buildContext(this.req.context, ignore.text ?? '');
    const context = Snapshot.fromEntries(ctx.entries);
    if (!frontends.some(usesContext)) return context;
    const t = this.t;
    const cv = progress.start('[internal] load build context', t);
    const invalid = ignore.text !== undefined ? dockerignoreError(ignore.text) : undefined;
    if (invalid !== undefined) {
      progress.done(cv, t, { error: invalid });
      throw new ExecError('invalid-dockerignore', invalid);
    }
    const ms = 10 + Math.round(ctx.size / 50_000);
    progress.status(cv, 'transferring context:', t, t + ms, ctx.size);
    if (ctx.size > DEFAULT_LIMIT_BYTES) {
      const err = contextTooLarge(ctx.size);
      progress.done(cv, t + ms, { error: err.message });
      throw err;
    }
    progress.done(cv, t + ms);
    this.t += ms;
    return context;
  }

  /** The target's stages once per platform, one platform after the other (identical stages run once); each target's state with the `--label`s. */
  private async runPlatforms(frontends: readonly Frontend[], context: Snapshot): Promise<{ built: BuiltPlatform[]; end: number }> {
    const { req, controller } = this;
    const built: BuiltPlatform[] = [];
    let end = this.t;
    const shared = frontends.length > 1 ? new Map<string, Promise<StageRun>>() : undefined;
    for (const fe of frontends) {
      if (controller.signal.aborted || this.outer?.aborted) throw new CanceledError();
      const prefix = frontends.length > 1 ? `${formatPlatform(fe.targetPlatform)} ` : '';
      const out = await runStages(
        {
          fe, context, buildArgs: this.buildArgs, secrets: req.secrets ?? {}, noCache: req.noCache ?? false, created: this.created, mtime: this.mtime, start: this.t,
          platformPrefix: prefix, signal: controller.signal, abort: () => controller.abort(), ...this.stageExec, ...(shared ? { shared } : {}),
        },
        this.deps,
        this.progress,
      );
      built.push({ platform: formatPlatform(fe.targetPlatform), state: withLabels(out.target, req.labels) });
      end = Math.max(end, out.end);
    }
    return { built, end };
  }
}

/** An unknown image's catalog error on the line that names it: its FROM, else the COPY --from or RUN --mount from=. */
function unknownImageError(fe: Frontend, ref: string, e: CatalogError): Error {
  const stage = fe.stages.find((s) => {
    const b = fe.graph.bases[s.index];
    return b?.kind === 'image' && parseReference(b.ref).full === ref;
  });
  const via = stage ? undefined : fe.graph.edges.find((ed) => typeof ed.from === 'string' && sameImage(ed.from, ref))?.via;
  return stage ? withRange(e, [stage.from.range], e.code) : via ? withRange(e, [via.range], e.code) : e;
}

/**
 * The target's state with `--label`s merged over its config's Labels, as dockerfile2llb
 * copies `opt.Labels` into the target image after dispatch.
 */
function withLabels(state: StageState, labels: BuildRequest['labels']): StageState {
  if (!labels || Object.keys(labels).length === 0) return state;
  const c = state.config;
  return { ...state, config: { ...c, config: { ...c.config, Labels: { ...(c.config.Labels ?? {}), ...labels } } } };
}

/** Whether an image reference as written names `full` (a normalised reference). */
function sameImage(written: string, full: string): boolean {
  try {
    return parseReference(written).full === full;
  } catch {
    return false;
  }
}
