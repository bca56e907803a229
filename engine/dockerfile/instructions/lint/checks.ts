import type { Range } from '../../../source/range.ts';
import { parseReference } from '../../../reference/reference.ts';
import type { ParseWarning } from '../../parser/node.ts';
import type { EnvList } from '../../shell/env.ts';
import type { ShellLex } from '../../shell/lex.ts';
import { buildMetaArgs, type ExpandedFrom, type GlobalArgs } from '../args.ts';
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
 * StageNameCasing, FromAsCasing, MaintainerDeprecated, LegacyKeyValueFormat,
 * ReservedStageName, DuplicateStageName, ConsistentInstructionCasing.
 */
export function lintStages(stages: readonly Stage[], lint: Linter): void {
  for (const st of stages) {
    const f = st.from;
    if (f.stageNameWritten !== undefined && f.stageNameWritten !== f.stageName) {
      lint.run(RULES.StageNameCasing, [f.range], f.stageNameWritten);
    }
    if (f.asKeyword !== undefined && !fromCaseMatchesAs(f.keyword, f.asKeyword)) {
      lint.run(RULES.FromAsCasing, [f.range], f.keyword, f.asKeyword);
    }
    for (const c of st.commands) {
      if (c.kind === 'MAINTAINER') lint.run(RULES.MaintainerDeprecated, [c.range]);
      if ((c.kind === 'ENV' || c.kind === 'LABEL') && c.legacy) lint.run(RULES.LegacyKeyValueFormat, [c.range], c.kind);
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

/** FROM-line rules after expansion: UndefinedArgInFrom, RedundantTargetPlatform, FromPlatformFlagConstDisallowed. */
export function lintFrom(stage: Stage, from: ExpandedFrom, globals: GlobalArgs, lint: Linter): void {
  const options = [...new Set([...globals.declared, ...globals.env.keys()])];
  for (const arg of from.undeclared) {
    lint.run(RULES.UndefinedArgInFrom, [stage.from.range], arg, suggest(arg, options, true) ?? '');
  }
  const p = stage.platform;
  if (p === undefined || p === '') return;
  if (p === '$TARGETPLATFORM' || p === '${TARGETPLATFORM}') lint.run(RULES.RedundantTargetPlatform, [stage.from.range], p);
  else if (!p.includes('$')) lint.run(RULES.FromPlatformFlagConstDisallowed, [stage.from.range], p);
}

const SECRET_RE = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const SECRET_ALLOW_RE = /(?:_|^)(?:public)(?:_|$)/i;

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
