import type { Viz } from '@viz-js/viz';
import { checkVizOptions, OPTION_KEYS } from './options';

let instance: Promise<Viz> | undefined;

/** Graphviz compiled to WebAssembly, loaded once on first use (~90 ms). */
function graphviz(): Promise<Viz> {
  instance ??= import('@viz-js/viz').then((m) => m.instance());
  return instance;
}

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** The Graphviz layout engine (default `'dot'`, the layered layout torchviz uses). */
  readonly engine?: 'dot' | 'neato' | 'fdp' | 'sfdp' | 'circo' | 'twopi' | 'osage' | 'patchwork';
}

/**
 * Lays out Graphviz DOT with real Graphviz (the `@viz-js/viz` WebAssembly
 * build) and returns the SVG document as a string.
 *
 * It is async because the WebAssembly module is fetched and compiled on
 * the first call; later calls reuse it. Works in Node and in browsers.
 * Throws with Graphviz's own messages when the DOT does not parse.
 *
 * @example
 * ```ts
 * import { tensor } from '@grad/core';
 * import { toDot, renderSvg, savePlot } from '@grad/viz';
 * const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
 * const out = x.add(2).pow(2).mul(3).mean();
 * const svg = await renderSvg(toDot(out, { params: { x } }));
 * await savePlot(svg, 'graph.png');
 * ```
 */
export async function renderSvg(dot: string, options: RenderSvgOptions = {}): Promise<string> {
  checkVizOptions('renderSvg', options, OPTION_KEYS.renderSvg);
  if (typeof dot !== 'string' || dot.trim() === '') throw new TypeError('renderSvg: expected DOT text (from toDot()), got an empty value');
  const viz = await graphviz();
  const result = viz.render(dot, { format: 'svg', engine: options.engine ?? 'dot' });
  if (result.status !== 'success') {
    const messages = result.errors.map((e) => `${e.level ?? 'error'}: ${e.message.trim()}`).join('; ');
    throw new Error(`renderSvg: Graphviz could not lay out the graph: ${messages}`);
  }
  return result.output;
}
