/**
 * "What it will build": the stage graph of a `docker build` line while it is typed, before
 * Enter. The line is read with the terminal's shell parser and the docker CLI's flag parser
 * (as a lesson's commands are), the Dockerfile is loaded by the engine's front end with the
 * line's `--target`, `--build-arg` and `--platform`, so the stages kept and pruned, the
 * edges and an unknown target's error (with BuildKit's "did you mean") are the build's own.
 * Pure and synchronous: the front end alone, no build.
 */
import { parseDockerCommand, UsageError, type BuildFlags } from '#engine/commands/docker';
import { FlagError } from '#engine/commands/flags';
import { lessonCommands } from '#engine/lessons/commands';
import { basename, resolvePath } from '../workspace/paths.ts';
import { stageGraph, type GraphLayout } from './stage-graph.ts';

/** What a typed `docker build` line would build. */
export interface BuildPreview {
  /** The `docker ...` command the preview is of, as typed (`docker build --target=client .`). */
  readonly command: string;
  /** The workspace path of the Dockerfile the line reads (`Dockerfile`, or `-f`). */
  readonly dockerfile: string;
  readonly target?: string;
  /** The graph as the build would run it: `pruned` on the stages `--target` skips. */
  readonly layout: GraphLayout;
  /** What the build would print instead of building (`ERROR: failed to solve: target stage ...`), when it would fail before any step. */
  readonly error?: string;
  /** Stage labels the build runs, in file order. */
  readonly builds: readonly string[];
  /** Stage labels it skips. */
  readonly skips: readonly string[];
}

/** The first `docker build` (or `buildx build`, `image build`) of a line, as flags; undefined when the line has none. */
function buildOptionsOf(line: string): { command: string; options: BuildFlags } | undefined {
  let commands;
  try {
    commands = lessonCommands(line);
  } catch {
    return undefined; // an open quote, a subshell...: not a line to preview (yet)
  }
  for (const c of commands) {
    if (c.words[0] !== 'docker') continue;
    const words = c.words.slice(1);
    const command = c.words.join(' ');
    for (const attempt of [words, [...words, '.']]) {
      try {
        const parsed = parseDockerCommand(attempt);
        if (parsed.kind === 'build') return { command, options: parsed.options };
        break;
      } catch (err) {
        // the context not typed yet (`docker build --target=client`): preview with `.`
        if (!(err instanceof UsageError || err instanceof FlagError)) throw err;
      }
    }
  }
  return undefined;
}

/**
 * The preview of `line`: undefined unless it holds a `docker build` whose flags parse.
 * `read` gives a workspace file's text (undefined when absent).
 */
export function previewBuild(line: string, read: (path: string) => string | undefined): BuildPreview | undefined {
  const found = buildOptionsOf(line);
  if (!found) return undefined;
  const { command, options } = found;
  const context = resolvePath('', options.context);
  const path = options.file !== undefined ? resolvePath('', options.file) : context === null ? null : context === '' ? 'Dockerfile' : `${context}/Dockerfile`;
  const text = path === null ? undefined : read(path);
  const target = options.target;
  const base = { command, dockerfile: path ?? options.file ?? 'Dockerfile', ...(target !== undefined ? { target } : {}) };
  if (text === undefined) {
    const name = options.file !== undefined ? basename(options.file) : 'Dockerfile';
    const error = `ERROR: failed to solve: failed to read dockerfile: open ${name}: no such file or directory`;
    return { ...base, layout: { nodes: [], links: [], width: 0, height: 0, reachable: [], error }, error, builds: [], skips: [] };
  }
  const layout = stageGraph(text, target, options.platforms[0], options.buildArgs);
  if (layout.error !== undefined) return { ...base, layout, error: `ERROR: failed to solve: ${layout.error}`, builds: [], skips: [] };
  const name = (n: { label: string }) => n.label || 'stage';
  return { ...base, layout, builds: layout.nodes.filter((n) => !n.pruned).map(name), skips: layout.nodes.filter((n) => n.pruned).map(name) };
}

/** The preview in one sentence, for the terminal's status line and screen readers. */
export function previewText(p: BuildPreview): string {
  if (p.error !== undefined) return p.error;
  const skips = p.skips.length > 0 ? `; skips ${p.skips.join(', ')}` : '';
  return `${p.target !== undefined ? `--target=${p.target}` : 'No --target: the last stage'} builds ${p.builds.join(', ')}${skips}.`;
}
