import { toNumbers, type Values } from './values';

/** One data series on a figure. */
export interface Series {
  /** x values; the default is `0, 1, 2, …` (the index), as matplotlib's `plot(y)`. */
  readonly x?: Values;
  readonly y: Values;
  /** The legend entry; a series with no label has none. */
  readonly label?: string;
  /** Any CSS colour; the default follows matplotlib's tab10 cycle. */
  readonly color?: string;
  /** How the points are drawn: joined by a line (the default), as markers, or both. */
  readonly mode?: 'line' | 'markers' | 'line+markers';
  /** Line width in pixels (default 2). */
  readonly lineWidth?: number;
  /** Marker radius in pixels (default 3.5). */
  readonly markerSize?: number;
  /** Draw the line dashed. */
  readonly dashed?: boolean;
}

/** What to do with a NaN or ±Infinity in a series. */
export type NonFinitePolicy = 'drop' | 'error';

/** A series made ready to draw: finite points, split where points were dropped. */
export interface CleanSeries {
  readonly index: number;
  readonly source: Series;
  /** Runs of consecutive drawable points; a line is broken between runs. */
  readonly segments: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  readonly total: number;
  readonly nonFinite: number;
  /** Points left out because they are ≤ 0 on a log axis. */
  readonly nonPositive: number;
}

/** The display name of a series in error messages. */
export function seriesName(series: Series, index: number): string {
  return series.label === undefined ? `series ${index}` : `series ${index} ('${series.label}')`;
}

/**
 * Checks one series and splits it at points that cannot be drawn.
 *
 * Non-finite values are dropped (the line breaks there, as matplotlib does
 * with NaN) and counted, so the figure can say how many were left out; with
 * `nonFinite: 'error'` the first one throws instead. An empty series and
 * x/y of different lengths always throw.
 */
export function cleanSeries(
  series: Series,
  index: number,
  options: { logX: boolean; logY: boolean; nonFinite: NonFinitePolicy; where: string },
): CleanSeries {
  const name = seriesName(series, index);
  const ys = toNumbers(series.y, `${options.where}: ${name} y`);
  const xs = series.x === undefined ? ys.map((_, i) => i) : toNumbers(series.x, `${options.where}: ${name} x`);
  if (ys.length === 0) throw new RangeError(`${options.where}: ${name} is empty: nothing to plot`);
  if (xs.length !== ys.length) {
    throw new RangeError(`${options.where}: ${name} has ${xs.length} x values but ${ys.length} y values; they must match`);
  }
  const segments: Array<Array<readonly [number, number]>> = [];
  let current: Array<readonly [number, number]> = [];
  let nonFinite = 0;
  let nonPositive = 0;
  for (let i = 0; i < ys.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    let drop = false;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (options.nonFinite === 'error') {
        throw new RangeError(`${options.where}: ${name} has a non-finite value at index ${i} (x=${x}, y=${y}); pass nonFinite: 'drop' to leave such points out`);
      }
      nonFinite++;
      drop = true;
    } else if ((options.logX && x <= 0) || (options.logY && y <= 0)) {
      nonPositive++;
      drop = true;
    }
    if (drop) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else {
      current.push([x, y]);
    }
  }
  if (current.length > 0) segments.push(current);
  return { index, source: series, segments, total: ys.length, nonFinite, nonPositive };
}
