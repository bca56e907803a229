/**
 * Statement-level reading of function bodies: the failure calls a test makes, only at the
 * top level of the body (not inside `if`, loops or closures), which keeps the rule simple
 * and deterministic.
 */
import type { Token } from './lexer.ts';

/** One argument of a call, as far as the mock can resolve it. */
export type GoArg =
  | { readonly kind: 'lit'; readonly value: string }
  | { readonly kind: 'ident'; readonly name: string }
  | { readonly kind: 'sel'; readonly pkg: string; readonly name: string }
  | { readonly kind: 'other' };

/** A call statement `recv.fn(args)` or `fn(args)` at the top level of a body. */
export interface GoCall {
  readonly recv?: string;
  readonly fn: string;
  readonly args: readonly GoArg[];
  readonly line: number;
  readonly col: number;
}

/** Top-level statements of a body (split at newlines and `;` outside brackets). */
export function statements(body: readonly Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (const t of body) {
    if (t.kind === 'punct' && (t.value === '(' || t.value === '[' || t.value === '{')) depth++;
    if (t.kind === 'punct' && (t.value === ')' || t.value === ']' || t.value === '}')) depth--;
    if (depth === 0 && (t.kind === 'newline' || t.value === ';')) {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

function argOf(tokens: readonly Token[]): GoArg {
  const [a, b, c] = tokens;
  if (tokens.length === 1 && a!.kind === 'string') return { kind: 'lit', value: a!.value };
  if (tokens.length === 1 && a!.kind === 'ident') return { kind: 'ident', name: a!.value };
  if (tokens.length === 3 && a!.kind === 'ident' && b!.value === '.' && c!.kind === 'ident') return { kind: 'sel', pkg: a!.value, name: c!.value };
  return { kind: 'other' };
}

/** The statement as a call, when it is exactly `fn(...)` or `recv.fn(...)`. */
export function asCall(stmt: readonly Token[]): GoCall | undefined {
  const hasRecv = stmt[1]?.value === '.';
  const head = hasRecv ? 3 : 1;
  if (stmt[0]?.kind !== 'ident' || (hasRecv && stmt[2]?.kind !== 'ident')) return undefined;
  if (stmt[head]?.value !== '(' || stmt[stmt.length - 1]?.value !== ')') return undefined;
  const inner = stmt.slice(head + 1, -1).filter((t) => t.kind !== 'newline');
  const args: GoArg[] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (const t of inner) {
    if (t.kind === 'punct' && '([{'.includes(t.value)) depth++;
    if (t.kind === 'punct' && ')]}'.includes(t.value)) depth--;
    if (depth < 0) return undefined; // `f(a)(b)` or similar
    if (depth === 0 && t.value === ',') {
      args.push(argOf(cur));
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length) args.push(argOf(cur));
  const first = stmt[0];
  return {
    ...(hasRecv ? { recv: first.value } : {}),
    fn: stmt[hasRecv ? 2 : 0]!.value,
    args,
    line: first.line,
    col: first.col,
  };
}

/** Top-level call statements of a body, in order. */
export function topLevelCalls(body: readonly Token[]): GoCall[] {
  return statements(body).flatMap((s) => {
    const c = asCall(s);
    return c ? [c] : [];
  });
}
