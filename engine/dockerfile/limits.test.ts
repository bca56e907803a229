/**
 * The front end's limits: each is an EngineError on the offending line, reached in bounded
 * time and memory (the child-process test in cli/hostile-memory.test.ts caps the heap).
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../source/index.ts';
import { loadDockerfile } from '../frontend/index.ts';
import { MAX_INSTRUCTIONS } from './parser/parse.ts';
import { MAX_WORD_LENGTH } from './shell/expander.ts';
import { MAX_ENV_LENGTH, MAX_LABELS_LENGTH } from './instructions/simulate.ts';

function failure(text: string, opts: Parameters<typeof loadDockerfile>[1] = {}): EngineError {
  try {
    loadDockerfile(text, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error('expected the Dockerfile to fail');
}

/** `KEYWORD A=<32 x>` then `n` lines doubling A. */
const doubling = (keyword: string, n: number) => ['FROM alpine', `${keyword} A=${'x'.repeat(32)}`, ...Array(n).fill(`${keyword} A=$A$A`)].join('\n');

describe('an expanded word is at most 1 MiB', () => {
  it.each(['ENV', 'ARG'])('%s A=$A$A doubled 24 times fails at the line that passes 1 MiB', (keyword) => {
    const err = failure(doubling(keyword, 24));
    expect(err.code).toBe('shell/too-long');
    expect(err.message).toBe(`failed to process "$A$A": expanded value longer than ${MAX_WORD_LENGTH} characters (stageplay's limit)`);
    // 32 << 15 is exactly 1 MiB (line 17); the next doubling is too long
    expect(err.ranges[0]!.start.line).toBe(18);
    expect(() => loadDockerfile(doubling(keyword, 15))).not.toThrow();
  });

  it('LABEL, WORKDIR and ${A//x/...} too', () => {
    const base = doubling('ENV', 15);
    for (const [line, code] of [['LABEL l=$A$A', 'shell/too-long'], ['WORKDIR /$A$A', 'shell/too-long'], ['ENV B=${A//x/xx}', 'shell/too-long']] as const) {
      const err = failure(`${base}\n${line}`, { allStages: true });
      expect(err.code, line).toBe(code);
      expect(err.ranges[0]!.start.line, line).toBe(18);
    }
  });
});

describe('a stage\'s environment and labels', () => {
  const mib = doubling('ARG', 15); // A is 1 MiB (an ARG: in the environment)
  it(`the environment (ENV and ARG as K=V) is at most ${MAX_ENV_LENGTH} characters`, () => {
    expect(() => loadDockerfile(`${mib}\nENV B=x`)).not.toThrow();
    const err = failure(`${mib}\nENV B=$A`);
    expect([err.code, err.message, err.ranges[0]!.start.line]).toEqual([
      'env-too-large', `environment larger than ${MAX_ENV_LENGTH} characters (stageplay's limit, Linux's ARG_MAX)`, 18,
    ]);
    expect(failure(`${mib}\nARG B=$A`).code).toBe('env-too-large');
  });

  it(`labels are at most ${MAX_LABELS_LENGTH} characters, a base stage's included`, () => {
    const one = doubling('ENV', 15).replace('FROM alpine', 'FROM alpine AS one'); // ENV A of 1 MiB
    expect(() => loadDockerfile(`${one}\nLABEL a=$A\nFROM one\nLABEL b=x`)).not.toThrow();
    const err = failure(`${one}\nLABEL a=$A\nFROM one\nLABEL b=$A`);
    expect([err.code, err.message, err.ranges[0]!.start.line]).toEqual(['labels-too-large', `labels larger than ${MAX_LABELS_LENGTH} characters (stageplay's limit)`, 20]);
  });
});

describe(`at most ${MAX_INSTRUCTIONS} instructions`, () => {
  it('the one past the limit is the error\'s line; 20,000 ENV lines load', () => {
    const lines = (n: number) => ['FROM alpine', ...Array.from({ length: n }, (_, i) => `ENV V${i}=${i}`)].join('\n');
    const fe = loadDockerfile(lines(20_000));
    expect(fe.simulated.get(0)!.steps.at(-1)!.env.get('V19999')).toBe('19999');
    expect(fe.simulated.get(0)!.steps[0]!.env.has('V1')).toBe(false);
    const err = failure(lines(MAX_INSTRUCTIONS));
    expect([err.code, err.message, err.ranges[0]!.start.line]).toEqual([
      'parse/too-many-instructions', `dockerfile has more than ${MAX_INSTRUCTIONS} instructions (stageplay's limit)`, MAX_INSTRUCTIONS + 1,
    ]);
  });
});
