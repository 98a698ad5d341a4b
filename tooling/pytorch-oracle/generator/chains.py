"""Seeded random chains of ops: a [3, 4] leaf through 3–8 steps, some of them
with a second leaf (broadcast or not), ended by a reduction. The step names
are shared with test/chain-steps.ts, which replays them in grad."""
import random

import torch
import torch.nn.functional as F

# Steps that keep the shape [3, 4]; those marked "guard" need a positive input
# and are preceded by abs and +0.5, "exp" by tanh so values stay moderate.
STEPS = {
    "neg": lambda x: -x,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "rsqrt": torch.rsqrt,
    "reciprocal": torch.reciprocal,
    "abs": torch.abs,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "square": torch.square,
    "softplus": F.softplus,
    "silu": F.silu,
    "gelu": F.gelu,
    "leakyRelu": lambda x: F.leaky_relu(x, 0.1),
    "clamp": lambda x: torch.clamp(x, -0.8, 0.9),
    "pow3": lambda x: x.pow(3),
    "pow_half": lambda x: x.pow(0.5),
    "add_s": lambda x: x + 0.5,
    "mul_s": lambda x: x * 1.5,
    "sub_s": lambda x: x - 0.25,
    "div_s": lambda x: x / 2,
    "rsub_s": lambda x: 1 - x,
    "softmax": lambda x: torch.softmax(x, -1),
    "logSoftmax": lambda x: torch.log_softmax(x, -1),
    "flip": lambda x: x.flip(1),
    "transpose_twice": lambda x: x.t().contiguous().t(),
    "reshape_back": lambda x: x.reshape(4, 3).reshape(3, 4),
    "sum_keep_expand": lambda x: x.sum(1, keepdim=True).expand(3, 4),
    "mean_keep_sub": lambda x: x - x.mean(0, keepdim=True),
    "cat_split": lambda x: torch.cat(x.split(2, 1), 1),
    "stack_unbind": lambda x: torch.stack(x.unbind(0), 0),
    "narrow_cat": lambda x: torch.cat([x.narrow(1, 2, 2), x.narrow(1, 0, 2)], 1),
}
GUARDED = {"log", "sqrt", "rsqrt", "reciprocal", "pow_half"}
# Steps taking a second leaf: (name, leaf shape, fn(x, leaf)).
LEAF_STEPS = {
    "add_leaf": ([3, 4], torch.add),
    "sub_leaf": ([4], torch.sub),
    "mul_leaf": ([3, 1], torch.mul),
    "div_leaf": ([3, 4], lambda x, y: x / (y.abs() + 0.5)),
    "maximum_leaf": ([3, 4], torch.maximum),
    "minimum_leaf": ([4], torch.minimum),
    "where_leaf": ([3, 4], lambda x, y: torch.where(x > 0, x, y)),
    "matmul_leaf": ([4, 4], torch.matmul),
}
ENDS = {
    "sum": torch.sum,
    "mean": torch.mean,
    "norm": torch.norm,
    "logsumexp": lambda x: torch.logsumexp(x, 1).sum(),
    "max": torch.max,
    "var": torch.var,
    "prod_dim": lambda x: x.prod(1).sum(),
    "mse": lambda x: F.mse_loss(x, torch.zeros(3, 4, dtype=x.dtype)),
}


def make_chain(seed):
    rng = random.Random(seed)
    steps = []
    for _ in range(rng.randint(3, 8)):
        if rng.random() < 0.3:
            steps.append(rng.choice(sorted(LEAF_STEPS)))
            continue
        name = rng.choice(sorted(STEPS))
        if name in GUARDED:
            steps += ["abs", "add_s"]
        if name == "exp":
            steps.append("tanh")
        steps.append(name)
    return steps, rng.choice(sorted(ENDS))


def run_chain(steps, end, leaves):
    """Applies the steps to leaves[0], taking the next leaf for each leaf step."""
    x = leaves[0]
    k = 1
    for s in steps:
        if s in LEAF_STEPS:
            x = LEAF_STEPS[s][1](x, leaves[k])
            k += 1
        else:
            x = STEPS[s](x)
    return ENDS[end](x)
