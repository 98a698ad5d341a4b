import type { ArgReduceOp, ReduceOp, Storage, StridedView } from '@grad/core';
import type { Context } from '../context.js';
import { CHUNK, chunkLoop, chunkPrelude, chunks, coalesce, dot, kernelFunction, names, numel, splitIndex } from '../codegen.js';
import { bufferOf } from '../storage.js';

// The value an empty reduction gives (torch.sum of nothing is 0, prod is 1).
// The largest finite float32, (2 − 2⁻²³)·2¹²⁷.
const FLOAT32_MAX = 3.4028234663852886e38;

const identity: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };

// Loop bodies over the loaded value `v` into `acc`. The sum is Kahan-
// compensated: a float32 running sum of 30,000 values drifts by 2e-4
// relative, where the CPU backend sums exactly. Mesa's GLSL compiler
// re-associates (t - s) - y to zero and silently drops the compensation; the
// product with the uniform `one` (always 1) is opaque to it, which keeps it.
// Once the running sum is ±∞ (an infinite value, or float32 overflow, as
// PyTorch's float32 sum overflows) the compensation would be ∞ - ∞ = NaN
// and turn Σ[∞, 1] into NaN: it is kept only while the sum is finite (the
// uniform `fmax` is float32's largest value, again opaque to the compiler).
const step: Record<ReduceOp, string> = {
  sum: 'var y = v - comp;\nvar s = (acc + y) * one;\ncomp = 0;\nif (Math.abs(s) <= fmax) { comp = (s - acc) - y; }\nacc = s;',
  prod: 'acc = acc * v;',
  // `v != v` lets a NaN in, and nothing compares greater than NaN afterwards: NaN propagates as in PyTorch.
  max: 'if (v > acc || v != v) { acc = v; }',
  min: 'if (v < acc || v != v) { acc = v; }',
};

/**
 * Reduces `axes` of `x`. Core's layout lets the backend reorder axes freely,
 * so the kept axes become the output index and the reduced ones one flat
 * loop (each group coalesced on its own: a contiguous inner reduction is one
 * stride). One thread per output element and chunk of the loop; more than
 * one chunk leaves partials that a second pass reduces.
 */
export function reduce(ctx: Context, op: ReduceOp, x: StridedView, axes: readonly number[]): Storage {
  const keptAxes = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const kept = coalesce(keptAxes.map((d) => x.shape[d]!), [keptAxes.map((d) => x.strides[d]!)]);
  const red = coalesce(axes.map((d) => x.shape[d]!), [axes.map((d) => x.strides[d]!)]);
  const outLength = numel(kept.shape);
  const count = numel(red.shape);
  const dtype = x.storage.dtype;
  if (count === 0 || outLength === 0) return ctx.fill(outLength, identity[op], dtype);
  const k = kept.shape.length;
  const m = red.shape.length;
  const nch = chunks(count);
  const args = [...kept.shape, ...red.shape, count, nch, bufferOf(x.storage), x.offset, ...kept.strides[0]!, ...red.strides[0]!, 1, FLOAT32_MAX];
  const source = (): string => {
    const keptStrides = names('xs', k);
    const redStrides = names('xr', m);
    return kernelFunction(
      [...names('sh', k), ...names('rs', m), 'n', 'nch', 'x', 'xo', ...keptStrides, ...redStrides, 'one', 'fmax'],
      [
        ...chunkPrelude(),
        splitIndex('i', k, 'sh', 'c'),
        `var base = ${dot('xo', names('c', k), keptStrides)};`,
        // max/min start from the reduction's first element: it belongs to the final answer of every chunk.
        `var acc = ${op === 'sum' ? '0' : op === 'prod' ? '1' : 'x[base]'};`,
        'var comp = 0;',
        ...chunkLoop('j', 'n', [
          splitIndex('j', m, 'rs', 'd').replace(/\n {2}/g, '\n'),
          `var v = x[${dot('base', names('d', m), redStrides)}];`,
          step[op],
        ]),
        'return acc;',
      ],
    );
  };
  const partial = ctx.run(dtype, `reduce:${op}|k${k}|m${m}`, source, outLength * nch, args);
  if (nch === 1) return partial;
  const total = reduce(ctx, op, { storage: partial, shape: [outLength, nch], strides: [nch, 1], offset: 0 }, [1]);
  ctx.release(partial);
  return total;
}

/**
 * Index of the max/min along `axis`; the first occurrence wins (strict
 * comparison, chunks combined in order), and a NaN counts as the extreme, as
 * PyTorch's argmax does.
 */
export function argReduce(ctx: Context, op: ArgReduceOp, x: StridedView, axis: number): Storage {
  const keptAxes = x.shape.map((_, d) => d).filter((d) => d !== axis);
  const kept = coalesce(keptAxes.map((d) => x.shape[d]!), [keptAxes.map((d) => x.strides[d]!)]);
  const outLength = numel(kept.shape);
  const n = x.shape[axis]!;
  if (n === 0 && outLength > 0) {
    throw new RangeError(`${op}(): Expected reduction dim ${axis} to have non-zero size.`);
  }
  if (outLength === 0) return ctx.fill(0, 0, 'int32');
  const k = kept.shape.length;
  const better = op === 'argmax' ? '>' : '<';
  const nch = chunks(n);
  const keptStrides = names('xs', k);
  const head = [splitIndex('i', k, 'sh', 'c'), `var base = ${dot('xo', names('c', k), keptStrides)};`];
  const compare = `if (best == best && (v ${better} best || v != v)) { best = v; at = j; }`;
  const args = [...kept.shape, n, nch, bufferOf(x.storage), x.offset, ...kept.strides[0]!, x.strides[axis]!];
  const params = [...names('sh', k), 'n', 'nch', 'x', 'xo', ...keptStrides, 'xa'];
  // Pass 1: the best index within each chunk.
  const source = (): string =>
    kernelFunction(params, [
      ...chunkPrelude(),
      ...head,
      `var at = ch * ${CHUNK};`,
      'var best = x[base + at * xa];',
      ...chunkLoop('j', 'n', ['var v = x[base + j * xa];', compare]),
      'return at;',
    ]);
  const partial = ctx.run('int32', `${op}|k${k}`, source, outLength * nch, args);
  if (nch === 1) return partial;
  // Pass 2: the best of the chunks' winners, earliest chunk first.
  const merge = (): string =>
    kernelFunction(
      [...params, 'p'],
      [
        'var i = this.thread.x;',
        ...head,
        'var at = p[i * nch];',
        'var best = x[base + at * xa];',
        'for (var q = 1; q < nch; q++) {',
        '  var j = p[i * nch + q];',
        '  var v = x[base + j * xa];',
        `  ${compare}`,
        '}',
        'return at;',
      ],
    );
  const result = ctx.run('int32', `${op}:merge|k${k}`, merge, outLength, [...args, bufferOf(partial)]);
  ctx.release(partial);
  return result;
}
