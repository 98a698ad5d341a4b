// Graphs: the backward graph behind a tensor, as torchviz draws it.
export { toDot, type DotOptions } from './dot';
export { toMermaid, type MermaidOptions } from './mermaid';
export { renderSvg, type RenderSvgOptions } from './render-svg';
export {
  buildGraph,
  type GraphOptions,
  type GraphModel,
  type GraphElement,
  type GraphElementKind,
  type GraphEdge,
} from './graph/model';
export type { GraphTensor, GraphNode } from './graph/types';

// Plots: standalone SVG strings.
export { plot, type PlotOptions } from './plot/figure';
export { scatter, type SingleSeriesOptions } from './plot/scatter';
export { line } from './plot/line';
export { lossCurve, type LossCurveOptions } from './plot/loss-curve';
export type { Series, NonFinitePolicy } from './plot/series';
export type { Values } from './plot/values';
export { linearTicks, logTicks, niceStep, formatTick, type Ticks } from './plot/ticks';
export { palette } from './plot/theme';

// Files (Node only; loaded lazily).
export { savePlot, svgToPng, type PngOptions } from './raster';

// Reports: one self-contained HTML page.
export { report, type ReportOptions, type ReportSection, type ReportItem, type ReportTable } from './report/report';
export { saveReport } from './report/save-report';

// Terminal.
export { sparkline, type SparklineOptions } from './terminal/sparkline';
export { textPlot, type TextPlotOptions } from './terminal/text-plot';
