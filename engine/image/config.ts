/**
 * The image config (OCI `config.json` with Docker's extensions) and its serialisation in
 * BuildKit's exact shape: top-level keys sorted (BuildKit re-encodes a map), nested
 * objects in Go struct order, empty fields omitted, compact JSON.
 */
import type { Digest } from './digest.ts';
import { goJson, ordered } from './json.ts';

/** Docker's HEALTHCHECK settings; durations in nanoseconds. */
export interface HealthConfig {
  readonly Test?: readonly string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly StartInterval?: number;
  readonly Retries?: number;
}

/** The runtime defaults of a container (`config` in config.json). */
export interface ContainerConfig {
  readonly User?: string;
  /** Keys `port/proto`, values `{}`. */
  readonly ExposedPorts?: Readonly<Record<string, object>>;
  /** `NAME=value` entries. */
  readonly Env?: readonly string[];
  readonly Entrypoint?: readonly string[];
  readonly Cmd?: readonly string[];
  readonly Volumes?: Readonly<Record<string, object>>;
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>>;
  readonly StopSignal?: string;
  readonly ArgsEscaped?: boolean;
  readonly Healthcheck?: HealthConfig;
  readonly OnBuild?: readonly string[];
  readonly Shell?: readonly string[];
}

/** One history entry; `created` is RFC 3339. */
export interface History {
  readonly created?: string;
  readonly created_by?: string;
  readonly author?: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

/** The image config. */
export interface ConfigFile {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly 'os.version'?: string;
  readonly 'os.features'?: readonly string[];
  readonly author?: string;
  /** RFC 3339; set by the exporter from the last history entry when absent. */
  readonly created?: string;
  readonly config: ContainerConfig;
  /** diff_ids base first, one per layer. */
  readonly rootfs: { readonly type: 'layers'; readonly diff_ids: readonly Digest[] };
  readonly history?: readonly History[];
}

/** History comment of every entry written by the Dockerfile frontend. */
export const DOCKERFILE_HISTORY_COMMENT = 'buildkit.dockerfile.v0';
/** History comment of entries the exporter adds for layers without one. */
export const EXPORTER_HISTORY_COMMENT = 'buildkit.exporter.image.v0';
/** BuildKit's default PATH on Linux. */
export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const CONTAINER_ORDER = ['User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Volumes', 'WorkingDir', 'Labels', 'StopSignal', 'ArgsEscaped', 'Healthcheck', 'OnBuild', 'Shell'];
const HEALTH_ORDER = ['Test', 'Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'];
const HISTORY_ORDER = ['created', 'created_by', 'author', 'comment', 'empty_layer'];

/** Go map encoding sorts keys. */
function sortedMap<T>(m: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined {
  if (m === undefined) return undefined;
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));
}

/** The config's JSON bytes exactly as BuildKit's exporter writes them. */
export function configJson(cfg: ConfigFile): string {
  const c = cfg.config;
  const container = ordered(
    {
      ...c,
      ExposedPorts: sortedMap(c.ExposedPorts),
      Volumes: sortedMap(c.Volumes),
      Labels: sortedMap(c.Labels),
      Healthcheck: c.Healthcheck && ordered(c.Healthcheck, HEALTH_ORDER),
    },
    CONTAINER_ORDER,
  );
  const top: Record<string, unknown> = {
    architecture: cfg.architecture,
    author: cfg.author || undefined,
    config: container,
    created: cfg.created,
    history: cfg.history && cfg.history.length > 0 ? cfg.history.map((h) => ordered(h, HISTORY_ORDER)) : undefined,
    os: cfg.os,
    'os.features': cfg['os.features']?.length ? cfg['os.features'] : undefined,
    'os.version': cfg['os.version'] || undefined,
    rootfs: { type: cfg.rootfs.type, diff_ids: cfg.rootfs.diff_ids },
    variant: cfg.variant || undefined,
  };
  const keys = Object.keys(top).filter((k) => top[k] !== undefined).sort();
  return goJson(Object.fromEntries(keys.map((k) => [k, top[k]])));
}
