/** Gathering and scattering along a dimension, with int32 indices. */
import { formatShape, normalizeDim } from '../shape.js';
import { tensorArg } from './arguments.js';
import { Tensor } from '../tensor/tensor.js';
import { commonBackend, runBinary, runGather, runScatterAdd } from '../dispatch/kernels.js';
import { IndexError, RuntimeError, TypeError } from '../errors.js';
import { GATHER_RULE, SCATTER_ADD_RULE } from './kernel-rules.js';
import { recordRule } from './rule.js';

function checkIndex(index: Tensor, what: string): void {
  if (!(index instanceof Tensor) || (index.dtype !== 'int32' && index.dtype !== 'bool')) {
    const got = index instanceof Tensor ? index.dtype : typeof index;
    throw new TypeError(`${what}(): Expected dtype int32 for index, but got ${got}`);
  }
}

/**
 * out[i][j][k] = x[i][index[i][j][k]][k] for dim 1 (torch.gather).
 * ∂/∂x scatters the gradient back, adding where an index repeats (GATHER_RULE).
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  tensorArg('gather', 'index', 2, index);
  checkIndex(index, 'gather');
  const d = normalizeDim(dim, x.ndim);
  if (index.ndim !== x.ndim && !(x.ndim === 0 && index.ndim <= 1)) {
    throw new RuntimeError('Index tensor must have the same number of dimensions as input tensor');
  }
  index.shape.forEach((s, k) => {
    if (k !== d && s > (x.shape[k] ?? 1)) {
      throw new RuntimeError(`Size does not match at dimension ${k} expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(x.shape)} apart from dimension ${d}`);
    }
  });
  return recordRule(GATHER_RULE, [x, index], runGather(x, d, index), { inShape: x.shape, dim: d, node: 'GatherBackward0' });
}

/**
 * A copy of `x` with `src` added at the positions `index` names along `dim`
 * (torch.scatter_add): out[i][index[i][j][k]][k] += src[i][j][k] for dim 1.
 * ∂/∂x = g; ∂/∂src = g gathered at the same positions (SCATTER_ADD_RULE).
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  tensorArg('scatter_add', 'index', 2, index);
  tensorArg('scatter_add', 'src', 3, src);
  checkIndex(index, 'scatter_add');
  const d = normalizeDim(dim, x.ndim);
  commonBackend(x, index, src);
  const added = runScatterAdd(x.shape, d, index, src, x.dtype);
  const out = runBinary('add', x, added, x.dtype);
  added.dispose();
  return recordRule(SCATTER_ADD_RULE, [x, index, src], out, { dim: d });
}

/** The entries of `x` at `index` (1-D int32) along `dim`. ∂/∂x adds the gradient rows back at those indices. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  tensorArg('index_select', 'index', 2, index);
  checkIndex(index, 'index_select');
  if (index.ndim > 1) throw new IndexError('index_select(): Index is supposed to be a vector');
  const d = normalizeDim(dim, x.ndim);
  const n = index.numel();
  // As a gather whose index is broadcast over the other dimensions (a stride-0 view, no copy).
  const outShape = [...x.shape];
  if (x.ndim) outShape[d] = n;
  const idxShape = x.ndim ? x.shape.map((_, k) => (k === d ? n : 1)) : [n];
  const expanded = index.reshape(idxShape).expand(outShape);
  return recordRule(GATHER_RULE, [x, expanded], runGather(x, d, expanded), { inShape: x.shape, dim: d, node: 'IndexSelectBackward0' });
}
