/**
 * The terminal's command interpreter, free of DOM and Svelte: one line in, Docker's
 * output out. It runs what the engine has today (`docker build --check`,
 * `--call=targets`, `docker images`) against the workspace files.
 */
import { FlagError, loadOptionsOf, parseDockerCommand, printSolveError, runFrontendCall, tokenize, UsageError, type BuildOptions } from '../../../../engine/commands/index.ts';
import { loadDockerfile } from '../../../../engine/dockerfile/index.ts';
import { formatImages, ImageStore, shortId } from '../../../../engine/store/index.ts';
import { basename, isDirectory, resolvePath } from '../workspace/paths.ts';

/** Where a command writes; text uses `\n` line ends. */
export interface SessionOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What a command did: its exit status, and whether the terminal should clear its screen. */
export interface CommandResult {
  readonly exitCode: number;
  readonly clear?: boolean;
}

/** The commands the sandbox understands (for `help`, completion and "not found"). */
export const SANDBOX_COMMANDS = ['docker', 'clear', 'help'] as const;

/** `help`'s text. */
export const SANDBOX_HELP = `This sandbox understands:
  docker build --check .           check the Dockerfile as BuildKit does (lint rules, errors)
  docker build --call=targets .    list the Dockerfile's stages (build targets)
  docker build [OPTIONS] PATH      running builds arrives with the execution engine
  docker images                    list images
  docker --help                    Docker's own help
  clear                            clear the screen
  help                             this text
Keys: Up/Down history, Tab completes commands and flags, Ctrl+C abandons the line, Ctrl+L clears.
`;

/** One terminal session over a workspace (`files()` is read at each command). */
export class Session {
  constructor(
    private readonly files: () => ReadonlyMap<string, string>,
    private readonly images: ImageStore = new ImageStore(),
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Run one command line. Never throws: failures are printed, as a shell would. */
  run(line: string, out: SessionOutput): CommandResult {
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
      return this.docker(args, out);
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

  private docker(args: readonly string[], out: SessionOutput): CommandResult {
    const cmd = parseDockerCommand(args);
    switch (cmd.kind) {
      case 'help':
        out.stdout(cmd.text);
        return { exitCode: 0 };
      case 'build':
        return this.build(cmd.options, out);
      case 'images': {
        const list = this.images.list();
        if (cmd.quiet) out.stdout(list.map((i) => `${shortId(i.id)}\n`).join(''));
        else out.stdout(formatImages(list, this.now(), cmd.pattern));
        return { exitCode: 0 };
      }
      default:
        out.stderr(
          `docker ${args[0] ?? ''}: not available yet: it needs images, and running builds arrives with the execution engine.\n` +
            'Type "help" to see what this sandbox runs today.\n',
        );
        return { exitCode: 1 };
    }
  }

  private build(opts: BuildOptions, out: SessionOutput): CommandResult {
    const files = this.files();
    const context = resolvePath('', opts.context);
    if (context === null || !isDirectory(files.keys(), context)) {
      out.stderr(`ERROR: unable to prepare context: path "${opts.context}" not found\n`);
      return { exitCode: 1 };
    }
    const dockerfilePath = opts.file !== undefined ? resolvePath('', opts.file) : context === '' ? 'Dockerfile' : `${context}/Dockerfile`;
    const text = dockerfilePath === null ? undefined : files.get(dockerfilePath);
    const name = opts.file !== undefined ? basename(opts.file) : 'Dockerfile';
    if (text === undefined) {
      out.stderr(`ERROR: failed to solve: failed to read dockerfile: open ${name}: no such file or directory\n`);
      return { exitCode: 1 };
    }
    const dockerfile = { name, text };
    const called = runFrontendCall(opts, dockerfile, out);
    if (called !== undefined) return { exitCode: called };
    try {
      loadDockerfile(text, loadOptionsOf(opts));
      if (opts.call.name === 'outline') {
        out.stderr('ERROR: --call=outline is not available in this sandbox yet; use --check or --call=targets\n');
        return { exitCode: 1 };
      }
      out.stderr(
        'Running builds arrives with the execution engine; this sandbox checks Dockerfiles today: try "docker build --check ." or "docker build --call=targets .".\n',
      );
      return { exitCode: 1 };
    } catch (err) {
      return { exitCode: printSolveError(err, dockerfile, out) };
    }
  }
}
