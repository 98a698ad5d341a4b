import type { DType, Operand, Storage } from '@grad/core';
import type { Context } from '../context.js';
import type { KernelArg } from '../device.js';
import { coalesce, dot, kernelFunction, names, numel, splitIndex } from '../codegen.js';
import { bufferOf } from '../storage.js';
import type { Body } from './ops.js';

/**
 * The one template behind every elementwise kernel (unary, binary, compare,
 * where, cast, contiguous): split the output index into coordinates, load
 * each operand through its own strides (a number operand is a uniform), run
 * the op's body. The compiled kernel is cached per (op, rank, operand kinds);
 * shapes, strides and offsets are uniforms.
 */
export function elementwise(
  ctx: Context,
  op: string,
  body: Body,
  operands: readonly Operand[],
  shape: readonly number[],
  dtype: DType,
): Storage {
  const length = numel(shape);
  if (length === 0) return ctx.run(dtype, op, () => '', 0, []);
  const views = operands.filter((o) => typeof o !== 'number');
  const merged = coalesce(
    shape,
    views.map((v) => v.strides),
  );
  const rank = merged.shape.length;
  const kinds = operands.map((o) => (typeof o === 'number' ? 's' : 'v')).join('');
  const args: KernelArg[] = [...merged.shape];
  let view = 0;
  for (const o of operands) {
    if (typeof o === 'number') {
      args.push(o);
    } else {
      args.push(bufferOf(o.storage), o.offset, ...merged.strides[view++]!);
    }
  }
  const source = (): string => {
    const params = names('sh', rank);
    const loads: string[] = [];
    operands.forEach((o, k) => {
      if (typeof o === 'number') {
        params.push(`x${k}`);
        loads.push(`var v${k} = x${k};`);
      } else {
        const strides = names(`x${k}s`, rank);
        params.push(`x${k}`, `x${k}o`, ...strides);
        loads.push(`var v${k} = x${k}[${dot(`x${k}o`, names('c', rank), strides)}];`);
      }
    });
    return kernelFunction(params, [
      'var i = this.thread.x;',
      splitIndex('i', rank, 'sh', 'c'),
      ...loads,
      body(operands.map((_, k) => `v${k}`)),
    ]);
  };
  return ctx.run(dtype, `${op}|r${rank}|${kinds}`, source, length, args);
}
