import type { Frame } from './axes';
import { textWidth } from './axes';
import { attrs, escapeXml } from './svg';
import { theme } from './theme';

/** One legend row: a swatch drawn the way its series is drawn, and a label. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly line: boolean;
  readonly marker: boolean;
  readonly dashed: boolean;
}

const fs = theme.fontSize;
const row = fs + 8;
const swatch = 24;

/**
 * A legend box inside the frame, in the corner that covers the fewest of
 * the drawn points (matplotlib's `loc='best'`), upper right on a tie.
 * `obstacles` are pixel positions of markers and of points along lines.
 */
export function drawLegend(frame: Frame, entries: readonly LegendEntry[], obstacles: ReadonlyArray<readonly [number, number]> = []): string {
  if (entries.length === 0) return '';
  const width = 10 + swatch + 8 + Math.max(...entries.map((e) => textWidth(e.label, fs))) + 10;
  const height = 8 + entries.length * row;
  const xs = [frame.left + frame.width - width - 10, frame.left + 10];
  const ys = [frame.top + 10, frame.top + frame.height - height - 10];
  const corners: Array<[number, number]> = [[xs[0]!, ys[0]!], [xs[1]!, ys[0]!], [xs[0]!, ys[1]!], [xs[1]!, ys[1]!]];
  let best = corners[0]!;
  let fewest = Infinity;
  for (const [cx, cy] of corners) {
    let hits = 0;
    for (const [px, py] of obstacles) if (px >= cx - 4 && px <= cx + width + 4 && py >= cy - 4 && py <= cy + height + 4) hits++;
    if (hits < fewest) [best, fewest] = [[cx, cy], hits];
  }
  const [x0, y0] = best;
  let out = `<g class="legend"${attrs({ 'font-size': fs, fill: theme.text })}>`;
  out += `<rect${attrs({ x: x0, y: y0, width, height, rx: 3, fill: '#ffffff', 'fill-opacity': 0.85, stroke: '#cccccc' })}/>`;
  entries.forEach((e, i) => {
    const cy = y0 + 4 + row * i + row / 2;
    const sx = x0 + 10;
    if (e.line) {
      out += `<path${attrs({ d: `M${sx} ${cy}h${swatch}`, stroke: e.color, 'stroke-width': 2, 'stroke-dasharray': e.dashed ? '6 4' : undefined })}/>`;
    }
    if (e.marker) out += `<circle${attrs({ cx: sx + swatch / 2, cy, r: 3.5, fill: e.color })}/>`;
    out += `<text${attrs({ x: sx + swatch + 8, y: cy + fs * 0.35 })}>${escapeXml(e.label)}</text>`;
  });
  return `${out}</g>`;
}
