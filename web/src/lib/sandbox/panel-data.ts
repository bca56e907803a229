/**
 * What the UI panels read from the sandbox, as plain data: the live build, the learner's
 * build and run records (for lesson checks), and the image store's contents. The
 * `SandboxClient` implements it (its engine side may live in a worker), and panels take
 * it as props, so each panel can be tested with a fake.
 */
import type { LayerChange } from '#engine/fs';
import type { BuildEvent } from '#engine/progress';
import type { BuildRecord, RunRecord } from '#engine/lessons';

/** One `docker build` as the build panels show it, live while it runs. */
export interface BuildView {
  /** 1, 2, ... in the session. */
  readonly id: number;
  /** The command line as typed. */
  readonly command: string;
  /** The Dockerfile text the build read (for the stage graph). */
  readonly dockerfile: string;
  /** `--target`, when given. */
  readonly target?: string;
  /** `--platform` values, when given. */
  readonly platforms: readonly string[];
  /** Every progress event so far, in order (`t` = modeled ms, `realMs`, `worker`). */
  readonly events: readonly BuildEvent[];
  readonly status: 'running' | 'done' | 'failed' | 'canceled';
  /** The error message of a failed build. */
  readonly error?: string;
}

/** One row of `docker images`, with what a panel needs to go deeper. */
export interface ImageSummary {
  /** `buildme:latest` (normalised display form), or `<none>:<none>`. */
  readonly ref: string;
  /** `sha256:...` of the config (Docker's image ID). */
  readonly id: string;
  /** Bytes as `docker images` shows them (sum of compressed layers). */
  readonly size: number;
  /** ms since the epoch. */
  readonly created: number;
  /** `linux/amd64`, ... */
  readonly platforms: readonly string[];
}

/** One layer (or empty history entry) of an image, as `docker history` lists it, oldest first. */
export interface ImageLayer {
  /** Index into the image's history, oldest first. */
  readonly index: number;
  /** The instruction that made it (`RUN /bin/sh -c go build ...`, `COPY . . # buildkit`). */
  readonly createdBy: string;
  /** Compressed bytes (0 for an empty layer). */
  readonly size: number;
  /** Uncompressed bytes of the layer's files. */
  readonly unpackedSize: number;
  /** `true` for metadata-only steps (ENV, WORKDIR without a change, ...). */
  readonly empty: boolean;
  /** `sha256:...` of the layer's diff (absent for empty layers). */
  readonly diffId?: string;
}

/** One path a layer added, changed or removed (like `dive`): the engine's `LayerChange`. */
export type { LayerChange };

/** The image store, as the images panel reads it. Every call reads the current store. */
export interface ImagesApi {
  list(): Promise<ImageSummary[]>;
  layers(ref: string): Promise<ImageLayer[]>;
  changes(ref: string, layerIndex: number): Promise<LayerChange[]>;
  /** Offer the image as a docker-loadable OCI archive download named after its tag. */
  download(ref: string): Promise<void>;
}

/** What the sandbox records of the learner's work (lesson checks read it). */
export interface WorkRecords {
  /** Builds, oldest first. */
  readonly builds: readonly BuildRecord[];
  /** `docker run`s, oldest first. */
  readonly runs: readonly RunRecord[];
  /** `true` while the records of earlier visits are being read back (a check would not see them yet). */
  readonly restoring?: boolean;
}

/** One container as the Containers view shows it (a `docker ps -a` row). */
export interface ContainerSummary {
  /** 64 hex digits. */
  readonly id: string;
  readonly name: string;
  /** The image as given to `docker run`. */
  readonly image: string;
  readonly state: 'created' | 'running' | 'exited';
  /** `Up 5 seconds`, `Exited (2) 3 seconds ago`, `Created`. */
  readonly status: string;
  /** `0.0.0.0:3000->3000/tcp`, or empty. */
  readonly ports: string;
  /** `"/bin/server"`. */
  readonly command: string;
}

/** The containers, as the Containers view reads and drives them. Every call reads the current state. */
export interface ContainersApi {
  list(): Promise<ContainerSummary[]>;
  /** `docker stop ID`. */
  stop(id: string): Promise<void>;
  /** `docker rm -f ID`. */
  remove(id: string): Promise<void>;
  /** What `docker logs ID` prints. */
  logs(id: string): Promise<string>;
}
