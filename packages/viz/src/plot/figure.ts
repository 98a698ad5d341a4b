import { drawAxes, textWidth, tickLabels, type Frame } from './axes';
import { decimate } from './decimate';
import { drawLegend, type LegendEntry } from './legend';
import { makeScale } from './scale';
import { cleanSeries, seriesName, type CleanSeries, type NonFinitePolicy, type Series } from './series';
import { attrs, escapeXml, hashString, px } from './svg';
import { seriesColor, theme } from './theme';
import { checkVizOptions, OPTION_KEYS } from '../options';

/** Options of {@link plot}: several series on one set of axes. */
export interface PlotOptions {
  readonly series: readonly Series[];
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Log-scale y axis; points with y ≤ 0 are left out and counted in a note. */
  readonly logY?: boolean;
  /** Log-scale x axis; points with x ≤ 0 are left out and counted in a note. */
  readonly logX?: boolean;
  /** Fixed axis ranges (still widened to the nearest nice ticks). */
  readonly xLimits?: readonly [number, number];
  readonly yLimits?: readonly [number, number];
  /** Figure size in pixels (default 640 × 400). */
  readonly width?: number;
  readonly height?: number;
  /** Show the legend (default: when any series has a label). */
  readonly legend?: boolean;
  /**
   * NaN and ±Infinity: `'drop'` (the default) leaves those points out,
   * breaks the line there and writes a note under the axes saying how many;
   * `'error'` throws at the first one.
   */
  readonly nonFinite?: NonFinitePolicy;
}

/**
 * Draws several series on one set of axes and returns a standalone SVG
 * document (a string; no DOM needed), with nice 1-2-5 ticks, axis labels,
 * a title and a legend.
 *
 * Throws on an empty series, on x/y of different lengths, and when no
 * series has a single drawable point; NaN/Inf points are dropped with a
 * visible note unless `nonFinite: 'error'`.
 *
 * @example
 * ```ts
 * import { plot, savePlot } from '@grad/viz';
 * const xs = [0, 1, 2, 3, 4];
 * const svg = plot({
 *   title: 'Fit',
 *   xLabel: 'x',
 *   yLabel: 'y',
 *   series: [
 *     { x: xs, y: [0.9, 3.7, 6.9, 9.6, 13.1], mode: 'markers', label: 'data' },
 *     { x: xs, y: xs.map((x) => 3 * x + 0.8), label: 'y = 3x + 0.8' },
 *   ],
 * });
 * await savePlot(svg, 'fit.png');
 * ```
 */
export function plot(options: PlotOptions): string {
  const where = 'plot';
  checkVizOptions('plot', options, OPTION_KEYS.plot);
  (options.series ?? []).forEach((s, i) => checkVizOptions(`plot (series ${i})`, s, OPTION_KEYS.series));
  if (!options.series || options.series.length === 0) throw new RangeError(`${where}: no series given: pass series: [{ y: [...] }]`);
  const logX = options.logX ?? false;
  const logY = options.logY ?? false;
  const policy = options.nonFinite ?? 'drop';
  const cleaned = options.series.map((s, i) => cleanSeries(s, i, { logX, logY, nonFinite: policy, where }));

  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const c of cleaned) {
    for (const seg of c.segments) {
      for (const [x, y] of seg) {
        if (x < xMin) xMin = x;
        if (x > xMax) xMax = x;
        if (y < yMin) yMin = y;
        if (y > yMax) yMax = y;
      }
    }
  }
  if (xMin > xMax) {
    const why = cleaned.map((c) => `${seriesName(c.source, c.index)}: ${c.total} points, ${c.nonFinite} non-finite${logX || logY ? `, ${c.nonPositive} not positive on a log axis` : ''}`);
    throw new RangeError(`${where}: no drawable point in any series (${why.join('; ')})`);
  }
  if (options.xLimits) [xMin, xMax] = options.xLimits;
  if (options.yLimits) [yMin, yMax] = options.yLimits;

  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const notes = dropNotes(cleaned);
  const fs = theme.fontSize;
  const top = options.title ? 14 + theme.titleSize + 14 : 16;
  const bottom = 8 + fs + 10 + (options.xLabel ? theme.labelSize + 10 : 0) + notes.length * (fs + 4) + 8;
  // The y tick labels decide the left margin, and they do not depend on pixels.
  const yProbe = makeScale(yMin, yMax, 0, 1, logY);
  const widest = Math.max(...tickLabels(yProbe).map((l) => textWidth(l, fs)));
  const left = 10 + (options.yLabel ? theme.labelSize + 10 : 0) + widest + 8 + 4;
  const right = 24;
  const frame: Frame = { left, top, width: Math.max(40, width - left - right), height: Math.max(40, height - top - bottom) };
  const xs = makeScale(xMin, xMax, frame.left, frame.left + frame.width, logX, Math.max(3, Math.round(frame.width / 90)));
  const ys = makeScale(yMin, yMax, frame.top + frame.height, frame.top, logY, Math.max(3, Math.round(frame.height / 60)));

  // The clip path's id must be unique within an HTML page holding several
  // plots: a hash of the drawing itself keeps it unique and deterministic.
  const id = '__GRAD_PLOT_ID__';
  const pad = 6;
  let body = `<defs><clipPath id="${id}-clip"><rect${attrs({ x: frame.left - pad, y: frame.top - pad, width: frame.width + 2 * pad, height: frame.height + 2 * pad })}/></clipPath></defs>`;
  body += drawAxes(frame, xs, ys, { x: options.xLabel, y: options.yLabel });
  const legend: LegendEntry[] = [];
  const obstacles: Array<readonly [number, number]> = [];
  for (const c of cleaned) {
    const s = c.source;
    const color = s.color ?? seriesColor(c.index);
    const mode = s.mode ?? 'line';
    const line = mode !== 'markers';
    const marker = mode !== 'line';
    body += `<g class="series"${attrs({ 'data-label': s.label, 'data-points': c.total, 'data-dropped': c.nonFinite + c.nonPositive, 'clip-path': `url(#${id}-clip)` })}>`;
    if (line) {
      let d = '';
      for (const seg of c.segments) {
        let last: readonly [number, number] | undefined;
        // Thousands of points on a few hundred pixels: keep what each pixel column shows.
        const pixels = decimate(seg.map(([x, y]) => [xs.map(x), ys.map(y)] as const), frame.width);
        pixels.forEach((p, i) => {
          d += `${i === 0 ? 'M' : 'L'}${px(p[0])} ${px(p[1])}`;
          // Points every ~8 px along the line, for the legend's placement.
          if (last) {
            const n = Math.min(200, Math.ceil(Math.hypot(p[0] - last[0], p[1] - last[1]) / 8));
            for (let k = 1; k <= n; k++) obstacles.push([last[0] + ((p[0] - last[0]) * k) / n, last[1] + ((p[1] - last[1]) * k) / n]);
          } else obstacles.push(p);
          last = p;
        });
      }
      body += `<path class="line"${attrs({ d, fill: 'none', stroke: color, 'stroke-width': s.lineWidth ?? 2, 'stroke-linejoin': 'round', 'stroke-linecap': 'round', 'stroke-dasharray': s.dashed ? '6 4' : undefined })}/>`;
    }
    if (marker) {
      const r = s.markerSize ?? 3.5;
      let dots = '';
      for (const seg of c.segments) {
        for (const [x, y] of seg) {
          const p = [xs.map(x), ys.map(y)] as const;
          obstacles.push(p);
          dots += `<circle cx="${px(p[0])}" cy="${px(p[1])}" r="${px(r)}"/>`;
        }
      }
      body += `<g class="markers"${attrs({ fill: color, 'fill-opacity': line ? 1 : 0.8 })}>${dots}</g>`;
    }
    body += '</g>';
    if (s.label !== undefined) legend.push({ label: s.label, color, line, marker, dashed: s.dashed ?? false });
  }
  if (options.legend ?? legend.length > 0) body += drawLegend(frame, legend, obstacles);
  if (options.title) {
    body += `<text class="title"${attrs({ x: frame.left + frame.width / 2, y: 14 + theme.titleSize, 'text-anchor': 'middle', 'font-size': theme.titleSize, 'font-weight': 'bold', fill: theme.text })}>${escapeXml(options.title)}</text>`;
  }
  notes.forEach((note, i) => {
    body += `<text class="note"${attrs({ x: 10, y: height - 8 - (notes.length - 1 - i) * (fs + 4), 'font-size': fs - 1, fill: theme.noteText })}>${escapeXml(note)}</text>`;
  });
  return svgDocument(width, height, options.title ?? 'plot', body.replaceAll(id, `grad-plot-${hashString(body)}`));
}

function dropNotes(cleaned: readonly CleanSeries[]): string[] {
  const notes: string[] = [];
  for (const c of cleaned) {
    const name = seriesName(c.source, c.index);
    if (c.nonFinite > 0) notes.push(`note: ${c.nonFinite} of ${c.total} points in ${name} are NaN/Inf and are not drawn`);
    if (c.nonPositive > 0) notes.push(`note: ${c.nonPositive} of ${c.total} points in ${name} are ≤ 0 and not drawn on the log axis`);
  }
  return notes;
}

/** Wraps drawn content in a standalone SVG document with a white background. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ width, height, viewBox: `0 0 ${px(width)} ${px(height)}`, role: 'img', 'aria-label': title, 'font-family': theme.fontFamily })}>` +
    `<title>${escapeXml(title)}</title>` +
    `<rect width="100%" height="100%" fill="${theme.background}"/>${body}</svg>`
  );
}
