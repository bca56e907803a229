/** `${...}` nested deeper than the limit is BuildKit-shaped error, never the JavaScript stack running out. */
import { expect, it } from 'vitest';
import { EngineError } from '../../source/index.ts';
import { MAX_EXPANSION_NESTING } from './expander.ts';
import { ShellLex } from './lex.ts';

const nest = (n: number) => '${X:-'.repeat(n) + 'a' + '}'.repeat(n);

it(`\${X:-...} nested ${MAX_EXPANSION_NESTING} deep expands; 10,000 deep is a clear error`, () => {
  const lex = new ShellLex();
  expect(lex.processWord(nest(MAX_EXPANSION_NESTING - 1), new Map())).toBe('a');
  let err: unknown;
  try {
    lex.processWord(nest(10_000), new Map());
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(EngineError);
  expect((err as EngineError).code).toBe('shell/too-deep');
  expect((err as EngineError).message).toMatch(/^failed to process "\$\{X:-.*": syntax error: \$\{\} nested more than 200 levels deep$/);
});
