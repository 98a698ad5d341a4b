/**
 * Thins a polyline of many more points than pixels without changing how it
 * looks (the M4 method): for each pixel column keep the first, lowest,
 * highest and last point, in order. Only applied to a run whose x never
 * decreases (a loss curve); any other run is returned as is.
 */
export function decimate(points: ReadonlyArray<readonly [number, number]>, columns: number): ReadonlyArray<readonly [number, number]> {
  if (points.length <= 4 * Math.max(1, columns)) return points;
  for (let i = 1; i < points.length; i++) if (points[i]![0] < points[i - 1]![0]) return points;
  const out: Array<readonly [number, number]> = [];
  let i = 0;
  while (i < points.length) {
    const column = Math.floor(points[i]![0]);
    const first = i;
    let low = i;
    let high = i;
    let last = i;
    while (last + 1 < points.length && Math.floor(points[last + 1]![0]) === column) {
      last++;
      if (points[last]![1] < points[low]![1]) low = last;
      if (points[last]![1] > points[high]![1]) high = last;
    }
    for (const k of [...new Set([first, low, high, last])].sort((a, b) => a - b)) out.push(points[k]!);
    i = last + 1;
  }
  return out;
}
