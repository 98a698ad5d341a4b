/**
 * Where grad still disagrees with PyTorch, op by op: each entry names the op
 * of the fixtures, the aspects that differ and why. Every entry is asserted
 * to STILL disagree (test "known disagreements"): fixing one makes that test
 * fail until the entry is removed, so this list can only shrink honestly.
 * Anything that disagrees and is not listed here fails its own test.
 *
 * What is left is node names only, where grad uses PyTorch 2.x's name and
 * the fixtures come from 1.13: reshape's view (ViewBackward0, 1.13's
 * ReshapeAliasBackward0, also inside matmul, outer and flatten) and norm
 * (LinalgVectorNormBackward0, 1.13's NormBackward1). Values, gradients,
 * second derivatives and the engine agree everywhere.
 */
import type { Aspect } from './check-op.js';

export interface KnownDisagreement {
  op: string;
  aspects: Aspect[];
  /** Limit to one dtype when the other agrees. */
  dtype?: 'float32' | 'float64';
  reason: string;
}

/** Another node name: it differs in the graph too, and shows when printed. */
const NAME: Aspect[] = ['gradFn', 'graph', 'printed'];

export const KNOWN_DISAGREEMENTS: KnownDisagreement[] = [
  { op: 'norm', aspects: NAME, reason: 'norm is LinalgVectorNormBackward0 (PyTorch 2.x); PyTorch 1.13 torch.norm: NormBackward1' },
  { op: 'norm_p1', aspects: NAME, reason: 'as norm' },
  { op: 'norm_p3_dim', aspects: NAME, reason: 'as norm' },
  { op: 'matmul', aspects: ['graph'], reason: "matmul takes PyTorch's paths (fold, transpose, expand, bmm) and names their nodes, but its folding reshapes are ViewBackward0 where 1.13 records ReshapeAliasBackward0 (see reshape)" },
  { op: 'outer', aspects: ['graph'], reason: 'outer reshapes its first operand into a column, a view: ViewBackward0 where 1.13 records ReshapeAliasBackward0 (see reshape)' },
  { op: 'reshape', aspects: NAME, reason: 'reshape that can view is ViewBackward0; PyTorch 1.13: ReshapeAliasBackward0' },
  { op: 'flatten', aspects: NAME, reason: 'as reshape' },
];

/** The entries that cover (op, aspect, dtype). */
export function knownFor(op: string, aspect: Aspect, dtype: 'float32' | 'float64'): KnownDisagreement | undefined {
  return KNOWN_DISAGREEMENTS.find((k) => k.op === op && k.aspects.includes(aspect) && (k.dtype === undefined || k.dtype === dtype));
}

/** Error texts that still differ from PyTorch's, by case of fixtures/errors.json, with the reason. */
export const KNOWN_ERROR_DISAGREEMENTS: Record<string, string> = {
  int_requires_grad: "API.md pins PyTorch 2.x's text, 'Only Tensors of floating point dtype …' (1.13 writes 'only')",
  gather_index_dtype: "int32 plays int64's part (no int64 dtype), and grad adds the dtype it got",
  item_many: "item() says 'a Tensor with 3 elements cannot be converted to Scalar' (PyTorch 2.x's text); 1.13: 'only one element tensors can be converted to Python scalars'",
  mse_shapes: "mseLoss refuses targets of another shape with its own text; PyTorch warns, then fails broadcasting ('The size of tensor a (3) must match …')",
  no_grad_view_of_view_inplace: "PyTorch 1.13 fails an internal assert here (!grad_fn, variable.cpp:792), a bug; grad refuses as for the no-grad view itself (the restriction passes to views of it, PyTorch's propagate_creation_meta)",
  index_mask_then_number: 'PyTorch 1.13 applies the number to the mask\'s second dim and fails the mask check (pytorch#71673, fixed upstream by pytorch#158369); grad lets a mask consume all its dims, as NumPy and the fix',
};
