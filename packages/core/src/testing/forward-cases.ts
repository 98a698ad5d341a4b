/**
 * Every kernel's forward pass on small inputs whose results are worked out by
 * hand (the comment beside each case says how). Each backend must reproduce
 * them, to float32 precision.
 */
import type { Tensor } from '../tensor/tensor.js';
import { tensor, arange, zeros, ones, eye, full, linspace } from '../tensor/create.js';
import { cat, stack } from '../ops/movement.js';
import { where } from '../ops/binary.js';
import { atan2 } from '../ops/pointwise-composites.js';
import { einsum } from '../ops/einsum.js';
import { whereNonzero as whereIndices } from '../ops/indexing-extra.js';
import { mseLoss, binaryCrossEntropy, l1Loss, nllLoss } from '../ops/loss.js';
import { crossEntropy } from '../ops/cross-entropy.js';
import { slice } from '../ops/index-spec.js';

import type { Nested } from './assert-close.js';

export interface ForwardCase {
  name: string;
  run: () => Tensor | number | boolean | Nested;
  expected: Nested;
  /** Comparison tolerance for transcendental results. */
  rtol?: number;
}

const v = (xs: number[]): Tensor => tensor(xs);
const m = (xs: number[][]): Tensor => tensor(xs);
const E = Math.E;

// Tolerances of the inverse trigonometric and special functions are GLSL's (Mesa's software GL
// evaluates atan, asin and log to ~2e-5 relative); the CPU backend meets them with room to spare.
export const forwardCases: ForwardCase[] = [
  // ---- unary ----
  { name: 'neg', run: () => v([1, -2, 0]).neg(), expected: [-1, 2, -0] },
  { name: 'exp', run: () => v([0, 1, -1]).exp(), expected: [1, E, 1 / E], rtol: 1e-6 },
  { name: 'log', run: () => v([1, E, 0.5]).log(), expected: [0, 1, -Math.LN2], rtol: 1e-6 },
  { name: 'log of 0 is -inf', run: () => v([0]).log(), expected: [-Infinity] },
  { name: 'sqrt', run: () => v([0, 4, 2.25]).sqrt(), expected: [0, 2, 1.5] },
  { name: 'rsqrt', run: () => v([4, 0.25]).rsqrt(), expected: [0.5, 2] },
  { name: 'abs', run: () => v([-3, 0, 2.5]).abs(), expected: [3, 0, 2.5] },
  { name: 'sign', run: () => v([-3, 0, 2.5]).sign(), expected: [-1, 0, 1] },
  { name: 'sin', run: () => v([0, Math.PI / 2, Math.PI / 6]).sin(), expected: [0, 1, 0.5], rtol: 1e-6 },
  { name: 'cos', run: () => v([0, Math.PI, Math.PI / 3]).cos(), expected: [1, -1, 0.5], rtol: 1e-6 },
  // atan(1) = π/4 (tan π/4 = 1); atan(−√3) = −π/3; odd, and 0 at 0. GLSL's atan (Mesa) is good to ~5e-6.
  { name: 'atan', run: () => v([0, 1, -Math.sqrt(3)]).atan(), expected: [0, Math.PI / 4, -Math.PI / 3], rtol: 1e-5 },
  // tan π/4 = 1, tan(−π/3) = −√3
  { name: 'tan', run: () => v([0, Math.PI / 4, -Math.PI / 3]).tan(), expected: [0, 1, -Math.sqrt(3)], rtol: 1e-5 },
  // sin π/6 = ½, sin(−π/2) = −1; NaN outside [−1, 1]
  { name: 'asin', run: () => v([0.5, -1, 2]).asin(), expected: [Math.PI / 6, -Math.PI / 2, NaN], rtol: 5e-5 },
  // cos π/3 = ½, cos π = −1, cos 0 = 1
  { name: 'acos', run: () => v([0.5, -1, 1]).acos(), expected: [Math.PI / 3, Math.PI, 0], rtol: 5e-5 },
  // sinh(ln 2) = (2 − ½)/2 = 0.75; sinh(1e-4) = 1e-4 + 1e-12/6 + … (the naive difference loses 1e-3 of it in float32)
  { name: 'sinh', run: () => v([0, Math.LN2, -Math.LN2, 1e-4]).sinh(), expected: [0, 0.75, -0.75, 1e-4 + 1e-12 / 6], rtol: 1e-6 },
  // cosh(ln 2) = (2 + ½)/2 = 1.25; even
  { name: 'cosh', run: () => v([0, Math.LN2, -Math.LN2]).cosh(), expected: [1, 1.25, 1.25], rtol: 1e-6 },
  // Tabulated (Abramowitz & Stegun table 7.1): erf ½ = 0.5204998778…, erf 1 = 0.8427007929…, erf 2 = 0.9953222650…; odd; ±1 at ±∞
  {
    name: 'erf',
    run: () => v([0, 0.5, 1, -2, 1e-5, Infinity, -Infinity]).erf(),
    expected: [0, 0.5204998778130465, 0.8427007929497149, -0.9953222650189527, 1e-5 * 1.1283791670955126, 1, -1],
    rtol: 2e-6,
  },
  // The inverse of the tabulated values above; ±∞ at ±1, NaN beyond
  {
    name: 'erfinv',
    run: () => v([0, 0.5204998778130465, -0.8427007929497149, 1, -1, 1.5]).erfinv(),
    expected: [0, 0.5, -1, Infinity, -Infinity, NaN],
    rtol: 5e-5,
  },
  { name: 'log2', run: () => v([1, 8, 0.5]).log2(), expected: [0, 3, -1], rtol: 1e-6 },
  { name: 'log10', run: () => v([1, 1000, 0.01]).log10(), expected: [0, 3, -2], rtol: 1e-6 },
  { name: 'exp2', run: () => v([0, 3, -1]).exp2(), expected: [1, 8, 0.5], rtol: 1e-6 },
  // ln(1 + x) = x − x²/2 + …: 1e-6 − 5e-13 (log(1 + x) in float32 is 4.6% off here); ln e = 1; −∞ at −1
  { name: 'log1p', run: () => v([0, 1e-6, E - 1, -1]).log1p(), expected: [0, 1e-6 - 5e-13, 1, -Infinity], rtol: 1e-6 },
  // eˣ − 1 = x + x²/2 + …: 1e-6 + 5e-13; e^(ln 2) − 1 = 1; −1 as x → −∞
  { name: 'expm1', run: () => v([0, 1e-6, Math.LN2, -100]).expm1(), expected: [0, 1e-6 + 5e-13, 1, -1], rtol: 1e-6 },
  { name: 'trunc', run: () => v([1.7, -1.7, -0.5, 2]).trunc(), expected: [1, -1, -0, 2] },
  // the fractional part keeps x's sign; NaN at ∞ (∞ − ∞)
  { name: 'frac', run: () => v([1.75, -2.5, 3, Infinity]).frac(), expected: [0.75, -0.5, 0, NaN] },
  // tanh(ln 2) = (2 − ½)/(2 + ½) = 0.6
  { name: 'tanh', run: () => v([0, Math.LN2]).tanh(), expected: [0, 0.6], rtol: 1e-6 },
  // σ(ln 3) = 3/(3+1) = 0.75; σ(−∞ side) stays finite: σ(−100) ≈ 3.7e-44 → 0 in float32
  { name: 'sigmoid', run: () => v([0, Math.log(3), -Math.log(3)]).sigmoid(), expected: [0.5, 0.75, 0.25], rtol: 1e-6 },
  { name: 'sigmoid saturates without NaN', run: () => v([100, -100]).sigmoid(), expected: [1, 0], rtol: 1e-6 },
  { name: 'relu', run: () => v([-1, 0, 2]).relu(), expected: [0, 0, 2] },
  { name: 'reciprocal', run: () => v([2, -4, 0.5]).reciprocal(), expected: [0.5, -0.25, 2] },
  { name: 'floor/ceil', run: () => [v([1.5, -1.5]).floor().tolist(), v([1.5, -1.5]).ceil().tolist()] as Nested, expected: [[1, -2], [2, -1]] },
  { name: 'round half to even', run: () => v([0.5, 1.5, 2.5, -0.5, -1.5, 1.2]).round(), expected: [0, 2, 2, -0, -2, 1] },
  { name: 'clamp', run: () => v([-2, 0.5, 3]).clamp(-1, 1), expected: [-1, 0.5, 1] },
  { name: 'clamp min only', run: () => v([-2, 0.5]).clamp(0), expected: [0, 0.5] },
  { name: 'square', run: () => v([3, -2]).square(), expected: [9, 4] },
  // ---- composites recorded as one node (atan2, fmod, …, activations) ----
  // atan2(1, 1) = π/4; (1, −1) → 3π/4; (−1, −1) → −3π/4; (2, 0) → π/2; (0, 0) → 0
  { name: 'atan2', run: () => atan2(v([1, 1, -1, 2, 0]), v([1, -1, -1, 0, 0])), expected: [Math.PI / 4, (3 * Math.PI) / 4, (-3 * Math.PI) / 4, Math.PI / 2, 0], rtol: 5e-5 },
  // C's fmod keeps the dividend's sign: 5 = 1·3 + 2, −5 = −1·3 − 2, 5.5 = 1·3 + 2.5, 5 = −1·(−3) + 2
  { name: 'fmod', run: () => v([5, -5, 5.5, 5]).fmod(v([3, 3, 3, -3])), expected: [2, -2, 2.5, 2] },
  // Python's % keeps the divisor's sign: −5 = −2·3 + 1, 5 = −2·(−3) − 1
  { name: 'remainder', run: () => v([5, -5, 5]).remainder(v([3, 3, -3])), expected: [2, 1, -1] },
  { name: 'fmod/remainder of int32 stay int32', run: () => [tensor([5, -5], { dtype: 'int32' }).fmod(3).tolist(), tensor([5, -5], { dtype: 'int32' }).remainder(3).dtype === 'int32'] as Nested, expected: [[2, -2], true] },
  // 1 + ¼(3 − 1) = 1.5, 2 + ¼(6 − 2) = 3; with a tensor weight ½: midpoints
  { name: 'lerp', run: () => [v([1, 2]).lerp(v([3, 6]), 0.25).tolist(), v([1, 2]).lerp(v([3, 6]), v([0.5, 0.5])).tolist()] as Nested, expected: [[1.5, 3], [2, 4]] },
  // ln(p/(1−p)): ½ → 0, ¾ → ln 3, 0.2 → ln ¼; with eps ¼, 0 and 1 are first clamped to ¼ and ¾
  { name: 'logit', run: () => [v([0.5, 0.75, 0.2]).logit().tolist(), v([0, 1]).logit(0.25).tolist()] as Nested, expected: [[0, Math.log(3), -Math.log(4)], [-Math.log(3), Math.log(3)]], rtol: 1e-6 },
  // 0·ln 0 = 0; 2·ln e = 2; 3·ln 1 = 0; NaN y stays NaN even at x = 0
  { name: 'xlogy', run: () => v([0, 2, 3, 0]).xlogy(v([0, E, 1, NaN])), expected: [0, 2, 0, NaN], rtol: 1e-6 },
  // float32's largest finite value is (2 − 2⁻²³)·2¹²⁷
  { name: 'nanToNum', run: () => [v([NaN, Infinity, -Infinity, 1]).nanToNum().tolist(), v([NaN, Infinity, -Infinity]).nanToNum({ nan: 1, posinf: 2, neginf: -2 }).tolist()] as Nested, expected: [[0, (2 - 2 ** -23) * 2 ** 127, -(2 - 2 ** -23) * 2 ** 127, 1], [1, 2, -2]] },
  { name: 'clampMin/clampMax', run: () => [v([1, 5]).clampMin(v([2, 3])).tolist(), v([1, 5]).clampMax(v([2, 3])).tolist(), v([1, 5]).clampMin(2).tolist()] as Nested, expected: [[2, 5], [1, 3], [2, 5]] },
  // x·Φ(x): Φ(1) = ½(1 + erf(1/√2)) = 0.841344746…, gelu(−1) = −(1 − Φ(1)); tanh form: ½(1 + tanh(√(2/π)·1.044715))
  {
    name: 'gelu',
    run: () => [v([0, 1, -1]).gelu().tolist(), v([1]).gelu({ approximate: 'tanh' }).tolist()] as Nested,
    expected: [[0, 0.8413447460685429, -0.15865525393145707], [0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715))]],
    rtol: 2e-6,
  },
  { name: 'hardtanh', run: () => v([-2, 0.5, 3]).hardtanh(), expected: [-1, 0.5, 1] },
  { name: 'relu6', run: () => v([-1, 3, 7]).relu6(), expected: [0, 3, 6] },
  // e^(−ln 2) − 1 = −½; with α = 2: −1
  { name: 'elu', run: () => [v([-Math.LN2, 2]).elu().tolist(), v([-Math.LN2]).elu(2).tolist()] as Nested, expected: [[-0.5, 2], [-1]], rtol: 1e-6 },
  // scale·x above 0, scale·α(eˣ − 1) below, with SELU's α = 1.6732632…, scale = 1.0507009…
  { name: 'selu', run: () => v([1, -Math.LN2]).selu(), expected: [1.0507009873554805, -0.5 * 1.6732632423543772 * 1.0507009873554805], rtol: 1e-6 },
  // α(e^(x/α) − 1) at x = −2 ln 2, α = 2: 2(½ − 1) = −1
  { name: 'celu', run: () => v([-2 * Math.LN2, 3]).celu(2), expected: [-1, 3], rtol: 1e-6 },
  // softplus(ln 3) = ln 4, tanh(ln 4) = (16 − 1)/(16 + 1)
  { name: 'mish', run: () => v([0, Math.log(3)]).mish(), expected: [0, (Math.log(3) * 15) / 17], rtol: 1e-6 },
  // x·relu6(x + 3)/6: 0 below −3, x itself above 3, 1·4/6 at 1
  { name: 'hardswish', run: () => v([-4, 0, 1, 4]).hardswish(), expected: [0, 0, 2 / 3, 4], rtol: 1e-6 },
  // ln σ(0) = −ln 2, ln σ(ln 3) = ln ¾, ln σ(−100) = −100 − ln(1 + e⁻¹⁰⁰) (no overflow)
  { name: 'logsigmoid', run: () => v([0, Math.log(3), -100]).logsigmoid(), expected: [-Math.LN2, Math.log(0.75), -100], rtol: 1e-6 },
  { name: 'softsign', run: () => v([1, -3, 0]).softsign(), expected: [0.5, -0.75, 0] },
  // softmax([0, −ln 3]) = [3/4, 1/4]
  { name: 'softmin', run: () => m([[0, Math.log(3)]]).softmin(1), expected: [[0.75, 0.25]], rtol: 1e-6 },
  // halves [1, 2] and [0, ln 3]: [1·σ(0), 2·σ(ln 3)] = [½, 3/2]
  { name: 'glu', run: () => v([1, 2, 0, Math.log(3)]).glu(), expected: [0.5, 1.5], rtol: 1e-6 },
  // ---- binary, broadcasting ----
  { name: 'add', run: () => v([1, 2]).add(v([10, 20])), expected: [11, 22] },
  { name: 'add with alpha', run: () => v([1, 2]).add(v([10, 20]), { alpha: 2 }), expected: [21, 42] },
  { name: 'add broadcast [2,1]+[3]', run: () => m([[1], [2]]).add(v([10, 20, 30])), expected: [[11, 21, 31], [12, 22, 32]] },
  { name: 'add number', run: () => v([1, 2]).add(0.5), expected: [1.5, 2.5] },
  { name: 'sub', run: () => v([5, 7]).sub(v([2, 10])), expected: [3, -3] },
  { name: 'sub broadcast', run: () => m([[5, 6], [7, 8]]).sub(v([1, 2])), expected: [[4, 4], [6, 6]] },
  { name: 'mul', run: () => v([2, -3]).mul(v([4, 5])), expected: [8, -15] },
  { name: 'mul broadcast scalar tensor', run: () => m([[1, 2], [3, 4]]).mul(tensor(3)), expected: [[3, 6], [9, 12]] },
  { name: 'div', run: () => v([1, 9]).div(v([4, 3])), expected: [0.25, 3] },
  { name: 'div by zero', run: () => v([1, -1, 0]).div(0), expected: [Infinity, -Infinity, NaN] },
  { name: 'div of int32 is true division', run: () => tensor([7, -7], { dtype: 'int32' }).div(tensor([2, 2], { dtype: 'int32' })), expected: [3.5, -3.5] },
  { name: 'div floor and trunc', run: () => [v([7, -7]).div(2, { roundingMode: 'floor' }).tolist(), v([7, -7]).div(2, { roundingMode: 'trunc' }).tolist()] as Nested, expected: [[3, -4], [3, -3]] },
  { name: 'pow scalar', run: () => v([2, 3, 4]).pow(2), expected: [4, 9, 16] },
  { name: 'pow tensor', run: () => v([2, 9, 4]).pow(v([3, 0.5, -1])), expected: [8, 3, 0.25] },
  { name: 'pow number base', run: () => tensor([1, 2, 3]).mul(1).pow(2).add(0), expected: [1, 4, 9] },
  { name: 'maximum/minimum', run: () => [v([1, 5, 3]).maximum(v([4, 2, 3])).tolist(), v([1, 5, 3]).minimum(v([4, 2, 3])).tolist()] as Nested, expected: [[4, 5, 3], [1, 2, 3]] },
  { name: 'maximum propagates NaN', run: () => v([NaN, 1]).maximum(v([0, NaN])), expected: [NaN, NaN] },
  { name: 'where', run: () => where(tensor([true, false, true]), v([1, 2, 3]), v([10, 20, 30])), expected: [1, 20, 3] },
  { name: 'where broadcast with number', run: () => where(m([[1, -1], [-2, 2]]).gt(0), m([[1, -1], [-2, 2]]), 0), expected: [[1, 0], [0, 2]] },
  // ---- comparisons (bool) ----
  { name: 'eq/ne', run: () => [v([1, 2, 3]).eq(2).tolist(), v([1, 2, 3]).ne(v([1, 0, 3])).tolist()] as Nested, expected: [[false, true, false], [false, true, false]] },
  { name: 'lt/le/gt/ge', run: () => [v([1, 2, 3]).lt(2).tolist(), v([1, 2, 3]).le(2).tolist(), v([1, 2, 3]).gt(2).tolist(), v([1, 2, 3]).ge(2).tolist()] as Nested, expected: [[true, false, false], [true, true, false], [false, false, true], [false, true, true]] },
  { name: 'comparison dtype is bool', run: () => v([1]).lt(2).dtype === 'bool', expected: true },
  { name: 'all/any', run: () => [tensor([true, false]).all().item(), tensor([true, false]).any().item(), m([[1, 0], [1, 1]]).all(1).tolist()] as Nested, expected: [0, 1, [false, true]] },
  { name: 'logicalNot', run: () => tensor([true, false]).logicalNot(), expected: [false, true] },
  { name: 'allclose/equal', run: () => [v([1, 2]).allclose(v([1, 2.000001])), v([1, 2]).equal(v([1, 2])), v([1, 2]).equal(v([1, 3]))] as Nested, expected: [true, true, false] },
  // ---- reductions ----
  { name: 'sum all', run: () => m([[1, 2], [3, 4]]).sum(), expected: 10 },
  { name: 'sum dim 0 / 1 / keepdim', run: () => [m([[1, 2], [3, 4]]).sum(0).tolist(), m([[1, 2], [3, 4]]).sum(1).tolist(), m([[1, 2], [3, 4]]).sum(1, true).tolist()] as Nested, expected: [[4, 6], [3, 7], [[3], [7]]] },
  { name: 'sum over dims [0, 2]', run: () => arange(8, { dtype: 'float32' }).reshape(2, 2, 2).sum([0, 2]), expected: [0 + 1 + 4 + 5, 2 + 3 + 6 + 7] },
  { name: 'sum of a transposed view', run: () => m([[1, 2, 3], [4, 5, 6]]).t().sum(1), expected: [5, 7, 9] },
  { name: 'sum of int32 is int32', run: () => tensor([1, 2, 3], { dtype: 'int32' }).sum().dtype === 'int32', expected: true },
  { name: 'mean', run: () => [m([[1, 2], [3, 4]]).mean().item(), m([[1, 2], [3, 4]]).mean(0).tolist()] as Nested, expected: [2.5, [2, 3]] },
  { name: 'prod', run: () => [v([1, 2, 3, 4]).prod().item(), m([[1, 2], [3, 4]]).prod(1).tolist()] as Nested, expected: [24, [2, 12]] },
  { name: 'max/min all', run: () => [m([[1, 7], [3, -4]]).max().item(), m([[1, 7], [3, -4]]).min().item()], expected: [7, -4] },
  {
    name: 'max with dim gives values and indices',
    run: () => {
      const { values, indices } = m([[1, 7, 2], [9, 3, 9]]).max(1);
      return [values.tolist(), indices.tolist(), indices.dtype === 'int32'] as Nested;
    },
    // Ties pick the first occurrence: row 2 has 9 at 0 and 2.
    expected: [[7, 9], [1, 0], true],
  },
  { name: 'min with dim keepdim', run: () => m([[1, 7], [9, 3]]).min(0, true).values, expected: [[1, 3]] },
  { name: 'argmax/argmin', run: () => [m([[1, 7], [9, 3]]).argmax().item(), m([[1, 7], [9, 3]]).argmin(1).tolist()] as Nested, expected: [2, [0, 1]] },
  { name: 'amax over dims', run: () => arange(8, { dtype: 'float32' }).reshape(2, 2, 2).amax([1, 2]), expected: [3, 7] },
  // var([1,2,3,4]): mean 2.5, Σ(x−x̄)² = 5; /3 (Bessel) or /4
  { name: 'var with and without correction', run: () => [v([1, 2, 3, 4]).var().item(), v([1, 2, 3, 4]).var(null, { correction: 0 }).item()], expected: [5 / 3, 1.25], rtol: 1e-6 },
  { name: 'std', run: () => v([2, 4, 4, 4, 5, 5, 7, 9]).std(null, { correction: 0 }), expected: 2 },
  { name: 'norm p=2, 1, inf', run: () => [v([3, -4]).norm().item(), v([3, -4]).norm(1).item(), v([3, -4]).norm(Infinity).item()], expected: [5, 7, 4] },
  { name: 'norm over dim', run: () => m([[3, 4], [6, 8]]).norm(2, 1), expected: [5, 10] },
  // logsumexp([0, ln 3]) = ln(1 + 3) = ln 4; stable for large inputs: 1000 + ln 2
  { name: 'logsumexp', run: () => [v([0, Math.log(3)]).logsumexp(0).item(), v([1000, 1000]).logsumexp(0).item()], expected: [Math.log(4), 1000 + Math.LN2], rtol: 1e-6 },
  // softmax([0, ln 3]) = [1/4, 3/4]
  { name: 'softmax', run: () => m([[0, Math.log(3)], [5, 5]]).softmax(1), expected: [[0.25, 0.75], [0.5, 0.5]], rtol: 1e-6 },
  // float32 holds 1000 + ln 3 only to ~6e-5, so the tolerance is that of the input.
  { name: 'softmax is stable for large logits', run: () => v([1000, 1000 + Math.log(3)]).softmax(0), expected: [0.25, 0.75], rtol: 1e-4 },
  { name: 'logSoftmax', run: () => v([0, Math.log(3)]).logSoftmax(0), expected: [Math.log(0.25), Math.log(0.75)], rtol: 1e-6 },
  // ---- linear algebra ----
  { name: 'mm', run: () => m([[1, 2], [3, 4]]).mm(m([[5, 6], [7, 8]])), expected: [[19, 22], [43, 50]] },
  { name: 'matmul [2,3]@[3,1]', run: () => m([[1, 2, 3], [4, 5, 6]]).matmul(m([[1], [0], [-1]])), expected: [[-2], [-2]] },
  { name: 'matmul of a transposed view', run: () => m([[1, 3], [2, 4]]).t().matmul(m([[5, 6], [7, 8]])), expected: [[19, 22], [43, 50]] },
  { name: 'dot', run: () => v([1, 2, 3]).dot(v([4, 5, 6])), expected: 32 },
  { name: 'mv', run: () => m([[1, 2], [3, 4]]).mv(v([1, -1])), expected: [-1, -1] },
  { name: 'vector @ matrix', run: () => v([1, -1]).matmul(m([[1, 2], [3, 4]])), expected: [-2, -2] },
  {
    name: 'bmm and broadcast batched matmul',
    run: () => {
      const a = tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]);
      const b = m([[1, 2], [3, 4]]);
      return [a.bmm(stack([b, b])).tolist(), a.matmul(b).tolist()] as Nested;
    },
    expected: [[[[1, 2], [3, 4]], [[2, 4], [6, 8]]], [[[1, 2], [3, 4]], [[2, 4], [6, 8]]]],
  },
  { name: 'outer', run: () => v([1, 2]).outer(v([3, 4, 5])), expected: [[3, 4, 5], [6, 8, 10]] },
  // ---- shape ----
  { name: 'reshape/view/flatten', run: () => [arange(6, { dtype: 'float32' }).reshape(2, 3).tolist(), arange(6, { dtype: 'float32' }).view(3, -1).tolist(), zeros(2, 3, 4).flatten(1).shape] as Nested, expected: [[[0, 1, 2], [3, 4, 5]], [[0, 1], [2, 3], [4, 5]], [2, 12]] },
  { name: 'transpose/permute', run: () => [m([[1, 2], [3, 4]]).transpose(0, 1).tolist(), arange(6, { dtype: 'float32' }).reshape(1, 2, 3).permute(2, 0, 1).tolist()] as Nested, expected: [[[1, 3], [2, 4]], [[[0, 3]], [[1, 4]], [[2, 5]]]] },
  { name: 'squeeze/unsqueeze', run: () => [zeros(1, 3, 1).squeeze().shape, zeros(1, 3, 1).squeeze(0).shape, zeros(3).unsqueeze(0).shape, zeros(3).unsqueeze(-1).shape] as Nested, expected: [[3], [3, 1], [1, 3], [3, 1]] },
  { name: 'expand', run: () => v([1, 2]).expand(2, 2), expected: [[1, 2], [1, 2]] },
  { name: 'narrow/select/slice', run: () => [arange(5, { dtype: 'float32' }).narrow(0, 1, 3).tolist(), m([[1, 2], [3, 4]]).select(1, 0).tolist(), arange(6, { dtype: 'float32' }).slice(0, 1, null, 2).tolist()] as Nested, expected: [[1, 2, 3], [1, 3], [1, 3, 5]] },
  { name: 'flip', run: () => m([[1, 2], [3, 4]]).flip(0, 1), expected: [[4, 3], [2, 1]] },
  { name: 'repeat', run: () => v([1, 2]).repeat(2, 2), expected: [[1, 2, 1, 2], [1, 2, 1, 2]] },
  { name: 'cat', run: () => cat([m([[1, 2]]), m([[3, 4], [5, 6]])], 0), expected: [[1, 2], [3, 4], [5, 6]] },
  { name: 'cat dim 1', run: () => cat([m([[1], [2]]), m([[3, 4], [5, 6]])], 1), expected: [[1, 3, 4], [2, 5, 6]] },
  { name: 'stack', run: () => stack([v([1, 2]), v([3, 4])], 1), expected: [[1, 3], [2, 4]] },
  { name: 'split/chunk', run: () => [arange(5, { dtype: 'float32' }).split(2).map((t) => t.tolist()), arange(4, { dtype: 'float32' }).chunk(2).map((t) => t.tolist())] as Nested, expected: [[[0, 1], [2, 3], [4]], [[0, 1], [2, 3]]] },
  { name: 'diagonal', run: () => arange(9, { dtype: 'float32' }).reshape(3, 3).diagonal(), expected: [0, 4, 8] },
  { name: 'gather', run: () => m([[1, 2], [3, 4]]).gather(1, tensor([[0, 0], [1, 0]], { dtype: 'int32' })), expected: [[1, 1], [4, 3]] },
  { name: 'indexSelect', run: () => m([[1, 2], [3, 4], [5, 6]]).indexSelect(0, tensor([2, 0], { dtype: 'int32' })), expected: [[5, 6], [1, 2]] },
  // The transpose of [[1, 2], [3, 4]] copied row-major: its own storage, [[1, 3], [2, 4]].
  { name: 'clone of a transposed view', run: () => m([[1, 2], [3, 4]]).t().clone(), expected: [[1, 3], [2, 4]] },
  { name: 'scatterAdd', run: () => zeros(3).scatterAdd(0, tensor([0, 2, 0], { dtype: 'int32' }), v([1, 2, 3])), expected: [4, 0, 2] },
  // ---- scans, triangles, rolls, diagonals, einsum ----
  { name: 'cumsum', run: () => [v([1, 2, 3, 4]).cumsum(0).tolist(), m([[1, 2], [3, 4]]).cumsum(0).tolist(), tensor([1, 2], { dtype: 'int32' }).cumsum(0).dtype === 'int32'] as Nested, expected: [[1, 3, 6, 10], [[1, 2], [4, 6]], true] },
  { name: 'cumprod', run: () => [v([1, 2, 3, 4]).cumprod(0).tolist(), m([[2, 0, 3], [1, -1, 2]]).cumprod(1).tolist()] as Nested, expected: [[1, 2, 6, 24], [[2, 0, 0], [1, -1, -2]]] },
  { name: 'tril/triu', run: () => [m([[1, 2, 3], [4, 5, 6], [7, 8, 9]]).tril().tolist(), m([[1, 2, 3], [4, 5, 6], [7, 8, 9]]).triu(1).tolist(), m([[1, 2, 3], [4, 5, 6]]).tril(-1).tolist()] as Nested, expected: [[[1, 0, 0], [4, 5, 0], [7, 8, 9]], [[0, 2, 3], [0, 0, 6], [0, 0, 0]], [[0, 0, 0], [4, 0, 0]]] },
  // element i moves to (i + shift) mod n; without dims the flattened tensor rolls
  { name: 'roll', run: () => [v([1, 2, 3, 4]).roll(1).tolist(), m([[1, 2, 3], [4, 5, 6]]).roll([1, -1], [0, 1]).tolist(), m([[1, 2], [3, 4]]).roll(1).tolist()] as Nested, expected: [[4, 1, 2, 3], [[5, 6, 4], [2, 3, 1]], [[4, 1], [2, 3]]] },
  { name: 'tile', run: () => [v([1, 2]).tile(2).tolist(), m([[1], [2]]).tile(2).tolist()] as Nested, expected: [[1, 2, 1, 2], [[1, 1], [2, 2]]] },
  { name: 'movedim', run: () => [arange(6, { dtype: 'float32' }).reshape(1, 2, 3).movedim(0, 2).shape, m([[1, 2], [3, 4]]).movedim(0, 1).tolist()] as Nested, expected: [[2, 3, 1], [[1, 3], [2, 4]]] },
  { name: 'diag', run: () => [v([1, 2]).diag().tolist(), v([1, 2]).diag(-1).tolist(), m([[1, 2, 3], [4, 5, 6]]).diag(1).tolist()] as Nested, expected: [[[1, 0], [0, 2]], [[0, 0, 0], [1, 0, 0], [0, 2, 0]], [2, 6]] },
  { name: 'trace', run: () => m([[1, 2], [3, 4], [5, 6]]).trace(), expected: 5 },
  {
    name: 'einsum',
    run: () => [einsum('ij,jk->ik', m([[1, 2], [3, 4]]), m([[5, 6], [7, 8]])).tolist(), einsum('ii', m([[1, 2], [3, 4]])).tolist(), einsum('i,j->ij', v([1, 2]), v([3, 4, 5])).tolist(), einsum('ij->ji', m([[1, 2]])).tolist()] as Nested,
    expected: [[[19, 22], [43, 50]], 5, [[3, 4, 5], [6, 8, 10]], [[1], [2]]],
  },
  // ---- sorting (the argsort kernel) ----
  // stable: the two 1s keep their order (indices 1, 3); NaN sorts as the largest
  {
    name: 'sort',
    run: () => {
      const { values, indices } = v([3, 1, 2, 1]).sort();
      const d = v([3, 1, 2, 1]).sort(0, true);
      return [values.tolist(), indices.tolist(), d.values.tolist(), d.indices.tolist(), v([3, NaN, 2, 1]).sort().indices.tolist(), indices.dtype === 'int32'] as Nested;
    },
    expected: [[1, 1, 2, 3], [1, 3, 2, 0], [3, 2, 1, 1], [0, 2, 1, 3], [3, 2, 0, 1], true],
  },
  { name: 'sort along dim 0 of a matrix', run: () => m([[3, 1], [1, 2], [2, 0]]).sort(0).values, expected: [[1, 0], [2, 1], [3, 2]] },
  { name: 'argsort', run: () => [m([[5, 4, 6], [0, 9, 1]]).argsort().tolist(), m([[5, 4, 6], [0, 9, 1]]).argsort(1, true).tolist()] as Nested, expected: [[[1, 0, 2], [0, 2, 1]], [[2, 0, 1], [1, 2, 0]]] },
  {
    name: 'topk',
    run: () => {
      const top = v([3, 1, 2, 1, 5]).topk(3);
      return [top.values.tolist(), top.indices.tolist(), v([3, 1, 2, 1, 5]).topk(2, -1, { largest: false }).indices.tolist()] as Nested;
    },
    expected: [[5, 3, 2], [4, 0, 2], [1, 3]],
  },
  {
    name: 'sort of rows longer than a gpu chunk (5000)',
    run: () => {
      const n = 5000;
      const s = tensor(Array.from({ length: n }, (_, i) => (i * 7919) % n)).sort(0, true);
      return [s.values.narrow(0, 0, 3).tolist(), s.indices.narrow(0, n - 2, 2).tolist()] as Nested;
    },
    // (i·7919) mod 5000 is a permutation (gcd 1): values n−1 … 0; 0 sits at i = 0, 1 at the i with 7919·i ≡ 1 (mod 5000), i = 2679
    expected: [[4999, 4998, 4997], [2679, 0]],
  },
  // ---- data-dependent indexing and scatters ----
  { name: 'maskedSelect', run: () => m([[1, 2], [3, 4]]).maskedSelect(tensor([[true, false], [false, true]])), expected: [1, 4] },
  { name: 'nonzero', run: () => [(m([[1, 0], [0, 2]]).nonzero() as Tensor).tolist(), (m([[1, 0], [0, 2]]).nonzero({ asTuple: true }) as Tensor[]).map((t) => t.tolist())] as Nested, expected: [[[0, 0], [1, 1]], [[0, 1], [0, 1]]] },
  { name: 'where(cond) gives the indices where it holds', run: () => whereIndices(tensor([false, true, true])).map((t) => t.tolist()) as Nested, expected: [[1, 2]] },
  // rows 0 and 2 of the source go to row 0 (1 + 3), row 1 to row 2
  { name: 'indexAdd', run: () => zeros(3, 2).indexAdd(0, tensor([0, 2, 0], { dtype: 'int32' }), m([[1, 1], [2, 2], [3, 3]])), expected: [[4, 4], [0, 0], [2, 2]] },
  // src [[5, 6]] written at rows [1, 0] of columns 0, 1; a number fills the named positions
  // Index 0 is written twice: the last write (1) wins, and the losing ±Inf/NaN leaves no trace (PyTorch: [1, 0]).
  { name: 'scatter over a losing Inf or NaN write', run: () => [zeros(2).scatter(0, tensor([0, 0], { dtype: 'int32' }), v([Infinity, 1])).tolist(), zeros(2).scatter(0, tensor([0, 0], { dtype: 'int32' }), v([NaN, 1])).tolist()] as Nested, expected: [[1, 0], [1, 0]] },
  { name: 'scatter', run: () => [zeros(3, 2).scatter(0, tensor([[1, 0]], { dtype: 'int32' }), m([[5, 6]])).tolist(), zeros(2, 2).scatter(1, tensor([[1], [0]], { dtype: 'int32' }), 2.5).tolist()] as Nested, expected: [[[0, 6], [5, 0], [0, 0]], [[0, 2.5], [2.5, 0]]] },
  // self 1 with src rows [1, 2] and [3, 4] sent to row 0, [5, 6] to row 1: sum 1+1+3, 1+2+4 | 1+5, 1+6; amax; mean without self (1+3)/2, …
  {
    name: 'scatterReduce',
    run: () => {
      const idx = tensor([[0, 0], [0, 0], [1, 1]], { dtype: 'int32' });
      const src = m([[1, 2], [3, 4], [5, 6]]);
      return [ones(2, 2).scatterReduce(0, idx, src, 'sum').tolist(), ones(2, 2).scatterReduce(0, idx, src, 'amax').tolist(), ones(2, 2).scatterReduce(0, idx, src, 'mean', { includeSelf: false }).tolist(), ones(2, 2).scatterReduce(0, idx, src, 'prod').tolist(), ones(2, 2).scatterReduce(0, idx, src, 'amin').tolist()] as Nested;
    },
    expected: [[[5, 7], [6, 7]], [[3, 4], [5, 6]], [[2, 3], [5, 6]], [[3, 8], [5, 6]], [[1, 1], [1, 1]]],
  },
  // ---- x[...] and x[...] = v ----
  // arange(12) as 3×4: rows 0 and 2, columns 1:3 → [[1, 2], [9, 10]]; a mask picks the true positions in row-major order
  { name: 'index by int tensor and slice', run: () => arange(12).reshape(3, 4).index([tensor([0, 2], { dtype: 'int32' }), slice(1, 3)]), expected: [[1, 2], [9, 10]] },
  { name: 'index by mask', run: () => m([[1, 2], [3, 4]]).index(tensor([[true, false], [false, true]])), expected: [1, 4] },
  // x[i, :, j] on arange(24) as 2×3×4: the index dims are separated, so their result dim comes first: x[0, :, 1] = 1, 5, 9 and x[1, :, 2] = 14, 18, 22
  { name: 'index separated by a slice', run: () => arange(24).reshape(2, 3, 4).index([[0, 1], slice(), [1, 2]]), expected: [[1, 5, 9], [14, 18, 22]] },
  // x[0, :, [1, 2]] (a number separates them, but it is applied first as in PyTorch: the result dim stays in place) → [[1, 2], [5, 6], [9, 10]]
  { name: 'index after a number', run: () => arange(24).reshape(2, 3, 4).index([0, slice(), [1, 2]]), expected: [[1, 2], [5, 6], [9, 10]] },
  // None and '...': x[None, ..., -1] of a 2×3 is [[2, 5]]
  { name: 'index with None, ellipsis and a negative number', run: () => arange(6).reshape(2, 3).index([null, '...', -1]), expected: [[2, 5]] },
  // index 0 twice: 1 + 2 with accumulate, the last write (2) without
  { name: 'indexPut with repeated indices', run: () => [zeros(3).indexPut([tensor([0, 0, 2], { dtype: 'int32' })], v([1, 2, 3]), true).tolist(), zeros(3).indexPut([tensor([0, 0, 2], { dtype: 'int32' })], v([1, 2, 3])).tolist()] as Nested, expected: [[3, 0, 3], [2, 0, 3]] },
  { name: 'indexPut_ with a mask and a number', run: () => m([[1, 2], [3, 4]]).indexPut_(m([[1, 2], [3, 4]]).gt(2), 0), expected: [[1, 2], [0, 0]] },
  // rows 1 and 2 of column 0 set to 7 and 8 through x[1:, [0]]
  { name: 'indexPut_ through a slice', run: () => zeros(3, 2).indexPut_([slice(1, null), [0]], m([[7], [8]])), expected: [[0, 0], [7, 0], [8, 0]] },
  { name: 'sum/mean/softmax with dtype', run: () => [tensor([1, 2], { dtype: 'int32' }).sum(null, false, { dtype: 'float32' }).dtype === 'float32', tensor([1, 2], { dtype: 'int32' }).mean(null, false, { dtype: 'float32' }).item(), tensor([0, 0], { dtype: 'int32' }).softmax(0, { dtype: 'float32' }).tolist()] as Nested, expected: [true, 1.5, [0.5, 0.5]] },
  // ---- creation and casts ----
  { name: 'arange/linspace/eye/full', run: () => [arange(1, 2, 0.25).tolist(), linspace(0, 1, 5).tolist(), eye(2).tolist(), full([2], 7).tolist()] as Nested, expected: [[1, 1.25, 1.5, 1.75], [0, 0.25, 0.5, 0.75, 1], [[1, 0], [0, 1]], [7, 7]] },
  { name: 'ones/zeros', run: () => ones(2).add(zeros(2)), expected: [1, 1] },
  { name: 'cast float→int truncates, →bool is nonzero', run: () => [v([1.7, -1.7]).to('int32').tolist(), v([0, 2, -0.5]).to('bool').tolist()] as Nested, expected: [[1, -1], [false, true, true]] },
  { name: 'int32 + float number promotes to float32', run: () => tensor([1, 2], { dtype: 'int32' }).add(0.5), expected: [1.5, 2.5] },
  // ---- losses ----
  // mse([1,2],[0,0]) = (1 + 4)/2
  { name: 'mseLoss', run: () => mseLoss(v([1, 2]), v([0, 0])), expected: 2.5 },
  { name: 'l1Loss sum', run: () => l1Loss(v([1, -2]), v([0, 0]), { reduction: 'sum' }), expected: 3 },
  // logits [0, ln 3] → p = [1/4, 3/4]; target 1 → −ln(3/4)
  { name: 'crossEntropy', run: () => crossEntropy(m([[0, Math.log(3)]]), tensor([1], { dtype: 'int32' })), expected: -Math.log(0.75), rtol: 1e-5 },
  { name: 'nllLoss', run: () => nllLoss(m([[-1, -2], [-3, -4]]), tensor([1, 0], { dtype: 'int32' })), expected: (2 + 3) / 2 },
  // bce(0.5, 1) = −ln 0.5
  { name: 'binaryCrossEntropy', run: () => binaryCrossEntropy(v([0.5, 0.5]), v([1, 0])), expected: Math.LN2, rtol: 1e-6 },
];
