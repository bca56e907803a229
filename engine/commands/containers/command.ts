/**
 * The container commands (`run`, `ps`, `logs`, `exec`, `stop`, `start`, `rm`, `container
 * prune`, and `inspect`, which looks for a container before an image) over one
 * `ContainerManager`, printing what the Docker CLI prints. The CLI and the page's terminal
 * both call `runContainerCommand`.
 */
import { inspectImage } from '../../store/inspect.ts';
import type { CommandOutput } from '../frontend-calls.ts';
import type { DockerCommand } from '../docker.ts';
import type { LocalImages } from '../images.ts';
import { formatInspectObjects, formatPs, inspectContainer } from './format.ts';
import type { ContainerManager, DaemonError } from './manager.ts';
import type { ContainerRecord, PortBinding } from './types.ts';

/** The commands `runContainerCommand` runs. */
export type ContainerCommand = Extract<DockerCommand, { kind: 'run' | 'ps' | 'logs' | 'exec' | 'stop' | 'start' | 'rm' | 'container-prune' | 'inspect' }>;

const KINDS = new Set<DockerCommand['kind']>(['run', 'ps', 'logs', 'exec', 'stop', 'start', 'rm', 'container-prune', 'inspect']);

export function isContainerCommand(cmd: DockerCommand): cmd is ContainerCommand {
  return KINDS.has(cmd.kind);
}

/** Where a container command writes, the caller's environment (`-e NAME`), Ctrl+C and the clock. */
export interface ContainerIO extends CommandOutput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  now?(): number;
}

/** The containers and the image store (`run` creates from it, `inspect` falls back to it). */
export interface ContainerHost {
  readonly containers: ContainerManager;
  readonly images: LocalImages;
}

/** Run one container command; returns the exit code. */
export async function runContainerCommand(host: ContainerHost, cmd: ContainerCommand, io: ContainerIO): Promise<number> {
  const m = host.containers;
  const now = () => io.now?.() ?? Date.now();
  switch (cmd.kind) {
    case 'run':
      return run(host, cmd, io);
    case 'ps':
      io.stdout(formatPs(m.list(cmd.all), now(), cmd));
      return 0;
    case 'logs': {
      const c = m.find(cmd.container);
      if (!c) return noSuchContainer(io, cmd.container);
      for (const l of c.log) (l.fd === 1 ? io.stdout : io.stderr).call(io, l.text);
      if (cmd.follow && c.status === 'running') await follow(m, c, io);
      return 0;
    }
    case 'exec': {
      const c = m.find(cmd.container);
      if (!c) return noSuchContainer(io, cmd.container);
      const env = cmd.env.map((kv) => withHostValue(kv, io.env)).filter((kv): kv is string => kv !== undefined);
      const r = await m.exec(c, cmd.args, { env, ...(cmd.workdir ? { workdir: cmd.workdir } : {}), ...(io.signal ? { signal: io.signal } : {}) }, io);
      return typeof r === 'number' ? r : daemonError(io, r);
    }
    case 'stop':
    case 'start':
    case 'rm': {
      let code = 0;
      const failed: string[] = [];
      for (const ref of cmd.containers) {
        const c = m.find(ref);
        if (!c) {
          code = noSuchContainer(io, ref);
          failed.push(ref);
          continue;
        }
        let err: DaemonError | undefined;
        if (cmd.kind === 'stop') await m.stop(c);
        else if (cmd.kind === 'rm') err = await m.remove(c, cmd.force);
        else {
          err = await m.start(c);
          if (!err) await m.settle(c);
        }
        if (err) {
          code = daemonError(io, err, 1);
          failed.push(ref);
        } else io.stdout(`${ref}\n`);
      }
      if (cmd.kind === 'start' && failed.length > 0) io.stderr(`Error: failed to start containers: ${failed.join(', ')}\n`);
      return code;
    }
    case 'container-prune': {
      if (!cmd.force) {
        // the terminal reads no answers: the question, then what an answer at end of input does (nothing)
        io.stdout('WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] \n');
        return 0;
      }
      const ids = m.prune();
      io.stdout(`${ids.length > 0 ? `Deleted Containers:\n${ids.map((id) => `${id}\n`).join('')}\n` : ''}Total reclaimed space: 0B\n`);
      return 0;
    }
    case 'inspect': {
      const found: Record<string, unknown>[] = [];
      const missing: string[] = [];
      for (const ref of cmd.images) {
        const c = m.find(ref);
        const img = c ? undefined : host.images.images.find(ref);
        if (c) found.push(inspectContainer(c));
        else if (img) found.push(inspectImage(img));
        else missing.push(ref);
      }
      io.stdout(formatInspectObjects(found));
      for (const r of missing) io.stderr(`Error: No such object: ${r}\n`);
      return missing.length > 0 ? 1 : 0;
    }
  }
}

/** `docker run`: create, start, then detach (print the ID) or stay attached until the process ends or Ctrl+C. */
async function run(host: ContainerHost, cmd: Extract<ContainerCommand, { kind: 'run' }>, io: ContainerIO): Promise<number> {
  const m = host.containers;
  if (!host.images.images.find(cmd.image)) {
    io.stderr(`Unable to find image '${cmd.image}' locally\ndocker: Error response from daemon: No such image: ${cmd.image} (the sandbox is offline: build it first)\n`);
    return 125;
  }
  let ports: PortBinding[];
  try {
    ports = cmd.publish.map((p) => parsePublish(p, (port) => m.list(true).some((c) => c.status === 'running' && c.ports.some((b) => b.hostPort === port))));
  } catch (err) {
    io.stderr(`docker: ${(err as Error).message}\n\nRun 'docker run --help' for more information\n`);
    return 125;
  }
  const env = cmd.env.map((kv) => withHostValue(kv, io.env)).filter((kv): kv is string => kv !== undefined);
  const created = await m.create({
    image: cmd.image,
    args: cmd.args,
    env,
    ...(cmd.entrypoint !== undefined ? { entrypoint: cmd.entrypoint } : {}),
    ...(cmd.name !== undefined ? { name: cmd.name } : {}),
    rm: cmd.rm,
    ports,
    tty: cmd.tty,
    interactive: cmd.interactive,
  });
  if ('code' in created) return runError(io, created);
  const c = created;
  if (cmd.detach) {
    io.stdout(`${c.id}\n`);
    const err = await m.start(c);
    if (err) return runError(io, err);
    await m.settle(c);
    return 0;
  }
  const detach = m.attach(c, (fd, text) => (fd === 1 ? io.stdout(text) : io.stderr(text)));
  try {
    const err = await m.start(c);
    if (err) return runError(io, err);
    await waitOrInterrupt(m, c, io.signal);
  } finally {
    detach();
  }
  return c.exitCode;
}

/** Until `c` stops; Ctrl+C (an aborted `signal`) stops it as SIGINT does. */
async function waitOrInterrupt(m: ContainerManager, c: ContainerRecord, signal: AbortSignal | undefined): Promise<void> {
  const stopped = m.whenStopped(c);
  if (!signal) return stopped;
  const interrupted = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([stopped, interrupted]);
  if (signal.aborted) await m.stop(c, 'SIGINT');
}

/** `logs -f`: new output as it comes, until the container stops or Ctrl+C. */
async function follow(m: ContainerManager, c: ContainerRecord, io: ContainerIO): Promise<void> {
  const detach = m.attach(c, (fd, text) => (fd === 1 ? io.stdout(text) : io.stderr(text)));
  try {
    const stopped = m.whenStopped(c);
    if (!io.signal) return await stopped;
    const signal = io.signal;
    await Promise.race([stopped, new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })))]);
  } finally {
    detach();
  }
}

/**
 * `-p [IP:][HOST:]CONTAINER[/PROTO]`; without a host port, the lowest free one from 32768
 * (the kernel's ephemeral range, where Docker picks). `used` says which host ports are taken.
 */
export function parsePublish(value: string, used: (port: number) => boolean): PortBinding {
  const [spec, protoText = 'tcp'] = value.split('/');
  if (protoText !== 'tcp' && protoText !== 'udp') throw new Error(`Invalid proto: ${protoText}`);
  const parts = spec!.split(':');
  const containerText = parts.pop()!;
  const hostText = parts.pop() ?? '';
  const hostIp = parts.join(':');
  const port = (text: string, what: string) => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new Error(`Invalid ${what}: ${text}`);
    return n;
  };
  const containerPort = port(containerText, 'containerPort');
  let hostPort: number;
  if (hostText === '') {
    hostPort = 32768;
    while (used(hostPort)) hostPort++;
  } else hostPort = port(hostText, 'hostPort');
  return { hostIp, hostPort, containerPort, proto: protoText };
}

/** A bare `-e NAME` takes the caller's value, or is left out when unset (as Docker does). */
function withHostValue(kv: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (kv.includes('=')) return kv;
  const v = env[kv];
  return v === undefined ? undefined : `${kv}=${v}`;
}

/** `docker run`'s refusal: `docker: Error response from daemon: ...`, then where to read the usage. */
function runError(io: ContainerIO, err: DaemonError): number {
  io.stderr(`docker: Error response from daemon: ${err.error}\n\nRun 'docker run --help' for more information\n`);
  return err.code;
}

function daemonError(io: ContainerIO, err: DaemonError, code = err.code): number {
  io.stderr(err.plain ? `${err.error}\n` : `Error response from daemon: ${err.error}\n`);
  return code;
}

function noSuchContainer(io: ContainerIO, ref: string): number {
  io.stderr(`Error response from daemon: No such container: ${ref}\n`);
  return 1;
}
