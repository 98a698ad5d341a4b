import { describe, expect, it } from 'vitest';
import { renderSvg } from '../src/index';
import { findAll, parseXml, textOf } from './helpers/xml';

describe('renderSvg', () => {
  it('lays DOT out with Graphviz: one <g class="node"> per node, one per edge', async () => {
    const svg = await renderSvg('digraph { node [shape=box]; a [label="MulBackward0"]; b [label="AccumulateGrad"]; b -> a }');
    const root = parseXml(svg);
    const groups = findAll(root, 'g');
    const nodes = groups.filter((g) => g.attrs.class === 'node');
    const edges = groups.filter((g) => g.attrs.class === 'edge');
    expect(nodes.map((n) => findAll(n, 'text').map(textOf).join(' ')).sort()).toEqual(['AccumulateGrad', 'MulBackward0']);
    expect(edges.map((e) => textOf(findAll(e, 'title')[0]!))).toEqual(['b->a']);
  });

  it("reports Graphviz's error for bad DOT", async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/Graphviz could not lay out the graph: .*syntax error/);
    await expect(renderSvg('')).rejects.toThrow(/expected DOT text/);
  });
});
