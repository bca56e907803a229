/** JSON the way Go's encoding/json writes it (HTML-safe escaping). */

/** `JSON.stringify` plus Go's escaping of `<`, `>`, `&`, U+2028 and U+2029. */
export function goJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Copies `obj` with keys in `order` first (others after, sorted), dropping undefined and, for `omitEmpty`, empty values. */
export function ordered(obj: object, order: readonly string[], omitEmpty = true): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = [...order, ...Object.keys(src).filter((k) => !order.includes(k)).sort()];
  for (const k of keys) {
    const v = src[k];
    if (v === undefined) continue;
    if (omitEmpty && isEmpty(v)) continue;
    out[k] = v;
  }
  return out;
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** Go's RFC 3339 (nano) UTC form of a Unix time in seconds, e.g. `2026-01-02T03:04:05Z`. */
export function rfc3339(seconds: number): string {
  const whole = Math.floor(seconds);
  const iso = new Date(whole * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  const nanos = Math.round((seconds - whole) * 1e9);
  return nanos === 0 ? `${iso}Z` : `${iso}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z`;
}
