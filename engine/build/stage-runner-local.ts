/**
 * A `StageRunner` in this thread, over the engine pieces that exist today: the front end
 * (expanded steps), catalog base images, the copy-on-write fs, the shell and the mocked
 * toolchains. It handles FROM, RUN (shell and exec form), COPY (context and `--from`),
 * WORKDIR and the metadata instructions; other instructions fail with `unsupported`.
 * Interim: `engine/exec`'s stage executor replaces it behind the same `StageRunner`.
 */
import { loadDockerfile, type Frontend } from '../dockerfile/index.ts';
import { resolveImage } from '../catalog/index.ts';
import { Snapshot, copyTree, emptySnapshot } from '../fs/index.ts';
import type { Overlay } from '../fs/index.ts';
import { buildContext } from '../context/index.ts';
import { EngineError, ExecError } from '../source/errors.ts';
import { CanceledError } from '../exec/index.ts';
import type { Command } from '../dockerfile/instructions/commands.ts';
import { resolveProgram as programs } from '../toolchain/registry.ts';
import { baseImage } from './stage-runner-bases.ts';
import type { StageConfig, StageOutput, StageRunContext, StageRunner, StageTask } from './stage-runner.ts';
import type { BuildRequest } from './types.ts';

/** BuildKit's error when a stage is canceled (`context canceled`, code `canceled`, as the executor's). */
export function canceledError(): EngineError {
  return new CanceledError();
}

const frontends = new WeakMap<BuildRequest, { fe: Frontend; context: Snapshot }>();

function prepare(req: BuildRequest): { fe: Frontend; context: Snapshot } {
  let hit = frontends.get(req);
  if (!hit) {
    const fe = loadDockerfile(req.dockerfile, {
      target: req.target,
      buildArgs: req.buildArgs,
      platform: req.platforms?.[0],
      imageConfig: (ref) => {
        try {
          const c = resolveImage(ref, req.platforms?.[0] ?? 'linux/amd64').config.config;
          return { env: c.Env, workingDir: c.WorkingDir };
        } catch {
          return undefined;
        }
      },
    });
    hit = { fe, context: Snapshot.fromEntries(buildContext(req.context).entries) };
    frontends.set(req, hit);
  }
  return hit;
}

/** Commands that make a numbered step (BuildKit vertex) in this runner. */
const STEP_KINDS = new Set(['RUN', 'COPY', 'WORKDIR']);

const enc = new TextEncoder();

/** The interim in-thread runner. */
export function localStageRunner(): StageRunner {
  return { runStage };
}

async function runStage(task: StageTask, ctx: StageRunContext): Promise<StageOutput> {
  const { fe, context } = prepare(task.request);
  const stage = fe.stages[task.stage]!;
  const sim = fe.simulated.get(task.stage);
  if (!sim) throw new EngineError('internal', `stage ${task.stage} is not part of the build`);
  const plat = fe.targetPlatform;
  const platform = [plat.os, plat.architecture, plat.variant].filter(Boolean).join('/');
  const label = stage.name ?? `stage-${stage.index}`;
  const graphBase = fe.graph.bases[task.stage]!;
  let root = emptySnapshot();
  let base = root;
  let baseKey: string | undefined;
  let workdir = '/';
  const layers: Snapshot[] = [];
  const imageStep = graphBase.kind === 'image';
  if (graphBase.kind === 'stage') {
    const dep = task.deps.get(graphBase.index)!;
    ({ root, base, baseKey } = dep);
    layers.push(...dep.layers);
    workdir = dep.config.workdir;
  } else if (graphBase.kind === 'image') {
    const img = baseImage(fe.froms[task.stage]!.baseName, platform);
    ({ tree: root, key: baseKey } = img);
    base = root;
    workdir = img.config.config.WorkingDir || '/';
  }
  const steps = sim.steps.filter((s) => STEP_KINDS.has(s.command.kind));
  const total = steps.length + (imageStep ? 1 : 0);
  const width = String(total).length;
  let vertex = 0;
  let t = 0;
  let n = 0;
  const start = (name: string): number => {
    ctx.onEvent({ kind: 'vertex-start', t, vertex: ++vertex, name: `[${label} ${String(++n).padStart(width)}/${total}] ${name}`, stage: label });
    return vertex;
  };
  if (imageStep) {
    const v = start(`FROM ${fe.froms[task.stage]!.baseName}`);
    ctx.onEvent({ kind: 'vertex-done', t, vertex: v });
  }
  for (const step of sim.steps) {
    if (ctx.signal.aborted) throw canceledError();
    const cmd = step.command;
    if (cmd.kind === 'WORKDIR') workdir = cmd.path.startsWith('/') ? cmd.path : `${workdir.replace(/\/$/, '')}/${cmd.path}`;
    if (!STEP_KINDS.has(cmd.kind)) {
      if (['ENV', 'ARG', 'LABEL', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'USER', 'STOPSIGNAL', 'MAINTAINER'].includes(cmd.kind)) continue;
      throw new EngineError('unsupported', `${cmd.kind} is not supported by the interim stage runner`, [cmd.range]);
    }
    const v = start(cmd.original.replace(/^\S+/, cmd.kind));
    const o = root.edit({ now: 0 });
    let ms = 1;
    try {
      if (cmd.kind === 'WORKDIR') o.mkdir(workdir, { recursive: true });
      else if (cmd.kind === 'COPY') copyStep(cmd, o, context, task, fe, workdir);
      else if (cmd.kind === 'RUN') ms = await runStep(cmd, o, step.env, workdir, platform, ctx, v, () => t);
    } catch (err) {
      const canceled = ctx.signal.aborted;
      ctx.onEvent({ kind: 'vertex-done', t, vertex: v, ...(canceled ? { canceled: true } : { error: (err as Error).message }) });
      if (canceled) throw canceledError();
      throw err instanceof EngineError ? err : new ExecError('exec', (err as Error).message, [cmd.range], { stage: label, step: n });
    }
    t += ms;
    ctx.onEvent({ kind: 'vertex-done', t, vertex: v });
    root = o.commit().snapshot;
    layers.push(root);
  }
  const env = [...sim.state.configEnv.toMap()].map(([k, v]) => `${k}=${v}`);
  const config: StageConfig = { env, workdir, user: sim.state.user, platform };
  return { layers, root, base, ...(baseKey ? { baseKey } : {}), config, modeledMs: t };
}

function copyStep(cmd: Extract<Command, { kind: 'COPY' }>, o: Overlay, context: Snapshot, task: StageTask, fe: Frontend, workdir: string): void {
  let from = context;
  const ref = cmd.from;
  if (ref !== undefined) {
    const idx = /^\d+$/.test(ref) ? Number(ref) : fe.stages.findIndex((s) => s.name === ref.toLowerCase());
    const dep = task.deps.get(idx);
    if (!dep) throw new EngineError('unsupported', `COPY --from=${ref}: only stages are supported by the interim runner`, [cmd.range]);
    from = dep.root;
  }
  const dest = cmd.destPath.startsWith('/') ? cmd.destPath : `${workdir.replace(/\/$/, '')}/${cmd.destPath}`;
  const intoDir = /(^|\/)\.?$/.test(cmd.destPath) || cmd.sourcePaths.length > 1;
  for (const src of cmd.sourcePaths) {
    const path = `/${src.replace(/^\.?\/*/, '')}`;
    const node = from.get(path);
    if (!node) throw new ExecError('copy', `failed to calculate checksum of ref: "${src.replace(/^\.?\/*/, '/')}": not found`, [cmd.range]);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const target = intoDir && node.kind !== 'dir' ? `${dest.replace(/\/$/, '')}/${name}` : dest;
    copyTree(from, path, o, target, { uid: 0, gid: 0 });
  }
}

async function runStep(
  cmd: Extract<Command, { kind: 'RUN' }>, o: Overlay, env: ReadonlyMap<string, string>, cwd: string, platform: string,
  ctx: StageRunContext, vertex: number, now: () => number,
): Promise<number> {
  const argv = cmd.prependShell ? ['/bin/sh', '-c', cmd.cmdLine.join(' ')] : [...cmd.cmdLine];
  o.mkdir(cwd, { recursive: true });
  const log = (stream: 'stdout' | 'stderr') => (data: string) => ctx.onEvent({ kind: 'vertex-log', t: now(), vertex, data, stream });
  const file = o.stat(argv[0]!) ? argv[0]! : undefined;
  const tool = file ? programs(file, o) : undefined;
  const shown = JSON.stringify(argv.join(' ')).slice(1, -1);
  if (!tool) throw new ExecError('exec', `process "${shown}" did not complete successfully: exit code: 127`, [cmd.range]);
  const res = await tool.run(argv, {
    fs: o, env, cwd, platform, user: { uid: 0, gid: 0, name: 'root' },
    stdout: log('stdout'), stderr: log('stderr'), signal: ctx.signal, programs, stdin: enc.encode(''),
  });
  if (ctx.signal.aborted) throw canceledError();
  if (res.exitCode !== 0) {
    throw new ExecError('exec', `process "${shown}" did not complete successfully: exit code: ${res.exitCode}`, [cmd.range], { exitCode: res.exitCode });
  }
  return Math.max(1, Math.round(res.modeledMs));
}
