/**
 * What a container's process runs with: its ExecContext (filesystem, environment, user,
 * hostname, network namespace, signal), its log, and how a Go binary exits as PID 1.
 */
import type { Overlay } from '../../fs/index.ts';
import type { SimNetwork } from '../../toolchain/net.ts';
import type { ExecContext, ProcessDeps, ProgramResolver } from '../../toolchain/types.ts';
import { LOG_LIMIT, type ContainerRecord, type LogChunk } from './types.ts';

/** What differs between a container's main process and an `exec`. */
export interface ProcessSetting {
  readonly fs: Overlay;
  readonly env: ReadonlyMap<string, string>;
  readonly cwd: string;
  readonly net: SimNetwork | undefined;
  readonly signal: AbortSignal;
  stdout(t: string): void;
  stderr(t: string): void;
  /** Wall clock, ms. */
  readonly now: number;
  readonly programs: ProgramResolver;
  /** The platform's hashing and gzip (`ExecContext.deps`). */
  readonly deps: ProcessDeps;
}

/** The ExecContext of a process in container `c`: its user (the image's `USER`, root by default), hostname (the short ID). */
export function processContext(c: ContainerRecord, s: ProcessSetting): ExecContext {
  const uid = /^\d+/.test(c.config.user) ? Number(c.config.user.split(':')[0]) : 0;
  const gid = /^\d+:\d+$/.test(c.config.user) ? Number(c.config.user.split(':')[1]) : uid;
  return {
    fs: s.fs,
    env: s.env,
    cwd: s.cwd,
    user: { uid, gid, name: uid === 0 ? 'root' : String(uid) },
    platform: c.platform,
    hostname: c.id.slice(0, 12),
    now: Math.floor(s.now / 1000),
    stdin: new Uint8Array(),
    stdout: s.stdout,
    stderr: s.stderr,
    signal: s.signal,
    ...(s.net ? { net: s.net } : {}),
    programs: s.programs,
    deps: s.deps,
  };
}

/** Append `text` on `fd` to a container's log, keeping its newest `LOG_LIMIT` characters. */
export function appendLog(log: LogChunk[], fd: 1 | 2, text: string): void {
  const last = log.at(-1);
  if (last && last.fd === fd) log[log.length - 1] = { fd, text: last.text + text };
  else log.push({ fd, text });
  trimLog(log);
}

/** The name of the Toolchain that runs binaries built by the simulated `go build` (`toolchain/go/interp/program.ts`). */
export const GO_BINARY = 'binary';

/**
 * A Go program's status as a container's PID 1. Killed by SIGTERM or SIGINT elsewhere it
 * reports 128+N; but Go's runtime handles every signal, and on one that should end the
 * program it restores the default action and raises it again (`dieFromSignal`). The kernel
 * does not deliver a default-action signal to a namespace's PID 1, so the runtime falls
 * through to `exit(2)`: `docker stop` of a Go server shows `Exited (2)`. SIGKILL is never
 * caught (137).
 */
export function asPid1(code: number, signal: AbortSignal): number {
  if (!signal.aborted) return code;
  return code === 128 + 15 || code === 128 + 2 ? 2 : code;
}

/** The log's newest `LOG_LIMIT` characters. */
function trimLog(log: LogChunk[]): void {
  let total = log.reduce((n, l) => n + l.text.length, 0);
  while (total > LOG_LIMIT && log.length > 0) {
    const first = log[0]!;
    const cut = Math.min(first.text.length, total - LOG_LIMIT);
    if (cut === first.text.length) log.shift();
    else log[0] = { fd: first.fd, text: first.text.slice(cut) };
    total -= cut;
  }
}

export function envMap(list: readonly string[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  if (!env.has('PATH')) env.set('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  if (!env.has('HOME')) env.set('HOME', '/root');
  return env;
}

/** The network endpoint's ID Docker names in a port error (64 hex, derived from the container's). */
export function endpointId(id: string): string {
  return [...id].reverse().join('');
}

/** An AbortSignal aborted when any of `signals` is. */
export function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}
