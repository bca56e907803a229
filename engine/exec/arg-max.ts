/**
 * Linux's limits on what `execve` takes, which every RUN meets when runc starts its process:
 * one argument or `K=V` string at most MAX_ARG_STRLEN (32 pages, 128 KiB, its NUL included),
 * and all of them with their NULs and pointers at most ARG_MAX (a quarter of the 8 MiB
 * default stack: 2 MiB). Past either the exec fails with E2BIG, `argument list too long`.
 */

/** One string's limit, its terminating NUL included (Linux's MAX_ARG_STRLEN). */
export const MAX_ARG_STRLEN = 32 * 4096;
/** All strings, NULs and pointers (Linux's ARG_MAX with the default 8 MiB stack). */
export const ARG_MAX = 2 * 1024 * 1024;

const utf8 = new TextEncoder();

/** UTF-8 length of `s`, counted without encoding when it is ASCII. */
function byteLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.length : utf8.encode(s).length;
}

/** Whether exec'ing `args` with `env` fails with E2BIG on Linux. */
export function argumentListTooLong(args: readonly string[], env: ReadonlyMap<string, string>): boolean {
  let total = 0;
  const add = (s: string): boolean => {
    const n = byteLength(s) + 1;
    total += n + 8;
    return n > MAX_ARG_STRLEN || total > ARG_MAX;
  };
  for (const a of args) if (add(a)) return true;
  for (const [k, v] of env) if (add(`${k}=${v}`)) return true;
  return false;
}
