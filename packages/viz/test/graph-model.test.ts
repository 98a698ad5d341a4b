import { describe, expect, it } from 'vitest';
import { renderSvg, toDot, toMermaid } from '../src/index';
import { nodeByLabel, parseDot, structure, TUTORIAL_STRUCTURE } from './helpers/dot';
import { FakeNode, FakeTensor, leaf, result } from './helpers/fake-graph';

/** out = mean(3·(x + 2)²), built by hand the way PyTorch records it. */
function tutorial() {
  const x = leaf([2, 2], [0, 1, 2, 3]);
  const add = result('AddBackward0', [2, 2], [x.acc, null]);
  const pow = result('PowBackward0', [2, 2], [add.gradFn]);
  const mul = result('MulBackward0', [2, 2], [pow.gradFn, null]);
  const out = result('MeanBackward0', [], [mul.gradFn], [40.5]);
  return { x, add, pow, mul, out };
}

describe('toDot on a hand-made graph', () => {
  it('draws torchviz boxes: ops, the named leaf with its shape, the output', () => {
    const { x, out } = tutorial();
    const dot = toDot(out, { params: { x: x.t } });
    expect(structure(dot)).toEqual(TUTORIAL_STRUCTURE);
    // torchviz's colours.
    expect(nodeByLabel(dot, 'x')?.fillcolor).toBe('lightblue');
    expect(nodeByLabel(dot, '()')?.fillcolor).toBe('darkolivegreen1');
    expect(nodeByLabel(dot, 'MulBackward0')?.fillcolor).toBeUndefined(); // the default lightgrey
    expect(dot).toMatch(/node \[align=left fontname=Courier fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled\]/);
    expect(dot).toContain('graph [size="12,12"]');
  });

  it('numbers boxes in walk order, so the DOT is the same on every run', () => {
    const a = tutorial();
    const b = tutorial();
    expect(toDot(a.out, { params: { x: a.x.t } })).toBe(toDot(b.out, { params: { x: b.x.t } }));
    expect(parseDot(toDot(a.out)).nodes.get('n0')?.label).toBe('MeanBackward0');
  });

  it('is valid Graphviz input', async () => {
    const { x, out } = tutorial();
    const svg = await renderSvg(toDot(out, { params: { x: x.t } }));
    expect(svg).toContain('MeanBackward0');
    expect(svg).toContain('AccumulateGrad');
  });

  it('draws an input used twice with two arrows (x·x), its node once', () => {
    const x = leaf([3]);
    const out = result('MulBackward0', [3], [x.acc, x.acc]);
    const { edges } = structure(toDot(out));
    expect(edges.filter((e) => e === 'AccumulateGrad -> MulBackward0')).toHaveLength(2);
    expect(parseDot(toDot(out)).nodes.size).toBe(4); // out, Mul, AccumulateGrad, x
  });

  it('throws a clear error for a tensor with no graph', () => {
    const plain = new FakeTensor([2, 3]);
    expect(() => toDot(plain)).toThrow(/no graph to draw: its gradFn is null and it does not require grad \(shape \(2, 3\)\)/);
    expect(() => toMermaid(plain)).toThrow(/^toMermaid: /);
    expect(() => toDot(null as never)).toThrow(/expected a Tensor/);
  });

  it('draws a bare leaf that requires grad as one box', () => {
    const { t } = leaf([4]);
    expect(structure(toDot(t, { params: { w: t } }))).toEqual({ nodes: ['w | (4)'], edges: [] });
  });

  it('shows saved tensors in orange with undirected edges, and says when backward freed them', () => {
    const { x, pow, out } = tutorial();
    (pow.gradFn as FakeNode).saved = [x.t];
    (out.gradFn as FakeNode).saved = [new FakeTensor([2, 2])];
    const dot = toDot(out, { params: { x: x.t }, showSaved: true });
    const { nodes, edges } = parseDot(dot);
    const saved = [...nodes.entries()].filter(([, a]) => a.fillcolor === 'orange');
    expect(saved.map(([, a]) => a.label).sort()).toEqual(['saved[0]\n(2, 2)', 'x\n(2, 2)']);
    for (const [id] of saved) expect(edges.find((e) => e.from === id)?.attrs.dir).toBe('none');
    (pow.gradFn as FakeNode).saved = 'freed';
    expect(toDot(out, { showSaved: true })).toContain('label="saved tensors\\nfreed by backward"');
    expect(toDot(out)).not.toContain('orange');
  });
});

describe('values after backward', () => {
  it("labels each leaf with its gradient's norm and NaN/Inf count, and the loss value", () => {
    const w = leaf([2], [1, 2]);
    const b = leaf([1], [0]);
    const add = result('AddBackward0', [2], [w.acc, b.acc]);
    const out = result('SumBackward0', [], [add.gradFn], [3]);
    w.t.grad = new FakeTensor([2], [3, 4]); // ‖(3, 4)‖ = 5
    b.t.grad = new FakeTensor([1], [Number.NaN]);
    const dot = toDot(out, { params: { w: w.t, b: b.t } });
    expect(nodeByLabel(dot, 'w')?.label).toBe('w\n(2)\ngrad norm 5');
    expect(nodeByLabel(dot, 'b')?.label).toBe('b\n(1)\ngrad norm 0\nNaN ×1');
    expect(nodeByLabel(dot, 'b')?.color).toBe('red3');
    expect(nodeByLabel(dot, '()')?.label).toBe('()\n= 3');
    expect(toDot(out, { showValues: false })).not.toContain('grad norm');
  });

  it('marks the leaves and branches that got no gradient', () => {
    // loss = f(a·w) + g(c): backward(inputs=[w]) leaves c's branch without a gradient.
    const w = leaf([1], [2]);
    const c = leaf([1], [5]);
    const mul = result('MulBackward0', [1], [w.acc, null]);
    const exp = result('ExpBackward0', [1], [c.acc]);
    const out = result('AddBackward0', [], [mul.gradFn, exp.gradFn], [1]);
    w.t.grad = new FakeTensor([1], [0.5]);
    const dot = toDot(out, { params: { w: w.t, c: c.t } });
    expect(nodeByLabel(dot, 'c')?.label).toBe('c\n(1)\nno grad');
    expect(nodeByLabel(dot, 'c')?.style).toBe('filled,dashed');
    expect(nodeByLabel(dot, 'ExpBackward0')?.style).toBe('filled,dashed');
    expect(nodeByLabel(dot, 'MulBackward0')?.style).toBeUndefined();
    expect(nodeByLabel(dot, 'AddBackward0')?.style).toBeUndefined();
    const { nodes, edges } = parseDot(dot);
    const id = (first: string) => [...nodes.entries()].find(([, a]) => a.label?.startsWith(first))![0];
    expect(edges.find((e) => e.to === id('AddBackward0') && e.from === id('ExpBackward0'))?.attrs.style).toBe('dashed');
    // Before any backward nothing is marked.
    w.t.grad = null;
    expect(toDot(out)).not.toContain('dashed');
  });
});

describe('large graphs', () => {
  it('walks a chain of 100,000 ops without recursion and collapses it into one box', () => {
    const x = leaf([1]);
    let node = x.acc;
    for (let i = 0; i < 100_000; i++) node = new FakeNode('AddBackward0', [node, null]);
    const out = new FakeTensor([1], [], true);
    out.gradFn = node;
    const s = structure(toDot(out, { params: { x: x.t } }));
    expect(s.nodes).toEqual(['(1)', 'AccumulateGrad', 'AddBackward0 ×100000', 'x | (1)'].sort());
    expect(s.edges).toEqual(['x | (1) -> AccumulateGrad', 'AccumulateGrad -> AddBackward0 ×100000', 'AddBackward0 ×100000 -> (1)'].sort());
  });

  it('collapses a repeated op with a shared side input to one box with one arrow from it', () => {
    // h = h·w ten times, then a sum.
    const h0 = leaf([3]);
    const w = leaf([3]);
    let node = h0.acc;
    for (let i = 0; i < 10; i++) node = new FakeNode('MulBackward0', [node, w.acc]);
    const out = new FakeTensor([], [], true);
    out.gradFn = new FakeNode('SumBackward0', [node]);
    const s = structure(toDot(out, { params: { h0: h0.t, w: w.t } }));
    expect(s.edges).toEqual(
      [
        'h0 | (3) -> AccumulateGrad',
        'w | (3) -> AccumulateGrad',
        'AccumulateGrad -> MulBackward0 ×10',
        'AccumulateGrad -> MulBackward0 ×10',
        'MulBackward0 ×10 -> SumBackward0',
        'SumBackward0 -> ()',
      ].sort(),
    );
    const full = structure(toDot(out, { collapse: false }));
    expect(full.nodes.filter((n) => n === 'MulBackward0')).toHaveLength(10);
  });

  it('keeps short runs and grows the drawing size with the graph, as torchviz', () => {
    const x = leaf([1]);
    let node = x.acc;
    for (let i = 0; i < 3; i++) node = new FakeNode('AddBackward0', [node, null]);
    const out = new FakeTensor([1], [], true);
    out.gradFn = node;
    expect(structure(toDot(out)).nodes.filter((n) => n === 'AddBackward0')).toHaveLength(3);
    const big = toDot(out, { collapse: false });
    expect(big).toContain('size="12,12"');
    let deep = x.acc;
    for (let i = 0; i < 60; i++) deep = new FakeNode(i % 2 ? 'AddBackward0' : 'MulBackward0', [deep, null]);
    out.gradFn = deep;
    // 63 boxes + 62 arrows = 125 statements · 0.15 = 18.75 inches.
    expect(toDot(out)).toContain('size="18.75,18.75"');
  });
});

describe('toMermaid', () => {
  it('writes the same boxes and arrows as a flowchart', () => {
    const { x, out } = tutorial();
    const text = toMermaid(out, { params: { x: x.t } });
    expect(text.startsWith('flowchart TB\n')).toBe(true);
    expect(text).toContain('n0["MeanBackward0"]:::op');
    expect(text).toMatch(/v0\(\["x<br\/>\(2, 2\)"\]\):::leaf/);
    expect(text).toContain('out(["()"]):::output');
    expect(text.match(/ --> /g)).toHaveLength(6);
    expect(text).toContain('classDef leaf fill:#add8e6');
  });
});
