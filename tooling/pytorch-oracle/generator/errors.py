"""Misuse that PyTorch refuses, and its error texts. Ids are shared with
test/error-cases.ts, which does the same thing in grad."""
import warnings

import torch
import torch.nn.functional as F

warnings.simplefilter("ignore")  # mse_loss warns about broadcasting before it raises


def leaf():
    return torch.tensor([1.0, 2.0, 3.0], requires_grad=True)


def _backward_twice():
    x = leaf()
    y = (x * x).sum()
    y.backward()
    y.backward()


def _non_scalar_backward():
    (leaf() * 2).backward()


def _no_grad_backward():
    torch.tensor([1.0]).sum().backward()


def _leaf_inplace():
    leaf().add_(1)


def _view_of_leaf_inplace():
    leaf()[0:2].mul_(2)


def _int_requires_grad():
    torch.tensor([1, 2]).requires_grad_()


def _nonleaf_requires_grad_false():
    (leaf() * 2).requires_grad_(False)


def _modified_inplace():
    x = leaf()
    y = x * 1
    z = y.pow(2)  # saves y itself
    y.add_(1)
    z.sum().backward()


def _grad_unused():
    x = leaf()
    y = leaf()
    torch.autograd.grad(x.sum(), [x, y])


def _grad_not_requires():
    x = leaf()
    torch.autograd.grad(x.sum(), [torch.tensor([1.0])])


def _grad_shape_mismatch():
    x = leaf()
    torch.autograd.grad(x * 2, [x], grad_outputs=[torch.ones(2)])


def _retain_grad_no_grad():
    torch.tensor([1.0]).retain_grad()


def _hook_no_grad():
    torch.tensor([1.0]).register_hook(lambda g: g)


def _hook_changes_size():
    x = leaf()
    x.register_hook(lambda g: g.sum())
    (x * 2).sum().backward()


def _numpy_requires_grad():
    leaf().numpy()


def _item_many():
    leaf().item()


def _add_shapes():
    torch.ones(2, 3) + torch.ones(4)


def _mm_shapes():
    torch.mm(torch.ones(2, 3), torch.ones(2, 3))


def _matmul_shapes():
    torch.matmul(torch.ones(2, 3), torch.ones(4))


def _matmul_shapes_1d_2d():
    torch.matmul(torch.ones(3), torch.ones(4, 2))


def _matmul_shapes_folded_mv():
    torch.matmul(torch.ones(5, 2, 3), torch.ones(4))


def _matmul_shapes_folded_mm():
    torch.matmul(torch.ones(2, 5, 2, 3), torch.ones(4, 2))


def _matmul_shapes_folded_second_mv():
    torch.matmul(torch.ones(4), torch.ones(5, 3, 2))


def _matmul_shapes_folded_second_mm():
    torch.matmul(torch.ones(2, 4), torch.ones(5, 3, 2))


def _matmul_shapes_bmm():
    torch.matmul(torch.ones(2, 5, 2, 3), torch.ones(1, 5, 4, 2))


def _matmul_batch_broadcast():
    torch.matmul(torch.ones(5, 2, 3), torch.ones(4, 3, 2))


def _dot_shapes():
    torch.dot(torch.ones(3), torch.ones(4))


def _view_bad():
    torch.ones(2, 3).view(4)


def _view_noncontig():
    torch.ones(2, 3).t().view(6)


def _reshape_bad():
    torch.ones(2, 3).reshape(5)


def _expand_bad():
    torch.ones(2, 3).expand(4, 3)


def _cat_shapes():
    torch.cat([torch.ones(2, 3), torch.ones(2, 4)], 0)


def _stack_shapes():
    torch.stack([torch.ones(2, 3), torch.ones(3, 2)])


def _select_range():
    torch.ones(2, 3).select(1, 5)


def _transpose_range():
    torch.ones(2, 3).transpose(0, 2)


def _softmax_int():
    torch.softmax(torch.tensor([1, 2], dtype=torch.int32), 0)


def _softmax_int_dim0():
    torch.softmax(torch.ones(2, 3, dtype=torch.int32), 0)


def _log_softmax_int():
    torch.log_softmax(torch.ones(2, 3, dtype=torch.int32), 1)


def _log_softmax_int_dim0():
    torch.log_softmax(torch.ones(2, 3, dtype=torch.int32), 0)


def _softmax_bool():
    torch.softmax(torch.tensor([True, False]), 0)


def _grad_assign_self():
    x = leaf()
    x.grad = x


def _grad_assign_size():
    x = leaf()
    x.grad = torch.ones(2)


def _split_inplace():
    x = leaf() * 1
    x.split(1)[0].mul_(2)


def _unbind_inplace():
    x = leaf() * 1
    x.unbind()[0].mul_(2)


def _backward_empty_inputs():
    x = leaf()
    (x * 2).sum().backward(inputs=[])


def _gather_index_dtype():
    torch.ones(3).gather(0, torch.tensor([0.0]))


def _cross_entropy_shapes():
    F.cross_entropy(torch.ones(4, 3), torch.tensor([0, 1]))


def _mse_shapes():
    F.mse_loss(torch.ones(3), torch.ones(3, 2))


def _bce_logits_weight_requires_grad():
    F.binary_cross_entropy_with_logits(torch.ones(2), torch.ones(2), weight=torch.ones(2, requires_grad=True))


def _bce_logits_pos_weight_requires_grad():
    F.binary_cross_entropy_with_logits(torch.ones(2), torch.ones(2), pos_weight=torch.ones(2, requires_grad=True))


def _huber_delta_zero():
    F.huber_loss(torch.ones(2), torch.ones(2), delta=0.0)


def _huber_int():
    F.huber_loss(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1, 2], dtype=torch.int32))


def _leaky_relu_int():
    F.leaky_relu(torch.tensor([1, -2], dtype=torch.int32))


def _softplus_int():
    F.softplus(torch.tensor([1, -2], dtype=torch.int32))


def _silu_int():
    F.silu(torch.tensor([1, -2], dtype=torch.int32))


def _nll_then_modify_input():
    # nll_loss saves its input (its backward is differentiable in it), so changing it afterwards is refused.
    a = leaf() * 1
    y = F.nll_loss(a.reshape(1, 3), torch.tensor([1]))
    a.mul_(2)
    y.backward()


def _masked_fill_then_modify_mask():
    m = torch.tensor([True, False, True])
    y = (leaf() * 1).masked_fill(m, 0.0)
    m.fill_(False)
    y.sum().backward()


def _squeeze_range():
    torch.ones(2, 3).squeeze(3)


def _permute_bad():
    torch.ones(2, 3).permute(0, 0)


def _index_out_of_bounds():
    torch.ones(3)[5]


def _index_number_position():
    torch.ones(2, 3)[None, 0, 5]


def _index_tensor_out_of_bounds():
    torch.ones(2, 3)[:, [0, 5]]


def _index_negative_out_of_bounds():
    torch.ones(2, 3)[[0, 1], [-4, 0]]


def _index_mask_shape():
    torch.ones(3)[torch.tensor([True, False])]


def _index_mask_shape_later_dim():
    torch.ones(2, 3, 4)[:, torch.tensor([True, False])]


def _index_broadcast():
    torch.ones(3, 3)[[0, 1], [0, 1, 2]]


def _index_float_tensor():
    torch.ones(3)[torch.tensor([0.0])]


def _index_float_number():
    torch.ones(3)[1.5]


def _index_too_many():
    torch.ones(3)[0, 0]


def _index_mask_too_many():
    torch.ones(3)[0, torch.ones(1, dtype=torch.bool)]


def _index_0d():
    torch.tensor(1.0)[0]


def _index_size_0():
    torch.ones(2, 0)[[0], [0]]


def _index_step_negative():
    torch.ones(3)[::-1]


def _index_slice_float():
    torch.ones(3)[0:1.5]


def _index_mask_then_number():
    # PyTorch 1.13 gives the number the mask's second dim (pytorch#71673, fixed by #158369): grad follows the fix.
    torch.ones(2, 3, 4)[torch.ones(2, 3, dtype=torch.bool), 0]


def _index_put_shape():
    x = torch.ones(2, 4)
    x[[0, 1]] = torch.ones(3)


def _index_put_dtype():
    x = torch.ones(2, 4)
    x[[0, 1]] = torch.ones(4, dtype=torch.float64)


def _index_put_out_of_bounds():
    x = torch.ones(2, 4)
    x[:, [4]] = 1.0


def _index_put_leaf():
    x = leaf()
    x[[0]] = 1.0


def _index_put_view_of_leaf():
    x = leaf()
    x[0:2, ] = 1.0


def _index_put_modified_saved():
    x = leaf() * 1
    y = x.pow(2)
    x[[0]] = 5.0
    y.sum().backward()


# ---- accepted: PyTorch runs these without error (recorded with message None); so must grad.


def _accepts_mul_then_modify_self():
    # mul by a constant saves only the constant: changing the other operand afterwards is fine.
    a = leaf() * 1
    y = a * torch.tensor([1.0, 2.0, 3.0])
    a.add_(1)
    y.sum().backward()


def _accepts_div_then_modify_self():
    a = leaf() * 1
    y = a / torch.tensor([1.0, 2.0, 3.0])
    a.add_(1)
    y.sum().backward()


def _accepts_matmul_then_modify_self():
    a = (leaf() * 1).reshape(1, 3)
    y = a.matmul(torch.ones(3, 2))
    a.add_(1)
    y.sum().backward()


def _accepts_dot_then_modify_self():
    a = leaf() * 1
    y = a.dot(torch.ones(3))
    a.add_(1)
    y.backward()


def _accepts_outer_then_modify_self():
    a = leaf() * 1
    y = torch.outer(a, torch.ones(2))
    a.add_(1)
    y.sum().backward()


def _accepts_relu_second_derivative():
    x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    (g,) = torch.autograd.grad(x.relu().sum(), x, create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), x)
    assert gg.tolist() == [0.0, 0.0, 0.0]


def _accepts_masked_fill_then_modify_self():
    # masked_fill saves only the mask.
    a = leaf() * 1
    y = a.masked_fill(torch.tensor([True, False, True]), 0.0)
    a.add_(1)
    y.sum().backward()


def _accepts_leaky_relu_second_derivative():
    x = torch.tensor([float("-inf"), -2.0, 3.0], requires_grad=True)
    (g,) = torch.autograd.grad(F.leaky_relu(x, 0.5).sum(), x, create_graph=True)
    assert g.requires_grad and g.tolist() == [0.5, 0.5, 1.0]
    (gg,) = torch.autograd.grad(g.sum(), x)
    assert gg.tolist() == [0.0, 0.0, 0.0]


def _accepts_view_of_0d():
    torch.tensor(1.0).view(1)


def _accepts_index_grad_after_index_put():
    # index saves no input values: writing into x after indexing it leaves the gradient usable.
    x = leaf() * 1
    y = x[[0, 0, 2]]
    x[[1]] = 0.0
    y.sum().backward()


def _no_grad_view_inplace():
    x = leaf().clone()
    with torch.no_grad():
        v = x[:2]
    v.mul_(2)


def _no_grad_view_of_leaf_inplace():
    x = leaf()
    with torch.no_grad():
        v = x[:2]
    v.mul_(2)


def _no_grad_view_other_requires_grad():
    x = torch.ones(3)
    with torch.no_grad():
        v = x[:2]
    v.mul_(torch.ones(2, requires_grad=True))


def _no_grad_view_of_view_inplace():
    x = leaf().clone()
    with torch.no_grad():
        v = x[:2]
    v[:1].add_(1)


def _no_grad_view_zero_():
    x = leaf().clone()
    with torch.no_grad():
        v = x[1:]
    v.zero_()


def _accepts_no_grad_view_plain_inplace():
    x = torch.ones(3)
    with torch.no_grad():
        v = x[:2]
    v.mul_(2)


def _accepts_no_grad_view_inplace_in_no_grad():
    x = leaf().clone()
    with torch.no_grad():
        v = x[:2]
        v.mul_(2)


ERRORS = {k[1:]: v for k, v in globals().items() if k.startswith("_") and callable(v) and not k.startswith("__")}
