/** The RUN step: cache key (env, cwd, user, mounts and their sources), mounts, process, layer. */
import { checksumPaths, digestFiles, type MountInputs, type StepInputs } from '../cache/index.ts';
import { commonInputs } from './explain.ts';
import type { Mount, RunCommand } from '../dockerfile/index.ts';
import { cleanPath, type Snapshot } from '../fs/index.ts';
import type { ContainerConfig } from '../image/index.ts';
import { refId, SourceNotFound } from './copy-sources.ts';
import { acquireCache, type CacheLease } from './cache-sharing.ts';
import { cacheMountId, graftMounts, hostsMount, mountTarget, procMount, prepareMounts, readOnlyViolation, unmount } from './mounts.ts';
import { ExecError } from '../source/errors.ts';
import { goQuote } from '../util/go-quote.ts';
import { limitedLog } from './log-limit.ts';
import { runArgs, runProcess } from './run.ts';
import { runStep, type StepResult } from './step.ts';
import type { StageInput, StageServices } from './types.ts';

/** Where a RUN starts. */
export interface RunState {
  readonly snapshot: Snapshot;
  readonly key: string;
  readonly config: ContainerConfig;
  readonly workdir: string;
  readonly user: string;
}

async function mountKey(m: Mount, workdir: string, input: StageInput, svc: StageServices): Promise<unknown> {
  const base = { type: m.type, target: mountTarget(m, workdir), readOnly: m.readOnly };
  switch (m.type) {
    case 'bind': {
      if (m.from === '') return { ...base, source: m.source, content: await checksumPaths(input.context, [cleanPath('/' + m.source)], svc.hasher) };
      return { ...base, source: m.source, from: svc.source(m.from).cacheKey };
    }
    case 'cache':
      return { ...base, id: m.id, sharing: m.sharing || 'shared', mode: m.mode, uid: m.uid, gid: m.gid, from: m.from, source: m.source };
    case 'secret':
      return { ...base, id: m.id || m.source, env: m.env, mode: m.mode, uid: m.uid, gid: m.gid, required: m.required };
    default:
      return base;
  }
}

/** A mount's source for explaining a run: the context files it binds, or the stage/cache it names. */
async function mountInputs(m: Mount, workdir: string, input: StageInput, svc: StageServices): Promise<MountInputs> {
  const target = mountTarget(m, workdir);
  if (m.type === 'bind' && m.from === '') return { target, files: await digestFiles(input.context, [cleanPath('/' + m.source)], svc.hasher) };
  if ((m.type === 'bind' || m.type === 'cache') && m.from) return { target, from: svc.source(m.from).cacheKey, source: `${m.from}:${cleanPath('/' + (m.source || '/'))}` };
  return { target };
}

/** What the RUN's key was made of, for explaining a run. */
async function runInputs(cmd: RunCommand, index: number, env: ReadonlyMap<string, string>, at: RunState, op: { network: string; security: string; platform: string; hostname?: string }, mounts: readonly Mount[], input: StageInput, svc: StageServices): Promise<Omit<StepInputs, 'parent'>> {
  const settings = [`workdir ${at.workdir}`, `user ${at.user || 'root'}`, `network ${op.network}`, `security ${op.security}`, `platform ${op.platform}`, ...(op.hostname ? [`hostname ${op.hostname}`] : [])].join(', ');
  const ms = await Promise.all(mounts.map((m) => mountInputs(m, at.workdir, input, svc)));
  return { ...commonInputs(input, index, cmd, env, at.key), settings, ...(ms.length ? { mounts: ms } : {}) };
}

/** Runs (or replays) RUN `cmd` at step `index` with build env `env`. */
export async function dispatchRun(
  cmd: RunCommand,
  index: number,
  env: ReadonlyMap<string, string>,
  at: RunState,
  input: StageInput,
  svc: StageServices,
): Promise<StepResult> {
  const mounts = cmd.mounts.filter((m): m is Mount => m !== undefined);
  const args = runArgs(cmd, at.config);
  // dockerui: a non-empty BUILDKIT_SANDBOX_HOSTNAME build arg is the exec's hostname (part of the op)
  const hostname = input.buildArgs.BUILDKIT_SANDBOX_HOSTNAME || undefined;
  const op = {
    kind: 'exec',
    args,
    env: [...env].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    cwd: at.workdir,
    user: at.user,
    network: cmd.network ?? 'default',
    security: cmd.security ?? 'sandbox',
    platform: input.platform,
    mounts: await Promise.all(mounts.map((m) => mountKey(m, at.workdir, input, svc))),
    ...(hostname ? { hostname } : {}),
  };
  return runStep(
    {
      index,
      parentKey: at.key,
      op,
      parent: at.snapshot,
      noCache: input.noCache,
      created: input.created,
      explain: {
        inputs: () => runInputs(cmd, index, env, at, op, mounts, input, svc),
        ...(input.history?.[index] ? { history: input.history[index] } : {}),
      },
      run: async () => {
        const ns = input.buildArgs.BUILDKIT_CACHE_MOUNT_NS || undefined;
        const leases: CacheLease[] = [];
        const privateIds = new Set<string>();
        const held = new Set<string>();
        try {
          for (const m of mounts) {
            if (m.type !== 'cache') continue;
            const id = cacheMountId(m, at.workdir, ns);
            if (held.has(id)) continue;
            held.add(id);
            const lease = await acquireCache(svc.cacheMounts, id, m.sharing);
            leases.push(lease);
            if (!lease.shared) privateIds.add(id);
          }
          return await runWithMounts(privateIds);
        } finally {
          for (const l of leases) l.release();
        }
      },
    },
    svc,
  );

  async function runWithMounts(privateIds: ReadonlySet<string>): Promise<{ snapshot: Snapshot; modeledMs: number }> {
    const missing = (p: string) => new SourceNotFound(p, refId(at.key.replace(/^[a-z0-9]+:/, '')));
    const { prepared, env: extraEnv } = prepareMounts(
      mounts,
      at.workdir,
      {
        context: input.context,
        from: (ref) => svc.source(ref).snapshot,
        cacheMounts: svc.cacheMounts,
        secrets: input.secrets,
        ...(input.buildArgs.BUILDKIT_CACHE_MOUNT_NS ? { cacheNamespace: input.buildArgs.BUILDKIT_CACHE_MOUNT_NS } : {}),
      },
      missing,
      privateIds,
    );
    prepared.unshift(hostsMount(hostname));
    prepared.unshift(procMount(prepared));
    const mounted = graftMounts(at.snapshot, prepared);
    // BuildKit's step log limit: the first 2 MiB of each stream, then the end of the output when the process ends
    const logs = limitedLog((data, stream) => svc.hooks.log(index, redact(data, input.secrets), stream));
    const { after, modeledMs } = await runProcess(cmd, {
      root: mounted,
      config: at.config,
      workdir: at.workdir,
      user: at.user,
      env,
      buildArgs: input.buildArgs,
      extraEnv,
      platform: input.platform,
      ...(input.hostPlatform ? { hostPlatform: input.hostPlatform } : {}),
      programs: svc.programs,
      deps: { hasher: svc.hasher, gzip: svc.gzip },
      ...(svc.signal ? { signal: svc.signal } : {}),
      mtime: input.mtime,
      mounts: prepared,
      ...(hostname ? { hostname } : {}),
      log: logs.log,
    }).finally(() => logs.flush());
    const denied = readOnlyViolation(mounted, after, prepared);
    if (denied !== undefined) {
      svc.hooks.log(index, `${denied}: Read-only file system\n`, 'stderr');
      throw new ExecError('run-exit', `process ${goQuote(args.join(' '))} did not complete successfully: exit code: 1`, [], { exitCode: 1, readOnly: denied });
    }
    return { snapshot: unmount(at.snapshot, mounted, after, prepared, svc.cacheMounts), modeledMs };
  }
}

const dec = new TextDecoder();

/** Output with secret values masked, so they never reach a log. */
export function redact(data: string, secrets: StageInput['secrets']): string {
  let out = data;
  for (const v of Object.values(secrets)) {
    const s = dec.decode(v).trim();
    if (s.length >= 3) out = out.split(s).join('****');
  }
  return out;
}
