import { plot, type PlotOptions } from './figure';
import type { Series } from './series';
import { toNumbers, type Values } from './values';
import { checkVizOptions, OPTION_KEYS } from '../options';

/** Options of {@link lossCurve}. */
export interface LossCurveOptions extends Omit<PlotOptions, 'series' | 'logY'> {
  /**
   * Log-scale y axis. `'auto'` (the default) uses one when every loss is
   * positive and they span more than two decades, as a regression's loss
   * falling from 10 to 1e-6 does.
   */
  readonly logScale?: boolean | 'auto';
  /** The x value of each loss (default: 0, 1, 2, …), e.g. the epochs they were recorded at. */
  readonly steps?: Values;
  /**
   * Adds a smoothed curve: an exponential moving average with this weight
   * in [0, 1) (TensorBoard's smoothing; 0.9 is a common choice), drawn over
   * the raw losses, which are then drawn faint.
   */
  readonly smoothing?: number;
  readonly color?: string;
  readonly label?: string;
}

/**
 * A training-loss curve as a standalone SVG string.
 *
 * @example
 * ```ts
 * import { lossCurve, savePlot } from '@grad/viz';
 * const losses = Array.from({ length: 100 }, (_, i) => 10 * Math.exp(-i / 10));
 * await savePlot(lossCurve(losses, { logScale: true }), 'loss.svg');
 * ```
 */
export function lossCurve(losses: Values, options: LossCurveOptions = {}): string {
  checkVizOptions('lossCurve', options, OPTION_KEYS.lossCurve);
  const { logScale = 'auto', steps, smoothing, color, label, ...figure } = options;
  const ys = toNumbers(losses, 'lossCurve: losses');
  if (ys.length === 0) throw new RangeError('lossCurve: losses is empty: nothing to plot');
  const finite = ys.filter(Number.isFinite);
  const logY = logScale === 'auto' ? finite.length > 0 && finite.every((v) => v > 0) && Math.max(...finite) / Math.min(...finite) > 100 : logScale;
  const series: Series[] = [];
  const base = { x: steps, color: color ?? '#1f77b4' } as const;
  if (smoothing !== undefined && smoothing > 0) {
    if (!(smoothing < 1)) throw new RangeError(`lossCurve: smoothing must be in [0, 1), got ${smoothing}`);
    series.push({ ...base, y: ys, label: 'raw', lineWidth: 1, color: '#9ecae1' });
    series.push({ ...base, y: ema(ys, smoothing), label: label ?? `smoothed (${smoothing})` });
  } else {
    series.push({ ...base, y: ys, label });
  }
  return plot({
    title: 'Training loss',
    xLabel: steps === undefined ? 'iteration' : 'step',
    yLabel: 'loss',
    ...figure,
    logY,
    series,
  });
}

/** Exponential moving average, debiased at the start as TensorBoard does; NaN passes through. */
function ema(values: readonly number[], weight: number): number[] {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(v);
      continue;
    }
    acc = acc * weight + (1 - weight) * v;
    n++;
    out.push(acc / (1 - weight ** n));
  }
  return out;
}
