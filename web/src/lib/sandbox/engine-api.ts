/**
 * The sandbox's engine side as the client sees it, wherever it runs: `DockerRuntime` in
 * the same thread (Node tests), or the sandbox worker behind `WorkerEngine`. A terminal
 * line is the one way in: `docker` is a program in the line's shell.
 */
import type { HostLineResult, WorkspaceContent } from '#engine/commands';
import type { ContainerSummary, ImageLayer, ImageSummary, LayerChange } from './panel-data.ts';
import type { ReportSink } from './report.ts';
import type { OutputWriter } from './workspace-place.ts';

/** Where a command writes, and how it hands the learner a file. */
export interface CommandSink {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Offer bytes as a browser download; absent = downloads are not possible here. */
  download?(name: string, bytes: Uint8Array, type: string): void;
  /** The directory outputs are written to (`-o dir`, `-o type=tar,dest=x.tar`, `save -o`); absent = downloads. */
  files?: OutputWriter;
}

/** The terminal a line draws on: `--progress=auto` picks BuildKit's tty view on a TTY. */
export interface TerminalInfo {
  readonly tty: boolean;
  /** Width in columns (default 80). */
  readonly columns?: number;
  /** Height in rows: live tty frames fit it. */
  readonly rows?: number;
}

/** One line's inputs besides its output. */
export interface RunContext {
  /** The line as typed (for records and the build view). */
  readonly line: string;
  /** The workspace files, read by builds (context, Dockerfile, `--secret src=`). */
  readonly files: ReadonlyMap<string, WorkspaceContent>;
  /** The terminal (`--progress=auto` draws the tty view on a TTY). */
  readonly terminal?: TerminalInfo;
  /** Ctrl+C. */
  readonly signal?: AbortSignal;
  /** Panels and records (absent: nothing is reported). */
  readonly report?: ReportSink;
}

/** An image archive ready to download. */
export interface NamedArchive {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** What the client calls on the engine side. Results may be sync (in-thread) or async (worker). */
export interface SandboxEngine {
  /** Run one terminal line (`ctx.line`) in the shell over `ctx.files`: its status and the files it wrote or removed. Never throws for the learner's mistakes. */
  runLine(ctx: RunContext, out: CommandSink): Promise<HostLineResult>;
  listImages(): ImageSummary[] | Promise<ImageSummary[]>;
  imageLayers(ref: string): ImageLayer[] | Promise<ImageLayer[]>;
  layerChanges(ref: string, index: number): Promise<LayerChange[]>;
  imageArchive(ref: string): Promise<NamedArchive>;
  /** The Containers view: `docker ps -a`'s rows, stop, rm -f, logs. */
  listContainers(): ContainerSummary[] | Promise<ContainerSummary[]>;
  stopContainer(id: string): Promise<void>;
  removeContainer(id: string): Promise<void>;
  containerLogs(id: string): string | Promise<string>;
}

/** What a line did, as the client returns it: the engine side's `HostLineResult`, without files for a blank line or a failure of the engine itself. */
export type CommandResult = Pick<HostLineResult, 'exitCode'> & Partial<Pick<HostLineResult, 'written' | 'deleted'>>;

/** Loads the engine side (once; again after a failed load). */
export type EngineLoader = () => Promise<SandboxEngine>;
