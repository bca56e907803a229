/** Go's operators and conversions on the simulated Go's values (no type checker ran: a mismatch is reported, not guessed). */
import type { Value } from './values.ts';
import { GoBytes, equal, fromUtf8, utf8 } from './values.ts';

/** Integer types (all are JS numbers here). */
export const INT_TYPES = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune']);

/** Builtins and conversions the subset runs, besides the integer types. */
export const BUILTINS = new Set(['string', '[]byte', 'bool', 'len', 'panic', 'print', 'println']);

/** What `binaryOp` returns for an integer division by zero (a runtime panic). */
export const DIVIDE_BY_ZERO = Symbol('divide by zero');

/** `x op y`; undefined when the operands' types do not allow it (gc would have refused the program). */
export function binaryOp(op: string, x: Value, y: Value): Value | typeof DIVIDE_BY_ZERO | undefined {
  if (op === '==') return equal(x, y);
  if (op === '!=') return !equal(x, y);
  if (typeof x === 'string' && typeof y === 'string') {
    switch (op) {
      case '+': return x + y;
      case '<': return x < y;
      case '<=': return x <= y;
      case '>': return x > y;
      case '>=': return x >= y;
    }
  }
  if (typeof x === 'number' && typeof y === 'number') {
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/':
      case '%':
        if (y === 0) return DIVIDE_BY_ZERO;
        return op === '/' ? Math.trunc(x / y) : x % y;
      case '<': return x < y;
      case '<=': return x <= y;
      case '>': return x > y;
      case '>=': return x >= y;
      case '&': return x & y;
      case '|': return x | y;
      case '^': return x ^ y;
      case '&^': return x & ~y;
      case '<<': return x * 2 ** y;
      case '>>': return Math.floor(x / 2 ** y);
    }
  }
  return undefined;
}

/** `name(a)` for a conversion or `len`; undefined when the subset does not convert that value. */
export function conversion(name: string, a: Value): Value | undefined {
  switch (name) {
    case 'string':
      if (typeof a === 'string') return a;
      if (a instanceof GoBytes) return fromUtf8(a.bytes);
      if (typeof a === 'number') return String.fromCodePoint(a);
      return undefined;
    case '[]byte':
      if (typeof a === 'string') return new GoBytes(utf8(a));
      return a instanceof GoBytes ? a : undefined;
    case 'bool':
      return typeof a === 'boolean' ? a : undefined;
    case 'len':
      if (typeof a === 'string') return utf8(a).length;
      if (a instanceof GoBytes) return a.bytes.length;
      return a === null ? 0 : undefined;
    default:
      return INT_TYPES.has(name) && typeof a === 'number' ? a : undefined;
  }
}
