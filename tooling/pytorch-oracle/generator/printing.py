"""Printed forms (str(tensor)) of chosen values: PyTorch's number modes
(integer, fixed, scientific), widths, line wrapping, summarisation, and the
dtype / requires_grad suffixes. int64 here is grad's int32 (no dtype suffix
in either)."""
import math

import torch

nan, inf = math.nan, math.inf


def cases():
    g = torch.Generator().manual_seed(1234)
    r = lambda *shape: torch.randn(*shape, generator=g, dtype=torch.float64)  # noqa: E731
    return [
        ("integers", torch.tensor([0.0, 1.0, 2.0, 3.0])),
        ("fixed", torch.tensor([0.5, 1.25, -2.125])),
        ("ties_to_even", torch.tensor([0.03125, 0.00005, 1.00005])),
        ("sci_small", torch.tensor([1e-5, 1.0])),
        ("sci_large", torch.tensor([1e8, 1.0])),
        ("large_fixed", torch.tensor([123456.789, 1.5])),
        ("signed_zero", torch.tensor([-0.0, 0.0, 1.0])),
        ("non_finite", torch.tensor([nan, inf, -inf, 1.5])),
        ("non_finite_ints", torch.tensor([nan, 1.0, 2.0])),
        ("tiny", torch.tensor([1e-10])),
        ("zero_d", torch.tensor(3.25)),
        ("zero_d_int_valued", torch.tensor(40.5)),
        ("matrix", r(3, 4).float()),
        ("matrix_f64", r(3, 4)),
        ("cube", r(2, 2, 3).float()),
        ("wrap", r(30).float()),
        ("summarized", r(1001).float()),
        ("summarized_2d", r(40, 40).float()),
        ("requires_grad", torch.tensor([[0.0, 1.0], [2.0, 3.0]], requires_grad=True)),
        ("requires_grad_f64", torch.tensor([1.5, 2.5], dtype=torch.float64, requires_grad=True)),
        ("int", torch.tensor([1, -20, 300])),
        ("int_matrix", torch.tensor([[1, 2], [30, 4]])),
        ("bool", torch.tensor([True, False, True])),
        ("empty", torch.zeros(0)),
        ("empty_2d", torch.zeros(2, 0)),
        ("mixed_magnitude", r(6).float() * torch.tensor([1e-3, 1, 10, 100, 1000, 1e4])),
    ]


def dtype_name(t):
    return {torch.float32: "float32", torch.float64: "float64", torch.int64: "int32", torch.bool: "bool"}[t.dtype]


def printing_fixtures(flat):
    return [
        {
            "id": name,
            "dtype": dtype_name(t),
            "shape": list(t.shape),
            "values": flat(t),
            "requiresGrad": t.requires_grad,
            "printed": str(t),
        }
        for name, t in cases()
    ]
