import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends every vitest run with one plain line, `N passed, N failed[, N skipped]`, so CI logs
 * (and people skimming them) get the totals on the last line whatever the other reporters print.
 * Above it, each distinct reason given to `ctx.skip(note)` is printed once (`skipped: note`).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const notes = new Set<string>();
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed++;
        else {
          skipped++;
          if (result.state === 'skipped' && result.note) notes.add(result.note);
        }
      }
      // a file that failed to load has no tests but must still count as a failure
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    failed += unhandledErrors.length;
    for (const note of notes) process.stdout.write(`\nskipped: ${note}`);
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
