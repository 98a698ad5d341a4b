"""Helpers shared by the fixture generators: seeded inputs, JSON encoding of
values (NaN and infinities as strings), and the graph walk that names nodes."""
import math

import torch

DTYPES = {"float32": torch.float32, "float64": torch.float64}


def encode(values):
    """Flat list of numbers; non-finite values become 'nan', 'inf', '-inf' (JSON has none)."""
    out = []
    for v in values:
        v = float(v)
        if math.isnan(v):
            out.append("nan")
        elif math.isinf(v):
            out.append("inf" if v > 0 else "-inf")
        else:
            out.append(v)
    return out


def flat(t):
    """A tensor's values in row-major order, encoded."""
    t = t.detach().clone()  # some zero gradients are expanded scalars without storage
    if t.dtype == torch.bool:
        return [bool(v) for v in t.reshape(-1).tolist()]
    if not t.is_floating_point():
        return [int(v) for v in t.reshape(-1).tolist()]
    return encode(t.reshape(-1).tolist())


def make_values(gen, shape, domain, dtype):
    """Seeded input values in the op's domain (away from kinks and poles)."""
    n = 1
    for d in shape:
        n *= d
    if domain == "any":
        v = torch.randn(n, generator=gen, dtype=torch.float64)
    elif domain == "pos":
        v = torch.rand(n, generator=gen, dtype=torch.float64) * 1.5 + 0.5
    elif domain == "unit":
        v = torch.rand(n, generator=gen, dtype=torch.float64) * 0.9 + 0.05
    elif domain == "nonzero":
        v = torch.randn(n, generator=gen, dtype=torch.float64)
        v = v + torch.sign(v) * 0.3
    elif domain == "small":
        # log1p / expm1 near zero: where log(1+x) and exp(x)-1 lose their digits.
        v = torch.tensor([1e-6, -2e-7, 3e-5, 1e-4, -5e-6, 2e-3, 7e-8, -1e-3, 4e-6, 5e-7, 6e-5, -3e-6][:n] * (n // 12 + 1), dtype=torch.float64)[:n]
    elif domain == "round":
        # rounding ops: away from .5 ties and integers (their derivative is 0 either way).
        v = torch.randn(n, generator=gen, dtype=torch.float64) * 3
        v = torch.floor(v) + 0.1 + 0.3 * torch.rand(n, generator=gen, dtype=torch.float64)
    elif domain == "wide":
        # spans both branches of piecewise ops (clamp, softplus threshold, huber delta).
        v = torch.randn(n, generator=gen, dtype=torch.float64) * 3
    elif domain == "withzero":
        # exact zeros: where relu, sign, abs have their kink (PyTorch's subgradient choices).
        v = torch.randn(n, generator=gen, dtype=torch.float64)
        v[::3] = 0.0
    else:
        raise ValueError(domain)
    return v.to(DTYPES[dtype]).reshape(shape)


def graph_names(t):
    """The backward graph behind t as nested [name, children...], children in
    next_functions order (None edges dropped); shared nodes are expanded once
    and then named with a trailing '*'."""
    seen = set()
    # Python wrappers of graph nodes are made on access; holding every one keeps
    # their ids unique (a freed wrapper's id can be reused by another node) and
    # makes a node reached twice come back as the same wrapper.
    alive = []

    def walk(node):
        if node is None:
            return None
        alive.append(node)
        name = type(node).__name__
        if id(node) in seen:
            return [name + "*"]
        seen.add(id(node))
        children = [walk(n) for n, _ in node.next_functions]
        return [name] + [c for c in children if c is not None]

    return walk(t.grad_fn)
