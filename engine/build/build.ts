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
    return await run(req, deps, progress, controller, opts.signal, stageExec);
  } catch (err) {
    if (opts.signal?.aborted && !(err instanceof CanceledError)) throw new CanceledError();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

async function run(
  req: BuildRequest, deps: BuildDeps, progress: Progress, controller: AbortController, outer: AbortSignal | undefined,
  stageExec: Pick<StagesInput, 'executor' | 'tagReplay'>,
): Promise<BuildResult> {
  const name = req.dockerfileName ?? 'Dockerfile';
  const buildArgs = req.buildArgs ?? {};
  const sde = sourceDateEpoch(buildArgs);
  const created = sde !== undefined ? rfc3339(sde) : rfc3339(Math.floor(deps.now()) / 1000);
  const mtime = sde ?? Math.floor(deps.now() / 1000);
  let t = 0;

  const def = progress.start(`[internal] load build definition from ${name}`, t);
  const dfSize = enc.encode(req.dockerfile).byteLength + (req.dockerignore !== undefined ? enc.encode(req.dockerignore).byteLength : 0);
  progress.status(def, 'transferring dockerfile:', t, t + 10, dfSize);
  t += 20;
  progress.done(def, t);

  const platforms = req.platforms && req.platforms.length > 0 ? req.platforms : [undefined];
  // `<Dockerfile>.dockerignore` (read with the Dockerfile) wins over the context's `.dockerignore`
  const ignoreFile = req.dockerignore === undefined ? req.context.find((f) => f.path.replace(/^\.\//, '') === '.dockerignore' && f.type === 'file') : undefined;
  const ignoreText = req.dockerignore ?? (ignoreFile?.content ? new TextDecoder().decode(ignoreFile.content) : undefined);
  const ignore = ignoreText !== undefined ? ignoreMatcher(ignoreText) : undefined;
  const frontends: Frontend[] = platforms.map((p) =>
    loadDockerfile(req.dockerfile, {
      ...(req.target ? { target: req.target } : {}),
      buildArgs,
      ...(ignore ? { ignore } : {}),
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
  const fe0 = frontends[0]!;
  for (const w of fe0.warnings) progress.warning({ kind: 'warning', rule: w.rule, detail: w.detail, url: w.url, ranges: w.ranges });

  const syntax = fe0.parse.directives.syntax;
  if (syntax) {
    const ref = syntaxReference(req.dockerfile, syntax);
    const full = ref.full;
    const r = progress.start(`resolve image config for docker-image://${full}`, t);
    t += 500;
    try {
      checkSyntaxFrontend(req.dockerfile, ref);
    } catch (e) {
      progress.done(r, t, { error: (e as Error).message });
      throw e;
    }
    progress.done(r, t);
    const digest = `sha256:${await deps.platform.hasher.sha256([enc.encode(`frontend:${full}`)])}`;
    const fv = progress.start(`docker-image://${full}@${digest}`, t);
    progress.status(fv, `resolve ${full}@${digest}`, t, t);
    progress.done(fv, t, { cached: true });
  }

  const metaStart = t;
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
        const stage = fe.stages.find((s) => {
          const b = fe.graph.bases[s.index];
          return b?.kind === 'image' && parseReference(b.ref).full === ref;
        });
        // else the COPY --from or RUN --mount from= that names the image
        const via = stage ? undefined : fe.graph.edges.find((ed) => typeof ed.from === 'string' && sameImage(ed.from, ref))?.via;
        throw stage ? withRange(e, [stage.from.range], e.code) : via ? withRange(e, [via.range], e.code) : e;
      }
      progress.done(v, metaStart + 350);
    }
  }
  t = metaStart + (externalImages(fe0).length > 0 ? 350 : 0);

  if (req.dockerignore === undefined) {
    const iv = progress.start('[internal] load .dockerignore', t);
    progress.status(iv, 'transferring context:', t, t + 10, ignoreFile?.content?.byteLength ?? 2);
    t += 10;
    progress.done(iv, t);
  }

  const ctx = buildContext(req.context, ignoreText ?? '');
  const context = Snapshot.fromEntries(ctx.entries);
  if (frontends.some(usesContext)) {
    const cv = progress.start('[internal] load build context', t);
    const invalid = ignoreText !== undefined ? dockerignoreError(ignoreText) : undefined;
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
    t += ms;
  }

  const built: BuiltPlatform[] = [];
  let end = t;
  const shared = frontends.length > 1 ? new Map<string, Promise<StageRun>>() : undefined;
  for (const fe of frontends) {
    if (controller.signal.aborted || outer?.aborted) throw new CanceledError();
    const prefix = frontends.length > 1 ? `${formatPlatform(fe.targetPlatform)} ` : '';
    const out = await runStages(
      {
        fe, context, buildArgs, secrets: req.secrets ?? {}, noCache: req.noCache ?? false, created, mtime, start: t,
        platformPrefix: prefix, signal: controller.signal, abort: () => controller.abort(), ...stageExec, ...(shared ? { shared } : {}),
      },
      deps,
      progress,
    );
    built.push({ platform: formatPlatform(fe.targetPlatform), state: withLabels(out.target, req.labels) });
    end = Math.max(end, out.end);
  }

  const exported = await exportOutputs(req.outputs ?? [], built, end, progress, {
    created, tags: req.tags ?? [], deps: deps.platform, signal: controller.signal, ...(sde !== undefined ? { sourceDateEpoch: sde } : {}),
  });
  return {
    images: exported.images,
    outputs: exported.outputs,
    warnings: fe0.warnings,
    modeledMs: exported.end,
    filesystems: built.map((b) => b.state.snapshot),
  };
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
