/** Seeded, bounded fuzz of the CLI's build over whole Dockerfiles (`npm run fuzz` runs the same property for long). */
import { afterAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { buildProperty, fuzzWorkspace } from './fuzz-dockerfile.ts';

const ws = fuzzWorkspace();
afterAll(() => ws.dispose());

describe('fuzzed Dockerfiles through the CLI', () => {
  it('exit 0 or 1, never a JavaScript error in the output', async () => {
    await fc.assert(buildProperty(ws), { seed: 20261206, numRuns: 600, endOnFailure: true });
  }, 300_000);
});
