/** `x.index(indices)`: Python's `x[indices]`. */
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from './arguments.js';
import { makeView } from './movement.js';
import { applyBasic, parseIndices, type Indices } from './index-spec.js';
import { given, indexWithPlan, makePlan } from './advanced-index.js';

/** A view of all of x, as PyTorch returns for `x[...]` (AliasBackward0): a new tensor, never x itself. */
function aliasView(x: Tensor): Tensor {
  const out = makeView(x, [...x.shape], [...x._strides], x._offset);
  record({ name: 'AliasBackward0', inputs: [x], outputs: [out], backward: ([g]) => [g!] });
  return out;
}

/**
 * `x[indices]`, PyTorch's indexing. `indices` is an array of items
 * (Python's tuple `x[a, b]`) or one item (`x[a]`); an item is a number
 * (selects; negative counts from the end), `null` (None: a new dim of size
 * 1), `'...'` (Ellipsis), a `slice(start, end, step)`, a boolean, an int32
 * tensor or a nested array of integers (an index per element), or a bool
 * tensor or array (a mask over as many dims as it has: its true positions).
 *
 * With numbers, slices, `null` and `'...'` only, the result is a view
 * (SelectBackward0, SliceBackward0, UnsqueezeBackward0). With index tensors
 * it is a copy recorded as one IndexBackward0: the index tensors broadcast
 * together, and their dims replace the indexed dims where these are
 * adjacent, else go first.
 *
 * ```ts
 * const x = arange(12).reshape(3, 4);
 * x.index([tensor([0, 2], { dtype: 'int32' }), slice(1, 3)]); // x[[0, 2], 1:3]: [[1, 2], [9, 10]]
 * x.index(x.gt(9));                                        // x[x > 9]: [10, 11]
 * x.index(['...', null, -1]);                              // x[..., None, -1]: shape [3, 1]
 * ```
 */
export function index(x: Tensor, indices: Indices): Tensor {
  tensorArg('index', 'input', 1, x);
  const { items, single } = parseIndices(x, indices);
  const { sliced, advanced } = applyBasic(x, items, single);
  if (!advanced.some((t) => t !== undefined)) return sliced === x ? aliasView(x) : sliced;
  return indexWithPlan(sliced, makePlan(sliced, advanced), given(advanced));
}
