import { plot } from './figure';
import type { SingleSeriesOptions } from './scatter';
import type { Values } from './values';
import { checkVizOptions, OPTION_KEYS } from '../options';

/**
 * A line plot as a standalone SVG string: `line(y)` against the index,
 * like matplotlib's `plot(y)`, or `line(x, y)`.
 *
 * @example
 * ```ts
 * import { line } from '@grad/viz';
 * const xs = [0, 1, 2, 3];
 * const svg = line(xs, xs.map((x) => x * x), { title: 'y = x²' });
 * const svg2 = line([5, 3, 2, 1.5], { yLabel: 'loss' });
 * ```
 */
export function line(y: Values, options?: SingleSeriesOptions): string;
export function line(x: Values, y: Values, options?: SingleSeriesOptions): string;
export function line(a: Values, b?: Values | SingleSeriesOptions, c?: SingleSeriesOptions): string {
  const twoArrays = b !== undefined && isValues(b);
  const x = twoArrays ? a : undefined;
  const y = twoArrays ? (b as Values) : a;
  const options = (twoArrays ? c : (b as SingleSeriesOptions | undefined)) ?? {};
  checkVizOptions('line', options, OPTION_KEYS.singleSeries);
  const { label, color, markerSize, lineWidth, dashed, ...figure } = options;
  return plot({ ...figure, series: [{ x, y, label, color, markerSize, lineWidth, dashed, mode: 'line' }] });
}

function isValues(value: unknown): value is Values {
  return Array.isArray(value) || ArrayBuffer.isView(value) || (typeof value === 'object' && value !== null && typeof (value as { tolist?: unknown }).tolist === 'function');
}
