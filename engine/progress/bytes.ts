/**
 * `%.2f` of tonistiigi/units `Bytes`, as BuildKit's progress prints transfer sizes:
 * 1000-based units, two decimals, plain bytes without decimals (`32B`, `1.06kB`, `2.03MB`).
 */
export function progressBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${n}B` : `${v.toFixed(2)}${units[i]}`;
}
