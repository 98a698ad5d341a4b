/**
 * Every differentiable op, with the input shapes and value domains its
 * derivative is checked on. Shapes come from fast-check (random ranks and
 * sizes, with broadcasting for binary ops); values are uniform in a domain
 * that keeps away from kinks and poles, where finite differences lie.
 */
import fc from 'fast-check';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { cat, stack } from '../ops/movement.js';
import { div, where } from '../ops/binary.js';
import { atan2 } from '../ops/pointwise-composites.js';
import { einsum } from '../ops/einsum.js';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, huberLoss, l1Loss, mseLoss, nllLoss } from '../ops/loss.js';
import { crossEntropy } from '../ops/cross-entropy.js';
import { slice } from '../ops/index-spec.js';

/** How input values are drawn from u ∈ [0, 1). */
export type Domain =
  | 'any' // (−1, 1)
  | 'positive' // (0.5, 2)
  | 'unit' // (0.1, 0.9): probabilities
  | 'kinkless' // ±(0.2, 1): away from 0, for abs/relu/division
  | 'small' // (−0.5, 0.5)
  | 'fractional'; // ±(0.1, 0.4): no integer or half-integer within reach, for the step functions

export function mapDomain(u: number, domain: Domain): number {
  switch (domain) {
    case 'any':
      return 2 * u - 1;
    case 'positive':
      return 0.5 + 1.5 * u;
    case 'unit':
      return 0.1 + 0.8 * u;
    case 'small':
      return u - 0.5;
    case 'fractional': {
      const w = 2 * u - 1;
      return Math.sign(w || 1) * (0.1 + 0.3 * Math.abs(w));
    }
    case 'kinkless': {
      const w = 2 * u - 1;
      return Math.sign(w || 1) * (0.2 + 0.8 * Math.abs(w));
    }
  }
}

export interface GradientCase {
  name: string;
  /** Shapes of the inputs, one array per input. */
  shapes: fc.Arbitrary<number[][]>;
  domains: Domain[];
  fn: (...xs: Tensor[]) => Tensor;
  /** Whether second derivatives are checked too (default true). */
  secondOrder?: boolean;
  /** Which inputs are differentiated (default: all). */
  differentiable?: boolean[];
}

const size = fc.integer({ min: 1, max: 3 });
/** A shape of rank 0–3 with sizes 1–3. */
export const shapeArb: fc.Arbitrary<number[]> = fc.array(size, { minLength: 0, maxLength: 3 });

/** Two shapes that broadcast together: a shape, and a suffix of it with some sizes set to 1 (either side). */
export const broadcastPairArb: fc.Arbitrary<number[][]> = shapeArb.chain((s) =>
  fc
    .tuple(fc.integer({ min: 0, max: s.length }), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }), fc.boolean())
    .map(([drop, ones, swap]) => {
      const other = s.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
      return swap ? [other, s] : [s, other];
    }),
);

const one = (arb: fc.Arbitrary<number[]>): fc.Arbitrary<number[][]> => arb.map((s) => [s]);
const unaryCase = (name: string, domain: Domain, fn: (x: Tensor) => Tensor, secondOrder = true): GradientCase => ({
  name,
  shapes: one(shapeArb),
  domains: [domain],
  fn,
  secondOrder,
});
const binaryCase = (name: string, domains: [Domain, Domain], fn: (a: Tensor, b: Tensor) => Tensor, secondOrder = true): GradientCase => ({
  name,
  shapes: broadcastPairArb,
  domains,
  fn,
  secondOrder,
});
/** A case on fixed-rank inputs built from random sizes. */
const sized = (name: string, count: number, build: (d: number[]) => number[][], domains: Domain[], fn: (...xs: Tensor[]) => Tensor, secondOrder = true): GradientCase => ({
  name,
  shapes: fc.array(size, { minLength: count, maxLength: count }).map(build),
  domains,
  fn,
  secondOrder,
});

/** Fixed, position-dependent weights (0.5, 0.6, …) so a sum of outputs does not hide errors in any one element. */
const weights = (t: Tensor): Tensor => tensor(Array.from({ length: t.numel() }, (_, i) => 0.5 + 0.1 * i), { shape: [...t.shape] });

/** x·0.2 plus distinct shuffled levels (1.5, 0, 2.5, 1, 2, 0.5) along the last dim: no near-ties. */
const apart = (x: Tensor): Tensor => x.mul(0.2).add(tensor([1.5, 0, 2.5, 1, 2, 0.5].slice(0, x.shape[x.ndim - 1]!)));

const idx = (values: number[], shape?: number[]): Tensor => tensor(values, { dtype: 'int32', shape, device: undefined });

export const gradientCases: GradientCase[] = [
  // ---- unary ----
  unaryCase('neg', 'any', (x) => x.neg()),
  unaryCase('exp', 'any', (x) => x.exp()),
  unaryCase('log', 'positive', (x) => x.log()),
  unaryCase('sqrt', 'positive', (x) => x.sqrt()),
  unaryCase('rsqrt', 'positive', (x) => x.rsqrt()),
  unaryCase('abs', 'kinkless', (x) => x.abs()),
  unaryCase('sin', 'any', (x) => x.sin()),
  unaryCase('cos', 'any', (x) => x.cos()),
  unaryCase('atan', 'any', (x) => x.atan()),
  unaryCase('tanh', 'any', (x) => x.tanh()),
  unaryCase('tan', 'any', (x) => x.tan()),
  unaryCase('asin', 'small', (x) => x.asin()),
  unaryCase('acos', 'small', (x) => x.acos()),
  unaryCase('sinh', 'any', (x) => x.sinh()),
  unaryCase('cosh', 'any', (x) => x.cosh()),
  unaryCase('erf', 'any', (x) => x.erf()),
  unaryCase('erfinv', 'small', (x) => x.erfinv()),
  unaryCase('log2', 'positive', (x) => x.log2()),
  unaryCase('log10', 'positive', (x) => x.log10()),
  unaryCase('exp2', 'any', (x) => x.exp2()),
  unaryCase('trunc', 'fractional', (x) => x.trunc()),
  unaryCase('frac', 'fractional', (x) => x.frac()),
  unaryCase('sigmoid', 'any', (x) => x.sigmoid()),
  unaryCase('relu', 'kinkless', (x) => x.relu()),
  unaryCase('reciprocal', 'kinkless', (x) => x.reciprocal()),
  // Step functions: derivative 0 away from their jumps (checked between them).
  unaryCase('sign', 'fractional', (x) => x.sign()),
  unaryCase('floor', 'fractional', (x) => x.floor()),
  unaryCase('ceil', 'fractional', (x) => x.ceil()),
  unaryCase('round', 'fractional', (x) => x.round()),
  unaryCase('square', 'any', (x) => x.square()),
  unaryCase('log1p', 'unit', (x) => x.log1p()),
  unaryCase('expm1', 'any', (x) => x.expm1()),
  unaryCase('leakyRelu', 'kinkless', (x) => x.leakyRelu(0.1)),
  unaryCase('softplus', 'any', (x) => x.softplus()),
  unaryCase('silu', 'any', (x) => x.silu()),
  unaryCase('gelu', 'any', (x) => x.gelu()),
  unaryCase('clamp', 'kinkless', (x) => x.clamp(-0.6, 0.6)),
  unaryCase('pow(number)', 'any', (x) => x.pow(3)),
  unaryCase('pow(fractional)', 'positive', (x) => x.pow(2.5)),
  unaryCase('pow(number base)', 'small', (x) => x.mul(1).neg().add(1).pow(2).add(tensor(2).pow(x).mul(0))),
  // ---- binary with broadcasting ----
  binaryCase('add', ['any', 'any'], (a, b) => a.add(b)),
  binaryCase('add alpha', ['any', 'any'], (a, b) => a.add(b, { alpha: -2 })),
  binaryCase('sub', ['any', 'any'], (a, b) => a.sub(b)),
  binaryCase('mul', ['any', 'any'], (a, b) => a.mul(b)),
  binaryCase('div', ['any', 'kinkless'], (a, b) => a.div(b)),
  binaryCase('pow(tensor)', ['positive', 'any'], (a, b) => a.pow(b)),
  binaryCase('maximum', ['any', 'any'], (a, b) => a.maximum(b)),
  binaryCase('minimum', ['any', 'any'], (a, b) => a.minimum(b)),
  binaryCase('where', ['kinkless', 'any'], (a, b) => where(a.gt(0), a, b)),
  // A copy of a transposed (non-contiguous) view: the contiguous kernel, CloneBackward0.
  unaryCase('clone', 'any', (x) => (x.ndim >= 2 ? x.transpose(0, 1) : x).clone().mul(2)),
  unaryCase('div(number, tensor)', 'kinkless', (x) => div(2, x)),
  binaryCase('in-place mul_ on a non-leaf', ['any', 'any'], (a, b) => a.mul(1).mul_(b)),
  binaryCase('in-place add_/div_ chain', ['any', 'kinkless'], (a, b) => a.mul(2).add_(b).div_(b)),
  // ---- composites recorded as one node ----
  binaryCase('atan2', ['kinkless', 'any'], (a, b) => atan2(a, b)),
  // Numerators in (2.2, 2.8) over divisors in (1.02, 1.08): quotients in (2.04, 2.75), away from the jumps, so ∂/∂b = −2 (fmod) or −3 (remainder, negated numerator).
  binaryCase('fmod', ['small', 'small'], (a, b) => a.mul(0.6).add(2.5).fmod(b.mul(0.12).add(1.05))),
  unaryCase('fmod(number)', 'small', (a) => a.mul(0.8).add(2.5).fmod(2)),
  binaryCase('remainder', ['small', 'small'], (a, b) => a.mul(-0.6).sub(2.5).remainder(b.mul(0.12).add(1.05))),
  unaryCase('remainder(number)', 'small', (a) => a.mul(0.8).sub(2.5).remainder(2)),
  binaryCase('lerp', ['any', 'any'], (a, b) => a.lerp(b, 0.3)),
  sized('lerp(tensor weight)', 2, ([a, b]) => [[a!, b!], [a!, b!], [b!]], ['any', 'any', 'unit'], (a, b, w) => a.lerp(b, w)),
  unaryCase('logit', 'unit', (x) => x.logit()),
  unaryCase('logit(eps)', 'unit', (x) => x.logit(0.05)),
  binaryCase('xlogy', ['any', 'positive'], (x, y) => x.xlogy(y)),
  unaryCase('nanToNum', 'any', (x) => x.nanToNum().mul(x)),
  // The mask alternates over the elements; broadcast, out of place, then in place on a view of a non-leaf (CopySlices).
  sized('maskedFill', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => {
    const mask = tensor(Array.from({ length: x.shape[1]! }, (_, i) => i % 2 === 0));
    const y = x.maskedFill(mask, 1.5).pow(2);
    y.narrow(0, 0, 1).maskedFill_(mask.logicalNot(), -0.5);
    return y.mul(x);
  }),
  // Bounds within ±0.1 of 0 and x at least 0.2 away: never a tie (a kink).
  binaryCase('clampMin', ['kinkless', 'any'], (a, b) => a.clampMin(b.mul(0.1))),
  binaryCase('clampMax', ['kinkless', 'any'], (a, b) => a.clampMax(b.mul(0.1))),
  unaryCase('gelu(tanh)', 'any', (x) => x.gelu({ approximate: 'tanh' })),
  // One term always inside the bounds, one always outside: no kink within a finite-difference step.
  unaryCase('hardtanh', 'kinkless', (x) => x.mul(0.4).hardtanh(-0.5, 0.5).add(x.mul(2).hardtanh(-0.3, 0.3).mul(x))),
  unaryCase('relu6', 'kinkless', (x) => x.mul(4).relu6()),
  unaryCase('elu', 'kinkless', (x) => x.elu(0.7)),
  unaryCase('selu', 'kinkless', (x) => x.selu()),
  unaryCase('celu', 'kinkless', (x) => x.celu(1.5)),
  unaryCase('mish', 'any', (x) => x.mish()),
  unaryCase('hardswish', 'any', (x) => x.mul(2.5).hardswish()),
  unaryCase('logsigmoid', 'any', (x) => x.logsigmoid()),
  unaryCase('softsign', 'kinkless', (x) => x.softsign()),
  sized('softmin(dim)', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => { const y = x.softmin(1); return y.mul(weights(y)); }),
  sized('glu', 2, ([a, b]) => [[a!, 2 * b!]], ['any'], (x) => x.glu(1)),
  // ---- reductions ----
  unaryCase('sum', 'any', (x) => x.sum()),
  sized('sum(dim)', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.sum(1)),
  sized('sum(dims, keepdim)', 3, ([a, b, c]) => [[a!, b!, c!]], ['any'], (x) => x.sum([0, 2], true)),
  unaryCase('mean', 'any', (x) => x.mean()),
  sized('mean(dim)', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.mean(0)),
  unaryCase('prod', 'kinkless', (x) => x.prod()),
  sized('prod(dim)', 2, ([a, b]) => [[a!, b!]], ['kinkless'], (x) => x.prod(1)),
  unaryCase('max()', 'any', (x) => x.max()),
  sized('max(dim).values', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.max(1).values),
  sized('min(dim, keepdim).values', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.min(0, true).values),
  sized('amax(dims)', 3, ([a, b, c]) => [[a!, b!, c!]], ['any'], (x) => x.amax([1, 2])),
  sized('amin(dim)', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.amin(0)),
  unaryCase('var(correction 0)', 'any', (x) => x.var(null, { correction: 0 })),
  sized('var(dim)', 2, ([a, b]) => [[a!, b! + 1]], ['any'], (x) => x.var(1)),
  sized('std(dim)', 2, ([a, b]) => [[a!, b! + 1]], ['any'], (x) => x.std(1)),
  unaryCase('norm', 'kinkless', (x) => x.norm()),
  unaryCase('norm(1)', 'kinkless', (x) => x.norm(1)),
  sized('norm(3, dim)', 2, ([a, b]) => [[a!, b!]], ['kinkless'], (x) => x.norm(3, 1)),
  sized('logsumexp(dim)', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.logsumexp(1)),
  sized('softmax(dim)', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => { const y = x.softmax(1); return y.mul(weights(y)); }),
  sized('logSoftmax(dim)', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => { const y = x.logSoftmax(0); return y.mul(weights(y)); }),
  // ---- linear algebra ----
  sized('mm', 3, ([m, k, n]) => [[m!, k!], [k!, n!]], ['any', 'any'], (a, b) => a.mm(b)),
  sized('matmul 1-D·1-D', 1, ([k]) => [[k!], [k!]], ['any', 'any'], (a, b) => a.matmul(b)),
  sized('matmul 2-D·1-D', 2, ([m, k]) => [[m!, k!], [k!]], ['any', 'any'], (a, b) => a.matmul(b)),
  sized('matmul 1-D·2-D', 2, ([k, n]) => [[k!], [k!, n!]], ['any', 'any'], (a, b) => a.matmul(b)),
  sized('matmul batched·2-D', 4, ([b, m, k, n]) => [[b!, m!, k!], [k!, n!]], ['any', 'any'], (a, b) => a.matmul(b)),
  sized('bmm', 4, ([b, m, k, n]) => [[b!, m!, k!], [b!, k!, n!]], ['any', 'any'], (a, b) => a.bmm(b)),
  sized('matmul broadcast batch', 4, ([b, m, k, n]) => [[1, m!, k!], [b!, k!, n!]], ['any', 'any'], (a, b) => a.matmul(b)),
  sized('dot', 1, ([k]) => [[k!], [k!]], ['any', 'any'], (a, b) => a.dot(b)),
  sized('mv', 2, ([m, k]) => [[m!, k!], [k!]], ['any', 'any'], (a, b) => a.mv(b)),
  sized('outer', 2, ([m, n]) => [[m!], [n!]], ['any', 'any'], (a, b) => { const y = a.outer(b); return y.mul(weights(y)); }),
  sized('matmul 2-D·batched', 4, ([b, m, k, n]) => [[m!, k!], [b!, k!, n!]], ['any', 'any'], (a, b) => a.matmul(b)),
  sized('matmul 1-D·batched', 3, ([b, k, n]) => [[k!], [b!, k!, n!]], ['any', 'any'], (a, b) => a.matmul(b)),
  sized('matmul batched·1-D', 3, ([b, m, k]) => [[b!, m!, k!], [k!]], ['any', 'any'], (a, b) => a.matmul(b)),
  sized('matmul of transposed views', 3, ([m, k, n]) => [[k!, m!], [n!, k!]], ['any', 'any'], (a, b) => a.t().matmul(b.t())),
  // ---- shape ----
  unaryCase('reshape', 'any', (x) => { const y = x.reshape(-1); return y.mul(weights(y)); }),
  unaryCase('view', 'any', (x) => { const y = x.view(-1); return y.mul(weights(y)); }),
  sized('t', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => { const y = x.t(); return y.mul(weights(y)); }),
  sized('transpose', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.transpose(0, 1).mul(tensor([1, 2, 3]).narrow(0, 0, x.shape[0]!))),
  sized('permute', 3, ([a, b, c]) => [[a!, b!, c!]], ['any'], (x) => { const y = x.permute(2, 0, 1).contiguous(); return y.mul(weights(y)); }),
  sized('expand', 2, ([, b]) => [[1, b!]], ['any'], (x) => x.expand(2, x.shape[1]!).mul(tensor([[1], [3]]))),
  sized('narrow', 2, ([a, b]) => [[a! + 1, b!]], ['any'], (x) => x.narrow(0, 1, x.shape[0]! - 1).mul(2)),
  sized('select', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.select(1, -1).pow(2)),
  sized('slice step 2', 1, ([a]) => [[a! + 2]], ['any'], (x) => x.slice(0, 0, null, 2).pow(2)),
  sized('squeeze/unsqueeze', 1, ([a]) => [[a!, 1]], ['any'], (x) => x.squeeze(1).unsqueeze(0).pow(2)),
  sized('flip', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => { const y = x.flip(0); return y.mul(weights(y)); }),
  sized('repeat', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.repeat(2, 1, 2).pow(2)),
  sized('cat', 3, ([a, b, c]) => [[a!, c!], [b!, c!]], ['any', 'any'], (a, b) => cat([a, b.mul(2)], 0).pow(2)),
  sized('stack', 1, ([a]) => [[a!], [a!]], ['any', 'any'], (a, b) => stack([a, b], 1).pow(2)),
  sized('unbind', 2, ([a, b]) => [[a! + 1, b!]], ['any'], (x) => { const rows = x.unbind(0); return rows[0]!.pow(2).sum().add(rows[rows.length - 1]!.mul(3).sum()); }),
  sized('split/chunk', 1, ([a]) => [[a! + 2]], ['any'], (x) => { const parts = x.split(2); return parts[0]!.pow(2).sum().add(parts[parts.length - 1]!.mul(3).sum()); }),
  sized('split with sizes', 2, ([a, b]) => [[a!, b! + 2]], ['any'], (x) => { const [p, , r] = x.split([1, 1, x.shape[1]! - 2], 1); return p!.pow(2).sum().add(r!.mul(weights(r!)).sum()); }),
  sized('unbind', 2, ([a, b]) => [[a! + 1, b!]], ['any'], (x) => { const rows = x.unbind(0); return rows[rows.length - 1]!.pow(2).sum().add(rows[0]!.mul(3).sum()); }),
  sized('diagonal', 1, ([a]) => [[a!, a!]], ['any'], (x) => x.diagonal().pow(2)),
  sized('indexSelect', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.indexSelect(0, idx(Array.from({ length: x.shape[0]! + 1 }, (_, i) => (i * 7) % x.shape[0]!))).pow(2)),
  sized('gather', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.gather(1, idx(Array.from({ length: x.shape[0]! * 2 }, (_, i) => (i * 5) % x.shape[1]!), [x.shape[0]!, 2])).pow(2)),
  sized('scatterAdd', 2, ([a, b]) => [[a!, b!], [a!, b!]], ['any', 'any'], (x, s) => x.scatterAdd(1, idx(Array.from({ length: x.numel() }, (_, i) => (i * 3) % x.shape[1]!), [...x.shape]), s).pow(2)),
  sized('in-place op on a view (CopySlices)', 1, ([a]) => [[a! + 1]], ['any'], (x) => { const y = x.mul(1); y.narrow(0, 0, 1).mul_(3); return y.pow(2); }),
  sized('in-place op on a view of a transposed base (CopySlices)', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => { const y = x.t().flip(0); y.narrow(0, 0, 1).mul_(3); return y.pow(2); }),
  // ---- scans, triangles, rolls, diagonals, einsum ----
  sized('cumsum', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => { const y = x.cumsum(1); return y.mul(weights(y)); }),
  sized('cumprod', 2, ([a, b]) => [[a!, b! + 1]], ['kinkless'], (x) => { const y = x.cumprod(1); return y.mul(weights(y)); }),
  sized('tril/triu', 2, ([a, b]) => [[a! + 1, b! + 1]], ['any'], (x) => x.tril().mul(weights(x)).add(x.triu(1).pow(2))),
  sized('roll', 2, ([a, b]) => [[a!, b! + 1]], ['any'], (x) => { const y = x.roll([1, -2], [0, 1]); return y.mul(weights(y)); }),
  sized('tile', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.tile(2, 1, 2).pow(2)),
  sized('movedim', 3, ([a, b, c]) => [[a!, b!, c!]], ['any'], (x) => { const y = x.movedim([0, 1], [2, 0]).contiguous(); return y.mul(weights(y)); }),
  sized('diag', 1, ([a]) => [[a! + 1]], ['any'], (x) => { const y = x.diag(1); return y.mul(weights(y)).add(y.pow(2)); }),
  sized('diag of a matrix', 2, ([a, b]) => [[a! + 1, b! + 1]], ['any'], (x) => x.diag(-1).pow(2)),
  sized('trace', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => x.trace().pow(2)),
  sized('einsum', 3, ([m, k, n]) => [[m!, k!], [k!, n!]], ['any', 'any'], (a, b) => einsum('ij,jk->ik', a, b)),
  sized('einsum batched', 4, ([b, m, k, n]) => [[b!, m!, k!], [b!, k!, n!]], ['any', 'any'], (a, b) => einsum('bij,bjk->bik', a, b)),
  sized('einsum trace and outer', 1, ([k]) => [[k!, k!], [k!]], ['any', 'any'], (a, b) => einsum('ii,j->j', a, b).pow(2)),
  // Values ±0.2 around distinct, shuffled levels 0.5 apart: no two cross within a finite-difference step (sorting has kinks at ties).
  sized('sort', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => { const y = apart(x).sort(1, true).values; return y.mul(weights(y)); }),
  sized('topk', 2, ([a, b]) => [[a!, b! + 1]], ['any'], (x) => { const y = apart(x).topk(2, 1).values; return y.mul(weights(y)); }),
  sized('maskedSelect', 2, ([a, b]) => [[a!, b!]], ['any'], (x) => { const y = x.maskedSelect(tensor(Array.from({ length: x.numel() }, (_, i) => i % 2 === 0), { shape: [...x.shape] })); return y.mul(weights(y)); }),
  sized('indexAdd', 2, ([a, b]) => [[a!, b!], [a! + 1, b!]], ['any', 'any'], (x, s) => x.indexAdd(0, idx(Array.from({ length: x.shape[0]! + 1 }, (_, i) => (i * 2) % x.shape[0]!)), s, { alpha: 1.5 }).pow(2)),
  // Distinct targets per row (a rotation): with repeats, PyTorch's src gradient (g gathered for every writer) is not the true derivative.
  sized('scatter', 2, ([a, b]) => [[a!, b!], [a!, b!]], ['any', 'any'], (x, s) => x.scatter(1, idx(Array.from({ length: x.numel() }, (_, i) => (i + Math.floor(i / x.shape[1]!)) % x.shape[1]!), [...x.shape]), s.narrow(1, 0, x.shape[1]!)).pow(2)),
  sized('scatter of part of a row', 2, ([a, b]) => [[a!, b! + 1], [a!, b!]], ['any', 'any'], (x, s) => x.scatter(1, idx(Array.from({ length: s.numel() }, (_, i) => (i + 1) % s.shape[1]!), [...s.shape]), s).pow(2)),
  sized('scatterReduce', 2, ([a, b]) => [[a!, b!], [a! + 1, b!]], ['kinkless', 'kinkless'], (x, s) => {
    const index = idx(Array.from({ length: s.numel() }, (_, i) => (i * 2) % x.shape[0]!), [...s.shape]);
    return x.scatterReduce(0, index, s, 'prod').add(x.scatterReduce(0, index, s, 'mean', { includeSelf: false })).pow(2);
  }),
  // Writers shifted 2.5 apart row by row and above x (in ±½), so no two values compete within a finite-difference step (amax has kinks at ties).
  sized('scatterReduce amax', 2, ([a, b]) => [[a!, b!], [a! + 1, b!]], ['small', 'any'], (x, s) => {
    const spread = s.add(tensor(Array.from({ length: s.shape[0]! }, (_, i) => 2.5 * i + 1.5)).reshape(-1, 1));
    return x.scatterReduce(0, idx(Array.from({ length: s.numel() }, (_, i) => (i * 2) % x.shape[0]!), [...s.shape]), spread, 'amax').pow(2);
  }),
  // ---- x[...] and x[...] = v: index reads (IndexBackward0 puts the gradient back, adding at repeats), indexPut writes ----
  sized('index by int tensor with repeats', 2, ([a, b]) => [[a! + 1, b!]], ['any'], (x) => x.index([idx([0, x.shape[0]! - 1, 0, 0])]).pow(2)),
  sized('index by mask after a slice', 2, ([a, b]) => [[a!, b! + 1]], ['any'], (x) => x.index([slice(), tensor(Array.from({ length: x.shape[1]! }, (_, i) => i % 2 === 0))]).pow(2)),
  sized('index separated by a slice', 3, ([a, b, c]) => [[a! + 1, b!, c! + 1]], ['any'], (x) => x.index([[0, x.shape[0]! - 1, 0], slice(), [x.shape[2]! - 1, 0, x.shape[2]! - 1]]).pow(2)),
  sized('index by two broadcast int tensors and None', 2, ([a, b]) => [[a! + 1, b! + 1]], ['any'], (x) => x.index([null, idx([0, x.shape[0]! - 1], [2, 1]), idx([x.shape[1]! - 1, 0, 1])]).pow(2)),
  sized('indexPut accumulate with repeats', 2, ([a, b]) => [[a! + 1, b!], [4, b!]], ['any', 'any'], (x, v) => x.indexPut([idx([0, x.shape[0]! - 1, 0, x.shape[0]! - 1])], v, true).pow(2)),
  // Distinct targets: where an index repeats without accumulate, PyTorch's values gradient (g read for every writer) is not the true derivative.
  sized('indexPut_ through a slice, broadcast values', 2, ([a, b]) => [[a! + 1, b!], [b!]], ['any', 'any'], (x, v) => x.mul(1).indexPut_([[x.shape[0]! - 1, 0], slice()], v).pow(2)),
  sized('indexPut with a mask and a 0-d value', 2, ([a, b]) => [[a!, b!], []], ['any', 'any'], (x, v) => x.indexPut(tensor(Array.from({ length: x.numel() }, (_, i) => i % 3 !== 1), { shape: [...x.shape] }), v).pow(2)),
  // ---- losses ----
  sized('mseLoss', 2, ([a, b]) => [[a!, b!], [a!, b!]], ['any', 'any'], (x, t) => mseLoss(x, t)),
  sized('l1Loss', 2, ([a, b]) => [[a!, b!], [a!, b!]], ['kinkless', 'small'], (x, t) => l1Loss(x.mul(2), t.mul(0.1))),
  // x·3 against t in (−1, 1): both sides of δ = 0.5, away from it by more than a finite-difference step (almost surely).
  sized('huberLoss', 2, ([a, b]) => [[a!, b!], [a!, b!]], ['any', 'any'], (x, t) => huberLoss(x.mul(3), t, { delta: 0.5 })),
  sized('huberLoss sum, none', 2, ([a, b]) => [[a!, b!], [a!, b!]], ['any', 'any'], (x, t) => {
    const none = huberLoss(x.mul(3), t, { reduction: 'none' });
    return huberLoss(t, x.mul(2), { reduction: 'sum', delta: 0.5 }).add(none.mul(weights(none)).sum());
  }),
  sized('crossEntropy', 2, ([n, c]) => [[n!, c! + 1]], ['any'], (x) => crossEntropy(x, idx(Array.from({ length: x.shape[0]! }, (_, i) => i % x.shape[1]!)))),
  // Label smoothing: class weights, an ignored sample (the last, when there are two or more), 'mean' by Σw; then 'none', unweighted.
  sized('crossEntropy labelSmoothing', 2, ([n, c]) => [[n! + 1, c! + 1]], ['any'], (x) => {
    const t = idx(Array.from({ length: x.shape[0]! }, (_, i) => (i === x.shape[0]! - 1 && i > 0 ? -100 : i % x.shape[1]!)));
    const w = tensor(Array.from({ length: x.shape[1]! }, (_, i) => 0.5 + i), { dtype: x.dtype });
    const none = crossEntropy(x, t, { labelSmoothing: 0.3, reduction: 'none' });
    return crossEntropy(x, t, { weight: w, labelSmoothing: 0.2 }).add(none.mul(weights(none)).sum());
  }),
  sized('crossEntropy with probabilities', 2, ([n, c]) => [[n!, c!], [n!, c!]], ['any', 'unit'], (x, p) => crossEntropy(x, p)),
  sized('nllLoss', 2, ([n, c]) => [[n!, c!]], ['any'], (x) => nllLoss(x, idx(Array.from({ length: x.shape[0]! }, (_, i) => (i + 1) % x.shape[1]!)), { reduction: 'sum' })),
  // Class weights, an ignored sample (the last, when there are two or more) and the 'mean' by Σw; then 'none' of one unbatched sample.
  sized('nllLoss weight, ignoreIndex, none', 2, ([n, c]) => [[n! + 1, c!], [c!]], ['any', 'any'], (x, y) => {
    const t = idx(Array.from({ length: x.shape[0]! }, (_, i) => (i === x.shape[0]! - 1 && i > 0 ? -100 : i % x.shape[1]!)));
    const w = tensor(Array.from({ length: x.shape[1]! }, (_, i) => 0.5 + i), { dtype: x.dtype });
    return nllLoss(x, t, { weight: w }).add(nllLoss(y, idx([0], []), { reduction: 'none' }).mul(2));
  }),
  { ...sized('binaryCrossEntropy', 1, ([n]) => [[n!], [n!]], ['unit', 'unit'], (x, t) => binaryCrossEntropy(x, t)), differentiable: [true, false] },
  sized('binaryCrossEntropyWithLogits', 1, ([n]) => [[n!], [n!]], ['kinkless', 'unit'], (x, t) => binaryCrossEntropyWithLogits(x, t)),
  sized('binaryCrossEntropyWithLogits weight, posWeight', 2, ([a, b]) => [[a!, b!], [a!, b!]], ['any', 'unit'], (x, t) => {
    const w = tensor(Array.from({ length: x.numel() }, (_, i) => 0.5 + 0.25 * i), { dtype: x.dtype, shape: [...x.shape] });
    const p = tensor(Array.from({ length: x.shape[1]! }, (_, i) => 2 - 0.5 * i), { dtype: x.dtype });
    const none = binaryCrossEntropyWithLogits(x.mul(3), t, { weight: w, reduction: 'none' });
    return binaryCrossEntropyWithLogits(x.mul(2), t, { weight: w, posWeight: p, reduction: 'sum' }).add(none.mul(weights(none)).sum());
  }),
];
