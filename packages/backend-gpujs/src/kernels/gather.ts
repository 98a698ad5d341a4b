import type { Storage, StridedView } from '@grad/core';
import type { Context } from '../context.js';
import { chunkLoop, chunkPrelude, chunks, dot, kernelFunction, names, numel, splitIndex } from '../codegen.js';
import { reduce } from './reduce.js';
import { bufferOf } from '../storage.js';

/**
 * torch.gather: out[c] = x[c with c[dim] replaced by index[c]], output shaped
 * like `index`. Indices are range-checked on the device (see checks.ts); a
 * bad one reads 0 here and throws the CPU's error, now or at the next read.
 */
export function gather(ctx: Context, x: StridedView, dim: number, index: StridedView): Storage {
  const size = x.shape[dim] ?? 1;
  ctx.checks.check('gather', index, dim, size);
  const rank = index.shape.length;
  const length = numel(index.shape);
  // A 0-d x (gathered by a 0-d or 1-d index) has no strides: every position reads its one element.
  const xStrides = index.shape.map((_, d) => x.strides[d] ?? 0);
  const args = [...index.shape, size, bufferOf(x.storage), x.offset, ...xStrides, bufferOf(index.storage), index.offset, ...index.strides];
  const source = (): string => {
    const coords = names('c', rank);
    const xs = names('xs', rank);
    const is = names('is', rank);
    const picked = coords.map((c, d) => (d === dim ? 't' : c));
    return kernelFunction(
      [...names('sh', rank), 'size', 'x', 'xo', ...xs, 'ix', 'io', ...is],
      [
        'var i = this.thread.x;',
        splitIndex('i', rank, 'sh', 'c'),
        `var t = ix[${dot('io', coords, is)}];`,
        'if (t < 0 || t >= size) { return 0; }',
        `return x[${dot('xo', picked, xs)}];`,
      ],
    );
  };
  return ctx.run(x.storage.dtype, `gather|r${rank}|d${dim}`, source, length, args);
}

/**
 * torch.scatter_add into zeros(shape): out[c] = Σ_j src[c, j at dim] over the
 * j whose index equals c[dim]. Written gather-style (each output element
 * scans its line of `index`) because a fragment shader cannot scatter, and
 * summing in a fixed order keeps the result deterministic. Indices are
 * range-checked on the device as in {@link gather}; a bad one adds nowhere.
 */
export function scatterAdd(ctx: Context, shape: readonly number[], dim: number, index: StridedView, src: StridedView): Storage {
  ctx.checks.check('scatterAdd', index, dim, shape[dim] ?? 1);
  const rank = shape.length;
  const length = numel(shape);
  if (length === 0 || numel(index.shape) === 0) return ctx.fill(length, 0, src.storage.dtype);
  const nch = chunks(index.shape[dim]!);
  const args = [
    nch,
    ...shape,
    ...index.shape,
    bufferOf(src.storage),
    src.offset,
    ...src.strides,
    bufferOf(index.storage),
    index.offset,
    ...index.strides,
  ];
  const source = (): string => {
    const coords = names('c', rank);
    const ish = names('ish', rank);
    const ss = names('ss', rank);
    const is = names('is', rank);
    const walk = coords.map((c, d) => (d === dim ? 'j' : c));
    // Output positions outside index's extent in another dim receive nothing.
    const outside = coords.filter((_, d) => d !== dim).map((c) => `${c} >= ish${coords.indexOf(c)}`);
    return kernelFunction(
      ['nch', ...names('sh', rank), ...ish, 's', 'so', ...ss, 'ix', 'io', ...is],
      [
        ...chunkPrelude(),
        splitIndex('i', rank, 'sh', 'c'),
        outside.length > 0 ? `if (${outside.join(' || ')}) { return 0; }` : '',
        'var acc = 0;',
        ...chunkLoop('j', `ish${dim}`, [
          `var t = ix[${dot('io', walk, is)}];`,
          `if (t == c${dim}) { acc = acc + s[${dot('so', walk, ss)}]; }`,
        ]),
        'return acc;',
      ],
    );
  };
  const partial = ctx.run(src.storage.dtype, `scatterAdd|r${rank}|d${dim}`, source, length * nch, args);
  if (nch === 1) return partial;
  const total = reduce(ctx, 'sum', { storage: partial, shape: [length, nch], strides: [nch, 1], offset: 0 }, [1]);
  ctx.release(partial);
  return total;
}
