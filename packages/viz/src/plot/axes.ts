import { formatTick } from './ticks';
import type { Scale } from './scale';
import { attrs, escapeXml, px } from './svg';
import { theme } from './theme';

/** The plotting rectangle in pixels. */
export interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The tick labels of a scale, formatted as they will be drawn. */
export function tickLabels(scale: Scale): string[] {
  return scale.ticks.values.map((v) => formatTick(v, scale.ticks.step, scale.log));
}

/** A rough text width in pixels for layout (DejaVu Sans averages ~0.6 em). */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.6;
}

/**
 * Grid lines, the axis frame, tick marks and tick labels, and the axis
 * labels, as one `<g>`. Grid lines are drawn first so series sit on top.
 */
export function drawAxes(frame: Frame, x: Scale, y: Scale, labels: { x?: string; y?: string }): string {
  const { left, top, width, height } = frame;
  const bottom = top + height;
  const right = left + width;
  const parts: string[] = [];
  const fs = theme.fontSize;

  const grid: string[] = [];
  const ticks: string[] = [];
  const xLabels = tickLabels(x);
  x.ticks.values.forEach((v, i) => {
    const p = x.map(v);
    grid.push(`M${px(p)} ${px(top)}V${px(bottom)}`);
    ticks.push(`M${px(p)} ${px(bottom)}v5`);
    parts.push(`<text${attrs({ x: p, y: bottom + 8 + fs, 'text-anchor': 'middle' })}>${escapeXml(xLabels[i] ?? '')}</text>`);
  });
  const yLabels = tickLabels(y);
  y.ticks.values.forEach((v, i) => {
    const p = y.map(v);
    grid.push(`M${px(left)} ${px(p)}H${px(right)}`);
    ticks.push(`M${px(left)} ${px(p)}h-5`);
    parts.push(`<text${attrs({ x: left - 8, y: p + fs * 0.35, 'text-anchor': 'end' })}>${escapeXml(yLabels[i] ?? '')}</text>`);
  });

  let out = `<g class="grid"><path${attrs({ d: grid.join(''), stroke: theme.grid, 'stroke-width': 1, fill: 'none' })}/></g>`;
  out += `<g class="axes"${attrs({ 'font-size': fs, fill: theme.text })}>`;
  out += `<rect${attrs({ x: left, y: top, width, height, fill: 'none', stroke: theme.axis, 'stroke-width': 1 })}/>`;
  out += `<path${attrs({ d: ticks.join(''), stroke: theme.axis, 'stroke-width': 1 })}/>`;
  out += `<g class="tick-labels">${parts.join('')}</g>`;
  if (labels.x) {
    out += `<text class="x-label"${attrs({ x: left + width / 2, y: bottom + 8 + fs + 10 + theme.labelSize, 'text-anchor': 'middle', 'font-size': theme.labelSize })}>${escapeXml(labels.x)}</text>`;
  }
  if (labels.y) {
    const widest = Math.max(0, ...yLabels.map((l) => textWidth(l, fs)));
    const cx = left - 8 - widest - 10 - theme.labelSize * 0.3;
    const cy = top + height / 2;
    out += `<text class="y-label"${attrs({ x: cx, y: cy, 'text-anchor': 'middle', 'font-size': theme.labelSize, transform: `rotate(-90 ${px(cx)} ${px(cy)})` })}>${escapeXml(labels.y)}</text>`;
  }
  return `${out}</g>`;
}
