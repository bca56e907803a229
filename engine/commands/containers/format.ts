/** `docker ps` and `docker inspect` of containers, as the Docker CLI and Engine print them. */
import { tabwrite } from '../../report/tabwriter.ts';
import { humanDuration } from '../../store/format.ts';
import { goQuote } from '../../util/go-quote.ts';
import type { ContainerRecord } from './types.ts';

/** Go's zero time, as the Engine prints an unset time. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The Engine's `State.String()`: `Up 5 seconds`, `Exited (2) 3 seconds ago`, `Created`. */
export function statusText(c: ContainerRecord, now: number): string {
  if (c.status === 'running') return `Up ${humanDuration(now - c.startedAt)}`;
  if (c.status === 'exited') return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
  return 'Created';
}

/** The PORTS column: published ports `0.0.0.0:3000->3000/tcp`, exposed ones `3000/tcp`; nothing when it does not run. */
export function portsText(c: ContainerRecord): string {
  if (c.status !== 'running') return '';
  const published = c.ports.map((p) => `${p.hostIp || '0.0.0.0'}:${p.hostPort}->${p.containerPort}/${p.proto}`);
  const bound = new Set(c.ports.map((p) => `${p.containerPort}/${p.proto}`));
  return [...published, ...c.config.exposedPorts.filter((e) => !bound.has(e))].join(', ');
}

/**
 * The COMMAND column: the Engine's `Path Args`, an argument with a space in single quotes
 * (`sh -c 'echo hi'`), cut to 20 characters with `…` unless `--no-trunc`, then quoted as
 * Go's `strconv.Quote`.
 */
export function commandText(c: ContainerRecord, trunc: boolean): string {
  let command = [c.path, ...c.args.map((a) => (a.includes(' ') ? `'${a}'` : a))].join(' ');
  const chars = [...command];
  if (trunc && chars.length > 20) command = chars.slice(0, 19).join('') + '…';
  return goQuote(command);
}

/** `docker ps [-a] [-q] [--no-trunc]`. `containers` newest first. */
export function formatPs(containers: readonly ContainerRecord[], now: number, opts: { quiet: boolean; noTrunc: boolean }): string {
  const id = (c: ContainerRecord) => (opts.noTrunc ? c.id : c.id.slice(0, 12));
  if (opts.quiet) return containers.map((c) => `${id(c)}\n`).join('');
  let text = 'CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES\n';
  for (const c of containers) {
    text += `${id(c)}\t${c.image}\t${commandText(c, !opts.noTrunc)}\t${humanDuration(now - c.created)} ago\t${statusText(c, now)}\t${portsText(c)}\t${c.name}\n`;
  }
  return tabwrite(text, { minWidth: 10, padding: 3 });
}

/** One element of `docker inspect`'s array for a container, in the Engine's key order (the parts the sandbox models). */
export function inspectContainer(c: ContainerRecord): Record<string, unknown> {
  const running = c.status === 'running';
  const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  const livePorts: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const e of c.config.exposedPorts) livePorts[e] = null;
  for (const p of c.ports) {
    const key = `${p.containerPort}/${p.proto}`;
    (portBindings[key] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
    (livePorts[key] ??= []).push({ HostIp: p.hostIp || '0.0.0.0', HostPort: String(p.hostPort) });
  }
  return {
    Id: c.id,
    Created: iso(c.created),
    Path: c.path,
    Args: c.args,
    State: {
      Status: c.status,
      Running: running,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: running ? 1 : 0,
      ExitCode: c.exitCode,
      Error: c.error,
      StartedAt: c.startedAt ? iso(c.startedAt) : ZERO_TIME,
      FinishedAt: c.finishedAt ? iso(c.finishedAt) : ZERO_TIME,
    },
    Image: c.imageId,
    Name: `/${c.name}`,
    RestartCount: 0,
    Driver: 'overlayfs',
    Platform: c.platform.split('/')[0],
    ExecIDs: null,
    HostConfig: {
      NetworkMode: 'bridge',
      PortBindings: portBindings,
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: c.autoRemove,
    },
    Mounts: [],
    Config: {
      Hostname: c.id.slice(0, 12),
      Domainname: '',
      User: c.config.user,
      AttachStdin: c.config.openStdin,
      AttachStdout: true,
      AttachStderr: true,
      ...(c.config.exposedPorts.length > 0 ? { ExposedPorts: Object.fromEntries(c.config.exposedPorts.map((e) => [e, {}])) } : {}),
      Tty: c.config.tty,
      OpenStdin: c.config.openStdin,
      StdinOnce: c.config.openStdin,
      Env: c.config.env,
      Cmd: c.config.cmd,
      Image: c.image,
      Volumes: null,
      WorkingDir: c.config.workingDir,
      Entrypoint: c.config.entrypoint,
      OnBuild: null,
      Labels: c.config.labels,
    },
    NetworkSettings: {
      Ports: running ? livePorts : {},
      Gateway: running ? '172.17.0.1' : '',
      IPAddress: c.ip,
      IPPrefixLen: running ? 16 : 0,
      Networks: {
        bridge: { Gateway: running ? '172.17.0.1' : '', IPAddress: c.ip, IPPrefixLen: running ? 16 : 0 },
      },
    },
  };
}

/** Docker's `inspect` output for a mix of containers and images: an indented JSON array, `<>&` escaped as Go's encoder does. */
export function formatInspectObjects(objects: readonly Record<string, unknown>[]): string {
  return JSON.stringify(objects, null, 4).replace(/[<>&]/g, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`) + '\n';
}

/** RFC 3339 with nanoseconds, as Go's `time.Time` marshals (`2024-05-01T10:00:00.123000000Z`). */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
