/**
 * Random arguments for API fuzzing: mostly plausible (small tensors of every
 * dtype, dims, shapes), often wrong (negative, fractional, NaN or huge sizes,
 * out-of-range dims, wrong types, option objects with wrong keys or values).
 */
import fc from 'fast-check';
import type { DType } from '../dtype.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

const DTYPES: DType[] = ['float32', 'float64', 'int32', 'bool'];

/** A shape of rank 0–3 with sizes 0–3. */
export const shapeArb = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 });

/** A small tensor of any dtype, sometimes requiring grad, sometimes a non-contiguous view. */
export const tensorArb: fc.Arbitrary<() => Tensor> = fc
  .record({
    shape: shapeArb,
    dtype: fc.constantFrom(...DTYPES),
    grad: fc.boolean(),
    view: fc.constantFrom('none', 'transpose', 'expand'),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ shape, dtype, grad, view, seed }) => () => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) => {
      const v = Math.sin(seed + i * 1.7) * 3;
      return dtype === 'bool' ? (v > 0 ? 1 : 0) : dtype === 'int32' ? Math.round(v) : v;
    });
    let t = tensor(values, { shape, dtype, requiresGrad: grad && (dtype === 'float32' || dtype === 'float64') });
    if (view === 'transpose' && t.ndim >= 2) t = t.transpose(0, 1);
    if (view === 'expand' && t.ndim >= 1 && t.shape[0] === 1) t = t.expand([2, ...t.shape.slice(1)]);
    return t;
  });

/** A number that is a plausible size or dim, or a bad one. */
export const numberArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -4, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, -0.5, NaN, Infinity, -Infinity, 1e12, 2 ** 31, -0) },
);

/** Anything a caller might pass by mistake. */
export const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom('x', '', 'float32', 'cpu', 'mean'),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.dictionary(fc.constantFrom('dim', 'alpha', 'dtype', 'keepdim', 'reduction', 'weird'), fc.oneof(numberArb, fc.constantFrom('none', 'sum', 'float64', true))),
  fc.array(numberArb, { maxLength: 4 }),
  fc.constant([[1, 2], [3]]),
);

/** One argument: a tensor thunk (made at call time), a number, or junk. */
export const argArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: tensorArb },
  { weight: 3, arbitrary: numberArb },
  { weight: 2, arbitrary: junkArb },
);

/** Makes the tensors of an argument list (thunks become tensors). */
export function realize(args: unknown[]): unknown[] {
  return args.map((a) => (typeof a === 'function' ? (a as () => Tensor)() : a));
}

/** A readable form of an argument list, for a failing case's message. */
export function describeArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (a && typeof a === 'object' && 'shape' in a && 'dtype' in a) {
        const t = a as Tensor;
        return `tensor(shape=[${t.shape.join(',')}], ${t.dtype}${t.requiresGrad ? ', grad' : ''})`;
      }
      return typeof a === 'number' ? String(a) : JSON.stringify(a) ?? String(a);
    })
    .join(', ');
}
