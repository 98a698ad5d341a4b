import type { Tensor } from '@grad/core';
import { buildGraph, type GraphElement, type GraphOptions } from './graph/model';
import type { GraphTensor } from './graph/types';
import { checkVizOptions, OPTION_KEYS } from './options';

/** Options of {@link toMermaid}. */
export interface MermaidOptions extends GraphOptions {
  /** Flowchart direction (default `'TB'`: inputs at the top, as {@link toDot}). */
  readonly direction?: 'TB' | 'BT' | 'LR' | 'RL';
}

/** Mermaid has its own escapes: `#quot;` inside a quoted label, `<br/>` for a new line. */
function label(lines: readonly string[]): string {
  const esc = (s: string) => s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  return `"${lines.map(esc).join('<br/>')}"`;
}

const classOf: Record<GraphElement['kind'], string> = {
  output: 'output',
  function: 'op',
  collapsed: 'op',
  accumulate: 'op',
  variable: 'leaf',
  saved: 'saved',
  freed: 'freed',
};

/**
 * The backward graph behind `output` as a Mermaid flowchart, for Markdown
 * (GitHub, GitLab and many doc sites draw ```` ```mermaid ```` blocks). The
 * same boxes, names and colours as {@link toDot}.
 *
 * @example
 * ```ts
 * import { tensor } from '@grad/core';
 * import { toMermaid } from '@grad/viz';
 * const x = tensor([1, 2], { requiresGrad: true });
 * console.log('```mermaid\n' + toMermaid(x.mul(x).sum(), { params: { x } }) + '```');
 * ```
 */
export function toMermaid(output: Tensor | GraphTensor, options: MermaidOptions = {}): string {
  checkVizOptions('toMermaid', options, OPTION_KEYS.toMermaid);
  const model = buildGraph(output, options, 'toMermaid');
  const out: string[] = [`flowchart ${options.direction ?? 'TB'}`];
  for (const e of model.elements) {
    const shape = e.kind === 'variable' || e.kind === 'output' ? ['([', '])'] : ['[', ']'];
    const cls = e.nonFinite ? 'nonfinite' : e.noGrad ? 'nograd' : classOf[e.kind];
    out.push(`  ${e.id}${shape[0]}${label(e.lines)}${shape[1]}:::${cls}`);
  }
  model.edges.forEach((edge) => {
    out.push(`  ${edge.from} ${edge.kind === 'saved' ? '---' : edge.noGrad ? '-.->' : '-->'} ${edge.to}`);
  });
  out.push(
    '  classDef op fill:#d3d3d3,stroke:#333,color:#000',
    '  classDef leaf fill:#add8e6,stroke:#333,color:#000',
    '  classDef output fill:#caff70,stroke:#333,color:#000',
    '  classDef saved fill:#ffa500,stroke:#333,color:#000',
    '  classDef freed fill:#fff,stroke:#999,stroke-dasharray:4 3,color:#666',
    '  classDef nograd fill:#eee,stroke:#c00,stroke-dasharray:4 3,color:#555',
    '  classDef nonfinite fill:#ffb6c1,stroke:#c00,stroke-width:2px,color:#000',
  );
  return `${out.join('\n')}\n`;
}
