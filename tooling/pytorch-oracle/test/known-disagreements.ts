/**
 * Where grad still disagrees with PyTorch, op by op: each entry names the op
 * of the fixtures, the aspects that differ and why. Every entry is asserted
 * to STILL disagree (test "known disagreements"): fixing one makes that test
 * fail until the entry is removed, so this list can only shrink honestly.
 * Anything that disagrees and is not listed here fails its own test.
 *
 * All entries are op-level (a forward formula, a gradient rule or a node
 * name in packages/core/src/ops); the autograd engine agrees everywhere.
 */
import type { Aspect } from './check-op.js';

export interface KnownDisagreement {
  op: string;
  aspects: Aspect[];
  /** Limit to one dtype when the other agrees. */
  dtype?: 'float32' | 'float64';
  reason: string;
}

/** A composite recorded as its parts: another node name, another graph, and the name shows when printed. */
const NAME: Aspect[] = ['gradFn', 'graph', 'printed'];

export const KNOWN_DISAGREEMENTS: KnownDisagreement[] = [
  { op: 'norm', aspects: NAME, reason: 'norm is LinalgVectorNormBackward0 (PyTorch 2.x); PyTorch 1.13 torch.norm: NormBackward1' },
  { op: 'norm_p1', aspects: NAME, reason: 'as norm' },
  { op: 'norm_p3_dim', aspects: NAME, reason: 'as norm' },
  { op: 'matmul', aspects: ['graph'], reason: "matmul takes PyTorch's paths (fold, transpose, expand, bmm) and names their nodes, but its folding reshapes are ViewBackward0 where 1.13 records ReshapeAliasBackward0 (see reshape)" },
  { op: 'outer', aspects: ['graph'], reason: 'outer unsqueezes its first operand (UnsqueezeBackward0); PyTorch 1.13 reshapes it (ReshapeAliasBackward0)' },
  { op: 'reshape', aspects: NAME, reason: 'reshape that can view is ViewBackward0; PyTorch 1.13: ReshapeAliasBackward0' },
  { op: 'flatten', aspects: NAME, reason: 'as reshape' },
  { op: 'reshape_noncontig', aspects: NAME, reason: 'reshape that must copy ends in ViewBackward0; PyTorch: UnsafeViewBackward0 over CloneBackward0' },
  { op: 'split_cat', aspects: ['graph'], reason: 'each piece of split/chunk has its own SplitBackward0 node (a narrow); PyTorch makes one node with one output per piece' },
  { op: 'unbind_stack', aspects: ['graph'], reason: 'each piece of unbind has its own UnbindBackward0 node (a select); PyTorch makes one node with one output per piece' },
  { op: 'flip_noncontig', aspects: NAME, reason: "flip's result is always contiguous; PyTorch keeps the input's strides, so a later contiguous() may need no copy (no CloneBackward0)" },
  { op: 'split_sizes', aspects: NAME, reason: 'split with a list of sizes is SplitBackward0; PyTorch: SplitWithSizesBackward0' },
  { op: 'zero_', aspects: NAME, reason: 'zero_ is recorded as fill_ (FillBackward0); PyTorch 1.13: ZeroBackward0' },
  { op: 'fill_', aspects: NAME, reason: 'fill_ with a number is FillBackward0; PyTorch 1.13 names the in-place variant FillBackward2' },
  { op: 'fill__tensor', aspects: NAME, reason: 'fill_ with a 0-d tensor is FillBackward1 with edges (value, self); PyTorch 1.13: FillBackward3 with (self, value)' },
  { op: 'copy_', aspects: ['graph'], reason: "copy_'s node lists its edges (src, self) and expands src first (ExpandBackward0); PyTorch's CopyBackwards: (self, src), broadcasting inside" },
  {
    op: 'view_mul_',
    aspects: ['graph'],
    reason: "an in-place op on a view records CopySlices over the base and the op's own result (MulBackward0 over SliceBackward0); PyTorch's CopySlices wraps the op, its only edge the base's history",
  },
  { op: 'maskedFill__view', aspects: ['graph'], reason: 'as view_mul_ (CopySlices over the base and MaskedFillBackward0 over SliceBackward0)' },
  { op: 'setitem_slice_index', aspects: ['graph'], reason: 'as view_mul_: x[:, [0, 2]] = v is an in-place index_put_ on the view x[:], so CopySlices lists IndexPutBackward0 over SliceBackward0 beside the base' },
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
  index_mask_then_number: 'PyTorch 1.13 applies the number to the mask\'s second dim and fails the mask check (pytorch#71673, fixed upstream by pytorch#158369); grad lets a mask consume all its dims, as NumPy and the fix',
};
