/**
 * Shrinks `values` to at most `width` buckets by averaging each bucket's
 * finite values (NaN when a bucket has none); shorter input is returned as is.
 */
export function resample(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  const out: number[] = [];
  for (let b = 0; b < width; b++) {
    const start = Math.floor((b * values.length) / width);
    const end = Math.floor(((b + 1) * values.length) / width);
    let sum = 0;
    let n = 0;
    for (let i = start; i < end; i++) {
      const v = values[i]!;
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    out.push(n > 0 ? sum / n : Number.NaN);
  }
  return out;
}
