/**
 * Parses a chmod mode: octal (`755`, `4755`) or symbolic clauses (`u+x`, `go-w`, `a=rX`,
 * `+x`). Returns undefined for an invalid mode.
 */
export function parseMode(spec: string, current: number, isDir = false): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let mode = current & 0o7777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return undefined;
    const who = m[1] || 'a';
    let bits = 0;
    for (const c of m[3]!) {
      if (c === 'r') bits |= 0o444;
      else if (c === 'w') bits |= 0o222;
      else if (c === 'x') bits |= 0o111;
      else if (c === 'X' && (isDir || current & 0o111)) bits |= 0o111;
      else if (c === 's') bits |= 0o6000;
      else if (c === 't') bits |= 0o1000;
    }
    let mask = 0;
    if (who.includes('u') || who.includes('a')) mask |= 0o4700;
    if (who.includes('g') || who.includes('a')) mask |= 0o2070;
    if (who.includes('o') || who.includes('a')) mask |= 0o1007;
    // without an explicit `who`, umask 022 applies to + (busybox: a+w only adds u+w)
    let eff = bits & mask;
    if (!m[1] && m[2] === '+') eff &= ~0o022;
    if (m[2] === '+') mode |= eff;
    else if (m[2] === '-') mode &= ~eff;
    else mode = (mode & ~mask) | eff;
  }
  return mode;
}
