import type { Storage, StridedView } from '@grad/core';
import type { Context } from '../context.js';
import { chunkLoop, chunkPrelude, chunks, dot, kernelFunction, names, numel, splitIndex } from '../codegen.js';
import { reduce } from './reduce.js';
import { bufferOf } from '../storage.js';

/**
 * torch.gather: out[c] = x[c with c[dim] replaced by index[c]], output shaped
 * like `index`. Indices are not range-checked on the device (a kernel cannot
 * throw); an out-of-range index reads an unspecified element.
 */
export function gather(ctx: Context, x: StridedView, dim: number, index: StridedView): Storage {
  const rank = index.shape.length;
  const length = numel(index.shape);
  const args = [...index.shape, bufferOf(x.storage), x.offset, ...x.strides, bufferOf(index.storage), index.offset, ...index.strides];
  const source = (): string => {
    const coords = names('c', rank);
    const xs = names('xs', rank);
    const is = names('is', rank);
    const picked = coords.map((c, d) => (d === dim ? 't' : c));
    return kernelFunction(
      [...names('sh', rank), 'x', 'xo', ...xs, 'ix', 'io', ...is],
      [
        'var i = this.thread.x;',
        splitIndex('i', rank, 'sh', 'c'),
        `var t = ix[${dot('io', coords, is)}];`,
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
 * summing in a fixed order keeps the result deterministic.
 */
export function scatterAdd(ctx: Context, shape: readonly number[], dim: number, index: StridedView, src: StridedView): Storage {
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
