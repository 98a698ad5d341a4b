"""Writes the golden fixtures: run with Debian's python3 and PyTorch 1.13.

    /usr/bin/python3 generator/generate.py <out-dir>

Output (deterministic: seeded inputs, one thread, sorted keys):
  ops.json     per op x dtype x shapes: inputs, outputs (values, node name,
               printed form), the graph's node names, first derivatives for a
               seeded cotangent and second derivatives along a seeded direction
  chains.json  seeded random chains of ops, with values, node names and leaf gradients
  errors.json  error kind and text of misuse PyTorch refuses (and code it accepts)
  printing.json  str(tensor) of chosen values: number modes, wrapping, summarisation, suffixes
"""
import json
import os
import sys
import zlib

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import DTYPES, flat, graph_names, make_values  # noqa: E402
from ops import OPS  # noqa: E402
from chains import LEAF_STEPS, make_chain, run_chain  # noqa: E402
from errors import ERRORS  # noqa: E402
from printing import printing_fixtures  # noqa: E402

torch.set_num_threads(1)
N_CHAINS = 300


def seed_of(text):
    return zlib.crc32(text.encode())


def build_inputs(case, dtype, gen):
    tensors, described = [], []
    for spec in case:
        kind, shape = spec[0], spec[1]
        if kind in ("x", "c"):
            t = make_values(gen, shape, spec[2], dtype)
            t.requires_grad_(kind == "x")
            described.append({"kind": kind, "shape": shape, "values": flat(t), "printed": str(t)})
        elif kind == "i":
            t = torch.randint(0, spec[2], shape, generator=gen)
            described.append({"kind": "i", "shape": shape, "values": flat(t)})
        else:
            t = torch.rand(shape, generator=gen) > 0.5
            described.append({"kind": "b", "shape": shape, "values": flat(t)})
        tensors.append(t)
    return tensors, described


def out_dtype(t):
    return {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}[t.dtype]


def op_fixture(op_id, fn, case, dtype, index):
    gen = torch.Generator().manual_seed(seed_of(f"{op_id}/{dtype}/{index}"))
    inputs, described = build_inputs(case, dtype, gen)
    raw = fn(*inputs)
    outs = list(raw) if isinstance(raw, (tuple, list)) else [raw]
    diff = [o for o in outs if o.is_floating_point() and o.requires_grad]
    xs = [t for t, s in zip(inputs, case) if s[0] == "x"]
    record = {
        "op": op_id,
        "dtype": dtype,
        "case": index,
        "inputs": described,
        "outputs": [
            {"shape": list(o.shape), "dtype": out_dtype(o), "values": flat(o), "gradFn": type(o.grad_fn).__name__ if o.grad_fn else None, "printed": str(o)}
            for o in outs
        ],
        "graph": graph_names(diff[0]) if diff else None,
    }
    if not diff:
        return record
    cots = [make_values(gen, list(o.shape), "any", dtype) for o in diff]
    grads = torch.autograd.grad(diff, xs, grad_outputs=cots, create_graph=True, allow_unused=True)
    record["cotangents"] = [flat(c) for c in cots]
    record["grads"] = [None if g is None else flat(g) for g in grads]
    record["gradsPrinted"] = [None if g is None else str(g.detach()) for g in grads]
    record["gradsRequireGrad"] = [None if g is None else g.requires_grad for g in grads]
    vs = [make_values(gen, list(x.shape), "any", dtype) for x in xs]
    terms = [(g * v).sum() for g, v in zip(grads, vs) if g is not None and g.requires_grad]
    second = None
    if terms:
        second = torch.autograd.grad(sum(terms), xs, allow_unused=True)
    record["direction"] = [flat(v) for v in vs]
    record["second"] = [None if second is None or g is None else flat(g) for g in (second or [None] * len(xs))]
    return record


def all_op_fixtures():
    out = []
    for op_id, fn, cases in OPS:
        for dtype in DTYPES:
            for index, case in enumerate(cases):
                out.append(op_fixture(op_id, fn, case, dtype, index))
    return out


def chain_fixture(k):
    steps, end = make_chain(k)
    dtype = "float64" if k % 2 == 0 else "float32"
    gen = torch.Generator().manual_seed(seed_of(f"chain/{k}"))
    shapes = [[3, 4]] + [LEAF_STEPS[s][0] for s in steps if s in LEAF_STEPS]
    leaves = [make_values(gen, s, "any", dtype).requires_grad_() for s in shapes]
    out = run_chain(steps, end, leaves)
    grads = torch.autograd.grad(out, leaves, allow_unused=True)
    return {
        "id": k,
        "dtype": dtype,
        "steps": steps,
        "end": end,
        "leaves": [{"shape": list(l.shape), "values": flat(l)} for l in leaves],
        "value": flat(out)[0],
        "printed": str(out),
        "graph": graph_names(out),
        "grads": [None if g is None else flat(g) for g in grads],
    }


def error_fixtures():
    out = {}
    for name, fn in sorted(ERRORS.items()):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - the text is what we record
            out[name] = {"type": type(e).__name__, "message": str(e)}
        else:
            out[name] = {"type": None, "message": None}
    return out


def write(path, data):
    with open(path, "w") as f:
        json.dump(data, f, sort_keys=True, indent=None, separators=(",", ":"))
        f.write("\n")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "fixtures")
    os.makedirs(out_dir, exist_ok=True)
    meta = {"torch": torch.__version__, "generator": "tooling/pytorch-oracle/generator/generate.py"}
    write(os.path.join(out_dir, "ops.json"), {"meta": meta, "cases": all_op_fixtures()})
    write(os.path.join(out_dir, "chains.json"), {"meta": meta, "chains": [chain_fixture(k) for k in range(N_CHAINS)]})
    write(os.path.join(out_dir, "errors.json"), {"meta": meta, "errors": error_fixtures()})
    write(os.path.join(out_dir, "printing.json"), {"meta": meta, "cases": printing_fixtures(flat)})


if __name__ == "__main__":
    main()
