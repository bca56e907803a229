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
 * The image config a stage's steps change one after another, in time linear in the steps:
 * history, `Env`, `Labels`, `ExposedPorts`, `Volumes` and `OnBuild` are owned copies
 * changed in place (a Dockerfile of 20,000 `ENV` lines copies no list per line), and
 * {@link containerConfig} / {@link file} make the immutable config again, only after a change.
 */
export class ConfigDraft {
  private base: ConfigFile;
  private cc: ContainerConfig;
  private readonly history: History[];
  private env?: string[];
  private envIndex?: Map<string, number>;
  private labels?: Record<string, string>;
  private ports?: Record<string, object>;
  private volumes?: Record<string, object>;
  private onBuild?: string[];
  private made?: ContainerConfig;

  constructor(config: ConfigFile) {
    this.base = config;
    this.cc = config.config;
    this.history = [...(config.history ?? [])];
  }

  /** The container config as it is now (the same object until the next change). */
  containerConfig(): ContainerConfig {
    if (this.made) return this.made;
    const cc: ContainerConfig = {
      ...this.cc,
      ...(this.env ? { Env: [...this.env] } : {}),
      ...(this.labels ? { Labels: { ...this.labels } } : {}),
      ...(this.ports ? { ExposedPorts: { ...this.ports } } : {}),
      ...(this.volumes ? { Volumes: { ...this.volumes } } : {}),
      ...(this.onBuild ? { OnBuild: [...this.onBuild] } : {}),
    };
    this.made = cc;
    return cc;
  }

  /** The whole config file as it is now. */
  file(): ConfigFile {
    const { history: _h, ...base } = this.base;
    return { ...base, config: this.containerConfig(), ...(this.history.length > 0 || _h ? { history: [...this.history] } : {}) };
  }

  /** Appends a history entry. */
  addHistory(h: History): void {
    this.history.push(h);
  }

  /** Replaces fields of the container config other than the owned lists (`WorkingDir`, `User`, ...). */
  update(fields: Partial<ContainerConfig>): void {
    this.cc = { ...this.cc, ...fields };
    this.made = undefined;
  }

  private setEnv(key: string, value: string): void {
    if (!this.env || !this.envIndex) {
      this.env = [...(this.cc.Env ?? [])];
      this.envIndex = new Map();
      this.env.forEach((e, i) => {
        const eq = e.indexOf('=');
        const k = eq < 0 ? e : e.slice(0, eq);
        if (!this.envIndex!.has(k)) this.envIndex!.set(k, i);
      });
    }
    const i = this.envIndex.get(key);
    if (i !== undefined) this.env[i] = `${key}=${value}`;
    else {
      this.envIndex.set(key, this.env.length);
      this.env.push(`${key}=${value}`);
    }
  }

  /**
   * Applies metadata command `cmd`; `created` is the history time (absent: the exporter
   * times the entry, see `normalizeHistory`). Returns false for commands that are not metadata.
   */
  apply(cmd: Command, tracker: MetaTracker, created?: string): boolean {
    const c = this.cc;
    const hist = (createdBy: string): void => {
      this.history.push({ ...(created !== undefined ? { created } : {}), created_by: createdBy, comment: DOCKERFILE_HISTORY_COMMENT, empty_layer: true });
    };
    this.made = undefined;
    switch (cmd.kind) {
      case 'ENV':
        for (const kv of cmd.env) this.setEnv(kv.key, kv.value);
        if (!this.env) this.env = [];
        hist(`ENV ${cmd.env.map((kv) => `${kv.key}=${kv.value}`).join(' ')}`);
        return true;
      case 'LABEL':
        this.labels ??= { ...(c.Labels ?? {}) };
        for (const kv of cmd.labels) this.labels[kv.key] = kv.value;
        hist(`LABEL ${cmd.labels.map((kv) => `${kv.key}=${kv.value}`).join(' ')}`);
        return true;
      case 'USER':
        this.cc = { ...c, User: cmd.user };
        hist(`USER ${cmd.user}`);
        return true;
      case 'EXPOSE': {
        const ports = exposedPorts(cmd.ports, cmd.range);
        this.ports ??= { ...(c.ExposedPorts ?? {}) };
        for (const p of ports) this.ports[p] = {};
        hist(`EXPOSE ${plainList(ports)}`);
        return true;
      }
      case 'VOLUME': {
        for (const v of cmd.volumes) {
          if (v.trim() === '') throw new InstructionError('volume', 'VOLUME specified can not be an empty string', [cmd.range]);
        }
        this.volumes ??= { ...(c.Volumes ?? {}) };
        for (const v of cmd.volumes) this.volumes[v] = {};
        hist(`VOLUME ${plainList(cmd.volumes)}`);
        return true;
      }
      case 'STOPSIGNAL':
        this.cc = { ...c, StopSignal: cmd.signal };
        hist(`STOPSIGNAL ${cmd.signal}`);
        return true;
      case 'SHELL':
        this.cc = { ...c, Shell: [...cmd.shell] };
        hist(`SHELL ${plainList(cmd.shell)}`);
        return true;
      case 'MAINTAINER':
        this.base = { ...this.base, author: cmd.maintainer };
        hist(`MAINTAINER ${cmd.maintainer}`);
        return true;
      case 'CMD': {
        const args = withShell(c, cmd.cmdLine, cmd.prependShell);
        tracker.cmdSet = true;
        this.cc = { ...c, Cmd: args, ArgsEscaped: true };
        hist(`CMD ${quotedList(args)}`);
        return true;
      }
      case 'ENTRYPOINT': {
        const args = cmd.cmdLine === null ? undefined : withShell(c, cmd.cmdLine, cmd.prependShell);
        const { Entrypoint: _e, Cmd: cmdKept, ...rest } = c;
        this.cc = {
          ...rest,
          ...(args ? { Entrypoint: args } : {}),
          ...(tracker.cmdSet && cmdKept ? { Cmd: cmdKept } : {}),
        };
        hist(`ENTRYPOINT ${quotedList(args ?? [])}`);
        return true;
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
        this.cc = { ...c, Healthcheck: hc };
        hist(healthCreatedBy(h));
        return true;
      }
      case 'ARG':
        hist(`ARG ${cmd.args.map((a) => (a.value !== undefined ? `${a.key}=${a.value}` : a.key)).join(' ')}`);
        return true;
      case 'ONBUILD':
        this.onBuild ??= [...(c.OnBuild ?? [])];
        this.onBuild.push(cmd.expression);
        return true;
      default:
        return false;
    }
  }
}

/**
 * Applies metadata command `cmd` to `config` and returns the new config. `created` is the
 * history time (absent: the exporter times the entry, see `normalizeHistory`). Returns
 * undefined for commands that are not metadata.
 */
export function applyMetadata(config: ConfigFile, cmd: Command, tracker: MetaTracker, created?: string): ConfigFile | undefined {
  const draft = new ConfigDraft(config);
  return draft.apply(cmd, tracker, created) ? draft.file() : undefined;
}
