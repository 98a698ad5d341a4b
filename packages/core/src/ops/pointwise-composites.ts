/**
 * Elementwise ops that PyTorch computes in one kernel and records as one
 * node, built here from existing ops: the forward runs with recording off,
 * then one node with PyTorch's name is recorded whose derivative (public
 * ops, so differentiable again) is stated beside it. No new backend kernels.
 */
import { isFloatingPoint, scalarTypeName } from '../dtype.js';
import { record } from '../autograd/record.js';
import { noGrad } from '../autograd/grad-mode.js';
import { checkOptions } from '../options.js';
import { Tensor } from '../tensor/tensor.js';
import { floatOnly, numberArg, operandArg, tensorArg } from './arguments.js';
import * as binary from './binary.js';
import * as compare from './compare.js';
import * as unary from './unary.js';
import { RuntimeError } from '../errors.js';

type Arg = Tensor | number;

const tensorOrNull = (x: Arg): Tensor | null => (x instanceof Tensor ? x : null);

/** Runs `forward` unrecorded and records its result as one node. */
export function fused(
  name: string,
  inputs: ReadonlyArray<Tensor | null>,
  save: readonly Tensor[],
  forward: () => Tensor,
  backward: (g: Tensor, saved: readonly Tensor[], needs: readonly boolean[]) => Array<Tensor | null>,
): Tensor {
  let out = noGrad(forward);
  if (inputs.includes(out)) {
    const same = out;
    out = noGrad(() => same.clone());
  }
  // The derivative is the node's call data, not captured by a closure here (whose scope would hold `out` and `forward`).
  record({ name, inputs, outputs: [out], save, backward: fusedBackward, ctx: backward });
  return out;
}

/** The backward of every node recorded by {@link fused}: its derivative (the node's call data). */
function fusedBackward([g]: Tensor[], saved: Tensor[], needs: readonly boolean[], ctx: unknown): Array<Tensor | null> {
  const derivative = ctx as (g: Tensor, saved: readonly Tensor[], needs: readonly boolean[]) => Array<Tensor | null>;
  return derivative(g!, saved, needs);
}

/** 1 − w for a tensor or a number. */
const oneMinus = (w: Arg): Arg => (typeof w === 'number' ? 1 - w : binary.rsub(w, 1));

/**
 * atan2(a, b): the angle of the point (b, a), in (−π, π] (torch.atan2).
 * Computed as arctan(a/b), moved by ±π when b < 0 (the sign of a, −0
 * included, picks which), and ±0 at a = b = 0.
 * ∂/∂a = b/(a² + b²), ∂/∂b = −a/(a² + b²).
 */
export function atan2(a: Tensor, b: Arg): Tensor {
  tensorArg('atan2', 'input', 1, a);
  operandArg('atan2', 'other', 2, b);
  const B = b;
  return fused(
    'Atan2Backward0',
    [a, tensorOrNull(b)],
    b instanceof Tensor ? [a, b] : [a],
    () => {
      const base = binary.div(a, B).atan();
      const negativeA = compare.lt(binary.div(1, a.to(base.dtype)), 0);
      // ±1 or 0 first, in the result's dtype, so π is not rounded to float32.
      const turns = binary.where(compare.lt(B, 0), binary.where(negativeA, -1, 1), 0).to(base.dtype);
      const shift = binary.mul(turns, Math.PI);
      const bothZero = compare.logicalAnd(compare.eq(a, 0), compare.eq(B, 0));
      return binary.where(bothZero, a.to(base.dtype), binary.add(base, shift));
    },
    (g, [sa, sb], needs) => {
      const bb: Arg = sb ?? (b as number);
      const r2 = binary.add(binary.mul(sa!, sa!), binary.mul(bb, bb));
      return [needs[0] ? g.mul(binary.div(bb, r2)) : null, needs[1] ? g.mul(binary.div(sa!, r2)).neg() : null];
    },
  );
}

/** The ZeroDivisionError PyTorch raises for integer division by zero in fmod/remainder. */
function checkIntegerDivisor(a: Tensor, b: Arg): void {
  const dtype = b instanceof Tensor ? b.dtype : isFloatingPoint(a.dtype) ? a.dtype : Number.isInteger(b) ? a.dtype : 'float32';
  if (isFloatingPoint(a.dtype) || isFloatingPoint(dtype)) return;
  const zero = b instanceof Tensor ? noGrad(() => compare.eq(b, 0).any().item()) === 1 : b === 0;
  if (zero) throw new RuntimeError('ZeroDivisionError');
}

/** a − trunc(a/b)·b, exactly, with the dividend's sign (torch.fmod; a kernel of its own, FmodBackward0/1). */
export function fmod(a: Tensor, b: Arg): Tensor {
  tensorArg('fmod', 'input', 1, a);
  operandArg('fmod', 'other', 2, b);
  checkIntegerDivisor(a, b);
  return binary.fmod(a, b);
}

/**
 * a − floor(a/b)·b, with the divisor's sign: Python's % (torch.remainder).
 * As PyTorch computes it: r = fmod(a, b), plus b where r ≠ 0 and r's sign
 * is not b's. ∂/∂a = 1, ∂/∂b = −floor(a/b); a number divisor records
 * RemainderBackward0, a tensor one RemainderBackward1.
 */
export function remainder(a: Tensor, b: Arg): Tensor {
  tensorArg('remainder', 'input', 1, a);
  operandArg('remainder', 'other', 2, b);
  checkIntegerDivisor(a, b);
  return fused(
    `RemainderBackward${b instanceof Tensor ? 1 : 0}`,
    [a, tensorOrNull(b)],
    b instanceof Tensor ? [a, b] : [],
    () => {
      const r = binary.fmod(a, b);
      const wrongSign = compare.logicalAnd(compare.ne(r, 0), compare.ne(compare.lt(r, 0), compare.lt(b, 0)));
      // A number b as a 0-d tensor of r's dtype, so where does not round it to float32.
      return binary.add(r, binary.where(wrongSign, b instanceof Tensor ? b : r.newFull([], b), 0));
    },
    (g, [sa, sb], needs) => [needs[0] ? g : null, needs[1] ? g.mul(binary.div(sa!, sb!, { roundingMode: 'floor' })).neg() : null],
  );
}

/**
 * start + weight·(end − start) (torch.lerp). ∂/∂start = 1 − weight,
 * ∂/∂end = weight, ∂/∂weight = end − start. A number weight records
 * LerpBackward0, a tensor one LerpBackward1.
 */
export function lerp(start: Tensor, end: Tensor, weight: Arg): Tensor {
  tensorArg('lerp', 'input', 1, start);
  tensorArg('lerp', 'end', 2, end);
  operandArg('lerp', 'weight', 3, weight);
  floatOnly('lerp_kernel_scalar', start);
  if (weight instanceof Tensor && weight.dtype !== start.dtype) {
    throw new RuntimeError(`expected dtype ${scalarTypeName(start.dtype).toLowerCase()} for \`weight\` but got dtype ${scalarTypeName(weight.dtype).toLowerCase()}`);
  }
  const w = weight;
  return fused(
    `LerpBackward${w instanceof Tensor ? 1 : 0}`,
    [start, end, tensorOrNull(w)],
    w instanceof Tensor ? [start, end, w] : [],
    () => binary.add(start, binary.mul(w, binary.sub(end, start))),
    (g, saved, needs) => {
      const wt: Arg = saved[2] ?? (w as number);
      return [
        needs[0] ? g.mul(oneMinus(wt)) : null,
        needs[1] ? g.mul(wt) : null,
        needs[2] ? g.mul(binary.sub(saved[1]!, saved[0]!)) : null,
      ];
    },
  );
}

/**
 * ln(x/(1 − x)), the inverse of the sigmoid (torch.logit); with `eps`, x is
 * first clamped into [eps, 1 − eps]. d/dx = 1/(x(1 − x)), 0 outside
 * [eps, 1 − eps] when eps is given (NaN outside [0, 1] otherwise, as PyTorch).
 */
export function logit(x: Tensor, eps?: number | null): Tensor {
  tensorArg('logit', 'input', 1, x);
  const hasEps = eps !== undefined && eps !== null;
  return fused(
    'LogitBackward0',
    [x],
    [x],
    () => {
      const z = hasEps ? binary.clamp(x, eps, 1 - eps) : x;
      return unary.log(binary.div(z, oneMinus(z)));
    },
    (g, [sx]) => {
      const d = g.div(sx!.mul(oneMinus(sx!)));
      if (!hasEps) return [d];
      const inside = compare.logicalAnd(compare.ge(sx!, eps), compare.le(sx!, 1 - eps));
      return [binary.where(inside, d, 0)];
    },
  );
}

/**
 * x·ln y, taken as 0 where x = 0 (even at y = 0), NaN where y is NaN
 * (torch.xlogy). ∂/∂x = g·ln y, except 0 where x = 0 and y ≤ 0 (PyTorch's
 * rule); ∂/∂y = x/y. Node:
 * XlogyBackward0 for two tensors, …1 for a number x, …2 for a number y.
 */
export function xlogy(x: Arg, y: Arg): Tensor {
  operandArg('xlogy', 'self', 1, x);
  operandArg('xlogy', 'other', 2, y);
  if (!(x instanceof Tensor) && !(y instanceof Tensor)) x = tensorArg('xlogy', 'self', 1, x);
  const X = x;
  const Y = y;
  const node = X instanceof Tensor && Y instanceof Tensor ? 'XlogyBackward0' : X instanceof Tensor ? 'XlogyBackward2' : 'XlogyBackward1';
  const save = [X, Y].filter((t): t is Tensor => t instanceof Tensor);
  return fused(
    node,
    [tensorOrNull(X), tensorOrNull(Y)],
    save,
    () => xlogyValue(X, Y),
    (g, saved, needs) => {
      let k = 0;
      const sx: Arg = X instanceof Tensor ? saved[k++]! : X;
      const sy: Arg = Y instanceof Tensor ? saved[k++]! : Y;
      const masked = (): Tensor => {
        const d = xlogyValue(g, sy);
        const zero = compare.eq(sx, 0);
        return binary.where(typeof sy === 'number' ? (sy <= 0 ? zero : compare.ne(zero, zero)) : compare.logicalAnd(zero, compare.le(sy, 0)), 0, d);
      };
      return [needs[0] ? masked() : null, needs[1] ? g.mul(binary.div(sx, sy)) : null];
    },
  );
}

function xlogyValue(x: Arg, y: Arg): Tensor {
  const product = binary.mul(x, y instanceof Tensor ? unary.log(y) : Math.log(y));
  const zeroed = binary.where(compare.eq(x, 0), 0, product);
  return binary.where(compare.ne(y, y), NaN, zeroed);
}

/** The largest finite value of a float dtype (torch.finfo(dtype).max). */
const finiteMax = (dtype: string): number => (dtype === 'float64' ? Number.MAX_VALUE : 3.4028234663852886e38);

/**
 * NaN → `nan` (0), +∞ → `posinf`, −∞ → `neginf` (default: the dtype's
 * largest finite values) (torch.nan_to_num). The gradient passes where x
 * was finite and is 0 where it was replaced. Integers are returned as a copy.
 */
export function nanToNum(x: Tensor, options: { nan?: number; posinf?: number; neginf?: number } = {}): Tensor {
  tensorArg('nanToNum', 'input', 1, x);
  checkOptions('nanToNum', options, ['nan', 'posinf', 'neginf']);
  if (!isFloatingPoint(x.dtype)) return x.clone();
  const nan = options.nan ?? 0;
  const posinf = options.posinf ?? finiteMax(x.dtype);
  const neginf = options.neginf ?? -finiteMax(x.dtype);
  return fused(
    'NanToNumBackward0',
    [x],
    [x],
    () => binary.where(compare.ne(x, x), nan, binary.where(compare.eq(x, Infinity), posinf, binary.where(compare.eq(x, -Infinity), neginf, x))),
    (g, [sx]) => {
      const replaced = compare.logicalOr(compare.ne(sx!, sx!), compare.eq(sx!.abs(), Infinity));
      return [binary.where(replaced, 0, g)];
    },
  );
}

/**
 * max(x, min) (torch.clamp_min). A number bound is clamp's ClampMinBackward0;
 * a tensor bound records ClampMinBackward1: the gradient goes to x where
 * x ≥ min (ties included, as PyTorch) and to min elsewhere.
 */
export function clampMin(x: Tensor, min: Arg): Tensor {
  tensorArg('clampMin', 'input', 1, x);
  operandArg('clampMin', 'min', 2, min);
  return min instanceof Tensor ? clampToTensor(x, min, 'min') : binary.clampNumbers(x, min, null, 'ClampMinBackward0');
}

/** min(x, max) (torch.clamp_max); a tensor bound records ClampMaxBackward1 (x's gradient where x ≤ max, ties included). */
export function clampMax(x: Tensor, max: Arg): Tensor {
  tensorArg('clampMax', 'input', 1, x);
  operandArg('clampMax', 'max', 2, max);
  return max instanceof Tensor ? clampToTensor(x, max, 'max') : binary.clampNumbers(x, null, max, 'ClampMaxBackward0');
}

/** clamp_min/clamp_max by a tensor bound: one node; x gets g where it is kept (ties included), the bound elsewhere. */
function clampToTensor(x: Tensor, bound: Tensor, side: 'min' | 'max'): Tensor {
  return fused(
    side === 'min' ? 'ClampMinBackward1' : 'ClampMaxBackward1',
    [x, bound],
    [x, bound],
    () => (side === 'min' ? binary.maximum(x, bound) : binary.minimum(x, bound)),
    (g, [sx, sb], needs) => {
      const keep = side === 'min' ? compare.ge(sx!, sb!) : compare.le(sx!, sb!);
      return [needs[0] ? binary.where(keep, g, 0) : null, needs[1] ? binary.where(keep, 0, g) : null];
    },
  );
}

/**
 * `value` where `mask` is true, else x (Tensor.masked_fill, MaskedFillBackward0).
 * The bool mask broadcasts with x and the result takes the broadcast shape,
 * as PyTorch's out-of-place masked_fill; the value is cast to x's dtype
 * (1.5 into an int32 tensor is 1, any nonzero into a bool one is true), so
 * the result keeps x's dtype. ∂/∂x = g with +0 where the mask is set:
 * PyTorch's grad.masked_fill(mask, 0), this op again, so differentiable again.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  tensorArg('maskedFill', 'input', 0, x);
  tensorArg('masked_fill', 'mask', 1, mask);
  if (typeof value === 'boolean') value = Number(value);
  numberArg('masked_fill', 'value', value);
  const v = x.dtype === 'bool' ? Number(value !== 0) : isFloatingPoint(x.dtype) ? value : Math.trunc(value);
  return fused('MaskedFillBackward0', [x], [mask], () => binary.where(mask, x.newFull([], v), x), (g, [m]) => [maskedFill(g, m!, 0)]);
}
