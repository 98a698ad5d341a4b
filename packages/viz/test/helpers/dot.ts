/** A node or edge statement's attributes, unquoted and unescaped. */
export type DotAttrs = Record<string, string>;

export interface ParsedDot {
  readonly nodes: Map<string, DotAttrs>;
  readonly edges: Array<{ from: string; to: string; attrs: DotAttrs }>;
}

function parseAttrs(text: string | undefined): DotAttrs {
  const attrs: DotAttrs = {};
  if (!text) return attrs;
  const re = /(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^\s\]]+))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    attrs[m[1]!] = m[2] !== undefined ? m[2].replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : m[3]!;
  }
  return attrs;
}

/** Reads the node and edge statements of the DOT that toDot writes (one statement per line). */
export function parseDot(dot: string): ParsedDot {
  const nodes = new Map<string, DotAttrs>();
  const edges: ParsedDot['edges'] = [];
  for (const raw of dot.split('\n')) {
    const line = raw.trim();
    const edge = /^(\w+) -> (\w+)(?: \[(.*)\])?$/.exec(line);
    if (edge) {
      edges.push({ from: edge[1]!, to: edge[2]!, attrs: parseAttrs(edge[3]) });
      continue;
    }
    const node = /^(\w+) \[(.*)\]$/.exec(line);
    if (node && !['graph', 'node', 'edge'].includes(node[1]!)) nodes.set(node[1]!, parseAttrs(node[2]));
  }
  return { nodes, edges };
}

/**
 * The graph by labels, sorted, so a test can state it by hand without
 * caring about ids: nodes as their labels (lines joined with ' | '), edges
 * as 'from-label -> to-label'.
 */
export function structure(dot: string): { nodes: string[]; edges: string[] } {
  const { nodes, edges } = parseDot(dot);
  const label = (id: string) => (nodes.get(id)?.label ?? `?${id}`).split('\n').join(' | ');
  return {
    nodes: [...nodes.keys()].map(label).sort(),
    edges: edges.map((e) => `${label(e.from)} -> ${label(e.to)}`).sort(),
  };
}

/** The attributes of the node whose label's first line is `first`. */
export function nodeByLabel(dot: string, first: string): DotAttrs | undefined {
  for (const attrs of parseDot(dot).nodes.values()) if (attrs.label?.split('\n')[0] === first) return attrs;
  return undefined;
}

/**
 * The tutorial's graph, out = mean(3·(x+2)²), as torchviz draws it, written
 * out by hand: MeanBackward0 ← MulBackward0 ← PowBackward0 ← AddBackward0 ←
 * AccumulateGrad ← x, with the output box labelled by its shape ().
 */
export const TUTORIAL_STRUCTURE = {
      nodes: ['()', 'AccumulateGrad', 'AddBackward0', 'MeanBackward0', 'MulBackward0', 'PowBackward0', 'x | (2, 2)'].sort(),
      edges: [
        'x | (2, 2) -> AccumulateGrad',
        'AccumulateGrad -> AddBackward0',
        'AddBackward0 -> PowBackward0',
        'PowBackward0 -> MulBackward0',
        'MulBackward0 -> MeanBackward0',
        'MeanBackward0 -> ()',
      ].sort(),
};
