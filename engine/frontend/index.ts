/**
 * The Dockerfile front end as a whole: text → typed stages (`dockerfile/`) → stage graph
 * (`graph/`), with BuildKit's errors and lint warnings. `loadDockerfile` is what the CLI,
 * the build and the page call.
 */
import { EngineError, InstructionError, ParseError } from '../source/errors.ts';
import { buildGraph, reachableStages, resolveTarget, topologicalOrder, validateForwardReferences, validateReferences } from '../graph/index.ts';
import type { BuildGraph } from '../graph/types.ts';
import { parseReference } from '../reference/reference.ts';
import { parse } from '../dockerfile/parser/index.ts';
import type { ParseResult } from '../dockerfile/parser/node.ts';
import { ShellLex } from '../dockerfile/shell/lex.ts';
import { buildMetaArgs, defaultArgs, expandFrom, type ExpandedFrom, type GlobalArgs } from '../dockerfile/instructions/args.ts';
import type { ArgCommand, Command } from '../dockerfile/instructions/commands.ts';
import { lintDefaultArgsInFrom, lintFromPlatform, lintParserWarnings, lintStages, lintUndeclaredFromArgs } from '../dockerfile/instructions/lint/checks.ts';
import { Linter, parseLintOptions, type LintConfig, type LintWarning } from '../dockerfile/instructions/lint/linter.ts';
import type { CopyIgnoreMatcher } from '../dockerfile/instructions/lint/checks.ts';
import { DEFAULT_BUILD_PLATFORM, parsePlatform, type Platform } from '../dockerfile/instructions/platform.ts';
import { simulateStageEnv, type SimulatedStep, type StageEnvState } from '../dockerfile/instructions/simulate.ts';
import { parseStages, type Stage } from '../dockerfile/instructions/stages.ts';

/** Options of {@link loadDockerfile}: what `docker build` flags give the front end. */
export interface LoadOptions {
  /** `--target`; default: the last stage. */
  readonly target?: string;
  /** `--build-arg K=V`. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** `--platform` (target platform), default: the build platform. */
  readonly platform?: string;
  /** The daemon's platform, default `linux/amd64`. */
  readonly buildPlatform?: string;
  /** Lint and dispatch-check every stage, not only the target's (`--check` without a target). */
  readonly allStages?: boolean;
  /**
   * Base image config lookup (by the normalised reference, e.g.
   * `docker.io/library/golang:1.20-alpine`), so the metadata walk starts from the image's
   * `Env` and `WorkingDir`. Without it (or for unknown images) only PATH is set.
   */
  readonly imageConfig?: (fullRef: string) => { readonly env?: readonly string[]; readonly workingDir?: string } | undefined;
  /** The context's `.dockerignore` (`ignoreMatcher` in engine/context), for the CopyIgnoredFile check; none: not checked. */
  readonly ignore?: CopyIgnoreMatcher;
}

/** The front end's result: everything the CLI and the executor need before running steps. */
export interface Frontend {
  readonly parse: ParseResult;
  /** ARG instructions before the first FROM. */
  readonly metaArgs: readonly ArgCommand[];
  /** Built-in and meta ARG values usable in FROM. */
  readonly globals: GlobalArgs;
  readonly stages: readonly Stage[];
  /** Each stage's FROM after expansion, by index. */
  readonly froms: readonly ExpandedFrom[];
  readonly graph: BuildGraph;
  readonly target: Stage;
  /** Stages the target needs (target included), in file order. */
  readonly reachable: readonly Stage[];
  /** Reachable stage indexes, dependencies first. */
  readonly order: readonly number[];
  /** Expanded commands and env per dispatched stage (metadata walk; by stage index). */
  readonly simulated: ReadonlyMap<number, { readonly steps: readonly SimulatedStep[]; readonly state: StageEnvState }>;
  readonly warnings: readonly LintWarning[];
  readonly buildPlatform: Platform;
  readonly targetPlatform: Platform;
  /** The lexer built with the file's escape token. */
  readonly lex: ShellLex;
}

function platformOf(spec: string | undefined, fallback: Platform): Platform {
  if (spec === undefined || spec === '') return fallback;
  try {
    return parsePlatform(spec);
  } catch (e) {
    throw new EngineError('platform', `failed to parse platform ${spec}: ${(e as Error).message}`);
  }
}

/** The ONBUILD triggers a stage passes to stages built `FROM` it; a bad trigger fails here. */
function onbuildTriggers(parent: Stage): Command[] {
  const out: Command[] = [];
  for (const c of parent.commands) {
    if (c.kind !== 'ONBUILD') continue;
    if (c.triggerError) {
      throw new InstructionError(c.triggerError.code, `dockerfile parse error on line ${c.range.start.line}: ${c.triggerError.message}`, [c.range]);
    }
    if (c.trigger) out.push({ ...c.trigger, range: c.range });
  }
  return out;
}

/** The build arg that replaces the Dockerfile's `# check=` directive (buildx `--build-arg BUILDKIT_DOCKERFILE_CHECK=...`). */
const CHECK_ARG = 'BUILDKIT_DOCKERFILE_CHECK';

/**
 * The lint configuration: the `BUILDKIT_DOCKERFILE_CHECK` build arg when given (even
 * empty) replaces the `# check=` directive, as BuildKit's front end does (`newRuleLinter`).
 */
function lintConfigOf(directive: string | undefined, buildArgs: Readonly<Record<string, string>>): LintConfig {
  if (Object.prototype.hasOwnProperty.call(buildArgs, CHECK_ARG)) {
    try {
      return parseLintOptions(buildArgs[CHECK_ARG]);
    } catch (e) {
      throw new ParseError('check-options', `failed to parse build-arg:${CHECK_ARG}: ${(e as Error).message}`);
    }
  }
  try {
    return parseLintOptions(directive);
  } catch (e) {
    throw new ParseError('check-options', `failed to parse check options: ${(e as Error).message}`);
  }
}

function load(text: string, opts: LoadOptions): Frontend {
  if (text.length === 0) throw new ParseError('empty-dockerfile', 'the Dockerfile cannot be empty');
  const ast = parse(text);
  const buildArgs = opts.buildArgs ?? {};
  const linter = new Linter(lintConfigOf(ast.directives.check, buildArgs));
  lintParserWarnings(ast.warnings, linter);
  try {
    return loadStages(ast, linter, buildArgs, opts);
  } catch (err) {
    throw withWarnings(err, linter.warnings);
  }
}

/**
 * `err` carrying the lint warnings found before it (as `data.warnings`), so a failed build
 * or `--check` still reports them, as BuildKit does (`testWarningsBeforeError`).
 */
function withWarnings(err: unknown, warnings: readonly LintWarning[]): unknown {
  if (!(err instanceof EngineError) || warnings.length === 0 || err.data?.warnings !== undefined) return err;
  const Ctor = err.constructor as typeof EngineError;
  return new Ctor(err.code, err.message, err.ranges, { ...err.data, warnings: warnings.map((w) => ({ ...w, ranges: [...w.ranges] })) });
}

/** The warnings an engine error carries (`withWarnings`); none for any other error. */
export function warningsOf(err: unknown): readonly LintWarning[] {
  const w = err instanceof EngineError ? err.data?.warnings : undefined;
  return Array.isArray(w) ? (w as LintWarning[]) : [];
}

function loadStages(ast: ReturnType<typeof parse>, linter: Linter, buildArgs: Readonly<Record<string, string>>, opts: LoadOptions): Frontend {
  const { stages, metaArgs } = parseStages(ast, (partial) => lintStages(partial.stages, partial.metaArgs, linter));
  if (stages.length === 0) throw new InstructionError('no-stages', 'dockerfile contains no stages to build');
  lintStages(stages, metaArgs, linter);

  const buildPlatform = platformOf(opts.buildPlatform, DEFAULT_BUILD_PLATFORM);
  const targetPlatform = platformOf(opts.platform, buildPlatform);
  const lex = new ShellLex(ast.escapeToken);
  const targetStageName = opts.target || stages[stages.length - 1]!.name || 'default';
  const defaults = defaultArgs(buildPlatform, targetPlatform, buildArgs, targetStageName);
  const globals = buildMetaArgs(metaArgs, defaults, buildArgs, lex);
  lintDefaultArgsInFrom(stages, metaArgs, defaults, lex, linter);
  const froms = stages.map((st) => {
    const fromLint = linter.withComments(st.from.comments);
    return expandFrom(st, globals, lex, {
      undeclared: (names) => lintUndeclaredFromArgs(st, names, globals, fromLint),
      platform: () => lintFromPlatform(st, fromLint),
    });
  });

  const target = resolveTarget(stages, opts.target);
  const built = buildGraph(stages, froms, lex);
  validateReferences(built);
  const reachableIdx = reachableStages(built.graph, target.index);
  const dispatched = new Set(opts.allStages ? stages.map((s) => s.index) : reachableIdx);
  validateForwardReferences(built, dispatched);

  const simulated = new Map<number, { steps: SimulatedStep[]; state: StageEnvState }>();
  for (const st of stages) {
    if (!dispatched.has(st.index)) continue;
    const base = built.graph.bases[st.index]!;
    const baseState = base.kind === 'stage' ? simulated.get(base.index)?.state : undefined;
    const triggers = base.kind === 'stage' ? onbuildTriggers(stages[base.index]!) : [];
    const image = base.kind === 'image' ? opts.imageConfig?.(parseReference(base.ref).full) : undefined;
    simulated.set(
      st.index,
      simulateStageEnv(st, {
        lex, globals, buildArgs, linter, triggers,
        ...(opts.ignore ? { ignore: opts.ignore } : {}),
        ...(baseState ? { base: baseState } : {}),
        ...(image?.env ? { imageEnv: image.env } : {}),
        ...(image?.workingDir ? { imageWorkdir: image.workingDir } : {}),
      }),
    );
  }
  const lintErr = linter.error();
  if (lintErr) throw lintErr;
  return {
    parse: ast,
    metaArgs,
    globals,
    stages,
    froms,
    graph: built.graph,
    target,
    reachable: reachableIdx.map((i) => stages[i]!),
    order: topologicalOrder(built.graph, reachableIdx),
    simulated,
    warnings: linter.warnings,
    buildPlatform,
    targetPlatform,
    lex,
  };
}

/**
 * Load a Dockerfile the way BuildKit's front end does before any step runs: parse,
 * type the instructions, group stages, expand FROM lines, resolve the target, build and
 * validate the stage graph, walk the metadata of the stages to build, and lint.
 * Throws only `EngineError`s (with ranges when they point at the file).
 */
export function loadDockerfile(text: string, opts: LoadOptions = {}): Frontend {
  try {
    return load(text, opts);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError('internal', err instanceof Error ? err.message : String(err));
  }
}
