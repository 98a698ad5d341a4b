import { toNumbers, type Values } from '../plot/values';
import { resample } from './resample';
import { checkVizOptions, OPTION_KEYS } from '../options';

const bars = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Options of {@link sparkline}. */
export interface SparklineOptions {
  /** At most this many characters (default 60); longer input is averaged into buckets. */
  readonly width?: number;
  /** Scale bar heights by log10, for losses that fall by orders of magnitude. */
  readonly log?: boolean;
}

/**
 * A one-line chart of `values` from the eight block characters `▁▂▃▄▅▆▇█`,
 * for command-line progress. NaN/Inf (and values ≤ 0 with `log`) print as
 * a space, so a gap shows where training diverged.
 *
 * @example
 * ```ts
 * import { sparkline } from '@grad/viz';
 * console.log(`loss ${sparkline([5, 3, 2, 1.2, 0.8, 0.5])}`); // loss █▅▃▂▁▁
 * ```
 */
export function sparkline(values: Values, options: SparklineOptions = {}): string {
  checkVizOptions('sparkline', options, OPTION_KEYS.sparkline);
  const width = Math.max(1, Math.floor(options.width ?? 60));
  let data = toNumbers(values, 'sparkline');
  if (data.length === 0) return '';
  if (options.log) data = data.map((v) => (v > 0 ? Math.log10(v) : Number.NaN));
  data = resample(data, width);
  const finite = data.filter(Number.isFinite);
  if (finite.length === 0) return ' '.repeat(data.length);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return data
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      const level = max === min ? 3 : Math.round(((v - min) / (max - min)) * (bars.length - 1));
      return bars[level];
    })
    .join('');
}
