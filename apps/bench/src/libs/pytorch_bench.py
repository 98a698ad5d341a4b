"""Eager PyTorch (Debian's python3-torch, 1.13) on one thread: the bench's
workloads, written as PyTorch users write them, timed like harness.ts does
(warm-up runs, then timed runs until a minimum count and a time budget are
met; the median is reported). Run by pytorch.ts as a child process:

    /usr/bin/python3 pytorch_bench.py '<json: sizes, workloads>'

Prints one JSON line: {"cells": {id: {"medianMs", "runsMs"} | {"error"}}}.
The inputs are the same seeded float32 numbers the JavaScript libraries use
(mulberry32, vectorised: its state advances by a constant, so step i's state
is seed + (i+1)·0x6D2B79F5 mod 2³²)."""
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def mulberry32(n, seed):
    with np.errstate(over="ignore"):
        a = (np.uint32(seed) + np.arange(1, n + 1, dtype=np.uint64) * np.uint64(0x6D2B79F5)).astype(np.uint32)
        t = a.copy()
        t = (t ^ (t >> np.uint32(15))) * (t | np.uint32(1))
        t ^= t + (t ^ (t >> np.uint32(7))) * (t | np.uint32(61))
        return ((t ^ (t >> np.uint32(14))).astype(np.float64) / 4294967296.0)


def random_array(n, seed, scale=1.0, shift=0.0):
    return torch.from_numpy(((mulberry32(n, seed) + shift) * scale).astype(np.float32))


def random_labels(n, classes, seed):
    return torch.from_numpy(np.floor(mulberry32(n, seed) * classes).astype(np.int64))


SEEDS = {"regressionX": 1, "matA": 2, "matB": 3, "mlpInput": 4, "mlpLabels": 5, "mlpW1": 6, "mlpW2": 7, "tanh": 8}
CHAIN_C = [1.0001, 0.9999, 1.0002, 0.9998]


def regression(steps):
    x = random_array(50, SEEDS["regressionX"]).reshape(50, 1)
    y = x * 3 + 0.8

    def run():
        w = torch.rand(1, 1, requires_grad=True)
        b = torch.zeros(1, requires_grad=True)
        for _ in range(steps):
            loss = (x @ w + b - y).pow(2).mean()
            loss.backward()
            with torch.no_grad():
                w -= w.grad * 0.01
                b -= b.grad * 0.01
            w.grad.zero_()
            b.grad.zero_()

    return run


def matmul(n):
    a = random_array(n * n, SEEDS["matA"]).reshape(n, n).requires_grad_()
    b = random_array(n * n, SEEDS["matB"]).reshape(n, n).requires_grad_()

    def run():
        a.grad = None
        b.grad = None
        (a @ b).sum().backward()

    return run


def mlp(s):
    batch, inputs, hidden, classes = s["batch"], s["inputs"], s["hidden"], s["classes"]
    inp = random_array(batch * inputs, SEEDS["mlpInput"]).reshape(batch, inputs)
    target = random_labels(batch, classes, SEEDS["mlpLabels"])
    w1 = random_array(inputs * hidden, SEEDS["mlpW1"], 0.1, -0.5).reshape(inputs, hidden).requires_grad_()
    b1 = torch.zeros(hidden, requires_grad=True)
    w2 = random_array(hidden * classes, SEEDS["mlpW2"], 0.1, -0.5).reshape(hidden, classes).requires_grad_()
    b2 = torch.zeros(classes, requires_grad=True)
    params = [w1, b1, w2, b2]

    def run():
        logits = torch.relu(inp @ w1 + b1) @ w2 + b2
        torch.nn.functional.cross_entropy(logits, target).backward()
        with torch.no_grad():
            for p in params:
                p -= p.grad * 0.01
        for p in params:
            p.grad.zero_()

    return run


def tanh(n):
    x = random_array(n, SEEDS["tanh"], 2.0, -0.5).requires_grad_()

    def run():
        x.grad = None
        (torch.tanh(x * 2 + 1) * x).sum().backward()

    return run


def chain(n):
    c = torch.tensor(CHAIN_C)
    x = torch.ones(4, requires_grad=True)

    def run():
        x.grad = None
        z = x
        for i in range(n):
            z = z + c if i % 2 else z * c
        z.sum().backward()

    return run


def measure(run, t):
    warm_ms = 0.0
    for _ in range(t["warmup"]):
        t0 = time.perf_counter()
        run()
        warm_ms = (time.perf_counter() - t0) * 1000
    min_runs = t["minRuns"]
    if warm_ms * min_runs > 3 * t["budgetMs"]:
        min_runs = max(1, int(3 * t["budgetMs"] // warm_ms))
    runs = []
    start = time.perf_counter()
    while len(runs) < t["maxRuns"] and (len(runs) < min_runs or (time.perf_counter() - start) * 1000 < t["budgetMs"]):
        t0 = time.perf_counter()
        run()
        runs.append((time.perf_counter() - t0) * 1000)
    return runs


def main():
    spec = json.loads(sys.argv[1])
    s = spec["sizes"]
    factories = {
        "regression": lambda: regression(s["regressionSteps"]),
        "matmul": lambda: matmul(s["matmul"]),
        "mlp": lambda: mlp(s["mlp"]),
        "tanh": lambda: tanh(s["tanh"]),
        "chain-2k": lambda: chain(s["chainShort"]),
        "chain-10k": lambda: chain(s["chainLong"]),
    }
    cells = {}
    for w in spec["workloads"]:
        try:
            runs = measure(factories[w["id"]](), w["timing"])
            cells[w["id"]] = {"medianMs": float(np.median(runs)), "runsMs": [round(r, 3) for r in runs]}
        except Exception as e:  # reported in the table, as the JavaScript peers' errors are
            cells[w["id"]] = {"error": f"{type(e).__name__}: {e}"[:60]}
        c = cells[w["id"]]
        shown = f"{c['medianMs']:.4g} ms (median run)" if "medianMs" in c else f"✗ {c['error']}"
        print(f"  pytorch      {w['id']:<10} {shown}", file=sys.stderr, flush=True)
    config = torch.__config__.show()
    blas = config.split("BLAS_INFO=", 1)[1].split(",", 1)[0] if "BLAS_INFO=" in config else "unknown"
    print(json.dumps({"version": torch.__version__, "blas": blas, "threads": torch.get_num_threads(), "cells": cells}))


if __name__ == "__main__":
    main()
