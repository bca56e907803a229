import { describe, expect, it } from 'vitest';
import { EngineError } from '../../source/index.ts';
import { ShellLex } from './lex.ts';

const env = new Map([
  ['PWD', '/home'],
  ['EMPTY', ''],
  ['FOO', 'xxyy'],
  ['Y', 'why'],
]);

function failure(word: string, lex = new ShellLex()): EngineError {
  try {
    lex.processWord(word, env);
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error(`expected ${word} to fail`);
}

describe('error messages (BuildKit wording, wrapped as `failed to process %q`)', () => {
  it.each([
    ['${}', 'shell/bad-substitution', 'syntax error: bad substitution'],
    ['a${:-x}', 'shell/bad-substitution', 'syntax error: bad substitution'],
    ['${{a}', 'shell/bad-substitution', 'syntax error: bad substitution'],
    ['${', 'shell/missing-brace', "syntax error: missing '}'"],
    ['${aaa:-bbb', 'shell/missing-brace', "syntax error: missing '}'"],
    ['${aaa:', 'shell/missing-brace', "syntax error: missing '}'"],
    ['${aaa:=', 'shell/missing-brace', "syntax error: missing '}'"],
    ['${X:-\'open}', 'shell/missing-brace', "syntax error: missing '}'"],
    ['${X:-"open}', 'shell/missing-brace', "syntax error: missing '}'"],
    ['${X/a', 'shell/missing-slash', "syntax error: missing '/' in ${}"],
    ['${X/a/b', 'shell/missing-brace', "syntax error: missing '}'"],
    // the character after ':' is consumed before the word is read up to the next '}'
    ['${X:}', 'shell/missing-brace', "syntax error: missing '}'"],
    ['${X:}x}', 'shell/unsupported-modifier', 'unsupported modifier (:}) in substitution'],
    ['${X:=y}', 'shell/unsupported-modifier', 'unsupported modifier (:=) in substitution'],
    ['${X=y}', 'shell/unsupported-modifier', 'unsupported modifier (=) in substitution'],
    ['${X:YYY}', 'shell/unsupported-modifier', 'unsupported modifier (:Y) in substitution'],
    ['${X:#a}', 'shell/unsupported-modifier', 'unsupported modifier (:#) in substitution'],
    ['${X:%a}', 'shell/unsupported-modifier', 'unsupported modifier (:%) in substitution'],
    ['${.}', 'shell/unsupported-modifier', 'unsupported modifier (.) in substitution'],
    // The end of input read as a modifier is Go's U+FFFD.
    ['${PWD', 'shell/unsupported-modifier', 'unsupported modifier (\uFFFD) in substitution'],
    ['${UNSET?}', 'shell/unset-variable', 'UNSET: is not allowed to be unset'],
    ['${UNSET:?}', 'shell/unset-variable', 'UNSET: is not allowed to be unset'],
    ['${EMPTY:?}', 'shell/empty-variable', 'EMPTY: is not allowed to be empty'],
    ['${UNSET?ask $Y}', 'shell/unset-variable', 'UNSET: ask why'],
    ['${EMPTY:?set it}', 'shell/empty-variable', 'EMPTY: set it'],
    ['${X:-${UNSET?inner}}', 'shell/unset-variable', 'UNSET: inner'],
    ["he'llo", 'shell/unterminated-quote', 'unexpected end of statement while looking for matching single-quote'],
    ['"hello\\"', 'shell/unterminated-quote', 'unexpected end of statement while looking for matching double-quote'],
    ['${FOO#a\\b}', 'shell/invalid-pattern', "invalid pattern (a\\b) in substitution: invalid escape '\\b'"],
    // `%` matches a reversed pattern; BuildKit's message shows it reversed.
    ['${FOO%a\\b}', 'shell/invalid-pattern', "invalid pattern (\\ba) in substitution: invalid escape '\\b'"],
    ['${FOO/a\\b/c}', 'shell/invalid-pattern', "invalid pattern (a\\b) in substitution: invalid escape '\\b'"],
  ])('%s → %s', (word, code, reason) => {
    const err = failure(word);
    expect(err.code).toBe(code);
    expect(err.message).toBe(`failed to process ${JSON.stringify(word)}: ${reason}`);
    expect(err.data).toEqual({ word, reason });
  });

  it('quotes the word the way Go %q does', () => {
    expect(failure('"a\tb').message).toBe(
      'failed to process "\\"a\\tb": unexpected end of statement while looking for matching double-quote',
    );
    expect(failure('안녕${}').message).toBe('failed to process "안녕${}": syntax error: bad substitution');
  });

  it('a pattern ending in a lone escape (from a variable) reports U+FFFD', () => {
    const lex = new ShellLex();
    expect(() => lex.processWord('${FOO#$BS}', new Map([...env, ['BS', 'x\\']]))).toThrow(
      "invalid pattern (x\\) in substitution: invalid escape '\\\uFFFD'",
    );
  });

  it('errors survive toJSON/fromJSON', () => {
    const back = EngineError.fromJSON(failure('${}').toJSON());
    expect(back.code).toBe('shell/bad-substitution');
    expect(back.message).toBe('failed to process "${}": syntax error: bad substitution');
  });

  it('processWords fails the same way', () => {
    expect(() => new ShellLex().processWords('a ${X:=1}', env)).toThrow(
      'failed to process "a ${X:=1}": unsupported modifier (:=) in substitution',
    );
  });

  it('rejects escape tokens other than \\ and `', () => {
    expect(() => new ShellLex('/')).toThrow(EngineError);
  });
});
