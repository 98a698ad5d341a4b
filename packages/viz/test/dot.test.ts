import { mseLoss, noGrad, registerBackend, tensor, zeros } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSvg, toDot, toMermaid } from '../src/index';
import { nodeByLabel, structure, TUTORIAL_STRUCTURE } from './helpers/dot';
import { findAll, parseXml } from './helpers/xml';

beforeAll(() => {
  registerBackend(cpu());
});

/** The tutorial: x = [[0, 1], [2, 3]], out = mean(3·(x + 2)²). */
function tutorial() {
  const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
  const out = x.add(2).pow(2).mul(3).mean();
  return { x, out };
}

/** The regression example's loss on five points of y = 3x + 0.8. */
function regression() {
  const x = tensor([[0.1], [0.3], [0.5], [0.7], [0.9]]);
  const y = x.mul(3).add(0.8);
  const w = tensor([[0.5]], { requiresGrad: true });
  const b = zeros([1], { requiresGrad: true });
  return { x, y, w, b };
}

describe('toDot on real graphs', () => {
  it("draws the tutorial's graph: MeanBackward0 ← MulBackward0 ← PowBackward0 ← AddBackward0 ← AccumulateGrad ← x", () => {
    const { x, out } = tutorial();
    expect(structure(toDot(out, { params: { x } }))).toEqual(TUTORIAL_STRUCTURE);
  });

  it('draws the regression loss ((x·w + b − y)²).mean(): x and y need no grad, so only w and b are leaves', () => {
    const { x, y, w, b } = regression();
    const loss = x.matmul(w).add(b).sub(y).pow(2).mean();
    expect(structure(toDot(loss, { params: { w, b } }))).toEqual({
      nodes: ['()', 'AccumulateGrad', 'AccumulateGrad', 'AddBackward0', 'MeanBackward0', 'MmBackward0', 'PowBackward0', 'SubBackward0', 'b | (1)', 'w | (1, 1)'].sort(),
      edges: [
        'w | (1, 1) -> AccumulateGrad',
        'b | (1) -> AccumulateGrad',
        'AccumulateGrad -> MmBackward0',
        'AccumulateGrad -> AddBackward0',
        'MmBackward0 -> AddBackward0',
        'AddBackward0 -> SubBackward0',
        'SubBackward0 -> PowBackward0',
        'PowBackward0 -> MeanBackward0',
        'MeanBackward0 -> ()',
      ].sort(),
    });
  });

  it('draws the same loss through mseLoss as one MseLossBackward0 box', () => {
    const { x, y, w, b } = regression();
    const s = structure(toDot(mseLoss(x.matmul(w).add(b), y), { params: { w, b }, outputName: 'loss' }));
    expect(s.nodes).toEqual(['AccumulateGrad', 'AccumulateGrad', 'AddBackward0', 'MmBackward0', 'MseLossBackward0', 'b | (1)', 'loss | ()', 'w | (1, 1)'].sort());
    expect(s.edges).toContain('AddBackward0 -> MseLossBackward0');
    expect(s.edges).toContain('MseLossBackward0 -> loss | ()');
  });

  it('after backward: the gradient norm of x and the loss value', () => {
    const { x, out } = tutorial();
    out.backward();
    // d out/dx = 6(x + 2)/4 = 1.5·(x + 2) = [[3, 4.5], [6, 7.5]]; ‖·‖ = √121.5 ≈ 11.02. out = (12 + 27 + 48 + 75)/4 = 40.5.
    const dot = toDot(out, { params: { x } });
    expect(nodeByLabel(dot, 'x')?.label).toBe('x\n(2, 2)\ngrad norm 11.02');
    expect(nodeByLabel(dot, '()')?.label).toBe('()\n= 40.5');
    expect(dot).not.toContain('dashed');
  });

  it('counts Inf in a gradient: d√x/dx = 1/(2√x) is Inf at 0', () => {
    const x = tensor([0, 1, 4], { requiresGrad: true });
    const out = x.sqrt().sum();
    out.backward();
    const dot = toDot(out, { params: { x } });
    // Finite part: 1/2 and 1/4 → √(0.25 + 0.0625) ≈ 0.559.
    expect(nodeByLabel(dot, 'x')?.label).toBe('x\n(3)\ngrad norm 0.559\nInf ×1');
    expect(nodeByLabel(dot, 'x')?.color).toBe('red3');
  });

  it('marks where the gradient was cut: backward({ inputs: [w] }) leaves b without one', () => {
    const { x, y, w, b } = regression();
    const loss = x.matmul(w).add(b).sub(y).pow(2).mean();
    loss.backward(undefined, { inputs: [w] });
    expect(b.grad).toBeNull();
    const dot = toDot(loss, { params: { w, b } });
    expect(nodeByLabel(dot, 'b')?.label).toBe('b\n(1)\nno grad');
    expect(nodeByLabel(dot, 'b')?.style).toBe('filled,dashed');
    expect(nodeByLabel(dot, 'w')?.label).toMatch(/^w\n\(1, 1\)\ngrad norm /);
  });

  it('shows saved tensors before backward, and that backward freed them after', () => {
    const { x, out } = tutorial();
    const before = toDot(out, { params: { x }, showSaved: true });
    expect(before).toContain('fillcolor=orange');
    out.backward();
    expect(toDot(out, { params: { x }, showSaved: true })).toContain('freed by backward');
  });

  it('throws for a result with no graph', () => {
    const t = tensor([1, 2, 3]);
    expect(() => toDot(t.mul(2))).toThrow(/no graph to draw/);
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => toDot(noGrad(() => x.mul(2)))).toThrow(/no graph to draw/);
    expect(() => toDot(x.detach())).toThrow(/no graph to draw/);
  });

  it('collapses a loop of 2,000 additions into one box', () => {
    const x = tensor([1], { requiresGrad: true });
    let h = x;
    for (let i = 0; i < 2000; i++) h = h.add(1);
    expect(structure(toDot(h, { params: { x } })).nodes).toEqual(['(1)', 'AccumulateGrad', 'AddBackward0 ×2000', 'x | (1)'].sort());
  });

  it('renders with Graphviz: one node group per box', async () => {
    const { x, y, w, b } = regression();
    const svg = await renderSvg(toDot(x.matmul(w).add(b).sub(y).pow(2).mean(), { params: { w, b } }));
    const nodes = findAll(parseXml(svg), 'g').filter((g) => g.attrs.class === 'node');
    expect(nodes).toHaveLength(10);
  });

  it('toMermaid draws the tutorial as a flowchart', () => {
    const { x, out } = tutorial();
    const text = toMermaid(out, { params: { x } });
    for (const name of ['MeanBackward0', 'MulBackward0', 'PowBackward0', 'AddBackward0', 'AccumulateGrad']) expect(text).toContain(`["${name}"]:::op`);
    expect(text).toContain('(["x<br/>(2, 2)"]):::leaf');
    expect(text.match(/ --> /g)).toHaveLength(6);
  });
});
