/**
 * The metadata instructions: ENV, LABEL, USER, EXPOSE, VOLUME, STOPSIGNAL, SHELL,
 * MAINTAINER, CMD, ENTRYPOINT, HEALTHCHECK, ARG, ONBUILD. Each changes only the image
 * config and adds an `empty_layer` history entry (ONBUILD adds none), as BuildKit does.
 */
import type { Command } from '../dockerfile/index.ts';
import { InstructionError } from '../source/errors.ts';
import type { ConfigFile, ContainerConfig, History } from '../image/index.ts';
import { DOCKERFILE_HISTORY_COMMENT } from '../image/index.ts';
import { healthCreatedBy, plainList, quotedList } from './history.ts';

/** Per-stage dispatch memory: whether CMD was set in this stage (ENTRYPOINT keeps it then). */
export interface MetaTracker {
  cmdSet: boolean;
}

/** The default shell of shell-form RUN/CMD/ENTRYPOINT on Linux. */
export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

/** Shell-form args wrapped with the config's SHELL (BuildKit `withShell`). */
export function withShell(config: ContainerConfig, cmdLine: readonly string[], prependShell: boolean): string[] {
  if (!prependShell) return [...cmdLine];
  return [...(config.Shell ?? DEFAULT_SHELL), cmdLine.join(' ')];
}

function setEnv(env: readonly string[] | undefined, key: string, value: string): string[] {
  const out = [...(env ?? [])];
  const i = out.findIndex((e) => e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('=')) === key);
  if (i >= 0) out[i] = `${key}=${value}`;
  else out.push(`${key}=${value}`);
  return out;
}

/** EXPOSE specs → `port/proto` keys (ranges expanded, `ip:host:` dropped, tcp by default). */
export function exposedPorts(specs: readonly string[], range: Command['range']): string[] {
  const out: string[] = [];
  for (const spec of specs) {
    const slash = spec.lastIndexOf('/');
    let proto = slash >= 0 ? spec.slice(slash + 1).toLowerCase() : 'tcp';
    let port = slash >= 0 ? spec.slice(0, slash) : spec;
    if (proto === '') proto = 'tcp';
    port = port.slice(port.lastIndexOf(':') + 1);
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(port);
    if (!m) throw new InstructionError('expose', `invalid containerPort: ${port}`, [range]);
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : from;
    if (to < from) throw new InstructionError('expose', `invalid range specified for container port: ${port}`, [range]);
    for (let p = from; p <= to; p++) out.push(`${p}/${proto}`);
  }
  return out;
}

/**
 * Applies metadata command `cmd` to `config` and returns the new config. `created` is the
 * history time (absent: the exporter times the entry, see `normalizeHistory`). Returns
 * undefined for commands that are not metadata.
 */
export function applyMetadata(config: ConfigFile, cmd: Command, tracker: MetaTracker, created?: string): ConfigFile | undefined {
  const c = config.config;
  const hist = (createdBy: string): History[] => [
    ...(config.history ?? []),
    { ...(created !== undefined ? { created } : {}), created_by: createdBy, comment: DOCKERFILE_HISTORY_COMMENT, empty_layer: true },
  ];
  const next = (cc: ContainerConfig, createdBy: string | undefined, extra: Partial<ConfigFile> = {}): ConfigFile => ({
    ...config,
    ...extra,
    config: cc,
    ...(createdBy !== undefined ? { history: hist(createdBy) } : {}),
  });
  switch (cmd.kind) {
    case 'ENV': {
      let env = c.Env;
      for (const kv of cmd.env) env = setEnv(env, kv.key, kv.value);
      return next({ ...c, Env: env ?? [] }, `ENV ${cmd.env.map((kv) => `${kv.key}=${kv.value}`).join(' ')}`);
    }
    case 'LABEL': {
      const labels = { ...(c.Labels ?? {}) };
      for (const kv of cmd.labels) labels[kv.key] = kv.value;
      return next({ ...c, Labels: labels }, `LABEL ${cmd.labels.map((kv) => `${kv.key}=${kv.value}`).join(' ')}`);
    }
    case 'USER':
      return next({ ...c, User: cmd.user }, `USER ${cmd.user}`);
    case 'EXPOSE': {
      const ports = exposedPorts(cmd.ports, cmd.range);
      const exposed: Record<string, object> = { ...(c.ExposedPorts ?? {}) };
      for (const p of ports) exposed[p] = {};
      return next({ ...c, ExposedPorts: exposed }, `EXPOSE ${plainList(ports)}`);
    }
    case 'VOLUME': {
      const vols: Record<string, object> = { ...(c.Volumes ?? {}) };
      for (const v of cmd.volumes) {
        if (v.trim() === '') throw new InstructionError('volume', 'VOLUME specified can not be an empty string', [cmd.range]);
        vols[v] = {};
      }
      return next({ ...c, Volumes: vols }, `VOLUME ${plainList(cmd.volumes)}`);
    }
    case 'STOPSIGNAL':
      return next({ ...c, StopSignal: cmd.signal }, `STOPSIGNAL ${cmd.signal}`);
    case 'SHELL':
      return next({ ...c, Shell: [...cmd.shell] }, `SHELL ${plainList(cmd.shell)}`);
    case 'MAINTAINER':
      return next(c, `MAINTAINER ${cmd.maintainer}`, { author: cmd.maintainer });
    case 'CMD': {
      const args = withShell(c, cmd.cmdLine, cmd.prependShell);
      tracker.cmdSet = true;
      return next({ ...c, Cmd: args, ArgsEscaped: true }, `CMD ${quotedList(args)}`);
    }
    case 'ENTRYPOINT': {
      const args = cmd.cmdLine === null ? undefined : withShell(c, cmd.cmdLine, cmd.prependShell);
      const { Entrypoint: _e, Cmd: cmdKept, ...rest } = c;
      const cc: ContainerConfig = {
        ...rest,
        ...(args ? { Entrypoint: args } : {}),
        ...(tracker.cmdSet && cmdKept ? { Cmd: cmdKept } : {}),
      };
      return next(cc, `ENTRYPOINT ${quotedList(args ?? [])}`);
    }
    case 'HEALTHCHECK': {
      const h = cmd.health;
      const hc = {
        Test: [...h.test],
        ...(h.interval ? { Interval: h.interval } : {}),
        ...(h.timeout ? { Timeout: h.timeout } : {}),
        ...(h.startPeriod ? { StartPeriod: h.startPeriod } : {}),
        ...(h.startInterval ? { StartInterval: h.startInterval } : {}),
        ...(h.retries ? { Retries: h.retries } : {}),
      };
      return next({ ...c, Healthcheck: hc }, healthCreatedBy(h));
    }
    case 'ARG':
      return next(c, `ARG ${cmd.args.map((a) => (a.value !== undefined ? `${a.key}=${a.value}` : a.key)).join(' ')}`);
    case 'ONBUILD':
      return next({ ...c, OnBuild: [...(c.OnBuild ?? []), cmd.expression] }, undefined);
    default:
      return undefined;
  }
}
