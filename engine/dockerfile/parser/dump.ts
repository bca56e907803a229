import { goQuote, trimGoSpace } from './go-text.ts';
import type { Node } from './node.ts';

/**
 * The s-expression BuildKit's `Node.Dump` prints for one instruction, wrapped in
 * parentheses as its parser tests do: `(copy ["--from=a"] "src" "dst")`, with every string
 * quoted by Go's `strconv.Quote` rules and an ONBUILD trigger nested:
 * `(onbuild (run "echo" "test"))`.
 */
export function dumpNode(node: Node): string {
  return '(' + dumpBody(node) + ')';
}

function dumpBody(node: Node): string {
  let s = node.name;
  if (node.flags.length > 0) s += ' [' + node.flags.map(goQuote).join(' ') + ']';
  if (node.inner) s += ' ' + dumpNode(node.inner);
  for (const arg of node.args) s += ' ' + goQuote(arg);
  return trimGoSpace(s);
}
