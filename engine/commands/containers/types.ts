/** A container as Docker keeps it: plain data, so the CLI can store it between commands. */

/** `-p [IP:]HOST:CONTAINER[/PROTO]`, parsed. */
export interface PortBinding {
  /** `''` for all addresses (shown `0.0.0.0`). */
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly proto: 'tcp' | 'udp';
}

/** One chunk of a container's output, in order: 1 stdout, 2 stderr. */
export interface LogChunk {
  readonly fd: 1 | 2;
  readonly text: string;
}

/** The config a container was created with (inspect's `Config`). */
export interface ContainerConfig {
  /** The image's `Env` then `-e` values, `K=V`. */
  readonly env: readonly string[];
  readonly cmd: readonly string[] | null;
  readonly entrypoint: readonly string[] | null;
  readonly workingDir: string;
  readonly user: string;
  /** `3000/tcp`, ... from the image's `EXPOSE` and `-p`. */
  readonly exposedPorts: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly tty: boolean;
  readonly openStdin: boolean;
}

export type ContainerStatus = 'created' | 'running' | 'exited';

/** A container: created, running or exited. The manager changes the mutable fields. */
export interface ContainerRecord {
  /** 64 hex digits. */
  readonly id: string;
  /** Without the leading `/`. */
  readonly name: string;
  /** The image as given on the command line (`buildme`). */
  readonly image: string;
  /** `sha256:...` of the image config. */
  readonly imageId: string;
  readonly platform: string;
  /** ms since the epoch. */
  readonly created: number;
  /** The process: `argv[0]` and the rest (inspect's `Path` and `Args`). */
  readonly path: string;
  readonly args: readonly string[];
  readonly config: ContainerConfig;
  /** `--rm`. */
  readonly autoRemove: boolean;
  readonly ports: readonly PortBinding[];
  status: ContainerStatus;
  exitCode: number;
  /** Why it could not start (inspect's `State.Error`). */
  error: string;
  /** ms since the epoch; 0 when never started / not finished. */
  startedAt: number;
  finishedAt: number;
  /** `172.17.0.N` while it runs, `''` otherwise. */
  ip: string;
  /** What the process printed (the newest `LOG_LIMIT` characters). */
  log: LogChunk[];
}

/** Characters of output a container's log keeps (the oldest are dropped). */
export const LOG_LIMIT = 1 << 20;

/** Where container records outlive a process (the CLI's state root); the page keeps them in memory. */
export interface ContainerStore {
  load(): ContainerRecord[];
  save(records: readonly ContainerRecord[]): void;
}
