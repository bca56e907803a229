import { describe, expect, it } from 'vitest';
import { lex, type Tokens } from './lexer.ts';
import { seedOf } from '../binary/write.ts';
import { FNV_START, fnvOn } from '../../util/prng.ts';
import { tokensSeed } from './compile.ts';
import type { GoFile } from './source.ts';
import { importName, parseGoFile } from './source.ts';

function file(text: string, path = 'main.go'): GoFile {
  const r = parseGoFile(path, text);
  if ('error' in r) throw new Error(`${r.error.line}:${r.error.col}: ${r.error.message}`);
  return r.file;
}

/** The lexer's error for `src` (undefined when it lexes). */
function lexError(src: string): unknown {
  const r = lex(src);
  return 'error' in r ? r.error : undefined;
}

describe('lexer', () => {
  it('decodes escapes and raw strings, reports unterminated literals', () => {
    const r = lex('x := "a\\tb\\u00e9" + `raw\n\\n`');
    expect('tokens' in r && r.tokens.all().filter((t) => t.kind === 'string').map((t) => t.value)).toEqual(['a\tbé', 'raw\n\\n']);
    expect(lexError('s := `open')).toEqual({ line: 1, col: 6, message: 'string not terminated' });
    expect(lexError('s := "open')).toEqual({ line: 1, col: 6, message: 'string not terminated' });
    expect(lexError('s := "open\nx')).toEqual({ line: 1, col: 11, message: 'newline in string' });
    expect(lexError("fmt.Println('Hello World')")).toEqual({ line: 1, col: 13, message: 'more than one character in rune literal' });
    expect(lexError("r := ''")).toEqual({ line: 1, col: 7, message: "empty rune literal or unescaped ' in rune literal" });
    expect(lex("r := '\\'' + 'é' + '\\u00e9'")).toHaveProperty('tokens');
    expect(lexError('/* never closed')).toEqual({ line: 1, col: 1, message: 'comment not terminated' });
  });
});

function tokensOf(src: string): Tokens {
  const r = lex(src);
  if ('error' in r) throw new Error(r.error.message);
  return r.tokens;
}

describe('the compact token store', () => {
  it('keeps a file\'s tokens when later files are lexed (the scratch arrays are reused)', () => {
    const a = tokensOf('package a\n\nfunc f() { g(1) }\n');
    const before = a.all().map((t) => ({ ...t }));
    tokensOf('package b\n' + 'var x = "y"\n'.repeat(5000));
    tokensOf('package c\n');
    expect(a.slice()).toEqual(before);
    expect(before.map((t) => t.value)).toEqual(['package', 'a', '\n', '\n', 'func', 'f', '(', ')', '{', 'g', '(', '1', ')', '}', '\n', '']);
  });

  it('keeps both files right when a huge file makes the scratch arrays grow past what they keep', () => {
    const huge = tokensOf('package h\n' + 'x\n'.repeat(2_200_000)); // 4.4M tokens: grows the scratch, which is then let go
    const small = tokensOf('package s\nvar y = 2\n');
    expect(huge.length).toBe(4_400_004);
    expect([huge.value(2), huge.value(3), huge.value(4_400_001), huge.line(4_400_001), huge.value(4_400_003)]).toEqual(['\n', 'x', 'x', 2_200_001, '']);
    expect(small.all().map((t) => t.value)).toEqual(['package', 's', '\n', 'var', 'y', '=', '2', '\n', '']);
  });

  it('places tokens after multi-line comments and raw strings on their lines, with byte columns', () => {
    const t = tokensOf('package p\n/* one\ntwo */ var s = `a\nbé\n` + "é"\nvar z = 1');
    const at = (value: string) => t.all().find((x) => x.value === value)!;
    expect([at('var').line, at('var').col]).toEqual([3, 8]);
    expect([at('a\nbé\n').line, at('a\nbé\n').col]).toEqual([3, 16]);
    expect([at('+').line, at('+').col]).toEqual([5, 3]);
    expect([at('é').line, at('é').col]).toEqual([5, 5]);
    expect([at('z').line, at('z').col]).toEqual([6, 5]);
  });

  it('answers kind, is and bracket by index, as the token objects do', () => {
    const t = tokensOf('package p\nvar m = map[string]int{"(": 1} // (\nfunc f(a ...int) { _ = a <<= 2 }\n');
    const all = t.all();
    for (let k = -1; k <= all.length; k++) {
      const o = all[k];
      expect(t.kind(k)).toBe(o?.kind);
      expect(t.value(k)).toBe(o?.value);
      for (const probe of ['(', ')', '{', '<<=', '...', 'map', 'string', '"("']) expect(t.is(k, probe)).toBe(o?.value === probe);
      const open = o?.kind === 'punct' && '([{'.includes(o.value) ? 1 : 0;
      const close = o?.kind === 'punct' && ')]}'.includes(o.value) ? -1 : 0;
      expect(t.bracket(k)).toBe(open || close);
    }
  });

  it('keeps line starts right when a comment has far more lines than the file has tokens', () => {
    // 100k lines in one comment and a dozen tokens: the line starts outgrow the scratch on their own
    const t = tokensOf('package p\n/*' + '\n'.repeat(100_000) + '*/ var x = "a"\n');
    const x = t.all().find((o) => o.value === 'x')!;
    expect([x.line, x.col]).toEqual([100_002, 8]);
    expect(tokensOf('package q\nvar y = 1\n').all().find((o) => o.value === 'y')).toMatchObject({ line: 2, col: 5 });
  });

  it('hashes and compares token values without slicing them', () => {
    const t = tokensOf('package p\nvar a, b = "x\\ty", `x\ty`\nfunc f() { a := f; _ = a }\n');
    const all = t.all();
    for (let k = 0; k < all.length; k++) {
      expect(t.hash(k)).toBe(fnvOn(FNV_START, all[k]!.value));
      for (let j = 0; j < all.length; j++) expect(t.same(k, j)).toBe(all[k]!.value === all[j]!.value);
    }
    expect([t.hash(-1), t.same(-1, 0), t.same(0, all.length)]).toEqual([0, false, false]);
  });

  it('hashes token values by range as hashing the joined text does', () => {
    const files = [file('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hé\\tllo", `raw`) }\n'), file('package main\n\nvar x = 1\n')];
    const joined = files.map((f) => f.tokens.all().map((t) => t.value).join(' ')).join('\n');
    expect(tokensSeed(files)).toBe(seedOf(joined));
  });
});

describe('parseGoFile', () => {
  it('reads imports, funcs and string values', () => {
    const f = file('package main\n\nimport (\n\tf "fmt"\n\t_ "embed"\n)\n\nconst a, b = 1, 2\nconst Name = "x" + "y"\nvar v string = Name + "!"\nvar n = 3\n\nfunc (s *T) method() {}\nfunc main() { f.Println(v) }\n');
    expect(f.imports.map((i) => [i.path, i.name, i.line, i.col])).toEqual([['fmt', 'f', 4, 4], ['embed', '_', 5, 4]]);
    expect([...f.funcs.keys()]).toEqual(['main']);
    expect(f.values.get('Name')).toEqual({ kind: 'const', value: 'xy' });
    expect(f.values.get('v')).toEqual({ kind: 'var', value: 'xy!' });
    expect(f.values.get('n')).toEqual({ kind: 'var' });
    expect(f.values.get('a')).toEqual({ kind: 'const' });
  });

  it('finds funcs by name among thousands without a map of them, the last of a name declared twice winning', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `f${i}`);
    const src = 'package main\n\n' + names.map((n, i) => `func ${n}(x${i} int) int { return x${i} }\n`).join('') + 'func (t T) g() {}\nfunc f7(dup int) {}\n';
    const f = file(src);
    expect(f.funcs.size).toBe(5000);
    expect(names.every((n) => f.funcs.has(n))).toBe(true);
    for (const absent of ['g', 'f5000', 'f', 'main', '']) expect(f.funcs.has(absent)).toBe(false);
    expect(f.funcs.get('f4321')).toMatchObject({ name: 'f4321', line: 4324 });
    expect(f.funcs.get('f4321')!.params.map((t) => t.value)).toEqual(['x4321', 'int']);
    expect(f.funcs.get('f4321')!.body.map((t) => t.value)).toEqual(['return', 'x4321']);
    expect(f.funcs.get('f7')!.params.map((t) => t.value)).toEqual(['dup', 'int']); // as Map.set would keep the later one
    expect([...f.funcs.keys()]).toEqual(names.filter((n) => n !== 'f7').concat('f7'));
    expect([...f.funcs.values()].map((fn) => fn.line).slice(0, 3)).toEqual([3, 4, 5]);
    expect(f.funcs.get('nope')).toBeUndefined();
  });

  it('reports gc-style syntax errors', () => {
    const err = (t: string) => {
      const r = parseGoFile('m.go', t);
      return 'error' in r ? `${r.error.line}:${r.error.col}: ${r.error.message}` : 'ok';
    };
    expect(err('package main\nfunc main() {\n\tf(1]\n}\n')).toBe('3:5: syntax error: unexpected ] in argument list; possibly missing comma or )');
    expect(err('package main\nx := 1\n')).toBe('2:1: syntax error: non-declaration statement outside function body');
    expect(err('func main() {}\n')).toBe("1:1: expected 'package', found func");
  });

  it('names imports like Go', () => {
    const n = (path: string) => importName({ path, line: 1, col: 1, specCol: 1 });
    expect([n('github.com/go-chi/chi/v5'), n('gopkg.in/yaml.v3'), n('github.com/mattn/go-sqlite3'), n('net/http')]).toEqual(['chi', 'yaml', 'sqlite3', 'http']);
  });
});

describe('lexer columns', () => {
  it('are UTF-8 byte columns, as gc prints them, on lines with multi-byte text', () => {
    const src = 'package main\n\nvar π = "héllo 😀" + `x` /* ü */ + "\uD800" // lone\nfunc 世界() { x := \'é\'; _ = x }\n\tvar é😀b = 1\n';
    const r = lex(src);
    if ('error' in r) throw new Error(r.error.message);
    const utf8 = new TextEncoder();
    const lines = src.split('\n');
    // Each token's column is the UTF-8 length of its line before it, plus one: find every token's
    // UTF-16 start by scanning its line for its text, in order.
    let seen = 0;
    for (const [n, text] of lines.entries()) {
      let from = 0;
      for (const t of r.tokens.all().filter((t) => t.line === n + 1 && t.kind === 'ident')) {
        const at = text.indexOf(t.value, from);
        expect(t.col).toBe(utf8.encode(text.slice(0, at)).length + 1);
        from = at + t.value.length;
        seen++;
      }
    }
    expect(seen).toBe(11);
    expect(r.tokens.all().filter((t) => t.kind === 'newline').map((t) => t.col)).toEqual(lines.slice(0, -1).map((l) => utf8.encode(l).length + 1).concat([1]));
  });
});
