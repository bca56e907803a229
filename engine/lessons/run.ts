/**
 * Running a lesson step's typed `docker build` lines through any build function and
 * recording them, so tests (and the runner) can walk a lesson: command → `BuildRequest`
 * → build → `BuildRecord` → check. The build itself and `-o` parsing are injected.
 */
import type { BuildRequest, BuildResult, OutputSpec } from '../build/types.ts';
import { parseDockerCommand, tokenize } from '../commands/index.ts';
import type { ContextFile } from '../context/context.ts';
import type { BuildEvent } from '../progress/events.ts';
import { buildRecord } from './record.ts';
import type { BuildRecord } from './types.ts';
import type { ProcessDeps } from '../toolchain/types.ts';

/** A build entry point with `engine/build`'s shape. */
export type BuildFn = (req: BuildRequest, onEvent: (e: BuildEvent) => void) => Promise<BuildResult>;

/** What a typed build line builds from. */
export interface BuildInput {
  /** The Dockerfile's text (the workspace's `Dockerfile`). */
  readonly dockerfile: string;
  /** The build context's files. */
  readonly context: readonly ContextFile[];
  /** `-o` values → output specs (the CLI's `parseOutputs`). */
  readonly parseOutputs: (values: readonly string[], tags: readonly string[]) => OutputSpec[];
  /** The platform's services, for the built image's recorded run. */
  readonly deps: ProcessDeps;
}

/**
 * The `BuildRequest` a typed line (`docker build --target=client .`) asks for; undefined
 * when the line is not a build (`docker images`, `docker run`, `--call=targets`).
 */
export function buildRequestFor(command: string, input: BuildInput): BuildRequest | undefined {
  const words = tokenize(command);
  if (words[0] !== 'docker') return undefined;
  const cmd = parseDockerCommand(words.slice(1));
  if (cmd.kind !== 'build' || cmd.options.call.name !== 'build') return undefined;
  const o = cmd.options;
  const outputs = input.parseOutputs(o.outputs, o.tags);
  return {
    dockerfile: input.dockerfile,
    context: input.context,
    ...(o.target ? { target: o.target } : {}),
    buildArgs: o.buildArgs,
    platforms: o.platforms,
    tags: o.tags,
    noCache: o.noCache,
    ...(outputs.length > 0 ? { outputs } : {}),
    ...(Object.keys(o.labels).length > 0 ? { labels: o.labels } : {}),
  };
}

/**
 * Run one typed build line and record it; never throws (a failed build is a record with
 * `ok: false`). Undefined when the line is not a build.
 */
export async function runRecordedBuild(command: string, input: BuildInput, build: BuildFn): Promise<BuildRecord | undefined> {
  const request = buildRequestFor(command, input);
  if (!request) return undefined;
  const events: BuildEvent[] = [];
  try {
    const result = await build(request, (e) => events.push(e));
    return await buildRecord({ command, request, events, result, deps: input.deps });
  } catch (error) {
    return buildRecord({ command, request, events, error, deps: input.deps });
  }
}
