/**
 * Every public function's option keys, listed once each and checked complete
 * by the compiler, so that a misspelt option (`toDot(y, { parms })`) is
 * refused with core's message ("did you mean 'params'?") instead of being
 * silently ignored.
 */
import { checkOptions } from '@grad/core';
import type { GraphOptions } from './graph/model';
import type { DotOptions } from './dot';
import type { MermaidOptions } from './mermaid';
import type { RenderSvgOptions } from './render-svg';
import type { PngOptions } from './raster';
import type { ReportOptions, ReportSection } from './report/report';
import type { PlotOptions } from './plot/figure';
import type { Series } from './plot/series';
import type { SingleSeriesOptions } from './plot/scatter';
import type { LossCurveOptions } from './plot/loss-curve';
import type { SparklineOptions } from './terminal/sparkline';
import type { TextPlotOptions } from './terminal/text-plot';

/** `true` when K lists every key of T; otherwise a type naming the missing keys, so `keys()` fails to compile. */
type Complete<T, K> = [Exclude<keyof T, K>] extends [never] ? true : { missing: Exclude<keyof T, K> };

/** The runtime list of T's keys; the second argument is `true` only when the list is complete. */
function keys<T>() {
  return <K extends keyof T & string>(list: readonly K[], complete: Complete<T, K>): readonly string[] => {
    void complete;
    return list;
  };
}

const GRAPH = keys<GraphOptions>()(['params', 'showSaved', 'showValues', 'collapse', 'outputName'], true);
const PLOT = keys<PlotOptions>()(
  ['series', 'title', 'xLabel', 'yLabel', 'logY', 'logX', 'xLimits', 'yLimits', 'width', 'height', 'legend', 'nonFinite'],
  true,
);
const FIGURE = PLOT.filter((k) => k !== 'series');

/** The option keys of each public function (and of the objects inside its options). */
export const OPTION_KEYS = {
  toDot: keys<DotOptions>()([...(GRAPH as (keyof GraphOptions)[]), 'size', 'rankdir'], true),
  toMermaid: keys<MermaidOptions>()([...(GRAPH as (keyof GraphOptions)[]), 'direction'], true),
  renderSvg: keys<RenderSvgOptions>()(['engine'], true),
  png: keys<PngOptions>()(['fontFiles', 'width', 'scale', 'background'], true),
  report: keys<ReportOptions>()(['title', 'subtitle', 'sections'], true),
  reportSection: keys<ReportSection>()(['title', 'items'], true),
  plot: PLOT,
  series: keys<Series>()(['x', 'y', 'label', 'color', 'mode', 'lineWidth', 'markerSize', 'dashed'], true),
  singleSeries: [...keys<Omit<SingleSeriesOptions, keyof PlotOptions>>()(['label', 'color', 'markerSize', 'lineWidth', 'dashed'], true), ...FIGURE],
  lossCurve: [...keys<Omit<LossCurveOptions, keyof PlotOptions>>()(['logScale', 'steps', 'smoothing', 'color', 'label'], true), ...FIGURE],
  sparkline: keys<SparklineOptions>()(['width', 'log'], true),
  textPlot: keys<TextPlotOptions>()(['width', 'height', 'logY', 'title'], true),
} as const;

/** Refuses an unknown key in `options` of `fn`, in core's words. */
export function checkVizOptions(fn: string, options: unknown, known: readonly string[]): void {
  checkOptions(fn, options, known);
}
