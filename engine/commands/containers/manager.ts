/**
 * The containers of one sandbox: create, start, stop, remove, exec, logs. A running
 * container's process is the program's pending `run()` promise with its own
 * AbortController; what it prints goes to the container's log (and to the terminal while
 * `docker run` is attached). `exec` runs another program on the same copy-on-write
 * filesystem and in the same network namespace.
 *
 * Stopping aborts the process's signal, its reason the signal's name: `SIGTERM` (`docker
 * stop`), `SIGINT` (Ctrl+C on an attached run), `SIGKILL` (`rm -f`). A program that returns
 * then exits with its own status, but a Go binary as PID 1 exits 2 (`asPid1`); one that
 * throws once aborted was killed (137: SIGKILL after the grace period, as a PID 1 without a
 * handler ignores SIGTERM; 130 for Ctrl+C).
 *
 * Records may outlive their processes (the CLI stores them between commands, `store`): a
 * record that says running but has no process here is dormant, and is started again,
 * its output discarded, for the duration of an `exec` or to be stopped (the simulated
 * programs are deterministic, so it reaches the same state).
 */
import type { Overlay } from '../../fs/index.ts';
import type { PlatformDeps } from '../../platform/types.ts';
import { MissingBlobError, type StoredImage } from '../../store/index.ts';
import { resolveProgram } from '../../toolchain/registry.ts';
import type { ProgramResolver } from '../../toolchain/types.ts';
import type { LocalImages } from '../images.ts';
import { lookPath, rootfs, RUNTIME_ERR } from '../run.ts';
import { NameSource, VALID_NAME } from './names.ts';
import { NetworkSwitch } from './network.ts';
import { anySignal, appendLog, asPid1, endpointId, envMap, GO_BINARY, processContext } from './process.ts';
import { newRecord, type CreateSpec, type DaemonError } from './record.ts';
import type { ContainerRecord, ContainerStore } from './types.ts';

export type { CreateSpec, DaemonError };

/** Where a process's output goes besides the log while someone is attached. */
export type Attach = (fd: 1 | 2, text: string) => void;

export interface ManagerOptions {
  readonly images: LocalImages;
  readonly deps: PlatformDeps;
  /** Wall clock, ms. */
  readonly now: () => number;
  /** One turn of the event loop (`docker run -d` lets the process start before it returns). */
  readonly tick?: () => Promise<void>;
  /** Records kept between processes (the CLI); default: memory only. */
  readonly store?: ContainerStore;
  /** How programs are found (tests add their own); default: the sandbox's. */
  readonly programs?: ProgramResolver;
  /** Seed of names and IDs (default `stageplay`). */
  readonly seed?: string;
  /** Called after every change of a container's state (the page's Containers view). */
  readonly onChange?: () => void;
}

/** A process the manager started. */
interface Process {
  readonly controller: AbortController;
  /** Its exit status, once it ended (recorded or not). */
  readonly done: Promise<number>;
  ended: boolean;
  /** Started only for an exec or a stop of a dormant record: ends without changing the record. */
  transient: boolean;
}

/** The image a container was made from is no longer in the store. */
class ImageGoneError extends Error {
  constructor(imageId: string) {
    super(`No such image: ${imageId}`);
  }
}

/** Turns of the event loop `settle` waits at most for a process that neither ends nor listens. */
const SETTLE_TICKS = 400;
/** Turns without output after which a listening process is taken as waiting for requests. */
const QUIET_TICKS = 5;

export class ContainerManager {
  readonly network = new NetworkSwitch();
  private readonly records: ContainerRecord[];
  private readonly processes = new Map<string, Process>();
  /** The writable layer of each container (kept across restarts while this manager lives). */
  private readonly layers = new Map<string, Overlay>();
  private readonly attached = new Map<string, Set<Attach>>();
  private readonly ended = new Map<string, Set<() => void>>();
  private readonly names: NameSource;
  private readonly programs: ProgramResolver;
  private readonly tick: () => Promise<void>;

  constructor(private readonly opts: ManagerOptions) {
    this.records = opts.store?.load() ?? [];
    this.names = new NameSource(`${opts.seed ?? 'stageplay'}:${this.records.length}:${opts.now()}`);
    this.programs = opts.programs ?? resolveProgram;
    this.tick = opts.tick ?? (() => new Promise((r) => setTimeout(r, 0)));
  }

  /** Newest first, as `docker ps` lists them; `all` includes those not running. */
  list(all = true): ContainerRecord[] {
    return [...this.records].reverse().filter((c) => all || c.status === 'running');
  }

  /** A container made from image `imageId` (a running one first), for `rmi` and `image prune`. */
  imageUser(imageId: string): { id: string; running: boolean } | undefined {
    const users = this.records.filter((c) => c.imageId === imageId);
    const c = users.find((u) => u.status === 'running') ?? users[0];
    return c ? { id: c.id, running: c.status === 'running' } : undefined;
  }

  /** Docker's lookup: the full ID, then the name, then a unique ID prefix. */
  find(ref: string): ContainerRecord | undefined {
    const name = ref.replace(/^\//, '');
    const byId = this.records.find((c) => c.id === ref) ?? this.records.find((c) => c.name === name);
    if (byId || !/^[0-9a-f]+$/.test(ref)) return byId;
    const matches = this.records.filter((c) => c.id.startsWith(ref));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** `docker create`: the record, or the daemon's refusal. */
  async create(spec: CreateSpec): Promise<ContainerRecord | DaemonError> {
    const stored = this.opts.images.images.find(spec.image);
    if (!stored) return { error: `No such image: ${spec.image} (the sandbox is offline: build it first)`, code: 125 };
    if (spec.name !== undefined && !VALID_NAME.test(spec.name)) {
      return { error: `Invalid container name (${spec.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`, code: 125 };
    }
    const name = spec.name?.replace(/^\//, '') ?? this.names.name((n) => this.records.some((c) => c.name === n));
    const owner = this.records.find((c) => c.name === name);
    if (owner) {
      return {
        error: `Conflict. The container name "/${name}" is already in use by container "${owner.id}". You have to remove (or rename) that container to be able to reuse that name.`,
        code: 125,
      };
    }
    const record = newRecord(spec, stored, {
      id: this.names.id((short) => this.records.some((c) => c.id.startsWith(short))),
      name,
      created: this.opts.now(),
    });
    if ('code' in record) return record;
    this.records.push(record);
    this.changed();
    return record;
  }

  /**
   * `docker start`: the container's process on its filesystem, in a fresh network
   * namespace, its ports published. Resolves once it runs (or could not start: the
   * refusal; a container that fails to start stays `created`, or goes with `--rm`).
   */
  async start(c: ContainerRecord): Promise<DaemonError | undefined> {
    if (c.status === 'running') return undefined;
    for (const p of c.ports) {
      if (this.portOwner(p.hostPort, c.id)) {
        return this.failStart(c, `driver failed programming external connectivity on endpoint ${c.name} (${endpointId(c.id)}): Bind for ${p.hostIp || '0.0.0.0'}:${p.hostPort} failed: port is already allocated`, 125);
      }
    }
    let fs: Overlay;
    try {
      fs = await this.layerOf(c);
    } catch (err) {
      if (!(err instanceof MissingBlobError || err instanceof ImageGoneError)) throw err;
      return this.failStart(c, err.message, 125);
    }
    const env = envMap(c.config.env);
    const cwd = c.config.workingDir || '/';
    if (!lookPath(fs, c.path, cwd, env.get('PATH'))) {
      return this.failStart(c, `${RUNTIME_ERR} exec: "${c.path}": executable file not found in $PATH: unknown`, 127);
    }
    c.ip = this.freeIp();
    c.status = 'running';
    c.startedAt = this.opts.now();
    c.finishedAt = 0;
    c.exitCode = 0;
    c.error = '';
    this.launch(c, fs, false);
    this.changed();
    return undefined;
  }

  /**
   * Wait until `c`'s process has ended or is waiting (blocked on its signal, a server once it
   * listens), so `docker run -d`'s `logs` has its first lines and an `exec` finds the server
   * up. A process is taken as waiting when it listens and a few turns of the event loop pass
   * without new output; one that never listens, after `SETTLE_TICKS` turns.
   */
  async settle(c: ContainerRecord): Promise<void> {
    let quiet = 0;
    for (let i = 0; i < SETTLE_TICKS; i++) {
      const p = this.processes.get(c.id);
      if (!p || p.ended) return;
      const before = c.log.length + (c.log.at(-1)?.text.length ?? 0);
      await this.tick();
      quiet = c.log.length + (c.log.at(-1)?.text.length ?? 0) === before ? quiet + 1 : 0;
      if (quiet >= QUIET_TICKS && this.network.listening(c.id)) return;
    }
  }

  /** Resolves when `c`'s process has ended and its end is recorded (at once when it does not run). */
  whenStopped(c: ContainerRecord): Promise<void> {
    if (c.status !== 'running') return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.ended.get(c.id) ?? new Set();
      set.add(resolve);
      this.ended.set(c.id, set);
    });
  }

  /** Send `c`'s output to `to` as well as its log until `detach()` (an attached `docker run`, `logs -f`). */
  attach(c: ContainerRecord, to: Attach): () => void {
    const set = this.attached.get(c.id) ?? new Set();
    set.add(to);
    this.attached.set(c.id, set);
    return () => void set.delete(to);
  }

  /**
   * `docker stop` (SIGTERM) / `kill` (SIGKILL) / Ctrl+C on an attached run (SIGINT): abort
   * the process and wait for its end. A dormant record's process is started again first.
   */
  async stop(c: ContainerRecord, signal: 'SIGTERM' | 'SIGINT' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (c.status !== 'running') return;
    let p = this.processes.get(c.id);
    if (!p) {
      let fs: Overlay;
      try {
        fs = await this.layerOf(c);
      } catch (err) {
        if (!(err instanceof MissingBlobError || err instanceof ImageGoneError)) throw err;
        // a dormant record whose image's data is gone: nothing to start again, so it ends as killed
        this.finish(c, 137);
        return;
      }
      p = this.launch(c, fs, false);
      await this.settle(c);
    }
    const stopped = this.whenStopped(c);
    p.controller.abort(signal);
    await stopped;
  }

  /** `docker rm`: `force` stops a running one (SIGKILL) first. */
  async remove(c: ContainerRecord, force: boolean): Promise<DaemonError | undefined> {
    if (c.status === 'running') {
      if (!force) return { error: `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`, code: 1 };
      await this.stop(c, 'SIGKILL');
    }
    this.drop(c);
    return undefined;
  }

  /**
   * `docker exec`: `argv` in `c`'s filesystem and network namespace; output to `io`.
   * Returns the exit status, or the daemon's refusal.
   */
  async exec(
    c: ContainerRecord,
    argv: readonly string[],
    opts: { readonly env: readonly string[]; readonly workdir?: string; readonly signal?: AbortSignal },
    io: { stdout(t: string): void; stderr(t: string): void },
  ): Promise<number | DaemonError> {
    if (c.status !== 'running') return { error: `container ${c.id} is not running`, code: 1 };
    let p = this.processes.get(c.id);
    const dormant = !p;
    let fs: Overlay;
    try {
      fs = await this.layerOf(c);
    } catch (err) {
      if (!(err instanceof MissingBlobError || err instanceof ImageGoneError)) throw err;
      return { error: err.message, code: 126 };
    }
    if (!p) {
      p = this.launch(c, fs, true);
      await this.settle(c);
    }
    try {
      const env = envMap([...c.config.env, ...opts.env.filter((kv) => kv.includes('='))]);
      const cwd = opts.workdir || c.config.workingDir || '/';
      const path = lookPath(fs, argv[0]!, cwd, env.get('PATH'));
      if (!path) {
        return { error: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`, code: 127, plain: true };
      }
      const program = this.programs(path, fs);
      if (!program) {
        io.stderr(`exec ${path}: exec format error\n`);
        return 126;
      }
      const signal = opts.signal ? anySignal([opts.signal, p.controller.signal]) : p.controller.signal;
      try {
        const r = await program.run(argv, processContext(c, { fs, env, cwd, net: this.network.networkOf(c.id), signal, stdout: io.stdout, stderr: io.stderr, now: this.opts.now(), programs: this.programs, deps: this.opts.deps }));
        return r.exitCode;
      } catch (err) {
        if (signal.aborted) return 130;
        throw err;
      }
    } finally {
      if (dormant) {
        p.controller.abort('SIGKILL');
        await p.done;
      }
    }
  }

  /** `docker container prune`: every container not running; their IDs. */
  prune(): string[] {
    const gone = this.records.filter((c) => c.status !== 'running');
    for (const c of gone) this.drop(c);
    return gone.map((c) => c.id);
  }

  /**
   * The CLI's end: processes stop without their end being recorded (their records stay
   * running, dormant until the next command needs them), and the records are saved.
   */
  async suspend(): Promise<void> {
    const live = [...this.processes.values()];
    for (const p of live) p.transient = true;
    for (const p of live) p.controller.abort('SIGKILL');
    await Promise.all(live.map((p) => p.done));
    this.save();
  }

  /** Host port `port` is published by a running container other than `id`: its ID. */
  private portOwner(port: number, id: string): string | undefined {
    return this.records.find((o) => o.id !== id && o.status === 'running' && o.ports.some((p) => p.hostPort === port))?.id;
  }

  private failStart(c: ContainerRecord, error: string, code: number): DaemonError {
    c.error = error;
    c.exitCode = code;
    if (c.autoRemove) this.drop(c);
    else this.changed();
    return { error, code };
  }

  /** The container's filesystem: the image's, under the container's own writable layer. */
  private async layerOf(c: ContainerRecord): Promise<Overlay> {
    const have = this.layers.get(c.id);
    if (have) return have;
    const stored = this.opts.images.images.find(c.imageId);
    if (!stored) throw new ImageGoneError(c.imageId);
    const fs = (await rootfs(stored as StoredImage, this.opts.images, this.opts.deps)).edit();
    this.layers.set(c.id, fs);
    return fs;
  }

  /** Start `c`'s process on `fs`; `transient`: its output is discarded and its end not recorded. */
  private launch(c: ContainerRecord, fs: Overlay, transient: boolean): Process {
    const controller = new AbortController();
    const net = this.network.attach(c.id, c.id.slice(0, 12), c.ip || this.freeIp());
    if (!transient) for (const p of c.ports) this.network.publish(c.id, p.hostPort, p.containerPort);
    const env = envMap(c.config.env);
    const cwd = c.config.workingDir || '/';
    const write = (fd: 1 | 2) => (text: string) => {
      if (!proc.transient) this.output(c, fd, text);
    };
    const argv = [c.path, ...c.args];
    const run = async (): Promise<number> => {
      const path = lookPath(fs, c.path, cwd, env.get('PATH'))!;
      const program = this.programs(path, fs);
      if (!program) {
        write(2)(`exec ${path}: exec format error\n`);
        return 1;
      }
      try {
        const code = (await program.run(argv, processContext(c, { fs, env, cwd, net, signal: controller.signal, stdout: write(1), stderr: write(2), now: this.opts.now(), programs: this.programs, deps: this.opts.deps }))).exitCode;
        return program.name === GO_BINARY ? asPid1(code, controller.signal) : code;
      } catch (err) {
        if (controller.signal.aborted) return controller.signal.reason === 'SIGINT' ? 130 : 137;
        write(2)(`stageplay: internal error in the container's process (please report it): ${err instanceof Error ? err.message : String(err)}\n`);
        return 255;
      }
    };
    const proc: { -readonly [K in keyof Process]: Process[K] } = { controller, done: Promise.resolve(0), ended: false, transient };
    this.processes.set(c.id, proc);
    proc.done = run();
    void proc.done.then((code) => {
      proc.ended = true;
      if (this.processes.get(c.id) === proc) this.processes.delete(c.id);
      if (proc.transient) {
        // a dormant record's namespace goes with the process started for it
        if (!this.processes.has(c.id)) this.network.detach(c.id);
        return;
      }
      this.finish(c, code);
    });
    return proc;
  }

  /** `c`'s process ended with `code`: the record says so, `--rm` removes it, waiters go on. */
  private finish(c: ContainerRecord, code: number): void {
    this.network.detach(c.id);
    c.status = 'exited';
    c.exitCode = code;
    c.finishedAt = this.opts.now();
    c.ip = '';
    if (c.autoRemove) this.drop(c);
    else this.changed();
    for (const resolve of this.ended.get(c.id) ?? []) resolve();
    this.ended.delete(c.id);
  }

  private output(c: ContainerRecord, fd: 1 | 2, text: string): void {
    if (text === '') return;
    appendLog(c.log, fd, text);
    for (const to of this.attached.get(c.id) ?? []) to(fd, text);
  }

  /** The lowest free `172.17.0.N` of the default bridge. */
  private freeIp(): string {
    const used = new Set(this.records.map((c) => c.ip));
    for (let n = 2; ; n++) if (!used.has(`172.17.0.${n}`)) return `172.17.0.${n}`;
  }

  private drop(c: ContainerRecord): void {
    const i = this.records.indexOf(c);
    if (i >= 0) this.records.splice(i, 1);
    this.layers.delete(c.id);
    this.attached.delete(c.id);
    this.changed();
  }

  private changed(): void {
    this.save();
    this.opts.onChange?.();
  }

  private save(): void {
    this.opts.store?.save(this.records);
  }
}
