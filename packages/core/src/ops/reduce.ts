/**
 * Reductions (sum, mean, max, var, norm, softmax, …) and their gradients.
 * The gradient of a reduction is spread back over the reduced axes:
 * `unreduce` re-inserts them (size 1) and expands to the input's shape.
 */
import type { ReduceOp } from '../backend/backend.js';
import { isFloatingPoint, scalarTypeName } from '../dtype.js';
import { normalizeDim, normalizeDims } from '../shape.js';
import { record } from '../autograd/record.js';
import type { BackwardRule } from '../autograd/op-node.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import { runArgReduce, runReduce } from '../dispatch/kernels.js';
import { checkOptions } from '../options.js';
import * as compare from './compare.js';
import * as indexing from './indexing.js';
import { RuntimeError, TypeError } from '../errors.js';
import { recordRule } from './rule.js';
import { floatOnly } from './arguments.js';
import { REDUCE_RULES } from './reduce-rules.js';

type Dims = number | readonly number[] | null | undefined;

/** The input's shape with `axes` set to 1. */
function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** A reduced gradient brought back to the input's shape (a broadcast view, no copy). */
export function unreduce(g: Tensor, inShape: readonly number[], axes: readonly number[], keepdim: boolean): Tensor {
  const kept = keepdim ? g : g.reshape(keptShape(inShape, axes));
  return kept.expand([...inShape]);
}

/** @internal Runs a reduce kernel, no recording. */
export function reduceKernel(op: ReduceOp, x: Tensor, axes: readonly number[], keepdim: boolean): Tensor {
  // A 0-d tensor's dim 0 (or -1) means the whole element: no axis to reduce.
  if (x.ndim === 0) axes = [];
  const outDtype = op === 'sum' || op === 'prod' ? (isFloatingPoint(x.dtype) ? x.dtype : 'int32') : x.dtype;
  const src = outDtype !== x.dtype ? x.to(outDtype) : x;
  if (axes.length === 0) return src === x ? x.clone() : src;
  if (x.numel() === 0 && (op === 'max' || op === 'min')) {
    throw new RuntimeError(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const out = runReduce(op, src, axes, outDtype);
  return keepdim ? out.reshape(keptShape(x.shape, axes)) : out;
}

/** Σ over all elements or `dim` (rule: {@link REDUCE_RULES}.sum). */
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const axes = normalizeDims(dim, x.ndim);
  const out = reduceKernel('sum', x, axes, keepdim);
  return recordRule(REDUCE_RULES.sum, [x], out, { inShape: x.shape, axes, keepdim, whole: dim === undefined || dim === null });
}

/** Arithmetic mean; the gradient is 1/N for each of the N averaged elements. */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (!isFloatingPoint(x.dtype)) {
    throw new TypeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(x.dtype)}`,
    );
  }
  const axes = normalizeDims(dim, x.ndim);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  const out = noGrad(() => reduceKernel('sum', x, axes, keepdim).div(count));
  const inShape = x.shape;
  record({
    name: dim === undefined || dim === null ? 'MeanBackward0' : 'MeanBackward1',
    inputs: [x],
    outputs: [out],
    backward: meanBackward(count, inShape, axes, keepdim),
  });
  return out;
}

/** Π over all elements or one `dim` (rule: {@link REDUCE_RULES}.prod). */
export function prod(x: Tensor, dim?: number | null, keepdim = false): Tensor {
  const whole = dim === undefined || dim === null;
  const axes = whole ? normalizeDims(undefined, x.ndim) : [normalizeDim(dim, x.ndim)];
  const out = reduceKernel('prod', x, axes, keepdim);
  return recordRule(REDUCE_RULES.prod, [x], out, { inShape: x.shape, axes, keepdim, whole });
}

/** @internal prod over `axes`, each kept as size 1, recorded (the prod rule's product of the other factors). */
export function prodKept(x: Tensor, axes: readonly number[]): Tensor {
  let out = x;
  for (const a of axes) out = prod(out, a, true);
  return out;
}

/** A `{ values, indices }` pair that also destructures as `[values, indices]`, like torch.return_types.max. */
export interface ValuesIndices extends Iterable<Tensor> {
  values: Tensor;
  indices: Tensor;
}

export function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return {
    values,
    indices,
    *[Symbol.iterator]() {
      yield values;
      yield indices;
    },
  };
}

/** max/min of all elements (MaxBackward1/MinBackward1); the gradient is shared evenly among tied extremes. */
export function maxAll(x: Tensor, op: 'max' | 'min'): Tensor {
  const axes = normalizeDims(undefined, x.ndim);
  return recordRule(REDUCE_RULES[op], [x], reduceKernel(op, x, axes, false), { inShape: x.shape, axes, keepdim: false, whole: true });
}

/** amax/amin over dims (AmaxBackward0/AminBackward0); ties share the gradient evenly. */
export function amax(x: Tensor, op: 'max' | 'min', dim?: Dims, keepdim = false): Tensor {
  const axes = normalizeDims(dim, x.ndim);
  return recordRule(REDUCE_RULES[op], [x], reduceKernel(op, x, axes, keepdim), { inShape: x.shape, axes, keepdim, whole: false });
}

/** max/min along one dim: values and their int32 indices; the gradient goes to the index taken (MaxBackward0). */
export function maxDim(x: Tensor, op: 'max' | 'min', dim: number, keepdim = false): ValuesIndices {
  const axis = normalizeDim(dim, x.ndim);
  if (x.ndim === 0) return valuesIndices(x.clone(), x.newZeros([], 'int32'));
  const kept = argKernel(x, op === 'max' ? 'argmax' : 'argmin', axis, true);
  const values = noGrad(() => {
    const v = indexing.gather(x, axis, kept);
    return keepdim ? v : v.squeeze(axis);
  });
  const inShape = x.shape;
  record({
    name: op === 'max' ? 'MaxBackward0' : 'MinBackward0',
    inputs: [x],
    outputs: [values],
    save: [kept],
    backward: maxDimBackward(inShape, axis, keepdim),
  });
  return valuesIndices(values, keepdim ? kept : noGrad(() => kept.squeeze(axis)));
}

function argKernel(x: Tensor, op: 'argmax' | 'argmin', axis: number, keepdim: boolean): Tensor {
  if (x.shape[axis] === 0) throw new RuntimeError(`${op}(): Expected reduction dim ${axis} to have non-zero size.`);
  const out = runArgReduce(op, x, axis);
  return keepdim ? out.reshape(keptShape(x.shape, [axis])) : out;
}

/** Index of the max/min (of the flattened tensor when no `dim`). Never tracked. */
export function argExtreme(x: Tensor, op: 'argmax' | 'argmin', dim?: number, keepdim = false): Tensor {
  if (dim === undefined) {
    const flat = argKernel(x.reshape([-1]), op, 0, false);
    return keepdim ? flat.reshape(x.shape.map(() => 1)) : flat;
  }
  if (x.ndim === 0) return x.newZeros([], 'int32');
  return argKernel(x, op, normalizeDim(dim, x.ndim), keepdim);
}

export interface VarOptions {
  /** Subtracted from N in the divisor: 1 (Bessel's correction, the default) or 0. */
  correction?: number;
  /** Old spelling: `unbiased: false` is `correction: 0`. */
  unbiased?: boolean;
  keepdim?: boolean;
}

function correctionOf(o: VarOptions): number {
  return o.correction ?? (o.unbiased === false ? 0 : 1);
}

/** Σ(x − x̄)² / (N − correction); ∂/∂xᵢ = 2(xᵢ − x̄)/(N − correction). */
export function variance(x: Tensor, dim?: Dims, options: VarOptions = {}): Tensor {
  checkOptions('var', options, ['correction', 'unbiased', 'keepdim']);
  const axes = normalizeDims(dim, x.ndim);
  const keepdim = options.keepdim ?? false;
  const n = axes.reduce((k, a) => k * x.shape[a]!, 1);
  const divisor = Math.max(n - correctionOf(options), 0);
  const out = noGrad(() => {
    const centered = x.sub(mean(x, axes, true));
    return reduceKernel('sum', centered.mul(centered), axes, keepdim).div(divisor);
  });
  const inShape = x.shape;
  record({
    name: 'VarBackward0',
    inputs: [x],
    outputs: [out],
    save: [x],
    backward: ([g], [x0]) => [unreduce(g!, inShape, axes, keepdim).mul(x0!.sub(mean(x0!, axes, true))).mul(2 / divisor)],
  });
  return out;
}

/** √var; ∂/∂xᵢ = (xᵢ − x̄) / ((N − correction)·std). */
export function std(x: Tensor, dim?: Dims, options: VarOptions = {}): Tensor {
  checkOptions('std', options, ['correction', 'unbiased', 'keepdim']);
  const axes = normalizeDims(dim, x.ndim);
  const keepdim = options.keepdim ?? false;
  const n = axes.reduce((k, a) => k * x.shape[a]!, 1);
  const divisor = Math.max(n - correctionOf(options), 0);
  const out = noGrad(() => variance(x, dim, options).sqrt());
  const inShape = x.shape;
  record({
    name: 'StdBackward0',
    inputs: [x],
    outputs: [out],
    save: [x, out],
    backward: ([g], [x0, s]) => [
      unreduce(g!.div(s!.mul(divisor)), inShape, axes, keepdim).mul(x0!.sub(mean(x0!, axes, true))),
    ],
  });
  return out;
}

/**
 * The vector p-norm (torch.linalg.vector_norm): (Σ|x|^p)^(1/p), max|x| for
 * p = ∞. ∂/∂x = x·|x|^(p−2) / ‖x‖^(p−1), taken as 0 where the norm is 0.
 */
export function norm(x: Tensor, p = 2, dim?: Dims, keepdim = false): Tensor {
  if (!isFloatingPoint(x.dtype)) throw new TypeError(`linalg.vector_norm: Expected a floating point tensor as input. Got ${scalarTypeName(x.dtype)}`);
  const axes = normalizeDims(dim, x.ndim);
  const out = noGrad(() => {
    const a = x.abs();
    if (p === Infinity) return reduceKernel('max', a, axes, keepdim);
    if (p === -Infinity) return reduceKernel('min', a, axes, keepdim);
    if (p === 0) return reduceKernel('sum', compare.ne(x, 0).to(x.dtype), axes, keepdim);
    if (p === 1) return reduceKernel('sum', a, axes, keepdim);
    if (p === 2) return reduceKernel('sum', x.mul(x), axes, keepdim).sqrt();
    return reduceKernel('sum', a.pow(p), axes, keepdim).pow(1 / p);
  });
  const inShape = x.shape;
  record({
    name: 'LinalgVectorNormBackward0',
    inputs: [x],
    outputs: [out],
    save: [x, out],
    backward: ([g], [x0, y]) => {
      const gy = unreduce(g!, inShape, axes, keepdim);
      const yb = unreduce(y!, inShape, axes, keepdim);
      if (p === 0) return [x0!.mul(0)];
      if (p === 1) return [gy.mul(x0!.sign())];
      if (p === Infinity || p === -Infinity) {
        const hit = compare.eq(x0!.abs(), yb).to(g!.dtype);
        return [gy.mul(x0!.sign()).mul(hit).div(unreduce(sum(hit, axes, true), inShape, axes, true))];
      }
      const safe = yb.where(compare.ne(yb, 0), 1);
      const local = p === 2 ? x0!.div(safe) : x0!.mul(x0!.abs().pow(p - 2)).div(safe.pow(p - 1));
      return [gy.mul(local.where(compare.ne(yb, 0), 0))];
    },
  });
  return out;
}

/** log Σ eˣ, computed as m + log Σ e^(x−m) with m = max x for stability; ∂/∂x = e^(x − out). */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  const axes = normalizeDims(dim, x.ndim);
  const out = noGrad(() => {
    const m = reduceKernel('max', x, axes, true);
    const finiteM = m.where(compare.ne(m.abs(), Infinity), 0);
    const s = reduceKernel('sum', x.sub(finiteM).exp(), axes, true).log().add(finiteM);
    return keepdim ? s : s.reshape(x.shape.filter((_, i) => !axes.includes(i)));
  });
  const inShape = x.shape;
  record({
    name: 'LogsumexpBackward0',
    inputs: [x],
    outputs: [out],
    save: [x, out],
    backward: ([g], [x0, y]) => [unreduce(g!, inShape, axes, keepdim).mul(x0!.sub(unreduce(y!, inShape, axes, keepdim)).exp())],
  });
  return out;
}

/**
 * PyTorch's kernels refuse integer and bool inputs to softmax and
 * logSoftmax (pass `{ dtype }` to softmax to cast first). The kernel it
 * names depends on the axis, and log_softmax along a dim that is not the
 * last reports softmax's kernel: PyTorch's own texts.
 */
function checkSoftmaxInput(x: Tensor, axis: number, op: 'softmax' | 'log_softmax'): void {
  floatOnly(x.ndim === 0 || axis === x.ndim - 1 ? `${op}_lastdim_kernel_impl` : 'softmax_kernel_impl', x);
}

/** e^(x−max) / Σ e^(x−max); ∂ = y·(g − Σ g·y). */
export function softmax(x: Tensor, dim: number): Tensor {
  const axis = normalizeDim(dim, x.ndim);
  checkSoftmaxInput(x, axis, 'softmax');
  const out = noGrad(() => {
    const src = x;
    const e = src.sub(reduceKernel('max', src, [axis], true)).exp();
    return e.div(reduceKernel('sum', e, [axis], true));
  });
  record({
    name: 'SoftmaxBackward0',
    inputs: [x],
    outputs: [out],
    save: [out],
    backward: softmaxBackward(axis),
  });
  return out;
}

/** x − logsumexp(x); ∂ = g − e^y·Σ g. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  const axis = normalizeDim(dim, x.ndim);
  checkSoftmaxInput(x, axis, 'log_softmax');
  const out = noGrad(() => {
    const src = x;
    const shifted = src.sub(reduceKernel('max', src, [axis], true));
    return shifted.sub(reduceKernel('sum', shifted.exp(), [axis], true).log());
  });
  record({
    name: 'LogSoftmaxBackward0',
    inputs: [x],
    outputs: [out],
    save: [out],
    backward: logSoftmaxBackward(axis),
  });
  return out;
}


/*
 * The backward rules of mean, max(dim), softmax and logSoftmax, made outside
 * the ops: a closure written inside an op shares the op's V8 scope with its
 * forward closure (`noGrad(() => … x …)`), so the node would keep the input
 * alive until the graph is freed, although these rules never read it. Each
 * factory's scope holds only the numbers its rule uses.
 */

/** mean: ∂/∂xᵢ = 1/N over the N averaged elements. */
function meanBackward(count: number, inShape: readonly number[], axes: readonly number[], keepdim: boolean): BackwardRule {
  return ([g]) => [unreduce(g!.div(count), inShape, axes, keepdim)];
}

/** max/min along a dim: the gradient goes to the index taken. */
function maxDimBackward(inShape: readonly number[], axis: number, keepdim: boolean): BackwardRule {
  return ([g], [idx]) => [indexing.scatterAdd(g!.newZeros(inShape), axis, idx!, keepdim ? g! : g!.unsqueeze(axis))];
}

/** softmax: ∂ = y·(g − Σ g·y). */
function softmaxBackward(axis: number): BackwardRule {
  return ([g], [y]) => [y!.mul(g!.sub(sum(g!.mul(y!), axis, true)))];
}

/** logSoftmax: ∂ = g − e^y·Σ g. */
function logSoftmaxBackward(axis: number): BackwardRule {
  return ([g], [y]) => [g!.sub(y!.exp().mul(sum(g!, axis, true)))];
}
