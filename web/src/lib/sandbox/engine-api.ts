/**
 * The sandbox's engine side as the client sees it, wherever it runs: `DockerRuntime` in
 * the same thread (Node tests), or the sandbox worker behind `WorkerEngine`.
 */
import type { DockerCommand } from '../../../../engine/commands/index.ts';
import type { HostLineResult } from '../../../../engine/commands/shell-host.ts';
import type { CommandSink } from './build-command.ts';
import type { ContainerSummary, ImageLayer, ImageSummary, LayerChange } from './contract.ts';
import type { NamedArchive, RunContext } from './docker-runtime.ts';

/** A parsed docker command the engine runs (`help` is answered without it). */
export type EngineCommand = Exclude<DockerCommand, { kind: 'help' }>;

/** What the client calls on the engine side. Results may be sync (in-thread) or async (worker). */
export interface SandboxEngine {
  /** Run one command; returns the exit code. Never throws for the learner's mistakes. */
  run(cmd: EngineCommand, out: CommandSink, ctx: RunContext): Promise<number>;
  /** Run one terminal line (`ctx.line`) in the shell over `ctx.files`: its status and the files it wrote or removed. */
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
