/** Comparisons and logical ops. Their results are bool and never recorded (no gradient). */
import type { CompareOp } from '../backend/backend.js';
import { resultType } from '../dtype.js';
import { normalizeDims, shapesEqual } from '../shape.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import { asTensor, runCompare, runReduce } from '../dispatch/kernels.js';
import { checkOptions } from '../options.js';
import { operandArg, tensorArg } from './arguments.js';
import { unaryOp } from './unary.js';

type Arg = Tensor | number;

function comparison(op: CompareOp, a: Arg, b: Arg): Tensor {
  operandArg(op, 'input', 0, a);
  operandArg(op, 'other', 1, b);
  return runCompare(op, a, b, resultType(a, b));
}

export const eq = (a: Arg, b: Arg): Tensor => comparison('eq', a, b);
export const ne = (a: Arg, b: Arg): Tensor => comparison('ne', a, b);
export const lt = (a: Arg, b: Arg): Tensor => comparison('lt', a, b);
export const le = (a: Arg, b: Arg): Tensor => comparison('le', a, b);
export const gt = (a: Arg, b: Arg): Tensor => comparison('gt', a, b);
export const ge = (a: Arg, b: Arg): Tensor => comparison('ge', a, b);

export function logicalNot(x: Tensor): Tensor {
  return unaryOp('logicalNot', x);
}

/** a AND b for anything truthy (nonzero). */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  return ne(noGrad(() => a.to('bool').to('int32').mul(b.to('bool').to('int32'))), 0);
}

/** a OR b for anything truthy (nonzero). */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  return ne(noGrad(() => a.to('bool').to('int32').add(b.to('bool').to('int32'))), 0);
}

function boolReduce(x: Tensor, op: 'min' | 'max', dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  const axes = normalizeDims(dim, x.ndim);
  const asBool = x.dtype === 'bool' ? x : x.to('bool');
  if (axes.length === 0 || x.numel() === 0) {
    if (x.numel() === 0) {
      const shape = x.shape.filter((_, i) => !axes.includes(i) || keepdim).map((d, i) => (axes.includes(i) ? 1 : d));
      return x.newFull(keepdim ? shape : x.shape.filter((_, i) => !axes.includes(i)), op === 'min' ? 1 : 0, 'bool');
    }
    return asBool.clone();
  }
  const out = runReduce(op, asBool, axes, 'bool');
  return keepdim ? out.reshape(x.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : out;
}

/** Whether every element is nonzero (over all, or along `dim`). */
export function all(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return boolReduce(x, 'min', dim, keepdim);
}

/** Whether any element is nonzero. */
export function any(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return boolReduce(x, 'max', dim, keepdim);
}

/** |a − b| ≤ atol + rtol·|b| everywhere (torch.allclose). Reads one value back to the host. */
export function allclose(a: Tensor, b: Tensor | number, options: { rtol?: number; atol?: number; equalNan?: boolean } = {}): boolean {
  checkOptions('allclose', options, ['rtol', 'atol', 'equalNan']);
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options;
  return noGrad(() => {
    const bt = b;
    const diff = a.sub(bt).abs();
    const tol = (bt instanceof Tensor ? bt.abs().mul(rtol) : asTensor(Math.abs(bt) * rtol, a, 'float32')).add(atol);
    let ok = logicalOr(le(diff, tol), eq(a, bt));
    if (equalNan) ok = logicalOr(ok, logicalAnd(ne(a, a), bt instanceof Tensor ? ne(bt, bt) : a.newFull(a.shape, Number.isNaN(bt) ? 1 : 0, 'bool')));
    return all(ok).item() !== 0;
  });
}

/** Same shape and identical values (torch.equal). */
export function equal(a: Tensor, b: Tensor): boolean {
  tensorArg('equal', 'input', 0, a);
  tensorArg('equal', 'other', 1, b);
  if (!shapesEqual(a.shape, b.shape)) return false;
  return all(eq(a, b)).item() !== 0;
}

