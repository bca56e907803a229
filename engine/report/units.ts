/**
 * Docker's human-readable sizes (go-units `HumanSizeWithPrecision(size, 3)`): 1000-based
 * units and Go's `%.3g`, so `150MB`, `8.45MB`, `4.2MB`, `707kB`, `245B`.
 */
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** Decimal size with `precision` significant digits (3 as `docker images`; buildx's `HumanSize` uses 4). */
export function humanSize(bytes: number, precision = 3): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatG(size, precision)}${UNITS[i]}`;
}

/** Go's `%.{precision}g`: shortest of %e/%f at that many significant digits, trailing zeros removed. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return '0';
  // %g uses %e when exp < -4 or exp >= precision (after rounding)
  const rounded = Number(value.toPrecision(precision));
  const rexp = Math.floor(Math.log10(Math.abs(rounded)));
  if (rexp < -4 || rexp >= precision) {
    const [mant = '', e = '0'] = rounded.toExponential(precision - 1).split('e');
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const en = Number(e);
    return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const fixed = rounded.toFixed(Math.max(0, precision - 1 - rexp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
