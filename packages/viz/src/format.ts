/** A number short enough for a label: 4 significant digits, exponent form when tiny or huge. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 1e-3 && abs < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3).replace(/\.?0+e/, 'e');
}
