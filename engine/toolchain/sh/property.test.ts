import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sh } from './fixture.test-util.ts';

/** Pieces random lines are made of: commands, words, operators, quotes, keywords, expansions. */
const PIECES = [
  'echo', 'printf', 'ls', '-la', 'cat', 'grep', '-v', 'sed', 's/a/b/g', 'wc', '-l', 'cd', '/etc', '/tmp', '..', 'mkdir', '-p', 'rm', '-rf',
  'cp', 'mv', 'touch', 'x', 'y', 'f', '*', '/etc/*', '?', '[a-z]*', 'test', '[', ']', '-f', '-d', '=', '!=', '-eq', '1', '0', '2',
  'true', 'false', 'exit', 'export', 'unset', 'set', '-e', '-x', 'read', 'shift', 'eval', 'nope', 'sort', 'uniq', 'head', 'tail',
  'if', 'then', 'elif', 'else', 'fi', 'for', 'in', 'do', 'done', 'while', 'until', 'case', 'esac', ';;', '{', '}', '(', ')',
  ';', '&&', '||', '|', '&', '!', '>', '>>', '<', '2>&1', '2>/dev/null', '<<', 'EOF', '\n', '$x', '$?', '$#', '$@', '$0', '$1',
  '${x:-d}', '${x#*.}', '${#x}', '${x', '$(echo a)', '$(', '`echo b`', '$((1+2))', '$((x*', "'q q'", "'", '"d $x"', '"', '\\',
  'a=1', 'x=$(pwd)', 'f()', 'return', 'break', 'continue', 'tr', 'a-z', 'A-Z', 'cut', '-d:', '-f1', 'id', 'uname', '-a', 'seq', '3',
  'tar', '-czf', '/tmp/a.tgz', 'chmod', '755', 'u+x', 'chown', 'root:root', 'ln', '-s', 'adduser', '-D', 'addgroup', 'env', 'xargs',
];

const line = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 14 }).map((ws) => ws.join(' '));

describe('shell robustness', () => {
  it('answers 2,000 random lines with an exit status (never an exception), each fast', async () => {
    const slow: string[] = [];
    await fc.assert(
      fc.asyncProperty(line, async (src) => {
        let t = performance.now();
        const r = await sh(src, { loopLimit: 50 });
        let ms = performance.now() - t;
        if (ms > 50) {
          // a GC pause or a busy machine does not repeat; a slow line does
          t = performance.now();
          await sh(src, { loopLimit: 50 });
          ms = Math.min(ms, performance.now() - t);
        }
        if (ms > 50) slow.push(`${ms.toFixed(1)}ms ${JSON.stringify(src)}`);
        expect(Number.isInteger(r.exitCode)).toBe(true);
        expect(r.exitCode).toBeGreaterThanOrEqual(0);
        expect(r.exitCode).toBeLessThanOrEqual(255);
        expect(Number.isFinite(r.modeledMs)).toBe(true);
      }),
      { numRuns: 2000, seed: 20261127 },
    );
    expect(slow, slow.join('\n')).toEqual([]);
  }, 60_000);

  it('survives 1,000 lines of raw shell punctuation', async () => {
    const chars = fc.array(fc.constantFrom(...'ab1 $(){}[]|&;<>\'"`\\#*?=!-~%:/\n\t'.split('')), { maxLength: 30 }).map((c) => c.join(''));
    await fc.assert(
      fc.asyncProperty(chars, async (src) => {
        const r = await sh(src, { loopLimit: 50 });
        expect(r.exitCode).toBeGreaterThanOrEqual(0);
        expect(r.exitCode).toBeLessThanOrEqual(255);
      }),
      { numRuns: 1000, seed: 7 },
    );
  }, 60_000);
});
