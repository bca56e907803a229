/**
 * The part of the terminal that runs the engine: builds, the page's image store, layer
 * cache and cache mounts, and the image commands (the CLI's own, from `engine/commands`).
 * `Session` loads it on the first docker command, so the engine is not part of the app
 * shell; the worker pool will host it later behind the same `run`.
 */
import { MemoryCacheMountStore, MemoryLayerCache } from '../../../../engine/cache/index.ts';
import {
  noSuchImage,
  runHistory,
  runImage,
  runImages,
  runInspect,
  runPrune,
  runRmi,
  saveArchive,
  type DockerCommand,
  type LocalImages,
} from '../../../../engine/commands/index.ts';
import type { PlatformDeps } from '../../../../engine/platform/types.ts';
import { ImageStore, MemoryBlobStore } from '../../../../engine/store/index.ts';
import { basename } from '../workspace/paths.ts';
import { archiveName, buildInPage, type CommandSink, type PageBuildState } from './build-command.ts';

/** The host services the runtime needs. */
export interface RuntimeOptions {
  /** Hashing and gzip: `webDeps` in the page, `nodeDeps` in tests. */
  readonly deps: PlatformDeps;
  /** Wall clock, ms (image times and ages). */
  readonly now?: () => number;
  /** One turn of the event loop, awaited at each hash and gzip (default: a macrotask). */
  readonly tick?: () => Promise<void>;
}

/** Yield to the event loop with a message (no 4 ms timer clamping), so the page stays responsive. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/** Runs parsed docker commands against the page's store and caches. */
export class DockerRuntime {
  /** The local image store (the page's `docker images`). */
  readonly store: LocalImages = { images: new ImageStore(), blobs: new MemoryBlobStore() };
  private readonly page: PageBuildState;

  constructor(
    private readonly files: () => ReadonlyMap<string, string>,
    options: RuntimeOptions,
  ) {
    this.page = {
      deps: options.deps,
      cache: new MemoryLayerCache(),
      cacheMounts: new MemoryCacheMountStore(),
      store: this.store,
      tick: options.tick ?? macrotask,
      now: options.now ?? (() => Date.now()),
    };
  }

  /** Run one docker command (not `help`); returns the exit code. */
  async run(cmd: Exclude<DockerCommand, { kind: 'help' }>, out: CommandSink, signal: AbortSignal | undefined): Promise<number> {
    const io = { stdout: (t: string) => out.stdout(t), stderr: (t: string) => out.stderr(t), now: this.page.now };
    switch (cmd.kind) {
      case 'build':
        return buildInPage(cmd.options, this.files(), this.page, out, signal);
      case 'images':
        return runImages(this.store, io, cmd.pattern, cmd.quiet);
      case 'history':
        return runHistory(this.store, io, cmd.image, cmd.quiet);
      case 'inspect':
        return runInspect(this.store, io, cmd.images);
      case 'rmi':
        return runRmi(this.store, io, cmd.images, cmd.force);
      case 'image-prune':
        return runPrune(this.store, io, cmd.all);
      case 'run':
        // Every run is --rm here: the sandbox keeps no containers.
        return runImage(this.store, { ...io, env: {}, ...(signal ? { signal } : {}) }, cmd, this.page.deps);
      case 'save':
        return this.save(cmd.images, cmd.output, out);
    }
  }

  /** `docker save [-o NAME] IMAGE`: the archive as a download named by `-o`, else by the tag. */
  private async save(refs: readonly string[], output: string | undefined, out: CommandSink): Promise<number> {
    if (refs.length === 1 && !this.store.images.find(refs[0]!)) return noSuchImage(out, refs[0]!);
    if (!out.download) {
      out.stderr('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
      return 1;
    }
    const bytes = await saveArchive(this.store, out, refs, this.page.deps);
    if (typeof bytes === 'number') return bytes;
    out.download(output !== undefined ? basename(output) : archiveName(refs[0]), bytes, 'application/x-tar');
    return 0;
  }
}
