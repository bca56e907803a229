/**
 * The terminal's command interpreter, free of DOM and Svelte: one line in, Docker's
 * output out. Builds run the engine on the workspace files; the images, layer cache and
 * cache mounts live as long as the session (the page). The image commands are the CLI's
 * own (`engine/commands`), run on this in-memory store.
 */
import { MemoryCacheMountStore, MemoryLayerCache } from '../../../../engine/cache/index.ts';
import {
  FlagError,
  noSuchImage,
  parseDockerCommand,
  runHistory,
  runImage,
  runImages,
  runInspect,
  runPrune,
  runRmi,
  saveArchive,
  tokenize,
  UsageError,
  type DockerCommand,
  type LocalImages,
} from '../../../../engine/commands/index.ts';
import type { PlatformDeps } from '../../../../engine/platform/types.ts';
import { ImageStore, MemoryBlobStore } from '../../../../engine/store/index.ts';
import { basename } from '../workspace/paths.ts';
import { archiveName, buildInPage, type CommandSink, type PageBuildState } from './build-command.ts';

/** Where a command writes; text uses `\n` line ends. `download` hands the learner a file. */
export type SessionOutput = CommandSink;

/** What a command did: its exit status, and whether the terminal should clear its screen. */
export interface CommandResult {
  readonly exitCode: number;
  readonly clear?: boolean;
}

/** The commands the sandbox understands (for `help`, completion and "not found"). */
export const SANDBOX_COMMANDS = ['docker', 'clear', 'help'] as const;

/** `help`'s text. */
export const SANDBOX_HELP = `This sandbox understands:
  docker build [OPTIONS] PATH      build the workspace (-t, --target, --build-arg, -o, --no-cache, ...)
  docker build --check .           check the Dockerfile as BuildKit does (lint rules, errors)
  docker build --call=targets .    list the Dockerfile's stages (build targets)
  docker images [PATTERN]          list images
  docker history IMAGE             show how an image was made, layer by layer
  docker inspect IMAGE             an image's details as JSON
  docker run [--rm] IMAGE [ARGS]   run an image's entrypoint in the sandbox
  docker save -o NAME.tar IMAGE    download an image archive (docker load can read it)
  docker rmi IMAGE / image prune   remove images
  docker --help                    Docker's own help
  clear                            clear the screen
  help                             this text
Images, the build cache and cache mounts last until the page is reloaded (keeping them across
reloads comes later). "-o type=docker,dest=x.tar" and "-o type=local,dest=dir" download the result.
Keys: Up/Down history, Tab completes commands and flags, Ctrl+C cancels a build or abandons the line, Ctrl+L clears.
`;

/** The host services a session runs with. */
export interface SessionOptions {
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

/** One terminal session over a workspace (`files()` is read at each command). */
export class Session {
  /** The local image store (the page's `docker images`). */
  readonly store: LocalImages = { images: new ImageStore(), blobs: new MemoryBlobStore() };
  private readonly page: PageBuildState;

  constructor(
    private readonly files: () => ReadonlyMap<string, string>,
    private readonly options: SessionOptions,
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

  /** Run one command line; `signal` (Ctrl+C) cancels a build. Never throws: failures are printed, as a shell would. */
  async run(line: string, out: SessionOutput, signal?: AbortSignal): Promise<CommandResult> {
    let words: string[];
    try {
      words = tokenize(line);
    } catch (err) {
      out.stderr(`sh: syntax error: ${(err as Error).message}\n`);
      return { exitCode: 2 };
    }
    const [cmd, ...args] = words;
    if (cmd === undefined) return { exitCode: 0 };
    if (cmd === 'clear') return { exitCode: 0, clear: true };
    if (cmd === 'help') {
      out.stdout(SANDBOX_HELP);
      return { exitCode: 0 };
    }
    if (cmd !== 'docker') {
      out.stderr(`sh: ${cmd}: not found\nThis sandbox runs docker commands only; type "help" to see them.\n`);
      return { exitCode: 127 };
    }
    try {
      return { exitCode: await this.docker(parseDockerCommand(args), out, signal) };
    } catch (err) {
      if (err instanceof UsageError || err instanceof FlagError) {
        out.stderr(`${err.message}\n`);
        return { exitCode: 125 };
      }
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      out.stderr(`ERROR: stageplay internal error (please report it): ${message}\n`);
      return { exitCode: 1 };
    }
  }

  private async docker(cmd: DockerCommand, out: SessionOutput, signal: AbortSignal | undefined): Promise<number> {
    const io = { stdout: (t: string) => out.stdout(t), stderr: (t: string) => out.stderr(t), now: this.page.now };
    switch (cmd.kind) {
      case 'help':
        out.stdout(cmd.text);
        return 0;
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
  private async save(refs: readonly string[], output: string | undefined, out: SessionOutput): Promise<number> {
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
