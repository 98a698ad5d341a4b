/** The misuse cases of generator/errors.py, done in grad (same ids). Each must throw. */
import { autograd, binaryCrossEntropyWithLogits, cat, crossEntropy, huberLoss, mseLoss, nllLoss, noGrad, ones, slice, softmax, stack, tensor, type Tensor } from '@grad/core';

const leaf = (): Tensor => tensor([1, 2, 3], { requiresGrad: true });

export const ERROR_CASES: Record<string, () => unknown> = {
  backward_twice: () => {
    const x = leaf();
    const y = x.mul(x).sum();
    y.backward();
    y.backward();
  },
  non_scalar_backward: () => leaf().mul(2).backward(),
  no_grad_backward: () => tensor([1]).sum().backward(),
  leaf_inplace: () => leaf().add_(1),
  view_of_leaf_inplace: () => leaf().slice(0, 0, 2).mul_(2),
  int_requires_grad: () => tensor([1, 2], { dtype: 'int32' }).requiresGrad_(),
  nonleaf_requires_grad_false: () => leaf().mul(2).requiresGrad_(false),
  modified_inplace: () => {
    const x = leaf();
    const y = x.mul(1);
    const z = y.pow(2);
    y.add_(1);
    z.sum().backward();
  },
  grad_unused: () => {
    const x = leaf();
    const y = leaf();
    autograd.grad(x.sum(), [x, y]);
  },
  grad_not_requires: () => autograd.grad(leaf().sum(), [tensor([1])]),
  grad_shape_mismatch: () => {
    const x = leaf();
    autograd.grad(x.mul(2), [x], { gradOutputs: [ones(2)] });
  },
  retain_grad_no_grad: () => tensor([1]).retainGrad(),
  hook_no_grad: () => tensor([1]).registerHook((g) => g),
  hook_changes_size: () => {
    const x = leaf();
    x.registerHook((g) => g.sum());
    x.mul(2).sum().backward();
  },
  numpy_requires_grad: () => leaf().numpy(),
  item_many: () => leaf().item(),
  add_shapes: () => ones(2, 3).add(ones(4)),
  mm_shapes: () => ones(2, 3).mm(ones(2, 3)),
  matmul_shapes: () => ones(2, 3).matmul(ones(4)),
  matmul_shapes_1d_2d: () => ones(3).matmul(ones(4, 2)),
  matmul_shapes_folded_mv: () => ones(5, 2, 3).matmul(ones(4)),
  matmul_shapes_folded_mm: () => ones(2, 5, 2, 3).matmul(ones(4, 2)),
  matmul_shapes_folded_second_mv: () => ones(4).matmul(ones(5, 3, 2)),
  matmul_shapes_folded_second_mm: () => ones(2, 4).matmul(ones(5, 3, 2)),
  matmul_shapes_bmm: () => ones(2, 5, 2, 3).matmul(ones(1, 5, 4, 2)),
  matmul_batch_broadcast: () => ones(5, 2, 3).matmul(ones(4, 3, 2)),
  dot_shapes: () => ones(3).dot(ones(4)),
  view_bad: () => ones(2, 3).view(4),
  view_noncontig: () => ones(2, 3).t().view(6),
  reshape_bad: () => ones(2, 3).reshape(5),
  expand_bad: () => ones(2, 3).expand(4, 3),
  cat_shapes: () => cat([ones(2, 3), ones(2, 4)], 0),
  stack_shapes: () => stack([ones(2, 3), ones(3, 2)]),
  select_range: () => ones(2, 3).select(1, 5),
  transpose_range: () => ones(2, 3).transpose(0, 2),
  softmax_int: () => softmax(tensor([1, 2], { dtype: 'int32' }), 0),
  softmax_int_dim0: () => softmax(ones(2, 3).int(), 0),
  log_softmax_int: () => ones(2, 3).int().logSoftmax(1),
  log_softmax_int_dim0: () => ones(2, 3).int().logSoftmax(0),
  softmax_bool: () => softmax(tensor([true, false]), 0),
  grad_assign_self: () => {
    const x = leaf();
    x.grad = x;
  },
  grad_assign_size: () => {
    const x = leaf();
    x.grad = ones(2);
  },
  split_inplace: () => leaf().mul(1).split(1)[0]!.mul_(2),
  unbind_inplace: () => leaf().mul(1).unbind()[0]!.mul_(2),
  backward_empty_inputs: () => leaf().mul(2).sum().backward({ inputs: [] }),
  gather_index_dtype: () => ones(3).gather(0, tensor([0])),
  cross_entropy_shapes: () => crossEntropy(ones(4, 3), tensor([0, 1], { dtype: 'int32' })),
  mse_shapes: () => mseLoss(ones(3), ones(3, 2)),
  bce_logits_weight_requires_grad: () => binaryCrossEntropyWithLogits(ones(2), ones(2), { weight: ones(2).requiresGrad_() }),
  bce_logits_pos_weight_requires_grad: () => binaryCrossEntropyWithLogits(ones(2), ones(2), { posWeight: ones(2).requiresGrad_() }),
  huber_delta_zero: () => huberLoss(ones(2), ones(2), { delta: 0 }),
  huber_int: () => huberLoss(tensor([1, 2], { dtype: 'int32' }), tensor([1, 2], { dtype: 'int32' })),
  leaky_relu_int: () => tensor([1, -2], { dtype: 'int32' }).leakyRelu(),
  softplus_int: () => tensor([1, -2], { dtype: 'int32' }).softplus(),
  silu_int: () => tensor([1, -2], { dtype: 'int32' }).silu(),
  nll_then_modify_input: () => {
    const a = leaf().mul(1);
    const y = nllLoss(a.reshape(1, 3), tensor([1], { dtype: 'int32' }));
    a.mul_(2);
    y.backward();
  },
  masked_fill_then_modify_mask: () => {
    const m = tensor([true, false, true]);
    const y = leaf().mul(1).maskedFill(m, 0);
    m.fill_(0);
    y.sum().backward();
  },
  squeeze_range: () => ones(2, 3).squeeze(3),
  permute_bad: () => ones(2, 3).permute(0, 0),
  index_out_of_bounds: () => ones(3).index(5),
  index_number_position: () => ones(2, 3).index([null, 0, 5]),
  index_tensor_out_of_bounds: () => ones(2, 3).index([slice(), [0, 5]]),
  index_negative_out_of_bounds: () => ones(2, 3).index([[0, 1], [-4, 0]]),
  index_mask_shape: () => ones(3).index(tensor([true, false])),
  index_mask_shape_later_dim: () => ones(2, 3, 4).index([slice(), tensor([true, false])]),
  index_broadcast: () => ones(3, 3).index([[0, 1], [0, 1, 2]]),
  index_float_tensor: () => ones(3).index(tensor([0])),
  index_float_number: () => ones(3).index(1.5),
  index_too_many: () => ones(3).index([0, 0]),
  index_mask_too_many: () => ones(3).index([0, tensor([true])]),
  index_0d: () => tensor(1).index(0),
  index_size_0: () => ones(2, 0).index([[0], [0]]),
  index_step_negative: () => ones(3).index(slice(null, null, -1)),
  index_slice_float: () => ones(3).index(slice(0, 1.5)),
  index_mask_then_number: () => ones(2, 3, 4).index([ones(2, 3).gt(0), 0]),
  index_put_shape: () => ones(2, 4).indexPut_([[0, 1]], ones(3)),
  index_put_dtype: () => ones(2, 4).indexPut_([[0, 1]], ones(4, { dtype: 'float64' })),
  index_put_out_of_bounds: () => ones(2, 4).indexPut_([slice(), [4]], 1),
  index_put_leaf: () => leaf().indexPut_([[0]], 1),
  index_put_view_of_leaf: () => leaf().indexPut_([slice(0, 2)], 1),
  index_put_modified_saved: () => {
    const x = leaf().mul(1);
    const y = x.pow(2);
    x.indexPut_([[0]], 5);
    y.sum().backward();
  },
  // ---- accepted by PyTorch: must run without error
  no_grad_view_inplace: () => {
    const x = leaf().clone();
    noGrad(() => x.narrow(0, 0, 2)).mul_(2);
  },
  no_grad_view_of_leaf_inplace: () => noGrad(() => leaf().narrow(0, 0, 2)).mul_(2),
  no_grad_view_other_requires_grad: () => noGrad(() => ones(3).narrow(0, 0, 2)).mul_(ones(2).requiresGrad_()),
  no_grad_view_of_view_inplace: () => {
    const x = leaf().clone();
    noGrad(() => x.narrow(0, 0, 2)).narrow(0, 0, 1).add_(1);
  },
  no_grad_view_zero_: () => {
    const x = leaf().clone();
    noGrad(() => x.narrow(0, 1, 2)).zero_();
  },
  accepts_no_grad_view_plain_inplace: () => noGrad(() => ones(3).narrow(0, 0, 2)).mul_(2),
  accepts_no_grad_view_inplace_in_no_grad: () => {
    const x = leaf().clone();
    noGrad(() => x.narrow(0, 0, 2).mul_(2));
  },
  accepts_mul_then_modify_self: () => {
    const a = leaf().mul(1);
    const y = a.mul(tensor([1, 2, 3]));
    a.add_(1);
    y.sum().backward();
  },
  accepts_div_then_modify_self: () => {
    const a = leaf().mul(1);
    const y = a.div(tensor([1, 2, 3]));
    a.add_(1);
    y.sum().backward();
  },
  accepts_matmul_then_modify_self: () => {
    const a = leaf().mul(1).reshape(1, 3);
    const y = a.matmul(ones(3, 2));
    a.add_(1);
    y.sum().backward();
  },
  accepts_dot_then_modify_self: () => {
    const a = leaf().mul(1);
    const y = a.dot(ones(3));
    a.add_(1);
    y.backward();
  },
  accepts_outer_then_modify_self: () => {
    const a = leaf().mul(1);
    const y = a.outer(ones(2));
    a.add_(1);
    y.sum().backward();
  },
  accepts_relu_second_derivative: () => {
    const x = tensor([1, -2, 3], { requiresGrad: true });
    const [g] = autograd.grad(x.relu().sum(), x, { createGraph: true });
    const [gg] = autograd.grad(g!.sum(), x);
    if (gg!.tolist().some((v: number) => v !== 0)) throw new Error(`second derivative of relu is ${String(gg)}, expected zeros`);
  },
  accepts_masked_fill_then_modify_self: () => {
    const a = leaf().mul(1);
    const y = a.maskedFill(tensor([true, false, true]), 0);
    a.add_(1);
    y.sum().backward();
  },
  accepts_leaky_relu_second_derivative: () => {
    const x = tensor([-Infinity, -2, 3], { requiresGrad: true });
    const [g] = autograd.grad(x.leakyRelu(0.5).sum(), x, { createGraph: true });
    if (!g!.requiresGrad || g!.tolist().join() !== '0.5,0.5,1') throw new Error(`gradient of leakyRelu is ${String(g)}, expected [0.5, 0.5, 1] requiring grad`);
    const [gg] = autograd.grad(g!.sum(), x);
    if (gg!.tolist().some((v: number) => v !== 0)) throw new Error(`second derivative of leakyRelu is ${String(gg)}, expected zeros`);
  },
  accepts_view_of_0d: () => tensor(1).view(1),
  accepts_index_grad_after_index_put: () => {
    const x = leaf().mul(1);
    const y = x.index([[0, 0, 2]]);
    x.indexPut_([[1]], 0);
    y.sum().backward();
  },
};

/**
 * PyTorch's texts spell Python; grad's spell TypeScript. These are the
 * spellings that differ on purpose (the option names of the API).
 */
export function toGradSpelling(message: string): string {
  return message
    .replace(/retain_graph=True/g, 'retainGraph: true')
    .replace(/allow_unused=True/g, 'allowUnused: true')
    .replace(/torch\.autograd\.set_detect_anomaly\(True\)/g, 'autograd.setDetectAnomaly(true)')
    .replace(/'<lambda>'/g, "'<anonymous>'");
}
