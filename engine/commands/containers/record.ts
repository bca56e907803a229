/** The record `docker create` makes: the process from the image's config and the command line. */
import { platformString, type StoredImage } from '../../store/index.ts';
import { containerArgv, imageRunConfig } from '../run.ts';
import type { ContainerRecord, PortBinding } from './types.ts';

/** What `docker run` / `docker create` asks for. */
export interface CreateSpec {
  readonly image: string;
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly entrypoint?: string;
  readonly name?: string;
  readonly rm: boolean;
  readonly ports: readonly PortBinding[];
  readonly tty: boolean;
  readonly interactive: boolean;
}

/** A refusal, as the daemon words it (without `Error response from daemon: `), and the CLI's exit code. */
export interface DaemonError {
  readonly error: string;
  readonly code: number;
  /** Printed as it is, without `Error response from daemon: ` (the runtime's own exec error). */
  readonly plain?: boolean;
}

/** A new `created` record for `spec` from image `stored`, with its ID, name and creation time; refused when there is nothing to run. */
export function newRecord(spec: CreateSpec, stored: StoredImage, at: { readonly id: string; readonly name: string; readonly created: number }): ContainerRecord | DaemonError {
  const cfg = imageRunConfig(stored);
  const { entrypoint, cmd } = containerArgv(cfg, spec.args, spec.entrypoint);
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0) return { error: 'no command specified', code: 125 };
  const env = [...(cfg.Env ?? []), ...spec.env.filter((kv) => kv.includes('='))];
  const exposed = new Set(Object.keys(cfg.ExposedPorts ?? {}));
  for (const p of spec.ports) exposed.add(`${p.containerPort}/${p.proto}`);
  return {
    id: at.id,
    name: at.name,
    image: spec.image,
    imageId: stored.id,
    platform: stored.platforms[0] ?? platformString({ os: 'linux', architecture: 'amd64' }),
    created: at.created,
    path: argv[0]!,
    args: argv.slice(1),
    config: {
      env,
      cmd: cmd.length > 0 || spec.entrypoint === undefined ? cmd : null,
      entrypoint: entrypoint.length > 0 ? entrypoint : null,
      workingDir: cfg.WorkingDir ?? '',
      user: cfg.User ?? '',
      exposedPorts: [...exposed].sort(),
      labels: cfg.Labels ?? {},
      tty: spec.tty,
      openStdin: spec.interactive,
    },
    autoRemove: spec.rm,
    ports: spec.ports,
    status: 'created',
    exitCode: 0,
    error: '',
    startedAt: 0,
    finishedAt: 0,
    ip: '',
    log: [],
  };
}
