import type { Storage, StridedView } from '@grad/core';
import type { Context } from '../context.js';
import { chunkLoop, chunkPrelude, chunks, kernelFunction, splitIndex } from '../codegen.js';
import { bufferOf } from '../storage.js';
import { reduce } from './reduce.js';

/**
 * Batched matrix product [B, M, K] × [B, K, N] → [B, M, N], one thread per
 * output element walking K. Both inputs are read through their strides, so a
 * transposed operand (every `t()` in a backward pass) costs no copy, and a
 * broadcast batch is stride 0. A K longer than one chunk is split (see
 * codegen.ts) and the partial products summed by `reduce`.
 */
export function matmul(ctx: Context, a: StridedView, b: StridedView): Storage {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const dtype = a.storage.dtype;
  const length = B * M * N;
  // An empty inner dimension sums nothing: zeros, as torch.mm gives.
  if (K === 0 || length === 0) return ctx.fill(length, 0, dtype);
  const nch = chunks(K);
  const args = [M, N, K, nch, bufferOf(a.storage), a.offset, ...a.strides, bufferOf(b.storage), b.offset, ...b.strides];
  const source = (): string =>
    kernelFunction(
      ['sh1', 'sh2', 'kk', 'nch', 'a', 'ao', 'as0', 'as1', 'as2', 'b', 'bo', 'bs0', 'bs1', 'bs2'],
      [
        ...chunkPrelude(),
        splitIndex('i', 3, 'sh', 'c'),
        'var pa = ao + c0 * as0 + c1 * as1;',
        'var pb = bo + c0 * bs0 + c2 * bs2;',
        'var s = 0;',
        ...chunkLoop('k', 'kk', ['s = s + a[pa + k * as2] * b[pb + k * bs1];']),
        'return s;',
      ],
    );
  const partial = ctx.run(dtype, 'matmul', source, length * nch, args);
  if (nch === 1) return partial;
  const total = reduce(ctx, 'sum', { storage: partial, shape: [length, nch], strides: [nch, 1], offset: 0 }, [1]);
  ctx.release(partial);
  return total;
}
