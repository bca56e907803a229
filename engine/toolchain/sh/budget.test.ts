/** One RUN's shell holds a bounded amount of memory: past it, ash's `out of memory`, never the JavaScript heap running out. */
import { describe, expect, it } from 'vitest';
import { sh } from './fixture.test-util.ts';
import { MAX_SHELL_MEMORY, MAX_SHELL_STRING, ShellVars } from './budget.ts';

const JS_ERROR = /TypeError|RangeError|Maximum call stack|Invalid string length|\n\s+at \S+ \(/;
/** A value of 8 × 2^n characters, built by doubling. */
const doubled = (n: number, then = '') => `A=xxxxxxxx; for i in $(seq ${n}); do A=$A$A; done; ${then}`;

describe('the shell memory budget', () => {
  it(`a value doubled to ${MAX_SHELL_STRING / 2 ** 20} MiB is kept (as on Linux); doubled past it, out of memory, exit 1`, async () => {
    const ok = await sh(doubled(23, 'echo ${#A}'));
    expect([ok.exitCode, ok.stdout, ok.stderr]).toEqual([0, `${MAX_SHELL_STRING}\n`, '']);
    const r = await sh(doubled(30, 'echo never'));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('sh: out of memory\n');
  });

  it('an expanded word, an unquoted one split into fields and a $(...) output are bounded too', async () => {
    for (const line of ['echo "$A$A" | wc -c', 'echo $A$A | wc -c', 'B=$(echo $A; echo $A); echo ${#B}']) {
      const r = await sh(doubled(23, line));
      expect(r.stderr, line).toMatch(/^sh: out of memory\n/);
      expect(r.stderr, line).not.toMatch(JS_ERROR);
      expect(r.stdout, line).toMatch(/^0?\n?$/);
    }
    // 8 million one-letter fields: out of memory (was: the stack ran out spreading them)
    const many = await sh(doubled(20, 'set -- $(echo $A | sed "s/x/x /g"); echo $#'));
    expect([many.exitCode, many.stdout, many.stderr]).toEqual([1, '', 'sh: out of memory\n']);
    // splitting a large unquoted value into its words still works
    const words = await sh(doubled(16, 'set -- $(echo $A | sed "s/x/x /g"); echo $#'), { loopLimit: 100 });
    expect(words.stdout).toBe(`${8 * 2 ** 16}\n`);
  });

  it(`a pipe buffers at most ${MAX_SHELL_MEMORY / 2 ** 20} MiB: the writer runs out of memory, the reader sees what came through`, async () => {
    const r = await sh(doubled(23, 'while true; do echo $A; done | wc -c'));
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('sh: out of memory\n');
    const line = MAX_SHELL_STRING + 1;
    expect(Number(r.stdout)).toBe(Math.floor(MAX_SHELL_MEMORY / line) * line);
  });

  it('all variables together: at most 512 MiB', () => {
    const vars = new ShellVars();
    const big = 'x'.repeat(MAX_SHELL_STRING);
    for (let i = 0; i < MAX_SHELL_MEMORY / MAX_SHELL_STRING; i++) vars.set(`V${i}`, big);
    expect(() => vars.set('ONE_MORE', 'x')).toThrow(expect.objectContaining({ message: 'out of memory', status: 1 }));
    vars.delete('V0');
    expect(() => vars.set('ONE_MORE', 'x')).not.toThrow();
    expect(() => vars.set('V1', big + 'x')).toThrow(expect.objectContaining({ message: 'out of memory' }));
  });
});
