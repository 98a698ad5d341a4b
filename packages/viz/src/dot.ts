import type { Tensor } from '@grad/core';
import { buildGraph, type GraphElement, type GraphModel, type GraphOptions } from './graph/model';
import type { GraphTensor } from './graph/types';
import { checkVizOptions, OPTION_KEYS } from './options';

/** Options of {@link toDot}: the graph options, plus Graphviz layout knobs. */
export interface DotOptions extends GraphOptions {
  /**
   * Graphviz's `size` in inches (`"12,12"`): the drawing is scaled down to
   * fit. The default grows with the graph as torchviz's `resize_graph`
   * does: 0.15 inch per statement, at least 12.
   */
  readonly size?: string;
  /** Layout direction: `'TB'` (inputs at the top, the output at the bottom, the default) or `'LR'`. */
  readonly rankdir?: 'TB' | 'LR' | 'BT' | 'RL';
}

/** torchviz's colours: grey ops, light blue leaves, orange saved tensors, the output in olive green. */
const fill: Record<GraphElement['kind'], string> = {
  output: 'darkolivegreen1',
  function: 'lightgrey',
  collapsed: 'lightgrey',
  accumulate: 'lightgrey',
  variable: 'lightblue',
  saved: 'orange',
  freed: 'white',
};

/** A DOT double-quoted string: `\` and `"` escaped, lines joined with `\l`-free `\n` (centred, as torchviz). */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function nodeStatement(e: GraphElement): string {
  const a: string[] = [`label=${quote(e.lines.join('\n'))}`];
  if (fill[e.kind] !== 'lightgrey') a.push(`fillcolor=${fill[e.kind]}`);
  if (e.kind === 'collapsed') a.push('shape=box3d');
  if (e.kind === 'freed') a.push('style="dashed"', 'fontcolor=gray40');
  if (e.nonFinite) a.push('fillcolor=lightpink', 'color=red3', 'penwidth=2');
  else if (e.noGrad) a.push('style="filled,dashed"', 'color=red3', 'fontcolor=gray30');
  return `\t${e.id} [${a.join(' ')}]`;
}

/** DOT text for a built graph model. */
export function modelToDot(model: GraphModel, options: Pick<DotOptions, 'size' | 'rankdir'> = {}): string {
  const body: string[] = [];
  for (const e of model.elements) body.push(nodeStatement(e));
  for (const edge of model.edges) {
    const a: string[] = [];
    if (edge.kind === 'saved') a.push('dir=none');
    if (edge.noGrad) a.push('style=dashed', 'color=gray60');
    body.push(`\t${edge.from} -> ${edge.to}${a.length ? ` [${a.join(' ')}]` : ''}`);
  }
  // torchviz's resize_graph: 0.15 inch per statement, never below 12.
  const side = Math.max(12, body.length * 0.15);
  const size = options.size ?? `${Number(side.toFixed(2))},${Number(side.toFixed(2))}`;
  const head = [
    'digraph {',
    `\tgraph [size=${quote(size)}${options.rankdir ? ` rankdir=${options.rankdir}` : ''}]`,
    // torchviz says fontname=monospace; Graphviz has no metrics for that name and
    // sizes boxes with Times' narrower ones, so labels overflow. "Courier" gets
    // Courier's metrics (0.6 em, as DejaVu Sans Mono) and the SVG falls back to
    // the system's monospace font.
    '\tnode [align=left fontname=Courier fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]',
  ];
  return [...head, ...body, '}', ''].join('\n');
}

/**
 * The backward graph behind `output` as Graphviz DOT, drawn as torchviz's
 * `make_dot` draws it: one grey box per `gradFn` node with PyTorch's names
 * (`MulBackward0`, `AccumulateGrad`, …), each leaf in light blue with its
 * name from `params` and its shape, the output in olive green, arrows from
 * inputs to the ops that use them, and saved tensors in orange with
 * `showSaved`.
 *
 * Unlike torchviz it can also show what backward did (`showValues`, on by
 * default once a leaf has a `.grad`): each leaf's gradient norm and its
 * NaN/Inf count, and a dashed red border where no gradient arrived. Long
 * runs of one op are collapsed into one box (`collapse`), and `size` grows
 * with the graph so large graphs stay legible.
 *
 * The walk is iterative, so graphs of any depth work. Throws when `output`
 * has no graph (its `gradFn` is null and it does not require grad).
 *
 * @example
 * ```ts
 * import { tensor } from '@grad/core';
 * import { toDot, renderSvg } from '@grad/viz';
 * const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
 * const out = x.add(2).pow(2).mul(3).mean();
 * const dot = toDot(out, { params: { x } });
 * // digraph { … n0 [label="MeanBackward0"] … v0 [label="x\n(2, 2)" fillcolor=lightblue] … }
 * const svg = await renderSvg(dot);
 * ```
 */
export function toDot(output: Tensor | GraphTensor, options: DotOptions = {}): string {
  checkVizOptions('toDot', options, OPTION_KEYS.toDot);
  return modelToDot(buildGraph(output, options, 'toDot'), options);
}
