/**
 * One-input elementwise ops and their gradients, side by side.
 * Each rule states the derivative it implements.
 */
import type { UnaryOp } from '../backend/backend.js';
import { UNARY_RULES, type UnaryRule } from './unary-rules.js';
import { isFloatingPoint } from '../dtype.js';
import { record } from '../autograd/record.js';
import { floatOnly, tensorArg } from './arguments.js';
import { Tensor } from '../tensor/tensor.js';
import { asTensor, runBinary, runUnary } from '../dispatch/kernels.js';
import * as binary from './binary.js';
import * as compare from './compare.js';
import { TypeError } from '../errors.js';

/**
 * `op(x)` for any unary primitive: the kernel through dispatch, then the
 * node its rule describes. The only place a unary primitive is recorded.
 */
export function unaryOp(op: UnaryOp, x: Tensor): Tensor {
  const rule: UnaryRule = UNARY_RULES[op];
  if (rule.refuseBool && x.dtype === 'bool') throw new TypeError(rule.refuseBool);
  let src = x;
  if (rule.castTo) src = x.dtype === rule.castTo ? x : x.to(rule.castTo);
  else if (!isFloatingPoint(x.dtype) && rule.integers === 'identity') return x.clone();
  else if (!isFloatingPoint(x.dtype) && rule.integers === 'toFloat') src = x.to('float32');
  else if (rule.integers === 'refuse') floatOnly(`${op}_cpu`, x);
  const out = runUnary(op, src);
  const grad = rule.grad;
  if (grad !== null && rule.node !== null) {
    const save = rule.saves === 'input' ? [x] : rule.saves === 'output' ? [out] : [];
    // The rule's derivative is the node's call data: one backward function for every unary node, no closure per call.
    record({ name: rule.node, inputs: [x], outputs: [out], save, backward: unaryBackward, ctx: grad });
  }
  return out;
}

/** The backward of every unary primitive's node: its rule's derivative (the node's call data) at the saved tensor. */
function unaryBackward([g]: Tensor[], saved: Tensor[], _needs: readonly boolean[], ctx: unknown): Array<Tensor | null> {
  const grad = ctx as (g: Tensor, saved: Tensor) => Tensor;
  return [grad(g!, saved[0] ?? g!)];
}

/** Every unary primitive as a function of a tensor (or a number, made a float32 0-d tensor): `exp(x)` is `x.exp()`. */
export type UnaryFunctions = { readonly [P in UnaryOp]: (x: Tensor | number) => Tensor };

/** @internal The function form of a unary primitive. */
export function unaryFunction<P extends UnaryOp>(op: P): (x: Tensor | number) => Tensor {
  return (x) => unaryOp(op, x instanceof Tensor ? x : typeof x === 'number' ? asTensor(x, null, 'float32') : tensorArg(op, 'input', 1, x));
}

export const neg = (x: Tensor): Tensor => unaryOp('neg', x);
export const exp = (x: Tensor): Tensor => unaryOp('exp', x);
export const log = (x: Tensor): Tensor => unaryOp('log', x);
export const sqrt = (x: Tensor): Tensor => unaryOp('sqrt', x);
export const sigmoid = (x: Tensor): Tensor => unaryOp('sigmoid', x);
export const tanh = (x: Tensor): Tensor => unaryOp('tanh', x);
export const floor = (x: Tensor): Tensor => unaryOp('floor', x);

/** max(x, 0); d/dx = 1 where the output is positive, else 0 (0 at x = 0, as PyTorch). Not a kernel (a `maximum` with 0), but PyTorch gives it a node of its own. */
export function relu(x: Tensor): Tensor {
  const out = runBinary('maximum', x, 0, x.dtype);
  // PyTorch's threshold_backward: g where y > 0, else +0 (a masked write, not g·mask, which is −0 where g < 0).
  // The +0 is y·0 rather than a constant so that, under createGraph, the gradient depends on y with derivative
  // 0, as threshold_backward does: a second derivative through relu is zeros, not an error.
  record({ name: 'ReluBackward0', inputs: [x], outputs: [out], save: [out], backward: ([g], [y]) => [binary.where(compare.gt(y!, 0), g!, y!.mul(0))] });
  return out;
}

/** ln(1+x), the accurate kernel (torch.log1p). */
export const log1p = (x: Tensor): Tensor => unaryOp('log1p', x);
