/** Go's `time.ParseDuration`, in nanoseconds, with Go's error messages. */

const UNITS: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};

/** Parse `1m30s`, `1.5h`, `300ms`, `-2s`, `0` into nanoseconds; throws Go's errors. */
export function parseGoDuration(orig: string): number {
  const invalid = (): Error => new Error(`time: invalid duration "${orig}"`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0;
  while (s !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const pre = m[1]!;
    const post = m[2];
    if (!(s[0] === '.' || /[0-9]/.test(s[0]!))) throw invalid();
    if (pre === '' && (post === undefined || post === '')) throw invalid();
    s = s.slice(m[0].length);
    const unitMatch = /^[^0-9.]*/.exec(s)![0];
    if (unitMatch === '') throw new Error(`time: missing unit in duration "${orig}"`);
    const unit = UNITS[unitMatch];
    if (unit === undefined) throw new Error(`time: unknown unit "${unitMatch}" in duration "${orig}"`);
    s = s.slice(unitMatch.length);
    total += Number(pre || '0') * unit + (post ? Math.trunc(Number(`0.${post}`) * unit) : 0);
  }
  return neg ? -total : total;
}

/** Go `time.Duration.String()` for whole milliseconds and up (enough for error text). */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${ns / 1e3}µs`;
  if (ns < 1e9) return `${ns / 1e6}ms`;
  const h = Math.floor(ns / 3600e9);
  const m = Math.floor((ns % 3600e9) / 60e9);
  const sec = (ns % 60e9) / 1e9;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${sec}s`;
}
