/**
 * The ops added for PyTorch fidelity against real PyTorch: values, first
 * derivatives (of Σ w·y, fixed weights w) and node names from
 * fixtures/new-ops.json, which fixtures/new-ops.py writes with PyTorch 1.13
 * in float64. Second derivatives and every backend are the conformance
 * suite's job; error texts and edge values are checked below.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import * as g from '@grad/core';
import { autograd, linspace, tensor, Tensor } from '@grad/core';

interface Fixture {
  inputs: number[][];
  output: unknown;
  grads: Array<unknown | null>;
  node: string;
}
const fixtures = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures/new-ops.json'), 'utf8')) as Record<string, Fixture>;

const ints = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'int32' });
const REDUCE_INDEX = [[0, 0], [0, 2], [0, 0]];

const ops: Record<string, (...xs: Tensor[]) => Tensor> = {
  tan: (x) => x.tan(),
  asin: (x) => x.asin(),
  acos: (x) => x.acos(),
  sinh: (x) => x.sinh(),
  cosh: (x) => x.cosh(),
  erf: (x) => x.erf(),
  erfinv: (x) => x.erfinv(),
  log2: (x) => x.log2(),
  log10: (x) => x.log10(),
  exp2: (x) => x.exp2(),
  log1p: (x) => x.log1p(),
  expm1: (x) => x.expm1(),
  trunc: (x) => x.trunc(),
  frac: (x) => x.frac(),
  atan2: (a, b) => g.atan2(a, b),
  fmod: (a, b) => a.fmod(b),
  'fmod(number)': (a) => a.fmod(0.7),
  remainder: (a, b) => g.remainder(a, b),
  'remainder(number)': (a) => a.remainder(-0.7),
  lerp: (a, b) => a.lerp(b, 0.3),
  'lerp(tensor weight)': (a, b, w) => g.lerp(a, b, w),
  logit: (x) => x.logit(),
  'logit(eps)': (x) => g.logit(x, 0.3),
  xlogy: (x, y) => x.xlogy(y),
  'xlogy(number other)': (x) => g.xlogy(x, 3),
  nanToNum: (x) => x.mul(2).nanToNum(),
  clampMin: (a, b) => a.clampMin(b),
  clampMax: (a, b) => g.clampMax(a, b),
  'clampMin(number)': (a) => g.clampMin(a, 0.1),
  gelu: (x) => g.gelu(x),
  'gelu(tanh)': (x) => x.gelu({ approximate: 'tanh' }),
  hardtanh: (x) => x.hardtanh(-1, 1.5),
  relu6: (x) => g.relu6(x.mul(4)),
  elu: (x) => x.elu(0.7),
  selu: (x) => g.selu(x),
  celu: (x) => x.celu(1.5),
  mish: (x) => g.mish(x),
  hardswish: (x) => x.mul(2).hardswish(),
  logsigmoid: (x) => g.logsigmoid(x),
  softsign: (x) => x.softsign(),
  softmin: (x) => g.softmin(x.reshape(2, 3), 1),
  glu: (x) => g.glu(x.reshape(2, 3, 1).repeat(1, 1, 2).reshape(2, 6), 1),
  cumsum: (x) => g.cumsum(x.reshape(2, 3), 1),
  'cumsum(dim 0)': (x) => x.reshape(2, 3).cumsum(0),
  cumprod: (x) => x.cumprod(0),
  'cumprod with zeros': (x) => g.cumprod(x, 0),
  tril: (x) => x.reshape(2, 3).tril(),
  'triu(1)': (x) => g.triu(x.reshape(3, 2), -1),
  roll: (x) => x.reshape(2, 3).roll([1, -2], [0, 1]),
  'roll(flat)': (x) => g.roll(x.reshape(2, 3), 2),
  tile: (x) => x.reshape(2, 3).tile(2),
  movedim: (x) => g.movedim(x.reshape(1, 2, 3), 0, 2),
  'diag(1-D)': (x) => x.diag(1),
  'diag(2-D)': (x) => g.diag(x.reshape(2, 3), 1),
  trace: (x) => x.reshape(3, 2).trace(),
  'einsum matmul': (a, b) => g.einsum('ij,jk->ik', a.reshape(2, 3), b.reshape(3, 2)),
  'einsum batched': (a, b) => g.einsum('bij,bjk->bik', a.reshape(2, 1, 3), b.reshape(2, 3, 1)),
  'einsum outer': (a, b) => g.einsum('i,j->ij', a, b),
  'einsum dot': (a, b) => g.einsum('i,i', a, b),
  'einsum trace': (a) => g.einsum('ii', a.reshape(2, 3).narrow(1, 0, 2)),
  'einsum transpose-sum': (a) => g.einsum('ij->j', a.reshape(2, 3)),
  'einsum ellipsis': (a, b) => g.einsum('...ij,...jk', a.reshape(2, 1, 3), b.reshape(2, 3, 1)),
  'einsum three operands': (a, b, c) => g.einsum('ij,jk,k->i', a.reshape(2, 3), b.reshape(3, 2), c.narrow(0, 0, 2)),
  sort: (x) => x.reshape(2, 3).sort(1).values,
  'sort(descending, dim 0)': (x) => g.sort(x.reshape(3, 2), 0, { descending: true }).values,
  topk: (x) => x.topk(3).values,
  'topk(smallest)': (x) => g.topk(x.reshape(2, 3), 2, 1, { largest: false }).values,
  maskedSelect: (x) => x.reshape(2, 3).maskedSelect(tensor([[true, false, true], [false, true, true]])),
  'maskedSelect(broadcast)': (x) => g.maskedSelect(x.reshape(2, 3).narrow(0, 0, 1), tensor([[true, false, true], [false, true, true]])),
  indexAdd: (x, s) => x.reshape(3, 2).indexAdd(0, ints([2, 0, 2]), s.reshape(3, 2), { alpha: 2 }),
  scatter: (x, s) => g.scatter(x.reshape(2, 3), 1, ints([[2, 0], [1, 1]]), s.reshape(2, 3).narrow(1, 0, 2)),
  'scatter(value)': (x) => x.reshape(2, 3).scatter(0, ints([[1, 0, 1]]), 2.5),
  'scatterReduce(sum)': (x, s) => x.reshape(3, 2).scatterReduce(0, ints(REDUCE_INDEX), s.reshape(3, 2), 'sum'),
  'scatterReduce(prod)': (x, s) => g.scatterReduce(x.reshape(3, 2), 0, ints(REDUCE_INDEX), s.reshape(3, 2), 'prod'),
  'scatterReduce(mean, excluding self)': (x, s) => x.reshape(3, 2).scatterReduce(0, ints(REDUCE_INDEX), s.reshape(3, 2), 'mean', { includeSelf: false }),
  'scatterReduce(amax)': (x, s) => x.reshape(3, 2).scatterReduce(0, ints(REDUCE_INDEX), s.reshape(3, 2), 'amax'),
  'scatterReduce(amin, excluding self)': (x, s) => x.reshape(3, 2).scatterReduce(0, ints(REDUCE_INDEX), s.reshape(3, 2), 'amin', { includeSelf: false }),
  'scatterReduce(prod with zeros)': (x, s) =>
    x.reshape(3, 2).mul(tensor([[1, 0], [1, 1], [1, 1]], { dtype: 'float64' })).scatterReduce(0, ints(REDUCE_INDEX), s.reshape(3, 2).mul(tensor([[0, 1], [1, 1], [1, 0]], { dtype: 'float64' })), 'prod'),
  'scatterReduce(amax with ties)': (x, s) =>
    x.reshape(3, 2).mul(0).add(1).scatterReduce(0, ints(REDUCE_INDEX), s.reshape(3, 2).mul(0).add(tensor([[1, 2], [1, 0.5], [0.5, 2]], { dtype: 'float64' })), 'amax'),
  'sum(dtype)': (x) => x.float().sum(0, false, { dtype: 'float64' }),
  'softmax(dtype)': (x) => g.softmax(x.float(), 0, { dtype: 'float64' }),
};

const close = (got: unknown, want: unknown, what: string): void => {
  const a = [got].flat(4) as number[];
  const b = [want].flat(4) as number[];
  expect(a.length, what).toBe(b.length);
  a.forEach((v, i) => {
    const w = b[i]!;
    if (Number.isNaN(w)) expect(v, `${what}[${i}]`).toBeNaN();
    else expect(Math.abs(v - w), `${what}[${i}]: ${v} vs ${w}`).toBeLessThanOrEqual(1e-12 + 1e-12 * Math.abs(w));
  });
};

describe('new ops agree with PyTorch (float64): value, gradient, node name', () => {
  it('every fixture has an op here, and every op a fixture', () => {
    expect(Object.keys(ops).sort()).toEqual(Object.keys(fixtures).sort());
  });
  it.each(Object.keys(fixtures))('%s', (name) => {
    const f = fixtures[name]!;
    const xs = f.inputs.map((v) => tensor(v, { dtype: 'float64', requiresGrad: true }));
    const y = ops[name]!(...xs);
    expect(y.gradFn?.name).toBe(f.node);
    close(y.tolist(), f.output, `${name} value`);
    const w = linspace(0.5, 1.5, y.numel(), { dtype: 'float64' }).reshape(y.shape);
    const grads = autograd.grad(y.mul(w).sum(), xs, { allowUnused: true, materializeGrads: true });
    f.grads.forEach((want, i) => {
      if (want !== null) close(grads[i]!.tolist(), want, `${name} ∂/∂input ${i}`);
    });
  });
});

describe("new ops refuse what PyTorch refuses, in PyTorch's words", () => {
  const int = (v: number[]): Tensor => tensor(v, { dtype: 'int32' });
  it.each([
    ['frac of int32', () => int([1, 2]).frac(), `"frac_cpu" not implemented for 'Int'`],
    ['elu of int32', () => int([1]).elu(), `"elu_cpu" not implemented for 'Int'`],
    ['selu of int32', () => int([1]).selu(), `"elu_cpu" not implemented for 'Int'`],
    ['gelu of int32', () => int([1]).gelu(), `"GeluKernelImpl" not implemented for 'Int'`],
    ['mish of int32', () => int([1]).mish(), `"mish_cpu" not implemented for 'Int'`],
    ['hardswish of int32', () => int([1]).hardswish(), `"hardswish_cpu" not implemented for 'Int'`],
    ['logsigmoid of int32', () => int([1]).logsigmoid(), `"log_sigmoid_cpu" not implemented for 'Int'`],
    ['glu of int32', () => int([1, 2]).glu(), `"glu_cpu" not implemented for 'Int'`],
    ['lerp of int32', () => int([1]).lerp(int([2]), 0.5), `"lerp_kernel_scalar" not implemented for 'Int'`],
    ['lerp with a weight of another dtype', () => tensor([1]).lerp(tensor([2]), tensor([0.5], { dtype: 'float64' })), 'expected dtype float for `weight` but got dtype double'],
    ['glu of an odd dimension', () => tensor([1, 2, 3]).glu(), 'Halving dimension must be even, but dimension 0 is size 3'],
    ['glu of a scalar', () => tensor(1).glu(), 'glu does not support scalars because halving size must be even'],
    ['gelu with an unknown approximation', () => tensor([1]).gelu({ approximate: 'erf' as 'none' }), 'approximate argument must be either none or tanh.'],
    ['celu with alpha 0', () => tensor([1]).celu(0), 'ZeroDivisionError: alpha cannot be 0 for CELU'],
    ['integer fmod by zero', () => int([5]).fmod(0), 'ZeroDivisionError'],
    ['integer remainder by a tensor holding zero', () => int([5, 6]).remainder(int([2, 0])), 'ZeroDivisionError'],
    ['diag of a 3-D tensor', () => g.zeros(2, 2, 2).diag(), 'matrix or a vector expected'],
    ['roll with more shifts than dims', () => tensor([1, 2]).roll([1, 1], [0]), 'shifts and dimensions must align. shifts: 2, dims:1'],
    ['trace of a vector', () => tensor([1, 2]).trace(), 'trace: expected a matrix, but got tensor with dim 1'],
    ['movedim with mismatched lists', () => g.zeros(2, 3).movedim([0, 1], [0]), 'movedim: Invalid source or destination dims: source ([0, 1] dims) should contain the same number of dims as destination ([0] dims)'],
    ['einsum with too few subscripts', () => g.einsum('i,j', tensor([[1]]), tensor([1])), 'einsum(): the number of subscripts in the equation (1) does not match the number of dimensions (2) for operand 0 and no ellipsis was given'],
    ['maskedSelect with a float mask', () => tensor([1, 2]).maskedSelect(tensor([1, 0])), 'masked_select: expected BoolTensor for mask'],
    ['scatterReduce with an unknown reduction', () => g.zeros(2).scatterReduce(0, ints([0]), tensor([1]), 'max' as 'amax'), 'reduce argument must be either sum, prod, mean, amax or amin, got max'],
    ['indexAdd with mismatched slices', () => g.zeros(3, 2).indexAdd(0, ints([0]), g.zeros(1, 3)), 'index_add_(): Source/destination tensor must have same slice shapes.'],
  ])('%s', (_what, run, message) => {
    expect(run).toThrow(g.RuntimeError);
    expect(run).toThrow(message);
  });
});

describe('new ops at their edges, as PyTorch', () => {
  it('atan2 of −0 by a negative number is −π (the sign of zero picks the side)', () => {
    expect(g.atan2(tensor([-0, 0]), tensor([-1, -1])).tolist()).toEqual([Math.fround(-Math.PI), Math.fround(Math.PI)]);
  });
  it('xlogy: the gradient in x is 0 where x = 0 and y ≤ 0, ln y elsewhere (PyTorch: [0, ln 2, nan], y: [nan, 0, nan])', () => {
    const x = tensor([0, 0, 1], { requiresGrad: true });
    const y = tensor([0, 2, NaN], { requiresGrad: true });
    x.xlogy(y).sum().backward();
    expect(x.grad!.tolist()).toEqual([0, Math.fround(Math.LN2), NaN]);
    expect(y.grad!.tolist()).toEqual([NaN, 0, NaN]);
  });
  it('hardtanh passes the gradient strictly inside its bounds; hardswish uses x/3 + ½ on [−3, 3]', () => {
    const x = tensor([-1, 1, 0.5, 0], { requiresGrad: true });
    x.hardtanh().sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 0, 1, 1]);
    const z = tensor([-3, 3, 1, -4, 4], { requiresGrad: true });
    z.hardswish().sum().backward();
    expect((z.grad!.tolist() as number[]).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([-0.5, 1.5, 0.8333, 0, 1]);
  });
  it('clampMin by a tensor gives x the gradient at ties (PyTorch: x.grad [1, 1], min.grad [0, 0])', () => {
    const x = tensor([0.5, 2], { requiresGrad: true });
    const m = tensor([0.5, 1], { requiresGrad: true });
    x.clampMin(m).sum().backward();
    expect([x.grad!.tolist(), m.grad!.tolist()]).toEqual([[1, 1], [0, 0]]);
  });
  it('softsign and softmin are compositions in PyTorch too: DivBackward0, SoftmaxBackward0 over NegBackward0', () => {
    const x = tensor([1, -2], { requiresGrad: true });
    expect(x.softsign().gradFn?.name).toBe('DivBackward0');
    const s = x.softmin(0).gradFn!;
    expect([s.name, s.nextFunctions[0]![0]?.name]).toEqual(['SoftmaxBackward0', 'NegBackward0']);
  });
  it('relu6 and selu are recorded under the node PyTorch uses: HardtanhBackward0, EluBackward0', () => {
    const x = tensor([1, -2], { requiresGrad: true });
    expect([x.relu6().gradFn?.name, x.selu().gradFn?.name]).toEqual(['HardtanhBackward0', 'EluBackward0']);
  });
  it('log1p and expm1 keep small arguments exact in float32 (PyTorch: 9.999995e-07, 1.0000005e-06)', () => {
    expect(tensor([1e-6]).log1p().item()).toBeCloseTo(1e-6 - 5e-13, 13);
    expect(tensor([1e-6]).expm1().item()).toBeCloseTo(1e-6 + 5e-13, 13);
    expect(tensor([1e-6], { requiresGrad: true }).log1p().gradFn?.name).toBe('Log1PBackward0');
  });
  it('tril of a vector is an IndexError, as PyTorch (dim −2 out of range)', () => {
    expect(() => tensor([1]).tril()).toThrow(g.IndexError);
    expect(() => tensor([1]).tril()).toThrow('Dimension out of range (expected to be in range of [-1, 0], but got -2)');
  });
  it('linspace with one step is [start] (the weights above rely on it)', () => {
    expect(linspace(0.5, 1.5, 1).tolist()).toEqual([0.5]);
  });
  it('cumprod differentiates through zeros (PyTorch: [1, 22, 0, 0, 0] for weights 1…5)', () => {
    const x = tensor([2, 0, 3, 0, 5], { requiresGrad: true });
    x.cumprod(0).mul(tensor([1, 2, 3, 4, 5])).sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 22, 0, 0, 0]);
  });
  it('nonzero and one-argument where give the coordinates of the true elements (PyTorch: [[0, 0], [1, 1]] and ([0, 1], [0, 1]))', () => {
    const m = tensor([[true, false], [false, true]]);
    expect((g.nonzero(m) as Tensor).tolist()).toEqual([[0, 0], [1, 1]]);
    expect(g.where(m).map((t) => t.tolist())).toEqual([[0, 1], [0, 1]]);
    expect((g.nonzero(tensor([0, 0])) as Tensor).shape).toEqual([0, 1]);
  });
  it('scatter: where an index repeats, the last write wins (PyTorch CPU)', () => {
    expect(g.zeros(3).scatter(0, ints([1, 1, 2]), tensor([5, 6, 7])).tolist()).toEqual([0, 6, 7]);
  });
  it('a dtype argument records one node, and the gradient comes back in the input dtype', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.sum(null, false, { dtype: 'float64' });
    expect([y.dtype, y.gradFn?.name, y.gradFn?.nextFunctions[0]?.[0]?.name]).toEqual(['float64', 'SumBackward0', 'AccumulateGrad']);
    y.backward();
    expect([x.grad!.dtype, x.grad!.tolist()]).toEqual(['float32', [1, 1]]);
    // PyTorch: SoftmaxBackward0 over ToCopyBackward0 for softmax with a dtype.
    expect(x.softmax(0, { dtype: 'float64' }).gradFn?.nextFunctions[0]?.[0]?.name).toBe('ToCopyBackward0');
  });
  it('sum with a dtype computes in it (int32 → float32), mean of int32 needs one', () => {
    const x = tensor([1, 2], { dtype: 'int32' });
    expect(x.sum(null, false, { dtype: 'float32' }).dtype).toBe('float32');
    expect(() => x.mean()).toThrow('mean(): could not infer output dtype');
    expect(x.mean(null, false, { dtype: 'float64' }).item()).toBe(1.5);
  });
  it('fmod is exact, as C fmod (PyTorch: fmod(1e20, 3) = 1, remainder(−7.5, 2) = 0.5, remainder(5, −3) = −1)', () => {
    const a = tensor([1e20, -7.5, 5], { dtype: 'float64' });
    const b = tensor([3, 2, -3], { dtype: 'float64' });
    expect(a.fmod(b).tolist()).toEqual([1, -1.5, 2]);
    expect(a.remainder(b).tolist()).toEqual([1, 0.5, -1]);
    expect(tensor([5, -5]).remainder(tensor([0, 0])).tolist()).toEqual([NaN, NaN]);
  });
});
