import { shortNumber } from '../format';
import { toNumbers, type Values } from '../plot/values';
import { resample } from './resample';
import { checkVizOptions, OPTION_KEYS } from '../options';

/** Options of {@link textPlot}. */
export interface TextPlotOptions {
  /** Columns of the plotting area (default 60). */
  readonly width?: number;
  /** Rows of the plotting area (default 12). */
  readonly height?: number;
  /** Log-scale y: rows are decades apart, for losses. */
  readonly logY?: boolean;
  /** A line printed above the chart. */
  readonly title?: string;
}

/**
 * A small multi-line chart of `values` against their index for a terminal:
 * the y range labelled on the left, one `•` per column (longer input is
 * averaged into columns), plain text that survives logs and CI output.
 *
 * @example
 * ```ts
 * import { textPlot } from '@grad/viz';
 * console.log(textPlot(losses, { logY: true, title: 'loss' }));
 * ```
 */
export function textPlot(values: Values, options: TextPlotOptions = {}): string {
  checkVizOptions('textPlot', options, OPTION_KEYS.textPlot);
  const width = Math.max(2, Math.floor(options.width ?? 60));
  const height = Math.max(2, Math.floor(options.height ?? 12));
  const raw = toNumbers(values, 'textPlot');
  if (raw.length === 0) throw new RangeError('textPlot: values is empty: nothing to plot');
  const transform = options.logY ? (v: number) => (v > 0 ? Math.log10(v) : Number.NaN) : (v: number) => v;
  const data = resample(raw.map(transform), width);
  const finite = data.filter(Number.isFinite);
  const lines: string[] = [];
  if (options.title) lines.push(options.title);
  if (finite.length === 0) {
    lines.push(`(no finite value among ${raw.length})`);
    return lines.join('\n');
  }
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const grid = Array.from({ length: height }, () => Array<string>(data.length).fill(' '));
  data.forEach((v, col) => {
    if (!Number.isFinite(v)) return;
    const row = height - 1 - Math.round(((v - min) / (max - min)) * (height - 1));
    grid[row]![col] = '•';
  });
  const label = (v: number) => {
    const value = options.logY ? 10 ** v : v;
    return shortNumber(value);
  };
  const top = label(max);
  const bottom = label(min);
  const pad = Math.max(top.length, bottom.length);
  grid.forEach((row, i) => {
    const tick = i === 0 ? top : i === height - 1 ? bottom : '';
    lines.push(`${tick.padStart(pad)} ┤${row.join('')}`);
  });
  lines.push(`${' '.repeat(pad)} └${'─'.repeat(data.length)}`);
  lines.push(`${' '.repeat(pad)}  0${String(raw.length - 1).padStart(Math.max(1, data.length - 1))}`);
  return lines.join('\n');
}
