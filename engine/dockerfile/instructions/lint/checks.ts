import type { Range } from '../../../source/range.ts';
import { parseReference } from '../../../reference/reference.ts';
import { parsePlatform } from '../platform.ts';
import type { ParseWarning } from '../../parser/node.ts';
import type { EnvList } from '../../shell/env.ts';
import type { ShellLex } from '../../shell/lex.ts';
import { buildMetaArgs, type GlobalArgs } from '../args.ts';
import type { ArgCommand } from '../commands.ts';
import type { Stage } from '../stages.ts';
import { suggest } from '../suggest.ts';
import type { Linter } from './linter.ts';
import { RULES } from './rules.ts';

const RESERVED_STAGE_NAMES = new Set(['context', 'scratch']);

/** Parser warnings that are lint findings (`NoEmptyContinuation`). */
export function lintParserWarnings(warnings: readonly ParseWarning[], lint: Linter): void {
  for (const w of warnings) {
    if (w.message.startsWith('Empty continuation line')) lint.run(RULES.NoEmptyContinuation, [w.range]);
  }
}

/** `as` must follow the case of `FROM` when FROM itself is all upper or all lower. */
function fromCaseMatchesAs(keyword: string, as: string): boolean {
  const lower = keyword.toLowerCase() === keyword;
  const upper = keyword.toUpperCase() === keyword;
  if (!lower && !upper) return true;
  return lower ? as.toLowerCase() === as : as.toUpperCase() === as;
}

/**
 * Rules BuildKit runs while turning nodes into stages and validating them:
 * StageNameCasing, FromAsCasing, MaintainerDeprecated,
 * ReservedStageName, DuplicateStageName, ConsistentInstructionCasing.
 */
export function lintStages(stages: readonly Stage[], metaArgs: readonly ArgCommand[], lint: Linter): void {
  for (const a of metaArgs) lintDefinitionDescription('ARG', a.args.map((p) => p.key), a.comments, a.range, lint.withComments(a.comments));
  for (const st of stages) {
    const f = st.from;
    const fromLint = lint.withComments(f.comments);
    if (f.stageNameWritten !== undefined && f.stageNameWritten !== f.stageName) {
      fromLint.run(RULES.StageNameCasing, [f.range], f.stageNameWritten);
    }
    if (f.asKeyword !== undefined && !fromCaseMatchesAs(f.keyword, f.asKeyword)) {
      fromLint.run(RULES.FromAsCasing, [f.range], f.keyword, f.asKeyword);
    }
    if (st.name !== undefined) lintDefinitionDescription('FROM', [st.name], f.comments, f.range, fromLint);
    for (const c of st.commands) {
      const cLint = lint.withComments(c.comments);
      if (c.kind === 'MAINTAINER') cLint.run(RULES.MaintainerDeprecated, [c.range]);
      if (c.kind === 'ARG') lintDefinitionDescription('ARG', c.args.map((p) => p.key), c.comments, c.range, cLint);
    }
  }
  const seen = new Set<string>();
  for (const st of stages) {
    if (st.name === undefined) continue;
    if (RESERVED_STAGE_NAMES.has(st.name)) lint.run(RULES.ReservedStageName, [st.from.range], st.name);
    if (seen.has(st.name)) lint.run(RULES.DuplicateStageName, [st.from.range], st.name);
    seen.add(st.name);
  }
  lintCommandCasing(stages, lint);
}

const selfConsistent = (s: string): boolean => s === s.toLowerCase() || s === s.toUpperCase();

/** ConsistentInstructionCasing (`validateCommandCasing`): a tie counts as upper-case majority. */
function lintCommandCasing(stages: readonly Stage[], lint: Linter): void {
  let lower = 0;
  let upper = 0;
  const all = stages.flatMap((s) => [s.from, ...s.commands]);
  for (const c of all) {
    if (!selfConsistent(c.keyword)) continue;
    if (c.keyword === c.keyword.toLowerCase()) lower++;
    else upper++;
  }
  const majorityLower = lower > upper;
  for (const c of all) {
    let correct = '';
    if (majorityLower && c.keyword.toLowerCase() !== c.keyword) correct = 'lowercase';
    else if (!majorityLower && c.keyword.toUpperCase() !== c.keyword) correct = 'uppercase';
    if (correct) lint.run(RULES.ConsistentInstructionCasing, [c.range], c.keyword, correct);
  }
}

/** UndefinedArgInFrom (`reportUnusedFromArgs`) for variables of a FROM word no ARG declares. */
export function lintUndeclaredFromArgs(stage: Stage, undeclared: readonly string[], globals: GlobalArgs, lint: Linter): void {
  const options = [...new Set([...globals.declared, ...globals.env.keys()])];
  for (const arg of undeclared) {
    lint.run(RULES.UndefinedArgInFrom, [stage.from.range], arg, suggest(arg, options, true) ?? '');
  }
}

/** FROM --platform rules once the word is expanded: RedundantTargetPlatform, FromPlatformFlagConstDisallowed. */
export function lintFromPlatform(stage: Stage, lint: Linter): void {
  const p = stage.platform;
  if (p === undefined || p === '') return;
  if (p === '$TARGETPLATFORM' || p === '${TARGETPLATFORM}') lint.run(RULES.RedundantTargetPlatform, [stage.from.range], p);
  else if (!p.includes('$')) lintConstPlatform(stage.name ?? '', p, stage.from.range, lint);
}

/**
 * FromPlatformFlagConstDisallowed (`reportConstPlatformDisallowed`): a constant platform
 * that parses, unless the stage's name holds its OS or architecture (`AS linux`,
 * `AS my_amd64_stage`: a stage that is meant for that platform).
 */
function lintConstPlatform(stageName: string, platform: string, range: Range, lint: Linter): void {
  let parsed;
  try {
    parsed = parsePlatform(platform);
  } catch {
    return; // fails later, with the platform's own error
  }
  if (stageName.includes(parsed.os) || stageName.includes(parsed.architecture)) return;
  lint.run(RULES.FromPlatformFlagConstDisallowed, [range], platform);
}

/**
 * InvalidDefinitionDescription (experimental; `validateDefinitionDescription`): the comment
 * right above an ARG or a named FROM must start with the name it describes.
 */
function lintDefinitionDescription(instruction: 'ARG' | 'FROM', keys: readonly string[], comments: readonly string[], range: Range, lint: Linter): void {
  if (comments.length === 0 || keys.length === 0) return;
  const first = comments[comments.length - 1]!.split(' ')[0]!;
  if (keys.includes(first)) return;
  lint.run(RULES.InvalidDefinitionDescription, [range], instruction, keys.length > 1 ? '<arg_key>' : keys[0]!);
}

/**
 * ExposeProtoCasing and ExposeInvalidFormat (`portSpecs.parsePort`) for one expanded
 * EXPOSE word `[ip:][hostPort:]containerPort[/proto]`.
 */
export function lintExposePort(rawPort: string, range: Range, lint: Linter): void {
  const parts = rawPort.split(':');
  const n = parts.length;
  const container = parts[n - 1]!;
  const hostPort = n >= 2 ? parts[n - 2]! : '';
  const ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const slash = container.indexOf('/');
  const proto = slash < 0 ? '' : container.slice(slash + 1);
  if (proto !== proto.toLowerCase()) lint.run(RULES.ExposeProtoCasing, [range], rawPort);
  if (ip !== '' || hostPort !== '') lint.run(RULES.ExposeInvalidFormat, [range], rawPort);
}

const SECRET_RE = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const SECRET_ALLOW_RE = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** SecretsUsedInArgOrEnv (`validateNoSecretKey`) for one ARG or ENV key. */
export function lintSecretKey(instruction: 'ARG' | 'ENV', key: string, range: Range, lint: Linter): void {
  if (SECRET_RE.test(key) && !SECRET_ALLOW_RE.test(key)) lint.run(RULES.SecretsUsedInArgOrEnv, [range], instruction, key);
}

/**
 * InvalidDefaultArgInFrom (`validateBaseImagesWithDefaultArgs`): with no build-args, every
 * FROM must still expand to a valid reference. Gives up silently when expansion fails.
 */
export function lintDefaultArgsInFrom(
  stages: readonly Stage[],
  metaArgs: readonly ArgCommand[],
  defaults: EnvList,
  lex: ShellLex,
  lint: Linter,
): void {
  let env: ReadonlyMap<string, string>;
  try {
    env = buildMetaArgs(metaArgs, defaults, {}, lex).env.toMap();
  } catch {
    return;
  }
  for (const st of stages) {
    let name: string;
    try {
      name = lex.processWord(st.baseName, env);
    } catch {
      return;
    }
    try {
      parseReference(name);
    } catch {
      lint.run(RULES.InvalidDefaultArgInFrom, [st.from.range], st.baseName);
    }
  }
}

/** The `.dockerignore` as the CopyIgnoredFile check reads it (engine/context `ignoreMatcher` makes one). */
export interface CopyIgnoreMatcher {
  /** Whether any pattern re-includes (`!`): BuildKit then skips the check. */
  readonly exclusions: boolean;
  /** The cleaned source path when the `.dockerignore` excludes it, else undefined. */
  excludedSource(src: string): string | undefined;
}

/** CopyIgnoredFile (`validateCopySourcePath`) for one local COPY/ADD source. */
export function lintCopyIgnored(cmd: 'Copy' | 'Add', src: string, ignore: CopyIgnoreMatcher, range: Range, lint: Linter): void {
  if (ignore.exclusions) return;
  const path = ignore.excludedSource(src);
  if (path !== undefined) lint.run(RULES.CopyIgnoredFile, [range], cmd, path);
}
