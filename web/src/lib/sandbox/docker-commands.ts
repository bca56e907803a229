/**
 * The docker commands the terminal's `docker` program runs against the sandbox besides
 * `build` (which goes from the program straight to the engine's command core): images,
 * history, rmi, image prune, save and builder prune on the store and caches
 * (`engine/commands`, the CLI's own), and the container commands (`sandbox-containers.ts`).
 */
import {
  cacheRecords,
  formatPrune,
  isContainerCommand,
  noSuchImage,
  prunePrompt,
  runHistory,
  runImages,
  runPrune,
  runRmi,
  saveArchive,
  type DockerCommand,
} from '#engine/commands';
import { basename } from '../workspace/paths.ts';
import type { CommandSink } from './engine-api.ts';
import type { ReportSink } from './report.ts';
import type { RuntimeState } from './runtime-state.ts';
import type { SandboxContainers } from './sandbox-containers.ts';
import { archiveName } from './workspace-place.ts';

/** A parsed docker command other than `build` and `help`. */
export type NonBuildCommand = Exclude<DockerCommand, { kind: 'help' | 'build' }>;

/** The line a command was typed on, Ctrl+C, and where reports go. */
export interface CommandContext {
  readonly line: string;
  readonly signal?: AbortSignal;
  readonly report?: ReportSink;
}

/** Run `cmd` on the sandbox's `state` and `containers`; returns the exit code. */
export async function runDockerCommand(cmd: NonBuildCommand, out: CommandSink, ctx: CommandContext, state: RuntimeState, containers: SandboxContainers): Promise<number> {
  const io = { stdout: (t: string) => out.stdout(t), stderr: (t: string) => out.stderr(t), now: state.now };
  if (isContainerCommand(cmd)) return containers.run(cmd, { stdout: io.stdout, stderr: io.stderr, ...ctx });
  switch (cmd.kind) {
    case 'images':
      return runImages(state.store, io, cmd.pattern, cmd.quiet);
    case 'history':
      return runHistory(state.store, io, cmd.image, cmd.quiet);
    case 'rmi':
    case 'image-prune': {
      // an image a container uses is refused (rmi) or kept (prune), as the daemon does
      const user = (id: string) => containers.manager.imageUser(id);
      const code = cmd.kind === 'rmi' ? await runRmi(state.store, io, cmd.images, cmd.force, user) : await runPrune(state.store, io, cmd.all, user);
      state.save({ images: true });
      ctx.report?.({ kind: 'store-changed' });
      return code;
    }
    case 'save':
      return save(state, cmd.images, cmd.output, out);
    case 'builder-prune':
      return pruneBuildCache(state, cmd.all, cmd.force, out);
  }
}

/**
 * `docker builder prune [-a] [-f]`: empties the layer cache and the cache mounts. Without
 * `-f` buildx asks first; the terminal reads no answers, so it shows the question and, like
 * an answer at end of input, keeps everything.
 */
function pruneBuildCache(state: RuntimeState, all: boolean, force: boolean, out: CommandSink): number {
  if (!force) {
    out.stdout(`${prunePrompt(all)}\n`);
    return 0;
  }
  const records = cacheRecords(state.cache.dump(), state.cacheMounts.dump());
  state.cache.clear();
  state.cacheMounts.clear();
  out.stdout(formatPrune(records));
  state.save({ cache: true, cacheMounts: true });
  return 0;
}

/** `docker save [-o NAME] IMAGE`: the archive written to `-o` in the shell's directory; without a directory, a download named by `-o`, else by the tag. */
async function save(state: RuntimeState, refs: readonly string[], output: string | undefined, out: CommandSink): Promise<number> {
  if (refs.length === 1 && !state.store.images.find(refs[0]!)) return noSuchImage(out, refs[0]!);
  if (out.files && output !== undefined) {
    const bytes = await saveArchive(state.store, out, refs, state.deps);
    if (typeof bytes === 'number') return bytes;
    const failed = out.files.writeFile(output, bytes);
    if (failed !== undefined) out.stderr(`Error response from daemon: ${failed}\n`);
    return failed === undefined ? 0 : 1;
  }
  if (!out.download) {
    out.stderr('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
    return 1;
  }
  const bytes = await saveArchive(state.store, out, refs, state.deps);
  if (typeof bytes === 'number') return bytes;
  out.download(output !== undefined ? basename(output) : archiveName(refs[0]), bytes, 'application/x-tar');
  return 0;
}
