import type { Operand, StridedView } from '@grad/core';
import type { Context } from '../context.js';
import type { KernelArg } from '../device.js';
import { kernelFunction, names, numel } from '../codegen.js';
import { bufferOf, type GpujsStorage } from '../storage.js';

/** dst's dimensions as positive strides sorted outermost first, with the src stride each one pairs with. */
interface Axis {
  size: number;
  stride: number;
  srcStride: number;
}

/**
 * Writes `src` into the strided positions of `dst` in place. A texture cannot
 * be written at scattered positions, so a kernel over the whole storage
 * decides for each element whether the view covers it (inverting the view:
 * greedy division by the strides, outermost first) and takes the source
 * value or keeps the old one; the storage then swaps to the new buffer.
 *
 * The inversion is exact when the view's strides nest (each stride exceeds
 * the span of all smaller ones), which holds for every view core makes from a
 * contiguous tensor (narrow, select, permute, transpose, flip). Any other
 * layout takes the host path, honestly counted as a transfer.
 */
export function assign(ctx: Context, dst: StridedView, src: Operand): void {
  const storage = dst.storage as GpujsStorage;
  const old = bufferOf(storage);
  const count = numel(dst.shape);
  if (count === 0) return;
  let offset = dst.offset;
  let srcOffset = typeof src === 'number' ? 0 : src.offset;
  const axes: Axis[] = [];
  for (let d = 0; d < dst.shape.length; d++) {
    const size = dst.shape[d]!;
    let stride = dst.strides[d]!;
    let srcStride = typeof src === 'number' ? 0 : src.strides[d]!;
    if (size === 1) continue;
    if (stride === 0) {
      throw new Error(
        'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.',
      );
    }
    // A flipped dim walks backwards: start at its far end and walk forwards, the source in reverse.
    if (stride < 0) {
      offset += (size - 1) * stride;
      srcOffset += (size - 1) * srcStride;
      stride = -stride;
      srcStride = -srcStride;
    }
    axes.push({ size, stride, srcStride });
  }
  axes.sort((a, b) => b.stride - a.stride);
  const nests = axes.every((a, k) => a.stride > axes.slice(k + 1).reduce((span, b) => span + (b.size - 1) * b.stride, 0));
  if (!nests) {
    assignOnHost(ctx, dst, src);
    return;
  }
  const rank = axes.length;
  const args: KernelArg[] = [old, offset, ...axes.map((a) => a.size), ...axes.map((a) => a.stride)];
  if (typeof src === 'number') args.push(src);
  else args.push(bufferOf(src.storage), srcOffset, ...axes.map((a) => a.srcStride));
  const source = (): string => {
    const sizes = names('n', rank);
    const strides = names('st', rank);
    const srcStrides = names('ss', rank);
    const lines = ['var e = this.thread.x;', 'var old = dst[e];', 'var rest = e - o;', 'if (rest < 0) { return old; }'];
    for (let k = 0; k < rank; k++) {
      // floor(rest / stride), corrected by one either way for inexact GL division.
      lines.push(
        `var c${k} = Math.floor(rest / st${k});`,
        `if (c${k} * st${k} > rest) { c${k} = c${k} - 1; }`,
        `if ((c${k} + 1) * st${k} <= rest) { c${k} = c${k} + 1; }`,
        `if (c${k} >= n${k}) { return old; }`,
        `rest = rest - c${k} * st${k};`,
      );
    }
    lines.push('if (rest != 0) { return old; }');
    lines.push(
      typeof src === 'number'
        ? 'return v;'
        : `return s[${['so', ...srcStrides.map((s, k) => `c${k} * ${s}`)].join(' + ')}];`,
    );
    const params = ['dst', 'o', ...sizes, ...strides, ...(typeof src === 'number' ? ['v'] : ['s', 'so', ...srcStrides])];
    return kernelFunction(params, lines);
  };
  const kind = typeof src === 'number' ? 's' : 'v';
  const fresh = ctx.device.run(`assign|r${rank}|${kind}`, source, storage.length, args);
  ctx.device.free(old);
  storage.buffer = fresh;
}

/** The general case: read dst and src, write on the host, upload. */
function assignOnHost(ctx: Context, dst: StridedView, src: Operand): void {
  const storage = dst.storage as GpujsStorage;
  const values = Float32Array.from(ctx.device.download(bufferOf(storage), storage.length));
  const from = typeof src === 'number' ? null : ctx.device.download(bufferOf(src.storage), src.storage.length);
  const rank = dst.shape.length;
  const coord = new Array<number>(rank).fill(0);
  const count = numel(dst.shape);
  for (let n = 0; n < count; n++) {
    let at = dst.offset;
    let fromAt = typeof src === 'number' ? 0 : src.offset;
    for (let d = 0; d < rank; d++) {
      at += coord[d]! * dst.strides[d]!;
      if (typeof src !== 'number') fromAt += coord[d]! * src.strides[d]!;
    }
    values[at] = from === null ? (src as number) : from[fromAt]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++coord[d]! < dst.shape[d]!) break;
      coord[d] = 0;
    }
  }
  const fresh = ctx.device.upload(values);
  ctx.device.free(bufferOf(storage));
  storage.buffer = fresh;
}
