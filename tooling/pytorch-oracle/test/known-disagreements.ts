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
  { op: 'crossEntropy_smoothing', aspects: ['graph'], reason: 'the smoothing term is built from other nodes than PyTorch (MulBackward0/SumBackward0 vs MulBackward1/SumBackward1 of its composite)' },
  { op: 'crossEntropy_weight_smoothing', aspects: ['graph'], reason: 'as crossEntropy_smoothing' },
  { op: 'leakyRelu', aspects: NAME, reason: 'leakyRelu is where/mul; PyTorch: LeakyReluBackward0' },
  { op: 'leakyRelu_0.2', aspects: NAME, reason: 'as leakyRelu' },
  { op: 'softplus', aspects: NAME, reason: 'softplus is a composite; PyTorch: SoftplusBackward0' },
  { op: 'softplus_beta2_th1', aspects: NAME, reason: 'as softplus' },
  { op: 'silu', aspects: NAME, reason: 'silu is x·sigmoid(x); PyTorch: SiluBackward0' },
  { op: 'maskedFill', aspects: NAME, reason: 'maskedFill is where; PyTorch: MaskedFillBackward0' },
  { op: 'rdiv_scalar', aspects: NAME, reason: '2 / x is DivBackward0; PyTorch 1.13 records reciprocal then mul (MulBackward0 over ReciprocalBackward0)' },
  { op: 'huberLoss', aspects: NAME, reason: 'huberLoss is a composite; PyTorch: HuberLossBackward0' },
  { op: 'huberLoss_delta', aspects: NAME, reason: 'as huberLoss' },
  { op: 'binaryCrossEntropyWithLogits', aspects: NAME, reason: 'a composite; PyTorch: BinaryCrossEntropyWithLogitsBackward0' },
  { op: 'binaryCrossEntropyWithLogits_posWeight', aspects: NAME, reason: 'as binaryCrossEntropyWithLogits' },
  { op: 'norm', aspects: NAME, reason: 'norm is LinalgVectorNormBackward0 (PyTorch 2.x); PyTorch 1.13 torch.norm: NormBackward1' },
  { op: 'norm_p1', aspects: NAME, reason: 'as norm' },
  { op: 'norm_p3_dim', aspects: NAME, reason: 'as norm' },
  { op: 'matmul', aspects: NAME, reason: 'matmul of 1-D or batched operands is one MatmulBackward0; PyTorch records its shape cases (SqueezeBackward3 over MmBackward0, UnsafeViewBackward0, …)' },
  { op: 'outer', aspects: ['graph'], reason: 'outer unsqueezes its first operand (UnsqueezeBackward0); PyTorch 1.13 reshapes it (ReshapeAliasBackward0)' },
  { op: 'reshape', aspects: NAME, reason: 'reshape that can view is ViewBackward0; PyTorch 1.13: ReshapeAliasBackward0' },
  { op: 'flatten', aspects: NAME, reason: 'as reshape' },
  { op: 'reshape_noncontig', aspects: NAME, reason: 'reshape that must copy ends in ViewBackward0; PyTorch: UnsafeViewBackward0 over CloneBackward0' },
  { op: 'slice_step', aspects: ['graph'], reason: 'x[:, 0:4:2] is one SliceBackward0; PyTorch indexing also slices dim 0 (SliceBackward0 over SliceBackward0)' },
  { op: 'maskedFill_', aspects: NAME, reason: 'maskedFill_ is where (WhereBackward0); PyTorch: MaskedFillBackward0' },
  { op: 'prod_with_zero', aspects: ['gradPrinted'], reason: 'the zero derivatives are -0 (a product by 0 of negative values)' },
  {
    op: 'prod_with_zero',
    aspects: ['gradRequiresGrad'],
    reason: 'with two zeros every derivative is 0: PyTorch 1.13 returns constant zeros, grad keeps a graph',
  },
  {
    op: 'leakyRelu',
    aspects: ['gradRequiresGrad'],
    reason:
      "leakyRelu's gradient is built with a non-differentiable mask (where on gt), so under createGraph it does not require grad; PyTorch's leaky_relu_backward is differentiable in self (zero derivative)",
  },
  { op: 'leakyRelu_0.2', aspects: ['gradRequiresGrad'], reason: 'as leakyRelu' },
  { op: 'nllLoss', aspects: ['gradRequiresGrad'], reason: "nll_loss_backward is differentiable in self in PyTorch (zero derivative); grad's rule does not use the input" },
  { op: 'nllLoss_weight', aspects: ['gradRequiresGrad'], reason: 'as nllLoss' },
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
  matmul_shapes: "matmul of 2-D by 1-D reports mm's shapes ('mat1 and mat2 shapes cannot be multiplied (2x3 and 4x1)'); PyTorch: 'size mismatch, got 2, 2x3,4'",
  mse_shapes: "mseLoss refuses targets of another shape with its own text; PyTorch warns, then fails broadcasting ('The size of tensor a (3) must match …')",
  softmax_int: 'softmax of an int32 tensor is accepted (promoted to float); PyTorch refuses integer inputs',
};
