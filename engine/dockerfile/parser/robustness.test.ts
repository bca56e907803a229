import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../source/index.ts';
import { dumpNode, parse } from './index.ts';

const PIECES = ['FROM a', 'RUN x', 'RUN <<EOF', 'EOF', 'COPY <<-"A" <<B /d', '\tA', 'B', 'ENV a', 'ENV a=b c', 'CMD [1]', 'CMD ["a"]',
  '# escape=`', '# syntax=x', '#', '\\', '`', 'ONBUILD', 'ONBUILD RUN <<X', 'X', '', '  ', '\r', '"', "'", '<<', '--x="a b"'];

describe('parse on arbitrary input', () => {
  it('returns nodes or throws a located ParseError, never anything else', () => {
    const text = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 12 })), { maxLength: 20 }).map((ls) => ls.join('\n'));
    fc.assert(
      fc.property(text, (t) => {
        const lines = t.split('\n').length;
        try {
          const r = parse(t);
          for (const n of r.nodes) {
            expect(n.range.start.line).toBeGreaterThanOrEqual(1);
            expect(n.range.end.line).toBeLessThanOrEqual(lines);
            expect(dumpNode(n).startsWith('(')).toBe(true);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
          for (const r of (err as ParseError).ranges) {
            expect(r.start.line).toBeGreaterThanOrEqual(1);
            expect(r.end.line).toBeLessThanOrEqual(lines);
          }
        }
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('handles thousands of nested ONBUILDs in one line', () => {
    const r = parse('ONBUILD '.repeat(5000) + 'RUN x\n');
    let depth = 0;
    for (let n = r.nodes[0]; n; n = n.inner) depth++;
    expect(depth).toBe(5001);
    expect(dumpNode(r.nodes[0]!).endsWith('(run "x")' + ')'.repeat(5000))).toBe(true);
  });
});
