/**
 * `docker build --call=targets`: every stage of the Dockerfile, as BuildKit's targets
 * subrequest lists them (`dockerfile2llb.ListTargets`). Only parsed, never expanded or
 * dispatched: the base and platform are as written, and `--target` or build args do not
 * matter.
 */
import { parse } from '../dockerfile/parser/index.ts';
import { parseStages } from '../dockerfile/instructions/stages.ts';
import type { Range } from '../source/range.ts';
import { ParseError } from '../source/errors.ts';
import { goJSON, pbLocation, sourceBytes } from './outline.ts';

/** One stage as BuildKit's `targets.Target` describes it. */
export interface Target {
  /** Stage name (lower case); empty for an unnamed stage. */
  readonly name: string;
  /** The last stage: what a build without `--target` produces. */
  readonly default: boolean;
  /** `# <name> <description>` above the FROM, or ''. */
  readonly description: string;
  /** The base as written (`alpine`, `golang:${GO_VERSION}`, another stage's name). */
  readonly base: string;
  /** `--platform` as written, or ''. */
  readonly platform: string;
  /** The FROM instruction. */
  readonly range: Range;
}

/** The stages of `text`; parse errors are thrown as the front end throws them. */
export function targetsOf(text: string): Target[] {
  // the front end refuses an empty file before parsing it, for every request
  if (text.length === 0) throw new ParseError('empty-dockerfile', 'the Dockerfile cannot be empty');
  const { stages } = parseStages(parse(text));
  return stages.map((s, i) => ({
    name: s.name ?? '',
    default: i === stages.length - 1,
    description: s.description,
    base: s.baseName,
    platform: s.platform ?? '',
    range: s.from.range,
  }));
}

/** The targets' `result.json`, field for field as BuildKit marshals `targets.List` (empty fields left out). */
export function targetsJSON(targets: readonly Target[], dockerfile: string): string {
  return goJSON({
    targets: targets.length
      ? targets.map((t) => ({
          ...(t.name ? { name: t.name } : {}),
          ...(t.default ? { default: true } : {}),
          ...(t.description ? { description: t.description } : {}),
          ...(t.base ? { base: t.base } : {}),
          ...(t.platform ? { platform: t.platform } : {}),
          location: pbLocation(t.range),
        }))
      : null,
    sources: [sourceBytes(dockerfile)],
  });
}
