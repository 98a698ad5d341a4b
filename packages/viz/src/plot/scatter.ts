import { plot, type PlotOptions } from './figure';
import type { Values } from './values';
import { checkVizOptions, OPTION_KEYS } from '../options';

/** Options of {@link scatter} and {@link line}: the figure's, plus the one series' look. */
export interface SingleSeriesOptions extends Omit<PlotOptions, 'series'> {
  readonly label?: string;
  readonly color?: string;
  readonly markerSize?: number;
  readonly lineWidth?: number;
  readonly dashed?: boolean;
}

/**
 * A scatter plot of `y` against `x` as a standalone SVG string. Takes
 * arrays, typed arrays or tensors (a `[50, 1]` tensor is read as 50 values).
 *
 * @example
 * ```ts
 * import { scatter } from '@grad/viz';
 * const svg = scatter([0, 0.5, 1], [0.8, 2.3, 3.8], { title: 'data', xLabel: 'x', yLabel: 'y' });
 * ```
 */
export function scatter(x: Values, y: Values, options: SingleSeriesOptions = {}): string {
  checkVizOptions('scatter', options, OPTION_KEYS.singleSeries);
  const { label, color, markerSize, lineWidth, dashed, ...figure } = options;
  return plot({ ...figure, series: [{ x, y, label, color, markerSize, lineWidth, dashed, mode: 'markers' }] });
}
