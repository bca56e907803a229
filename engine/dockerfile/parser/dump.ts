import { goQuote, trimGoSpace } from './go-text.ts';
import type { Node } from './node.ts';

/**
 * The s-expression BuildKit's `Node.Dump` prints for one instruction, wrapped in
 * parentheses as its parser tests do: `(copy ["--from=a"] "src" "dst")`, with every string
 * quoted by Go's `strconv.Quote` rules and an ONBUILD trigger nested:
 * `(onbuild (run "echo" "test"))`.
 */
export function dumpNode(node: Node): string {
  const chain: Node[] = [];
  for (let cur: Node | undefined = node; cur; cur = cur.inner) chain.push(cur);
  let out = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i]!;
    let s = n.name;
    if (n.flags.length > 0) s += ' [' + n.flags.map(goQuote).join(' ') + ']';
    if (out !== '') s += ' ' + out;
    for (const arg of n.args) s += ' ' + goQuote(arg);
    out = '(' + trimGoSpace(s) + ')';
  }
  return out;
}
