import { it } from 'vitest';
import { CONFORMANCE_SKIPPED, conformanceCorpus } from './shared.ts';

/**
 * Declares a conformance corpus's suites when the corpus is present (`suites` gets its folder);
 * when it is absent, one skipped test carries the reason and where to get the data, which the
 * summary reporter prints once per run.
 */
export function withCorpus(name: Parameters<typeof conformanceCorpus>[0], suites: (dir: string) => void): void {
  const dir = conformanceCorpus(name);
  if (dir !== undefined) suites(dir);
  else it(`${name} corpus`, (ctx) => ctx.skip(CONFORMANCE_SKIPPED));
}
