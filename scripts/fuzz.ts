/**
 * Long fuzz runs of the property `cli/fuzz.test.ts` checks (exit 0 or 1, no JavaScript error
 * text), with a random seed printed first so a failure can be replayed:
 *
 *   npm run fuzz                          # 2,000 runs, random seed
 *   npm run fuzz -- --runs 20000 --seed 42
 *   npm run fuzz -- --runs 200 --stats    # also tally the outcomes (exit code and last line)
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { buildOutcome, buildProperty, dockerfile, fuzzWorkspace, mode } from '../cli/fuzz-dockerfile.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '2000' }, seed: { type: 'string' }, stats: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const seed = values.seed !== undefined ? Number(values.seed) : (Math.random() * 2 ** 31) | 0;
console.log(`fuzz: ${runs} runs, seed ${seed} (replay: npm run fuzz -- --runs ${runs} --seed ${seed})`);

const ws = fuzzWorkspace();
try {
  if (values.stats) {
    const tally = new Map<string, number>();
    for (const [text, flags] of fc.sample(fc.tuple(dockerfile, mode), { seed, numRuns: runs })) {
      const { code, out } = await buildOutcome(ws, text, flags);
      const last = out.trim().split('\n').at(-1) ?? '';
      const key = `${code instanceof Error ? 'threw' : code} ${last.replace(/"[^]*"/, '"…"').replace(/sha256:\w+/g, 'sha256:…').slice(0, 100)}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    for (const [k, n] of [...tally].sort((a, b) => b[1] - a[1])) console.log(String(n).padStart(6), k);
  } else {
    const t0 = Date.now();
    await fc.assert(buildProperty(ws), { seed, numRuns: runs, endOnFailure: true });
    console.log(`fuzz: ${runs} runs passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  ws.dispose();
}
