import { describe, expect, it } from 'vitest';
import type { FuncDef } from './ast.ts';
import { parseFile } from './parse.ts';

const body = (src: string, fn = 'f'): FuncDef['body'] => parseFile('x.go', src).funcs.get(fn)!.body;

describe('parseFile', () => {
  it('reads forms gc accepts that are easy to misread, each statement whole', () => {
    const src = `package p

func f(a, b int, rest []string, g func(int) error) (func(), error) {
outer:
	for i := 0; i < 3; i++ {
		break outer
	}
	switch {
	case
		a > b:
	}
	if v := map[string]int{"x": 1}; v != nil {
	}
	x := struct{}{}
	_ = x
	return nil, nil
}

func G[T any](xs List[T], n int) (List[T], error) { return xs, nil }
`;
    const b = body(src);
    expect(b.body.map((s) => s.k)).toEqual(['for', 'switch', 'if', 'define', 'assign', 'return']);
    const f = parseFile('x.go', src).funcs.get('f')!;
    expect(f.params.map((p) => `${p.name} ${p.type}`)).toEqual(['a int', 'b int', 'rest []string', 'g func']);
    expect(f.results.map((p) => p.type)).toEqual(['func', 'error']);
    expect(parseFile('x.go', src).funcs.get('G')!.params.map((p) => p.name)).toEqual(['xs', 'n']);
    expect(body(src, 'G').body).toEqual([{ k: 'unsupported', what: 'generic functions', line: 19 }]);
  });

  it('parses a body only when it is read', () => {
    const decls = parseFile('x.go', 'package p\n\nfunc a() { b() }\n\nfunc b() {}\n');
    expect([...decls.funcs.keys()]).toEqual(['a', 'b']);
    expect(decls.funcs.get('a')!.body.body[0]).toMatchObject({ k: 'expr', x: { k: 'call', fn: { k: 'ident', name: 'b' } } });
  });
});
