/** `created_by` texts of history entries, as BuildKit's dispatchers write them. */
import type { ArgPair, HealthConfig } from '../dockerfile/index.ts';
import { goQuote } from '../util/go-quote.ts';

/** The `SOURCE_DATE_EPOCH` build argument in seconds, when it is a valid one. */
export function sourceDateEpoch(args: Readonly<Record<string, string>>): number | undefined {
  const v = args.SOURCE_DATE_EPOCH;
  if (v === undefined || !/^[0-9]+$/.test(v)) return undefined;
  return Number(v);
}

/** Go's `%q` of a string slice: `["a" "b"]`. */
export function quotedList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** Go's `%v` of a string slice: `[a b]`. */
export function plainList(list: readonly string[]): string {
  return `[${list.join(' ')}]`;
}

/**
 * `RUN` text (`runCommandString`): the declared ARGs with their values as `|N k=v ...`,
 * then the command's args joined by spaces.
 */
export function runCreatedBy(args: readonly string[], declared: readonly ArgPair[], env: ReadonlyMap<string, string>): string {
  const pairs: string[] = [];
  const idx = new Map<string, number>();
  for (const a of declared) {
    const v = env.get(a.key) ?? a.value ?? '';
    const kv = `${a.key}=${v}`;
    const at = idx.get(a.key);
    if (at !== undefined) pairs[at] = kv;
    else {
      idx.set(a.key, pairs.length);
      pairs.push(kv);
    }
  }
  const prefix = pairs.length > 0 ? [`|${pairs.length}`, ...pairs] : [];
  return `RUN ${[...prefix, ...args].join(' ')}`;
}

/** Go `time.Duration.String()` for a nanosecond count. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(ns);
  let out: string;
  if (n < 1e3) out = `${n}ns`;
  else if (n < 1e6) out = `${trim(n / 1e3)}µs`;
  else if (n < 1e9) out = `${trim(n / 1e6)}ms`;
  else {
    const h = Math.floor(n / 3.6e12);
    n -= h * 3.6e12;
    const m = Math.floor(n / 6e10);
    n -= m * 6e10;
    out = `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${trim(n / 1e9)}s`;
  }
  return neg ? `-${out}` : out;
}

function trim(x: number): string {
  return String(Number(x.toFixed(9)));
}

/** `HEALTHCHECK` text: Go's `%q` of the `*HealthConfig`. */
export function healthCreatedBy(h: HealthConfig): string {
  const retries = h.retries === 0 ? `'\\x00'` : `'\\x${h.retries.toString(16).padStart(2, '0')}'`;
  const d = (ns: number) => goQuote(goDuration(ns));
  return `HEALTHCHECK &{${quotedList(h.test)} ${d(h.interval)} ${d(h.timeout)} ${d(h.startPeriod)} ${d(h.startInterval)} ${retries}}`;
}
