import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../../lessons/index.ts';
import { goProgram } from '../../testing/slow-build.ts';
import { REPO_ROOT } from '../../testing/shared.ts';
import { parseGoFile } from './source.ts';

/** `line:col: message` of a file's first error (syntax first, then gc's type checker), or `ok`. */
function first(src: string): string {
  const r = parseGoFile('m.go', src);
  if ('error' in r) return `${r.error.line}:${r.error.col}: ${r.error.message}`;
  const t = r.file.typeError;
  return t ? `${t.line}:${t.col}: ${t.message}` : 'ok';
}

const main = (body: string): string => `package main\n\nfunc main() {\n${body}}\n`;

/**
 * Broken programs and gc's first message for each, with the place in
 * cmd/compile/internal/syntax/parser.go (or types2) whose rule it follows. Lines count
 * from 1 at `package`; columns are bytes, a tab counting one.
 */
const BROKEN: readonly (readonly [string, string, string])[] = [
  // ifStmt → blockStmt("if clause"): the line under `if x > 0` became the condition, then no {
  ['if missing its block', main('\tx := 1\n\tif x > 0\n\t\tprintln("big")\n\t}\n'), '6:17: syntax error: unexpected newline, expected { after if clause'],
  // header: an init statement and no condition, the semicolon a newline
  ['if with { on the next line', main('\tx := 1\n\tif x > 0\n\t{\n\t}\n'), '5:10: syntax error: unexpected newline, expected { after if clause'],
  // header: `{` right after `if`
  ['if without condition', main('\tif {\n\t}\n'), '4:5: syntax error: missing condition in if statement'],
  // operand: default case
  ['binary operator without right operand', main('\tx := (1 + )\n\t_ = x\n'), '4:12: syntax error: unexpected ), expected expression'],
  ['argument list starting with a comma', main('\tfoo(,)\n'), '4:6: syntax error: unexpected comma, expected expression'],
  ['expression continued on a line that closes the block', main('\tx := 1 +\n'), '5:1: syntax error: unexpected }, expected expression'],
  // list("argument list"): the closure's `})` became `}`
  ['closure argument missing its )', main('\tf(func() {\n\t\tprintln()\n\t}\n'), '6:3: syntax error: unexpected newline in argument list; possibly missing comma or )'],
  ['two literals without a comma', main('\tprintln("a" "b")\n'), '4:14: syntax error: unexpected literal "b" in argument list; possibly missing comma or )'],
  // list("composite literal")
  ['composite literal line without trailing comma', main('\tx := []int{\n\t\t1,\n\t\t2\n\t}\n\t_ = x\n'), '6:4: syntax error: unexpected newline in composite literal; possibly missing comma or }'],
  // list("struct type")
  ['struct field ending in a comma', 'package main\n\ntype T struct {\n\ta int\n\tb string,\n}\n', '5:10: syntax error: unexpected comma in struct type; possibly missing semicolon or newline or }'],
  // blockStmt: want(_Rbrace) at the end of the file
  ['func body never closed', 'package main\n\nfunc main() {\n\tprintln("x")\n', '5:1: syntax error: unexpected EOF, expected }'],
  // ifStmt: the newline after `}` ended the if; `else` cannot start a statement
  ['else on its own line', main('\tif true {\n\t}\n\telse {\n\t}\n'), '6:2: syntax error: unexpected keyword else, expected }'],
  // ifStmt: got(_Else) followed by neither if nor {
  ['else followed by a statement', main('\tif true {\n\t} else println()\n'), '5:9: syntax error: else must be followed by if or statement block'],
  // fileOrNil: default case
  ['statement at top level', 'package main\n\nx := 1\n', '3:1: syntax error: non-declaration statement outside function body'],
  ['func body on the next line', 'package main\n\nfunc main()\n{\n}\n', '4:1: syntax error: unexpected semicolon or newline before {'],
  ['import after a declaration', 'package main\n\nfunc main() {}\n\nimport "os"\n', '5:1: syntax error: imports must appear before other declarations'],
  // fileOrNil: after a declaration, neither ; nor EOF
  ['two declarations on one line', 'package main\n\nvar a = 1 var b = 2\n', '3:11: syntax error: unexpected keyword var after top level declaration'],
  // stmtList: "at end of statement"
  ['two operands on one line', main('\ta, b := 1, 2\n\tc d\n'), '5:4: syntax error: unexpected name d at end of statement'],
  ['x++ used as a value', main('\tx := 0\n\ty := x++\n'), '5:8: syntax error: unexpected ++ at end of statement'],
  // header: a simple statement as the condition ("cannot use … as value")
  ['= instead of == in if', main('\tx := 1\n\tif x = 2 {\n\t}\n'), '5:7: syntax error: cannot use assignment x = 2 as value'],
  ['= with a binary operand', main('\tx := 1\n\tif x = x + 1 {\n\t}\n'), '5:7: syntax error: cannot use assignment x = (x + 1) as value'],
  ['short declaration as if condition', main('\tif x := 1 {\n\t}\n'), '4:7: syntax error: cannot use x := 1 as value'],
  // forStmt → blockStmt("for clause")
  ['for with { on the next line', main('\tfor i := 0; i < 3; i++\n\t{\n\t}\n'), '4:24: syntax error: unexpected newline, expected { after for clause'],
  ['declaration in a for post statement', main('\tfor i := 0; i < 3; j := 1 {\n\t}\n'), '4:23: syntax error: cannot declare in post statement of for loop'],
  ['var in a for initializer', main('\tfor var i = 0; i < 3; i++ {\n\t}\n'), '4:10: syntax error: var declaration not allowed in for initializer'],
  // caseClause: default case
  ['statement where a case belongs', main('\tswitch {\n\tif true:\n\t}\n'), '5:2: syntax error: unexpected keyword if, expected case or default or }'],
  // switchStmt: the header ended without {
  ['switch header with a stray semicolon', main('\tswitch x := 1; x; {\n\t}\n'), '4:18: syntax error: missing { after switch clause'],
  // labeledStmtOrNil: no statement after the label, at the colon
  ['label before a case', main('\tswitch {\n\tcase true:\n\tL:\n\tdefault:\n\t}\n'), '6:3: syntax error: missing statement after label'],
  // simpleStmt: an expression list with neither = nor :=
  ['expression list with no assignment', main('\ta, b\n'), '4:6: syntax error: unexpected newline, expected := or = or comma'],
  // varDecl/constDecl: gotAssign
  [':= in a var declaration', 'package main\n\nvar x := 1\n', '3:7: syntax error: unexpected :=, expected ='],
  ['var without type or value', 'package main\n\nvar x\n', '3:6: syntax error: unexpected newline, expected type'],
  // typeDecl
  ['type declaration without a type', 'package main\n\ntype T\n', '3:7: syntax error: unexpected newline in type declaration'],
  // funcDeclOrNil
  ['func without a name', 'package main\n\nfunc () {}\n', '3:9: method has no receiver'],
  ['func keyword then a literal', 'package main\n\nfunc 1() {}\n', '3:6: syntax error: unexpected literal 1, expected name or ('],
  ['two receivers', 'package main\n\ntype T int\n\nfunc (a, b T) m() {}\n', '5:15: method has multiple receivers'],
  // paramList: leftmost culprit of mixed parameters
  ['mixed named and unnamed parameters', 'package main\n\nfunc f(a int, string) {}\n', '3:15: syntax error: mixed named and unnamed parameters'],
  ['an instantiated type among named parameters', 'package main\n\nfunc f(a []int, List[int], x int) {}\n', '3:17: syntax error: mixed named and unnamed parameters'],
  ['type parameter without constraint', 'package main\n\nfunc f[T](x T) {}\n', '3:9: syntax error: missing type constraint'],
  ['type parameters on a method', 'package main\n\ntype T int\n\nfunc (T) m[P any]() {}\n', '5:11: syntax error: method must have no type parameters'],
  ['empty type parameter list', 'package main\n\nfunc f[]() {}\n', '3:8: syntax error: empty type parameter list'],
  // callStmt
  ['parenthesized defer', main('\tdefer (recover())\n'), '4:8: expression in defer must not be parenthesized'],
  // pexpr: slices
  ['3-index slice without its final index', main('\ts := []int{1}\n\t_ = s[0:1:]\n'), '5:12: final index required in 3-index slice'],
  ['3-index slice without its middle index', main('\ts := []int{1}\n\t_ = s[0::1]\n'), '5:10: middle index required in 3-index slice'],
  ['empty index', main('\ts := []int{1}\n\t_ = s[]\n'), '5:8: syntax error: unexpected ], expected operand'],
  ['selector without a name', main('\tx := 1\n\t_ = x.\n'), '6:1: syntax error: unexpected }, expected name or ('],
  // pexpr: composite literal type in parentheses
  ['parenthesized composite literal type', 'package main\n\ntype T struct{}\n\nvar _ = (T){}\n', '5:12: syntax error: cannot parenthesize type in composite literal'],
  // structType/fieldDecl
  ['parenthesized embedded type', 'package main\n\ntype T struct {\n\t(int)\n}\n', '4:2: syntax error: cannot parenthesize embedded type'],
  // chanElem
  ['channel without element type', 'package main\n\nvar c chan\n', '4:1: syntax error: missing channel element type'], // no semicolon after chan: at EOF
  // want(_Rbrack) in a map type
  ['map type missing ]', 'package main\n\nvar m map[string int\n', '3:18: syntax error: unexpected name int, expected ]'],
  // scanner errors
  ['character Go has no token for', main('\tx := 1 @ 2\n'), "4:9: invalid character U+0040 '@'"],
  ['smart quotes pasted from a document', main('\tx := “hi”\n'), "4:7: invalid character U+201C '“' in identifier"],
  ['a combining accent after a letter, at the accent', main('\tx := a\u0301\n'), "4:8: invalid character U+0301 '\u0301' in identifier"],
  // checkBranches (branches.go), run on each func body that parsed
  ['label never used', main('\tx := 0\nL:\n\tx++\n'), '5:1: label L defined and not used'],
  ['goto to a label that does not exist', main('\tgoto done\n'), '4:7: label done not defined'],
  ['break outside a loop', main('\tif true {\n\t\tbreak\n\t}\n'), '5:3: break is not in a loop, switch, or select'],
  ['continue in a switch outside a loop', main('\tswitch {\n\tdefault:\n\t\tcontinue\n\t}\n'), '6:3: continue is not in a loop'],
  ['break in a closure inside a loop', main('\tfor {\n\t\tfunc() {\n\t\t\tbreak\n\t\t}()\n\t}\n'), '6:4: break is not in a loop, switch, or select'],
  // errors print in source order: a syntax error ahead of a scanner error comes first, one after it does not
  ['if missing its block, then a rune literal holding a word', main('\tif true\n\t\tprintln()\n\tprintln(\'done\')\n'), '5:12: syntax error: unexpected newline, expected { after if clause'],
  ['a rune literal holding a word, then an if missing its block', main('\tprintln(\'done\')\n\tif true\n\t\tprintln()\n'), '4:10: more than one character in rune literal'],
  // types2: body of a func with results not ending in a terminating statement, at its }
  ['missing return', 'package main\n\nfunc f() int {\n\tprintln()\n}\n\nfunc main() {}\n', '5:1: missing return'],
  ['missing return after an if without else', 'package main\n\nfunc f(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n}\n\nfunc main() {}\n', '7:1: missing return'],
  ['missing return: a loop with a break', 'package main\n\nfunc f() int {\n\tfor {\n\t\tbreak\n\t}\n}\n\nfunc main() {}\n', '7:1: missing return'],
  ['missing return: a switch without default', 'package main\n\nfunc f(x int) int {\n\tswitch x {\n\tcase 1:\n\t\treturn 1\n\t}\n}\n\nfunc main() {}\n', '8:1: missing return'],
  ['missing return in a closure', main('\tf := func() string {\n\t\tprintln()\n\t}\n\t_ = f\n'), '6:2: missing return'],
  // types2: go/defer of something that is not a call (a closure missing its ())
  ['go of a func literal not called', main('\tgo func() {\n\t\tprintln("hi")\n\t}\n'), '4:5: expression in go must be function call'],
];

describe('Go syntax errors, as gc reports the first one', () => {
  for (const [name, src, want] of BROKEN) {
    it(name, () => expect(first(src)).toBe(want));
  }
});

/** Valid Go that must pass: the constructs a naive checker gets wrong. */
const VALID: readonly (readonly [string, string])[] = [
  ['composite literals in if/for/switch headers, in parentheses or nested in calls', `package main

type P struct{ X, Y int }

func f(p P) bool { return p.X > 0 }

func main() {
	if (P{1, 2}) == (P{1, 2}) {
	}
	if f(P{X: 1}) {
	}
	for _, p := range []P{{1, 2}, {3, 4}} {
		_ = p
	}
	switch x := (P{}); x.X {
	case 0:
	}
	if v := map[string]int{"a": 1}["a"]; v > 0 {
	}
}
`],
  ['labels, goto, break and continue to labels, select, channels', `package main

func main() {
	c := make(chan int, 1)
	var r <-chan int = c
	var s chan<- int = c
	s <- 1
outer:
	for i := 0; i < 3; i++ {
		for j := range 3 {
			if j == 1 {
				continue outer
			}
			if i == 2 {
				break outer
			}
		}
	}
	select {
	case v, ok := <-r:
		_, _ = v, ok
	case s <- 2:
	default:
	}
	goto end
end:
	<-c
}
`],
  ['generics: type parameters, constraints, instantiation, method values and expressions', `package main

import "fmt"

type Number interface {
	~int | ~int64 | float64
}

type List[T any] struct {
	items []T
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type Set[T comparable] map[T]struct{}

type A [4]int
type PT[P *int,] struct{}
type Tree[T interface{ Less(T) bool }] struct{ left, right *Tree[T] }

func (l *List[T]) Push(v T) { l.items = append(l.items, v) }

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Grid[T any](rows [][2]T, at [2]int, l List[T], m map[[2]int]T) T { return rows[at[0]][at[1]] }

func Sum[N Number](xs ...N) (s N) {
	for _, x := range xs {
		s += x
	}
	return
}

func main() {
	l := &List[int]{}
	l.Push(1)
	push := (*List[int]).Push
	push(l, 2)
	p := Pair[string, int]{"a", 1}
	fmt.Println(Map[int, string](l.items, func(i int) string { return fmt.Sprint(i) }), Sum(1.5, 2), p, Set[int]{})
	_ = fmt.Sprintf
}
`],
  ['names with letters from every plane', 'package main\n\nvar 𝑥, café, π, 世界 = 1, 2, 3, 4\n\nfunc main() { _ = 𝑥 }\n'],
  ['struct tags, embedded fields, anonymous structs, iota blocks, raw strings', `package main

import (
	"encoding/json"
	. "fmt"
	_ "os"
)

type Base struct{ ID int }

type T struct {
	Base
	*json.Decoder
	Name  string \`json:"name,omitempty"\`
	A, B  int    "plain tag"
	inner struct {
		x []map[string]*[2]chan<- func(int) (bool, error)
	}
}

const (
	KB = 1 << (10 * (iota + 1))
	MB
	_
	GB
)

var raw = \`line one
line two\`

func main() {
	Println(KB, MB, GB, raw, T{}.Name)
}
`],
  ['multi-line chains ending in a dot, operators at line ends, comments that span lines', `package main

import "strings"

func main() {
	s := strings.NewReplacer("a", "b").
		Replace("abc")
	n := 1 +
		2 /* a comment
		spanning lines */
	m := map[string][]int{
		"a": {1, 2},
		"b": nil,
	}
	_ = s; _, _ = n, m
	var (
		x, y int = 1, 2
		z        = x &^ y
	)
	x <<= 2
	y++
	_ = z
	f := func(args ...int) int { return len(args) }
	_ = f(m["a"]...)
}
`],
  ['type switches, conversions, type assertions, terminating statements without a final return', `package main

import "errors"

func kind(v any) string {
	switch t := v.(type) {
	case nil:
		return "nil"
	case int, int64:
		return "int"
	case interface{ Error() string }:
		return t.Error()
	default:
		panic("unknown")
	}
}

func loop() int {
	for {
	}
}

func sel(c chan int) int {
	select {}
}

func ifs(x int) int {
	if x > 0 {
		return 1
	} else if x < 0 {
		return -1
	} else {
		return 0
	}
}

func labeled() int {
L:
	for {
		continue L
	}
}

func main() {
	err := errors.New("x")
	if e, ok := err.(interface{ Unwrap() error }); ok {
		_ = e
	}
	_ = []byte("x")
	_ = (*int)(nil)
	_ = func() {}
	defer func() { _ = recover() }()
	go kind(1)
	_, _, _, _ = loop, sel, ifs, labeled
}
`],
];

describe('valid Go passes', () => {
  for (const [name, src] of VALID) {
    it(name, () => expect(first(src)).toBe('ok'));
  }

  it('the lesson project and every Go file of the lessons\' solutions', async () => {
    const files: [string, string][] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.go')) files.push([p, readFileSync(p, 'utf8')]);
      }
    };
    walk(join(REPO_ROOT, 'lessons/project'));
    for (const lesson of LESSONS) for (const step of lesson.steps) for (const s of step.solution) if (s.path.endsWith('.go')) files.push([`${lesson.id}/${step.id}/${s.path}`, s.text]);
    expect(files.length).toBeGreaterThan(4);
    for (const [path, text] of files) expect(`${path}: ${first(text)}`).toBe(`${path}: ok`);
  });

  it('the generated programs of the slow builds', () => {
    const text = goProgram('p', 2_000)[1]!.text;
    expect(first(text)).toBe('ok');
  });
});
