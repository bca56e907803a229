import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCorpus } from '../../testing/conformance.ts';
import { EnvList } from './env.ts';
import { ShellLex } from './lex.ts';

// BuildKit's own shell-lexer tables, read in place from outside the repository (see the corpus
// README for the rules; `engine/testing/shared.ts` says where they are looked for).
withCorpus('buildkit-shell', (dir) => {
  const corpus = (name: string) => readFileSync(join(dir, name), 'utf8');

  /** Go's bufio.Scanner lines: split on \n, a trailing \r dropped. */
  const lines = (text: string) => text.replace(/\n$/, '').split('\n').map((l) => l.replace(/\r$/, ''));

  interface EnvVarCase {
    line: number;
    input: string;
    expected: string;
  }

  function envVarCases(): EnvVarCase[] {
    const cases: EnvVarCase[] = [];
    let total = 0;
    lines(corpus('envVarTest')).forEach((raw, i) => {
      if (raw.startsWith('#')) return;
      const line = raw.trim();
      if (line === '') return;
      const fields = line.split('|');
      if (fields.length !== 3) throw new Error(`envVarTest:${i + 1}: expected 3 fields`);
      const [platform, input, expected] = fields.map((f) => f.trim()) as [string, string, string];
      if (!['A', 'U', 'W'].includes(platform)) throw new Error(`envVarTest:${i + 1}: bad platform ${platform}`);
      total++;
      if (platform !== 'W') cases.push({ line: i + 1, input, expected });
    });
    expect(total).toBe(230);
    return cases;
  }

  describe('envVarTest (ProcessWord)', () => {
    const env = new Map([
      ['PWD', '/home'],
      ['SHELL', 'bash'],
      ['KOREAN', '한국어'],
      ['NULL', ''],
    ]);
    const lex = new ShellLex('\\');
    const cases = envVarCases();

    it('has every A and U line (230 entries minus the 2 Windows-only ones)', () => {
      expect(cases).toHaveLength(228);
    });

    it.each(cases)('line $line: $input', ({ input, expected }) => {
      if (expected === 'error') {
        expect(() => lex.processWord(input, env)).toThrow(/^failed to process "/);
      } else {
        expect(lex.processWord(input, env)).toBe(expected);
      }
    });
  });

  describe('wordsTest (ProcessWords)', () => {
    interface WordsCase {
      line: number;
      input: string;
      expected: string[];
      env: Map<string, string>;
    }
    const cases: WordsCase[] = [];
    const env = new EnvList();
    lines(corpus('wordsTest')).forEach((line, i) => {
      if (line.startsWith('#')) return;
      if (line.startsWith('ENV ')) {
        const kv = line.slice(3).replace(/^ +/, '');
        const eq = kv.indexOf('=');
        env.set(kv.slice(0, eq), kv.slice(eq + 1));
        return;
      }
      const fields = line.split('|');
      if (fields.length !== 2) throw new Error(`wordsTest:${i + 1}: expected exactly one |`);
      const [input, expected] = fields as [string, string];
      cases.push({ line: i + 1, input: input.trim(), expected: expected.replace(/^ +/, '').split(','), env: env.toMap() });
    });
    const lex = new ShellLex('\\');

    it('has 24 assertions', () => {
      expect(cases).toHaveLength(24);
    });

    it.each(cases)('line $line: $input', ({ input, expected, env }) => {
      let result: string[];
      try {
        result = lex.processWords(input, env);
      } catch {
        result = ['error'];
      }
      expect(result).toEqual(expected);
    });
  });
});
