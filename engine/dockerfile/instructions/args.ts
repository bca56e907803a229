import { GraphError } from '../../source/errors.ts';
import type { ShellLex } from '../shell/lex.ts';
import { EnvList } from '../shell/env.ts';
import type { ArgCommand } from './commands.ts';
import { formatPlatform, parsePlatform, type Platform } from './platform.ts';
import type { Stage } from './stages.ts';
import { suggest } from './suggest.ts';

/** Names BuildKit provides in the global scope (`defaultArgs`). */
export const BUILTIN_ARGS = [
  'BUILDPLATFORM', 'BUILDOS', 'BUILDOSVERSION', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETOSVERSION', 'TARGETARCH', 'TARGETVARIANT', 'TARGETSTAGE',
] as const;

/** Built-in platform args plus `TARGETSTAGE`, each overridable by a build-arg. */
export function defaultArgs(
  build: Platform,
  target: Platform,
  buildArgs: Readonly<Record<string, string>>,
  targetStage: string,
): EnvList {
  const values: Record<(typeof BUILTIN_ARGS)[number], string> = {
    BUILDPLATFORM: formatPlatform(build),
    BUILDOS: build.os,
    BUILDOSVERSION: build.osVersion ?? '',
    BUILDARCH: build.architecture,
    BUILDVARIANT: build.variant ?? '',
    TARGETPLATFORM: formatPlatform(target),
    TARGETOS: target.os,
    TARGETOSVERSION: target.osVersion ?? '',
    TARGETARCH: target.architecture,
    TARGETVARIANT: target.variant ?? '',
    TARGETSTAGE: targetStage,
  };
  const env = new EnvList();
  for (const k of BUILTIN_ARGS) env.set(k, Object.prototype.hasOwnProperty.call(buildArgs, k) ? buildArgs[k]! : values[k]);
  return env;
}

/** Global scope after the meta ARGs: values (set ones only) and every declared name. */
export interface GlobalArgs {
  /** Built-ins plus meta ARGs that have a value (build-arg or default). */
  readonly env: EnvList;
  /** Every meta ARG name, with or without a value. */
  readonly declared: ReadonlySet<string>;
}

/**
 * Evaluate the ARGs before the first FROM (`buildMetaArgs`): defaults are expanded with
 * the global args so far; a build-arg wins over a default. Unset declarations stay unset.
 */
export function buildMetaArgs(
  metaArgs: readonly ArgCommand[],
  defaults: EnvList,
  buildArgs: Readonly<Record<string, string>>,
  lex: ShellLex,
): GlobalArgs {
  const env = defaults.clone();
  const declared = new Set<string>();
  for (const cmd of metaArgs) {
    for (const a of cmd.args) {
      declared.add(a.key);
      let v: string | undefined;
      if (Object.prototype.hasOwnProperty.call(buildArgs, a.key)) v = buildArgs[a.key]!;
      else if (a.value !== undefined) {
        // the default is expanded only when no build-arg replaces it (`${X:?msg}` then never fails)
        try {
          v = lex.processWord(a.value, env.snapshot());
        } catch (e) {
          throw withRangeOf(e, cmd.range);
        }
      }
      if (v !== undefined) env.set(a.key, v);
    }
  }
  return { env, declared };
}

function withRangeOf(e: unknown, range: Stage['range']): Error {
  if (e instanceof Error && 'ranges' in e && Array.isArray((e as { ranges: unknown[] }).ranges)) {
    const ee = e as Error & { ranges: unknown[] };
    if (ee.ranges.length === 0) ee.ranges.push(range);
    return ee;
  }
  return new GraphError('expand', e instanceof Error ? e.message : String(e), [range]);
}

/** A FROM after expansion with the global args. */
export interface ExpandedFrom {
  /** The expanded base reference. */
  readonly baseName: string;
  /** The expanded and parsed `--platform`, when given. */
  readonly platform?: Platform;
  /** Variables of the FROM line that were not declared (lint `UndefinedArgInFrom`). */
  readonly undeclared: readonly string[];
}

/**
 * Lint callbacks of {@link expandFrom}, called as BuildKit's `buildDispatchStates` reports:
 * after each word is expanded and before its errors, so a failing FROM still warns.
 */
export interface FromLintHooks {
  /** Variables of the base name, then of the platform, that no ARG declares. */
  undeclared(names: readonly string[]): void;
  /** The platform word was expanded (RedundantTargetPlatform, FromPlatformFlagConstDisallowed). */
  platform(): void;
}

/** `err` with ` (did you mean X?)` for the first unmatched name close to a global arg (`wrapSuggestAny`). */
function suggestAny(message: string, unmatched: readonly string[], options: readonly string[]): string {
  for (const u of unmatched) {
    const match = suggest(u, options, true);
    if (match) return `${message} (did you mean ${match}?)`;
  }
  return message;
}

/**
 * Expand a stage's FROM with global args only (`buildDispatchStates`): blank results and
 * bad platforms are `GraphError`s on the FROM line, worded as BuildKit (with its
 * suggestion of a declared arg for a misspelt one).
 */
export function expandFrom(stage: Stage, globals: GlobalArgs, lex: ShellLex, hooks?: FromLintHooks): ExpandedFrom {
  const range = stage.from.range;
  const known = (name: string): boolean => globals.declared.has(name) || globals.env.has(name);
  const undeclared: string[] = [];
  const env = globals.env.snapshot();
  const report = (unmatched: Iterable<string>): void => {
    const fresh = [...unmatched].filter((u) => !known(u) && !undeclared.includes(u));
    undeclared.push(...fresh);
    hooks?.undeclared(fresh);
  };
  let name;
  try {
    name = lex.processWordWithMatches(stage.baseName, env);
  } catch (e) {
    throw withRangeOf(e, range);
  }
  report(name.unmatched);
  if (name.result === '') {
    throw new GraphError('from-blank', `base name (${stage.baseName}) should not be blank`, [range]);
  }
  let platform: Platform | undefined;
  if (stage.platform !== undefined && stage.platform !== '') {
    const raw = stage.platform;
    let p;
    try {
      p = lex.processWordWithMatches(raw, env);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new GraphError('from-platform', `failed to process arguments for platform : ${msg}`, [range]);
    }
    report(p.unmatched);
    hooks?.platform();
    const options = [...globals.env.keys()];
    const unmatched = [...p.unmatched];
    if (p.result === '') {
      throw new GraphError('from-platform', suggestAny(`empty platform value from expression ${raw}`, unmatched, options), [range]);
    }
    try {
      platform = parsePlatform(p.result);
    } catch (e) {
      throw new GraphError('from-platform', `failed to parse platform ${raw}: ${suggestAny((e as Error).message, unmatched, options)}`, [range]);
    }
  }
  return { baseName: name.result, ...(platform ? { platform } : {}), undeclared };
}
