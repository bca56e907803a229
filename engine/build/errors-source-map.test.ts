/**
 * Every failure points at its Dockerfile lines, as BuildKit's testErrorsSourceMap
 * (moby/buildkit frontend/dockerfile/errors_test.go) requires: the front end's errors,
 * an unknown `# syntax=` frontend, a failing RUN, a missing COPY source, a bad flag, an
 * image a `COPY --from` names that does not exist, a RUN split over lines.
 */
import { describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { filesOf, testDeps } from './testing/project.ts';
import { EngineError } from '../source/errors.ts';

const CASES: [string, string, number[]][] = [
  ['invalidenv', 'from alpine\nenv', [2]],
  ['invalidsyntax', '#syntax=foobar\nfrom alpine', [1]],
  ['invalidrun', 'from scratch\nenv foo=bar\nrun what', [3]],
  ['invalidcopy', 'from scratch\nenv foo=bar\ncopy foo bar\nenv bar=baz', [3]],
  ['invalidflag', 'from scratch\nenv foo=bar\ncopy --foo=bar / /\nenv bar=baz', [3]],
  ['invalidcopyfrom', 'from scratch\nenv foo=bar\ncopy --from=invalid foo bar\nenv bar=baz', [3]],
  ['invalidmultiline', 'from scratch\nrun wh\\\nat\nenv bar=baz', [2, 3]],
];

describe('testErrorsSourceMap', () => {
  it.each(CASES)('%s', async (_name, dockerfile, lines) => {
    let err: unknown;
    try {
      await build({ dockerfile, context: filesOf({}) }, testDeps());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    const ranges = (err as EngineError).ranges;
    const covered = new Set(ranges.flatMap((r) => Array.from({ length: r.end.line - r.start.line + 1 }, (_, i) => r.start.line + i)));
    expect({ message: (err as Error).message, lines: [...covered].sort() }).toEqual({ message: (err as Error).message, lines });
  });
});
