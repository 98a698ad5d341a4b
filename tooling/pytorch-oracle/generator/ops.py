"""The op catalog: every op grad has (API.md's Ops list), as PyTorch computes it.

Each entry is (id, fn, cases). `fn` takes the inputs in order and returns a
tensor or a tuple of tensors. A case is a list of input specs:
  ('x', shape, domain)   a float input that requires grad
  ('c', shape, domain)   a float input that does not (targets, weights)
  ('i', shape, high)     an integer index tensor (int64 here, int32 in grad) in [0, high)
  ('b', shape)           a bool mask
The TypeScript side (test/op-catalog.ts) holds the same ids; a fixture whose
id it lacks fails there.
"""
import torch
import torch.nn.functional as F

UNARY_SHAPES = [[], [5], [2, 3]]
BINARY_SHAPES = [
    ([3], [3]),
    ([2, 3], [3]),
    ([2, 1], [1, 3]),
    ([], [2, 3]),
    ([4, 1, 3], [2, 1]),
]


def unary(dom="any", shapes=UNARY_SHAPES):
    return [[("x", s, dom)] for s in shapes]


def binary(da="any", db="any"):
    return [[("x", a, da), ("x", b, db)] for a, b in BINARY_SHAPES]


def _view_masked_fill(x, m):
    y = x * 1
    y.narrow(0, 1, 1).masked_fill_(m, 0.5)
    return y


def _setitem(x, index, v):
    x[index] = v
    return x


def _view_inplace(x):
    y = x * 1
    y.narrow(0, 1, 2).mul_(3)
    return y


OPS = [
    # ---- pointwise, one input
    ("neg", torch.neg, unary()),
    ("exp", torch.exp, unary()),
    ("log", torch.log, unary("pos")),
    ("sqrt", torch.sqrt, unary("pos")),
    ("rsqrt", torch.rsqrt, unary("pos")),
    ("abs", torch.abs, unary("nonzero")),
    ("abs_at_zero", torch.abs, unary("withzero", [[6]])),
    ("sign", torch.sign, unary("withzero", [[6], [2, 3]])),
    ("sin", torch.sin, unary()),
    ("cos", torch.cos, unary()),
    ("tanh", torch.tanh, unary()),
    ("sigmoid", torch.sigmoid, unary()),
    ("relu", torch.relu, unary("withzero", [[6], [2, 3]])),
    ("reciprocal", torch.reciprocal, unary("nonzero")),
    ("square", torch.square, unary()),
    ("floor", torch.floor, unary("round")),
    ("ceil", torch.ceil, unary("round")),
    ("round", torch.round, unary("round")),
    ("log1p", torch.log1p, unary("unit") + unary("small", [[12]])),
    ("expm1", torch.expm1, unary() + unary("small", [[12]])),
    ("leakyRelu", F.leaky_relu, unary("nonzero")),
    ("leakyRelu_0.2", lambda x: F.leaky_relu(x, 0.2), unary("nonzero", [[2, 3]])),
    ("leakyRelu_at_zero", lambda x: F.leaky_relu(x, 0.2), unary("withzero", [[6]])),
    ("softplus", F.softplus, unary("wide")),
    ("softplus_beta2_th1", lambda x: F.softplus(x, beta=2, threshold=1), unary("wide", [[8]])),
    ("silu", F.silu, unary()),
    ("silu_wide", F.silu, unary("wide", [[8]])),
    ("gelu", F.gelu, unary("wide")),
    ("clamp_both", lambda x: torch.clamp(x, -0.5, 0.7), unary("wide", [[8], [2, 3]])),
    ("clamp_min", lambda x: torch.clamp(x, min=0.2), unary("wide", [[8]])),
    ("clamp_max", lambda x: torch.clamp(x, max=0.2), unary("wide", [[8]])),
    ("add_scalar", lambda x: x + 2.5, unary()),
    ("sub_scalar", lambda x: x - 2.5, unary()),
    ("rsub_scalar", lambda x: 2.5 - x, unary()),
    ("mul_scalar", lambda x: x * 3, unary()),
    ("div_scalar", lambda x: x / 4, unary()),
    ("rdiv_scalar", lambda x: 2 / x, unary("nonzero")),
    ("pow_2", lambda x: x.pow(2), unary()),
    ("pow_3", lambda x: x.pow(3), unary()),
    ("pow_half", lambda x: x.pow(0.5), unary("pos")),
    ("pow_neg1.5", lambda x: x.pow(-1.5), unary("pos")),
    ("rpow_2", lambda x: torch.pow(2, x), unary()),
    ("maskedFill", lambda x, m: x.masked_fill(m, 1.5), [[("x", [2, 3], "any"), ("b", [2, 3])], [("x", [2, 3], "any"), ("b", [3])]]),
    # ---- pointwise, two or three inputs (broadcasting)
    ("add", torch.add, binary()),
    ("add_alpha", lambda a, b: torch.add(a, b, alpha=2.5), binary()),
    ("sub", torch.sub, binary()),
    ("sub_alpha", lambda a, b: torch.sub(a, b, alpha=0.5), binary()),
    ("mul", torch.mul, binary()),
    ("div", torch.div, binary("any", "nonzero")),
    ("pow", torch.pow, binary("pos", "any")),
    ("maximum", torch.maximum, binary()),
    ("minimum", torch.minimum, binary()),
    ("where", lambda c, a, b: torch.where(c, a, b), [[("b", [2, 3]), ("x", [2, 3], "any"), ("x", [3], "any")], [("b", [3]), ("x", [2, 1], "any"), ("x", [1, 3], "any")]]),
    ("clamp_tensor", lambda x, lo, hi: torch.clamp(x, lo, hi), [[("x", [2, 3], "wide"), ("x", [3], "any"), ("x", [2, 3], "any")]]),
    # bounds equal to x everywhere (min) and above it (max): the tie goes to x (ClampBackward1 passes the gradient)
    ("clamp_tensor_ties", lambda x: torch.clamp(x, min=x.detach().clone(), max=x.detach() + 1), unary("any", [[4]])),
    # ---- reductions
    ("sum", torch.sum, unary("any", [[], [5], [2, 3]])),
    ("sum_dim1", lambda x: x.sum(1), unary("any", [[2, 3], [2, 3, 4]])),
    ("sum_dims_keepdim", lambda x: x.sum([0, 2], keepdim=True), unary("any", [[2, 3, 4]])),
    ("mean", torch.mean, unary("any", [[5], [2, 3]])),
    ("mean_dim_neg1", lambda x: x.mean(-1), unary("any", [[2, 3], [2, 3, 4]])),
    ("prod", torch.prod, unary("nonzero", [[5], [2, 3]])),
    ("prod_dim0", lambda x: x.prod(0), unary("nonzero", [[3, 4]])),
    ("prod_with_zero", torch.prod, [[("x", [6], "withzero")]]),
    ("max", torch.max, unary("any", [[5], [2, 3]])),
    ("min", torch.min, unary("any", [[5], [2, 3]])),
    ("max_dim", lambda x: torch.max(x, 1), unary("any", [[2, 3], [2, 3, 4]])),
    ("min_dim_keepdim", lambda x: torch.min(x, 0, keepdim=True), unary("any", [[2, 3]])),
    ("amax", lambda x: torch.amax(x, 1), unary("any", [[2, 3]])),
    ("amin", lambda x: torch.amin(x, [0, 1]), unary("any", [[2, 3]])),
    ("var", torch.var, unary("any", [[5], [2, 3]])),
    ("var_dim_correction0", lambda x: torch.var(x, 1, unbiased=False), unary("any", [[2, 3]])),
    ("std", torch.std, unary("any", [[5], [2, 3]])),
    ("std_dim", lambda x: torch.std(x, 0), unary("any", [[3, 4]])),
    ("norm", torch.norm, unary("any", [[5], [2, 3]])),
    ("norm_p1", lambda x: torch.norm(x, 1), unary("nonzero", [[5]])),
    ("norm_p3_dim", lambda x: torch.norm(x, 3, 1), unary("nonzero", [[2, 3]])),
    ("logsumexp", lambda x: torch.logsumexp(x, 1), unary("any", [[2, 3]])),
    ("softmax", lambda x: torch.softmax(x, -1), unary("any", [[5], [2, 3]])),
    ("softmax_dim0", lambda x: torch.softmax(x, 0), unary("any", [[2, 3]])),
    ("logSoftmax", lambda x: torch.log_softmax(x, -1), unary("any", [[5], [2, 3]])),
    # ---- linear algebra
    ("matmul", torch.matmul, [
        [("x", [3], "any"), ("x", [3], "any")],
        [("x", [2, 3], "any"), ("x", [3], "any")],
        [("x", [3], "any"), ("x", [3, 2], "any")],
        [("x", [2, 3], "any"), ("x", [3, 4], "any")],
        [("x", [2, 2, 3], "any"), ("x", [3, 4], "any")],
        [("x", [2, 3], "any"), ("x", [2, 3, 4], "any")],
        [("x", [2, 1, 2, 3], "any"), ("x", [3, 3, 2], "any")],
    ]),
    ("mm", torch.mm, [[("x", [2, 3], "any"), ("x", [3, 4], "any")]]),
    ("bmm", torch.bmm, [[("x", [2, 2, 3], "any"), ("x", [2, 3, 4], "any")]]),
    ("mv", torch.mv, [[("x", [2, 3], "any"), ("x", [3], "any")]]),
    ("dot", torch.dot, [[("x", [4], "any"), ("x", [4], "any")]]),
    ("outer", torch.outer, [[("x", [3], "any"), ("x", [2], "any")]]),
    ("t", torch.t, unary("any", [[2, 3], [3]])),
    # ---- shape
    ("reshape", lambda x: x.reshape(3, 2), unary("any", [[2, 3]])),
    ("reshape_noncontig", lambda x: x.t().reshape(6), unary("any", [[2, 3]])),
    ("view", lambda x: x.view(-1), unary("any", [[2, 3], []])),
    ("flatten", lambda x: x.flatten(), unary("any", [[2, 3, 2]])),
    ("squeeze", lambda x: x.squeeze(), unary("any", [[2, 1, 3]])),
    ("squeeze_dim", lambda x: x.squeeze(1), unary("any", [[2, 1, 3]])),
    ("unsqueeze", lambda x: x.unsqueeze(1), unary("any", [[2, 3]])),
    ("transpose", lambda x: x.transpose(0, 2), unary("any", [[2, 3, 4]])),
    ("permute", lambda x: x.permute(2, 0, 1), unary("any", [[2, 3, 4]])),
    ("expand", lambda x: x.expand(2, 3), unary("any", [[3], [2, 1]])),
    ("expandAs", lambda x, y: x.expand_as(y), [[("x", [3, 1], "any"), ("c", [3, 4], "any")]]),
    ("narrow", lambda x: x.narrow(1, 1, 2), unary("any", [[2, 4]])),
    ("slice_step", lambda x: x[:, 0:4:2], unary("any", [[2, 5]])),
    ("select", lambda x: x.select(1, 2), unary("any", [[2, 4]])),
    ("split", lambda x: x.split(2), unary("any", [[5, 2]])),
    ("split_sizes", lambda x: x.split([1, 3], 1), unary("any", [[2, 4]])),
    ("chunk", lambda x: x.chunk(3), unary("any", [[6]])),
    ("unbind", lambda x: x.unbind(1), unary("any", [[2, 3]])),
    # the pieces of one split share one node: seen in the graph of their concatenation
    ("split_cat", lambda x: torch.cat(x.split(2), 0), unary("any", [[4, 2]])),
    ("unbind_stack", lambda x: torch.stack(x.unbind(0), 0), unary("any", [[2, 3]])),
    ("indexSelect", lambda x, i: x.index_select(0, i), [[("x", [4, 3], "any"), ("i", [5], 4)]]),
    ("gather", lambda x, i: x.gather(1, i), [[("x", [3, 4], "any"), ("i", [3, 2], 4)]]),
    ("scatterAdd", lambda x, i, s: x.scatter_add(1, i, s), [[("x", [3, 4], "any"), ("i", [3, 2], 4), ("x", [3, 2], "any")]]),
    # ---- indexing: x[...] (index) and x[...] = v (index_put)
    ("index_int", lambda x, i: x[i], [[("x", [4, 3], "any"), ("i", [5], 4)], [("x", [5], "any"), ("i", [2, 3], 5)]]),
    ("index_slice_int", lambda x, i: x[:, i], [[("x", [3, 4], "any"), ("i", [2, 2], 4)]]),
    ("index_adjacent", lambda x, i, j: x[:, i, j], [[("x", [2, 3, 4], "any"), ("i", [3], 3), ("i", [2, 1], 4)]]),
    ("index_separated", lambda x, i, j: x[i, :, j], [[("x", [2, 3, 4], "any"), ("i", [3], 2), ("i", [3], 4)]]),
    ("index_number_separated", lambda x, i: x[0, :, i], [[("x", [2, 3, 4], "any"), ("i", [3], 4)]]),
    ("index_repeated", lambda x: x[[0, 2, 0, 0]], unary("any", [[3, 2]])),
    ("index_mask", lambda x, m: x[m], [[("x", [2, 3], "any"), ("b", [2, 3])], [("x", [3, 4], "any"), ("b", [3])]]),
    ("index_mask_slice", lambda x, m: x[:, m], [[("x", [2, 3, 2], "any"), ("b", [3])]]),
    ("index_mixed", lambda x, i: x[None, 1:3, i, ...], [[("x", [3, 4, 2], "any"), ("i", [2], 4)]]),
    ("index_bool", lambda x: x[True], unary("any", [[2, 3], []])),
    ("index_basic", lambda x: x[1, :, None, 0:2], unary("any", [[2, 3, 4]])),
    ("index_ellipsis", lambda x: x[...], unary("any", [[2, 3], []])),
    ("index_ellipsis_number", lambda x: x[..., -1], unary("any", [[2, 3]])),
    ("indexPut", lambda x, v: torch.index_put(x, (torch.tensor([2, 0]),), v), [[("x", [4, 3], "any"), ("x", [2, 3], "any")], [("x", [4, 3], "any"), ("x", [3], "any")]]),
    ("indexPut_accumulate", lambda x, i, v: torch.index_put(x, (i,), v, accumulate=True), [[("x", [4, 3], "any"), ("i", [6], 4), ("x", [6, 3], "any")]]),
    ("indexPut_two", lambda x, v: torch.index_put(x, (torch.tensor([0, 1, 1]), torch.tensor([2, 0, 1])), v), [[("x", [2, 3], "any"), ("x", [3], "any")]]),
    ("indexPut_mask", lambda x, m, v: torch.index_put(x, (m,), v), [[("x", [4, 3], "any"), ("b", [4]), ("x", [3], "any")]]),
    ("indexPut_", lambda x, i, v: (x * 1).index_put_((i,), v, accumulate=True), [[("x", [4, 3], "any"), ("i", [5], 4), ("x", [5, 3], "any")]]),
    ("setitem_mask", lambda x, m: _setitem(x * 1, m, 0.5), [[("x", [2, 3], "any"), ("b", [2, 3])]]),
    ("setitem_value_grad", lambda x, v: _setitem(x * 1, [1, 3], v), [[("x", [4, 2], "any"), ("x", [1, 1, 2], "any")]]),
    ("setitem_slice_index", lambda x, v: _setitem(x * 1, (slice(None), [0, 2]), v), [[("x", [2, 3], "any"), ("x", [2], "any")]]),
    ("repeat", lambda x: x.repeat(2, 3), unary("any", [[2], [2, 2]])),
    ("flip", lambda x: x.flip(0), unary("any", [[4], [2, 3]])),
    # flip keeps its input's strides in PyTorch: flipping a transposed tensor and transposing back is contiguous again
    ("flip_noncontig", lambda x: x.t().flip(0).t().contiguous(), unary("any", [[2, 3]])),
    ("diagonal", lambda x: x.diagonal(), unary("any", [[3, 3], [3, 4]])),
    ("cat", lambda a, b: torch.cat([a, b], 1), [[("x", [2, 3], "any"), ("x", [2, 2], "any")]]),
    ("stack", lambda a, b: torch.stack([a, b], 0), [[("x", [2, 3], "any"), ("x", [2, 3], "any")]]),
    ("clone", torch.clone, unary("any", [[2, 3]])),
    # ---- in place, on a non-leaf (x * 1): the op's node becomes the tensor's history
    ("add_", lambda x, b: (x * 1).add_(b), binary()[:2] + [[("x", [], "any"), ("x", [], "any")]]),
    ("add__alpha", lambda x, b: (x * 1).add_(b, alpha=2), [[("x", [2, 3], "any"), ("x", [3], "any")]]),
    ("sub_", lambda x, b: (x * 1).sub_(b), [[("x", [2, 3], "any"), ("x", [3], "any")]]),
    ("mul_", lambda x, b: (x * 1).mul_(b), [[("x", [2, 3], "any"), ("x", [3], "any")]]),
    ("div_", lambda x, b: (x * 1).div_(b), [[("x", [2, 3], "any"), ("x", [3], "nonzero")]]),
    ("pow__2", lambda x: (x * 1).pow_(2), unary("any", [[5]])),
    ("neg_", lambda x: (x * 1).neg_(), unary("any", [[5]])),
    ("exp_", lambda x: (x * 1).exp_(), unary("any", [[5]])),
    ("sqrt_", lambda x: (x * 1).sqrt_(), unary("pos", [[5]])),
    ("relu_", lambda x: (x * 1).relu_(), unary("nonzero", [[6]])),
    ("clamp_", lambda x: (x * 1).clamp_(-0.5, 0.5), unary("wide", [[6]])),
    ("zero_", lambda x: (x * 1).zero_(), unary("any", [[5]])),
    ("fill_", lambda x: (x * 1).fill_(2.5), unary("any", [[5]])),
    ("fill__tensor", lambda x, v: (x * 1).fill_(v), [[("x", [4], "any"), ("x", [], "any")]]),
    ("copy_", lambda x, b: (x * 1).copy_(b), [[("x", [2, 3], "any"), ("x", [3], "any")]]),
    ("maskedFill_", lambda x, m: (x * 1).masked_fill_(m, 0.5), [[("x", [2, 3], "any"), ("b", [2, 3])]]),
    ("maskedFill__view", _view_masked_fill, [[("x", [3, 4], "any"), ("b", [4])]]),
    # in place through a view: the base's history becomes CopySlices
    ("view_mul_", lambda x: _view_inplace(x), unary("any", [[4, 3]])),
    # ---- losses
    ("mseLoss", F.mse_loss, [[("x", [2, 3], "any"), ("c", [2, 3], "any")]]),
    ("mseLoss_sum", lambda a, b: F.mse_loss(a, b, reduction="sum"), [[("x", [4], "any"), ("c", [4], "any")]]),
    ("mseLoss_none", lambda a, b: F.mse_loss(a, b, reduction="none"), [[("x", [4], "any"), ("x", [4], "any")]]),
    ("l1Loss", F.l1_loss, [[("x", [2, 3], "any"), ("c", [2, 3], "any")]]),
    ("huberLoss", F.huber_loss, [[("x", [6], "wide"), ("c", [6], "any")]]),
    ("huberLoss_delta", lambda a, b: F.huber_loss(a, b, delta=0.5), [[("x", [6], "wide"), ("c", [6], "any")]]),
    ("huberLoss_sum_target", lambda a, b: F.huber_loss(a, b, reduction="sum", delta=0.5), [[("x", [6], "wide"), ("x", [6], "any")]]),
    ("huberLoss_none", lambda a, b: F.huber_loss(a, b, reduction="none"), [[("x", [2, 3], "wide"), ("x", [2, 3], "any")]]),
    ("nllLoss", F.nll_loss, [[("x", [4, 3], "any"), ("i", [4], 3)]]),
    ("nllLoss_weight", lambda x, t, w: F.nll_loss(x, t, weight=w), [[("x", [4, 3], "any"), ("i", [4], 3), ("c", [3], "pos")]]),
    ("nllLoss_none", lambda x, t: F.nll_loss(x, t, reduction="none"), [[("x", [4, 3], "any"), ("i", [4], 3)]]),
    ("nllLoss_ignore", lambda x, t, w: F.nll_loss(x, t, weight=w, ignore_index=1), [[("x", [5, 3], "any"), ("i", [5], 3), ("c", [3], "pos")]]),
    ("nllLoss_unbatched", F.nll_loss, [[("x", [3], "any"), ("i", [], 3)]]),
    ("crossEntropy", F.cross_entropy, [[("x", [4, 3], "any"), ("i", [4], 3)]]),
    ("crossEntropy_sum", lambda x, t: F.cross_entropy(x, t, reduction="sum"), [[("x", [4, 3], "any"), ("i", [4], 3)]]),
    ("crossEntropy_weight", lambda x, t, w: F.cross_entropy(x, t, weight=w), [[("x", [4, 3], "any"), ("i", [4], 3), ("c", [3], "pos")]]),
    ("crossEntropy_smoothing", lambda x, t: F.cross_entropy(x, t, label_smoothing=0.2), [[("x", [4, 3], "any"), ("i", [4], 3)]]),
    ("crossEntropy_weight_smoothing", lambda x, t, w: F.cross_entropy(x, t, weight=w, label_smoothing=0.2), [[("x", [4, 3], "any"), ("i", [4], 3), ("c", [3], "pos")]]),
    ("crossEntropy_smoothing_none", lambda x, t: F.cross_entropy(x, t, label_smoothing=0.3, reduction="none"), [[("x", [4, 3], "any"), ("i", [4], 3)]]),
    ("crossEntropy_weight_smoothing_sum", lambda x, t, w: F.cross_entropy(x, t, weight=w, label_smoothing=0.2, reduction="sum"), [[("x", [4, 3], "any"), ("i", [4], 3), ("c", [3], "pos")]]),
    ("crossEntropy_smoothing_ignore", lambda x, t: F.cross_entropy(x, t, label_smoothing=0.2, ignore_index=1), [[("x", [5, 3], "any"), ("i", [5], 3)]]),
    ("crossEntropy_weight_smoothing_ignore", lambda x, t, w: F.cross_entropy(x, t, weight=w, label_smoothing=0.2, ignore_index=1), [[("x", [5, 3], "any"), ("i", [5], 3), ("c", [3], "pos")]]),
    ("crossEntropy_smoothing_unbatched", lambda x, t: F.cross_entropy(x, t, label_smoothing=0.2), [[("x", [3], "any"), ("i", [], 3)]]),
    ("binaryCrossEntropy", F.binary_cross_entropy, [[("x", [5], "unit"), ("c", [5], "unit")]]),
    ("binaryCrossEntropy_weight", lambda x, t, w: F.binary_cross_entropy(x, t, weight=w), [[("x", [2, 3], "unit"), ("c", [2, 3], "unit"), ("c", [3], "pos")]]),
    ("binaryCrossEntropyWithLogits", F.binary_cross_entropy_with_logits, [[("x", [5], "wide"), ("c", [5], "unit")]]),
    ("binaryCrossEntropyWithLogits_posWeight", lambda x, t, p: F.binary_cross_entropy_with_logits(x, t, pos_weight=p), [[("x", [2, 3], "wide"), ("c", [2, 3], "unit"), ("c", [3], "pos")]]),
    ("binaryCrossEntropyWithLogits_target", lambda x, t, w, p: F.binary_cross_entropy_with_logits(x, t, weight=w, pos_weight=p), [[("x", [2, 3], "wide"), ("x", [2, 3], "unit"), ("c", [2, 3], "pos"), ("c", [3], "pos")]]),
    ("binaryCrossEntropyWithLogits_none", lambda x, t: F.binary_cross_entropy_with_logits(x, t, reduction="none"), [[("x", [5], "wide"), ("x", [5], "unit")]]),
]
