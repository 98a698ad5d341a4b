import type { Storage, StridedView } from '@grad/core';
import type { Context } from '../context.js';
import { kernelFunction, splitIndex } from '../codegen.js';
import { bufferOf } from '../storage.js';

/**
 * Batched matrix product [B, M, K] × [B, K, N] → [B, M, N], one thread per
 * output element walking K. Both inputs are read through their strides, so a
 * transposed operand (every `t()` in a backward pass) costs no copy, and a
 * broadcast batch is stride 0.
 */
export function matmul(ctx: Context, a: StridedView, b: StridedView): Storage {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const dtype = a.storage.dtype;
  const length = B * M * N;
  // An empty inner dimension sums nothing: zeros, as torch.mm gives.
  if (K === 0 || length === 0) return ctx.fill(length, 0, dtype);
  const args = [M, N, K, bufferOf(a.storage), a.offset, ...a.strides, bufferOf(b.storage), b.offset, ...b.strides];
  const source = (): string =>
    kernelFunction(
      ['sh1', 'sh2', 'kk', 'a', 'ao', 'as0', 'as1', 'as2', 'b', 'bo', 'bs0', 'bs1', 'bs2'],
      [
        'var i = this.thread.x;',
        splitIndex('i', 3, 'sh', 'c'),
        'var pa = ao + c0 * as0 + c1 * as1;',
        'var pb = bo + c0 * bs0 + c2 * bs2;',
        'var s = 0;',
        'for (var k = 0; k < kk; k++) {',
        '  s = s + a[pa + k * as2] * b[pb + k * bs1];',
        '}',
        'return s;',
      ],
    );
  return ctx.run(dtype, 'matmul', source, length, args);
}
