import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json is). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where data that is not ours to copy into the repository is looked for: `$STAGEPLAY_SHARED`,
 * else `../shared` beside the checkout. Only BuildKit's conformance corpora are read from here,
 * and they are optional (see `conformanceCorpus`); every other test needs only the repository.
 */
export const SHARED_DIR = process.env.STAGEPLAY_SHARED || resolve(REPO_ROOT, '../shared');

/** BuildKit's corpora, one folder each: `buildkit-parser`, `buildkit-parser-heredoc`, `buildkit-shell`. */
export const CONFORMANCE_DIR = join(SHARED_DIR, 'conformance');

/** Set (to 1) in CI: a missing corpus fails the run instead of skipping its suites. */
export const REQUIRE_CONFORMANCE = process.env.STAGEPLAY_REQUIRE_CONFORMANCE === '1';

/** The one line a run without the corpora prints: why the suites were skipped and how to get them. */
export const CONFORMANCE_SKIPPED =
  `BuildKit's conformance corpora are not in ${CONFORMANCE_DIR}, so the parser, heredoc and shell conformance suites are skipped: ` +
  'they are moby/buildkit@73ed6825c4b7 frontend/dockerfile/parser/{testfiles,testfiles-negative,testfile-line}, parser_heredoc_test.go ' +
  'and shell/{envVarTest,wordsTest}, laid out as the README\'s "Conformance" section says, in ../shared/conformance or $STAGEPLAY_SHARED/conformance';

/**
 * The folder of one BuildKit corpus, or `undefined` when it is absent (its suites are then
 * skipped with `CONFORMANCE_SKIPPED`). With `STAGEPLAY_REQUIRE_CONFORMANCE=1` absence throws.
 */
export function conformanceCorpus(name: 'buildkit-parser' | 'buildkit-parser-heredoc' | 'buildkit-shell'): string | undefined {
  const dir = join(CONFORMANCE_DIR, name);
  if (existsSync(dir)) return dir;
  if (REQUIRE_CONFORMANCE) throw new Error(`STAGEPLAY_REQUIRE_CONFORMANCE=1 but ${dir} is missing: ${CONFORMANCE_SKIPPED}`);
  return undefined;
}
