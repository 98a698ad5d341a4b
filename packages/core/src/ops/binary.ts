/**
 * Two-input elementwise ops, broadcasting as NumPy does, and their gradients.
 * The engine sums each gradient back to its input's shape, so rules here
 * work at the broadcast shape.
 */
import type { BinaryOp } from '../backend/backend.js';
import { type DType, isFloatingPoint, resultType, scalarTypeName } from '../dtype.js';
import { record } from '../autograd/record.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import { asTensor, runBinary, runWhere } from '../dispatch/kernels.js';
import * as compare from './compare.js';
import * as unary from './unary.js';

type Arg = Tensor | number;

/** @internal Runs a binary kernel at the broadcast shape, in `dtype`. No recording. */
export const binaryKernel = runBinary;

/** Arithmetic on bools is done in int32 and brought back (true + true is true, as PyTorch). */
function arithmetic(op: BinaryOp, a: Arg, b: Arg, dtype: DType): Tensor {
  if (dtype !== 'bool') return binaryKernel(op, a, b, dtype);
  return binaryKernel(op, a, b, 'int32').to('bool');
}

function tensorOrNull(x: Arg): Tensor | null {
  return x instanceof Tensor ? x : null;
}

/** a + α·b; ∂/∂a = 1, ∂/∂b = α. */
export function add(a: Arg, b: Arg, options: { alpha?: number } = {}): Tensor {
  const alpha = options.alpha ?? 1;
  const dtype = resultType(a, b);
  const scaled = alpha === 1 ? b : noGrad(() => (b instanceof Tensor ? mul(b, alpha) : b * alpha));
  const out = arithmetic('add', a, scaled, dtype);
  record({
    name: 'AddBackward0',
    inputs: [tensorOrNull(a), tensorOrNull(b)],
    outputs: [out],
    backward: ([g], _s, needs) => [needs[0] ? g! : null, needs[1] ? (alpha === 1 ? g! : g!.mul(alpha)) : null],
  });
  return out;
}

/** a − α·b; ∂/∂a = 1, ∂/∂b = −α. */
export function sub(a: Arg, b: Arg, options: { alpha?: number } = {}): Tensor {
  const alpha = options.alpha ?? 1;
  const dtype = resultType(a, b);
  if (dtype === 'bool') {
    throw new TypeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  const scaled = alpha === 1 ? b : noGrad(() => (b instanceof Tensor ? mul(b, alpha) : b * alpha));
  const out = binaryKernel('sub', a, scaled, dtype);
  record({
    // `2 - x` is PyTorch's rsub with a number: RsubBackward1.
    name: a instanceof Tensor ? 'SubBackward0' : 'RsubBackward1',
    inputs: [tensorOrNull(a), tensorOrNull(b)],
    outputs: [out],
    backward: ([g], _s, needs) => [needs[0] ? g! : null, needs[1] ? g!.mul(-alpha) : null],
  });
  return out;
}

/** n − x (PyTorch's rsub, used by rules such as 1 − y). */
export function rsub(x: Tensor, n: number): Tensor {
  return sub(n, x);
}

/** a·b; ∂/∂a = b, ∂/∂b = a. */
export function mul(a: Arg, b: Arg): Tensor {
  const dtype = resultType(a, b);
  const out = arithmetic('mul', a, b, dtype);
  const ta = tensorOrNull(a);
  const tb = tensorOrNull(b);
  if (ta === null || tb === null) {
    // A number factor needs nothing saved: ∂(c·x)/∂x = c.
    const c = (ta === null ? a : b) as number;
    record({ name: 'MulBackward0', inputs: [ta, tb], outputs: [out], backward: ([g]) => (ta === null ? [null, g!.mul(c)] : [g!.mul(c), null]) });
    return out;
  }
  record({
    name: 'MulBackward0',
    inputs: [ta, tb],
    outputs: [out],
    save: [ta, tb],
    backward: ([g], [x, y], needs) => [needs[0] ? g!.mul(y!) : null, needs[1] ? g!.mul(x!) : null],
  });
  return out;
}

/**
 * a / b (true division: integers give float32, as PyTorch); ∂/∂a = 1/b,
 * ∂/∂b = −a/b². With `roundingMode` ('trunc' | 'floor') the result is rounded
 * and, being piecewise constant, has zero gradient.
 */
export function div(a: Arg, b: Arg, options: { roundingMode?: 'trunc' | 'floor' } = {}): Tensor {
  let dtype = resultType(a, b);
  if (options.roundingMode) {
    const floatType = isFloatingPoint(dtype) ? dtype : 'float32';
    const q = binaryKernel('div', a, b, floatType);
    const r = options.roundingMode === 'floor' ? noGrad(() => unary.floor(q)) : noGrad(() => q.sign().mul(q.abs().floor()));
    const out = isFloatingPoint(dtype) ? r : r.to(dtype);
    record({ name: 'DivBackward2', inputs: [tensorOrNull(a), tensorOrNull(b)], outputs: [out], backward: ([g]) => [g!.mul(0), g!.mul(0)] });
    return out;
  }
  if (!isFloatingPoint(dtype)) dtype = 'float32';
  const out = binaryKernel('div', a, b, dtype);
  const ta = tensorOrNull(a);
  const tb = tensorOrNull(b);
  if (tb === null) {
    const c = b as number;
    record({ name: 'DivBackward0', inputs: [ta, null], outputs: [out], backward: ([g]) => [g!.div(c), null] });
    return out;
  }
  record({
    name: 'DivBackward0',
    inputs: [ta, tb],
    outputs: [out],
    save: ta ? [ta, tb] : [tb],
    backward: ([g], saved, needs) => {
      const y = ta ? saved[1]! : saved[0]!;
      const x = ta ? saved[0]! : (a as number);
      // ∂(x/y)/∂y = −x/y²
      return [needs[0] ? g!.div(y) : null, needs[1] ? g!.mul(x).div(y.mul(y)).neg() : null];
    },
  });
  return out;
}

/**
 * x^e. With a number exponent: ∂/∂x = e·x^(e−1) (PowBackward0). With a tensor
 * exponent also ∂/∂e = x^e·ln x, taken as 0 where x = 0 and e ≥ 0, as PyTorch.
 */
export function pow(x: Arg, e: Arg): Tensor {
  const dtype = resultType(x, e);
  if (dtype === 'int32' && (typeof e === 'number' ? e < 0 : false)) {
    throw new RangeError('Integers to negative integer powers are not allowed.');
  }
  const out = binaryKernel('pow', x, e, dtype === 'bool' ? 'int32' : dtype);
  const tx = tensorOrNull(x);
  const te = tensorOrNull(e);
  if (te === null) {
    const n = e as number;
    record({
      name: 'PowBackward0',
      inputs: [tx, null],
      outputs: [out],
      save: [tx!],
      // d(x^n)/dx = n·x^(n−1)
      backward: ([g], [x0]) => [n === 0 ? g!.mul(0) : g!.mul(pow(x0!, n - 1).mul(n)), null],
    });
    return out;
  }
  if (tx === null) {
    const base = x as number;
    record({
      name: 'PowBackward2',
      inputs: [null, te],
      outputs: [out],
      save: [out],
      // d(c^e)/de = c^e·ln c
      backward: ([g], [y]) => [null, g!.mul(y!).mul(Math.log(base))],
    });
    return out;
  }
  record({
    name: 'PowBackward1',
    inputs: [tx, te],
    outputs: [out],
    save: [tx, te, out],
    backward: ([g], [x0, e0, y], needs) => [
      needs[0] ? g!.mul(e0!).mul(pow(x0!, sub(e0!, 1))) : null,
      needs[1] ? where(compare.logicalAnd(compare.eq(x0!, 0), compare.ge(e0!, 0)), 0, g!.mul(y!).mul(unary.log(x0!))) : null,
    ],
  });
  return out;
}

/** Where a and b tie, PyTorch splits the gradient evenly between them. */
function extremum(op: 'maximum' | 'minimum', name: string, a: Arg, b: Arg): Tensor {
  const dtype = resultType(a, b);
  const out = binaryKernel(op, a, b, dtype);
  const ta = tensorOrNull(a);
  const tb = tensorOrNull(b);
  const saved = [ta ?? asTensor(a, tb, dtype), tb ?? asTensor(b, ta, dtype)];
  record({
    name,
    inputs: [ta, tb],
    outputs: [out],
    save: saved,
    backward: ([g], [x, y], needs) => {
      const wins = op === 'maximum' ? compare.gt(x!, y!) : compare.lt(x!, y!);
      const share = where(wins, 1, where(compare.eq(x!, y!), 0.5, 0)).to(g!.dtype);
      return [needs[0] ? g!.mul(share) : null, needs[1] ? g!.mul(rsub(share, 1)) : null];
    },
  });
  return out;
}

export function maximum(a: Arg, b: Arg): Tensor {
  return extremum('maximum', 'MaximumBackward0', a, b);
}

export function minimum(a: Arg, b: Arg): Tensor {
  return extremum('minimum', 'MinimumBackward0', a, b);
}

/** cond ? a : b, broadcasting all three; the gradient goes to whichever side was taken. */
export function where(cond: Tensor, a: Arg | boolean, b: Arg | boolean): Tensor {
  if (!(cond instanceof Tensor) || cond.dtype !== 'bool') {
    const got = cond instanceof Tensor ? scalarTypeName(cond.dtype) : typeof cond;
    throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${got}`);
  }
  const A = typeof a === 'boolean' ? Number(a) : a;
  const B = typeof b === 'boolean' ? Number(b) : b;
  const dtype = typeof a === 'boolean' && typeof b === 'boolean' ? 'bool' : resultType(A, B);
  const out = runWhere(cond, A, B, dtype);
  record({
    name: 'WhereBackward0',
    inputs: [tensorOrNull(A), tensorOrNull(B)],
    outputs: [out],
    save: [cond],
    backward: ([g], [c], needs) => [needs[0] ? where(c!, g!, 0) : null, needs[1] ? where(c!, 0, g!) : null],
  });
  return out;
}

/**
 * Clamps into [min, max]. With number bounds the gradient passes where
 * min ≤ x ≤ max (ClampBackward1); tensor bounds compose maximum/minimum.
 */
export function clamp(x: Tensor, min?: Arg | null, max?: Arg | null): Tensor {
  const hasMin = min !== undefined && min !== null;
  const hasMax = max !== undefined && max !== null;
  if (!hasMin && !hasMax) throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (min instanceof Tensor || max instanceof Tensor) {
    let out = x;
    if (hasMin) out = maximum(out, min!);
    if (hasMax) out = minimum(out, max!);
    return out;
  }
  const lo = hasMin ? (min as number) : -Infinity;
  const hi = hasMax ? (max as number) : Infinity;
  const dtype = x.dtype;
  let out = noGrad(() => {
    let r = hasMin ? binaryKernel('maximum', x, lo, dtype) : x;
    if (hasMax) r = binaryKernel('minimum', r, hi, dtype);
    return r === x ? x.clone() : r;
  });
  if (out === x) out = x.clone();
  const name = hasMin && hasMax ? 'ClampBackward1' : hasMin ? 'ClampMinBackward0' : 'ClampMaxBackward0';
  record({
    name,
    inputs: [x],
    outputs: [out],
    save: [x],
    backward: ([g], [x0]) => {
      const inside = compare.logicalAnd(compare.ge(x0!, lo), compare.le(x0!, hi));
      return [g!.mul(inside.to(g!.dtype))];
    },
  });
  return out;
}
