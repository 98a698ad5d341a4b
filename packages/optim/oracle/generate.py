"""Writes the fixtures that @grad/optim's tests check against: what real
PyTorch does, step for step, in float64.

    /usr/bin/python3 packages/optim/oracle/generate.py [--out DIR]
    pnpm --filter @grad/optim oracle

Needs PyTorch (Debian's python3-torch, 1.13). Where PyTorch 1.13 lacks what
current PyTorch has (NAdam's corrected rule, maximize and decoupled weight
decay for NAdam/RAdam, ReduceLROnPlateau with a group added later), the case
says how its numbers were made in its "source" field.
"""
import argparse
import json
import math
import os
import re
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import EPOCHS, LAMBDAS, METRICS, OPTIMIZER_CASES, SCHEDULER_CASES, STEPS  # noqa: E402

# Scalar state (ASGD's eta and mu, NAdam's mu_product) is made with the default
# dtype: float64 here, as grad keeps it (JavaScript numbers).
torch.set_default_dtype(torch.float64)

A0 = [-1.2, 0.3, 1.4]
B0 = [1.0, -0.4, 1.8]
C0 = [[0.5, -0.7], [1.3, 0.2]]


def snake(name):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def torch_options(options):
    out = {}
    for key, value in options.items():
        out[snake(key)] = tuple(value) if isinstance(value, list) else value
    return out


def problem():
    """f(a, b, c) = Σ (1 − a)² + 10(b − a²)² + Σ c⁴/4 − c, as test/helpers.ts."""
    a = torch.tensor(A0, requires_grad=True)
    b = torch.tensor(B0, requires_grad=True)
    c = torch.tensor(C0, requires_grad=True)

    def loss(sign):
        rosen = ((1 - a) ** 2 + 10 * (b - a ** 2) ** 2).sum()
        quartic = (c ** 4 * 0.25 - c).sum()
        return (rosen + quartic) * sign

    return [a, b, c], loss


def values(params):
    return [p.detach().reshape(-1).tolist() for p in params]


# --- NAdam as current PyTorch computes it -------------------------------------------
# PyTorch 1.13's NAdam divides the last term by 1 − P_t·μ_t·μ_{t+1}; PyTorch 2.0
# corrected it to 1 − P_t·μ_{t+1}, and added maximize and decoupled_weight_decay.
# This is current PyTorch's _single_tensor_nadam, written with torch ops; with
# legacy=True it is 1.13's, and main() checks that that reproduces torch.optim.NAdam.
class CurrentNAdam:
    def __init__(self, groups, defaults, legacy=False):
        self.groups = [dict(defaults, **g) for g in groups]
        self.state = {}
        self.legacy = legacy

    def zero_grad(self):
        for g in self.groups:
            for p in g["params"]:
                p.grad = None

    @torch.no_grad()
    def step(self):
        for g in self.groups:
            beta1, beta2 = g["betas"]
            lr, wd, eps, md = g["lr"], g["weight_decay"], g["eps"], g["momentum_decay"]
            for p in g["params"]:
                grad = p.grad if not g["maximize"] else -p.grad
                st = self.state.setdefault(p, {"step": 0, "mu_product": 1.0, "exp_avg": torch.zeros_like(p), "exp_avg_sq": torch.zeros_like(p)})
                st["step"] += 1
                step = st["step"]
                bias_correction2 = 1 - beta2 ** step
                if wd != 0:
                    if g["decoupled_weight_decay"]:
                        p.mul_(1 - lr * wd)
                    else:
                        grad = grad.add(p, alpha=wd)
                mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * md)))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * md)))
                st["mu_product"] *= mu
                st["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
                st["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = st["exp_avg_sq"].div(bias_correction2).sqrt().add_(eps)
                mu_product_next = st["mu_product"] * (mu * mu_next if self.legacy else mu_next)
                p.addcdiv_(grad, denom, value=-lr * (1.0 - mu) / (1.0 - st["mu_product"]))
                p.addcdiv_(st["exp_avg"], denom, value=-lr * mu_next / (1.0 - mu_product_next))


NADAM_DEFAULTS = dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3, decoupled_weight_decay=False, maximize=False)


class DecoupledRAdam:
    """Current PyTorch's RAdam(decoupled_weight_decay=True): θ ← θ(1 − γλ) first, then 1.13's RAdam without weight decay."""

    def __init__(self, groups, defaults):
        self.groups = [dict(defaults, **g) for g in groups]
        inner = [dict({k: v for k, v in g.items() if k not in ("decoupled_weight_decay", "maximize")}, weight_decay=0) for g in self.groups]
        self.inner = torch.optim.RAdam(inner, foreach=False)

    def zero_grad(self):
        self.inner.zero_grad()

    @torch.no_grad()
    def step(self):
        for g in self.groups:
            for p in g["params"]:
                if p.grad is not None:
                    p.mul_(1 - g["lr"] * g["weight_decay"])
        self.inner.step()


def make_optimizer(kind, params, options, groups):
    opts = torch_options(options)
    if groups is None:
        group_list = [{"params": params}]
    else:
        group_list = [dict(torch_options({k: v for k, v in g.items() if k != "params"}), params=[params[i] for i in g["params"]]) for g in groups]
    if kind == "NAdam":
        return CurrentNAdam(group_list, dict(NADAM_DEFAULTS, **opts)), "current PyTorch's NAdam rule in torch ops (generate.py CurrentNAdam; its 1.13 form reproduces torch 1.13's NAdam)", 1
    uses_new = opts.pop("maximize", False) if kind in ("RAdam",) else False
    decoupled = opts.pop("decoupled_weight_decay", False)
    source = "torch.optim." + kind + " " + torch.__version__
    if uses_new:
        # maximize negates the gradient before anything else: the same as minimising −f, which the case's sign does.
        # Maximizing sign·f is minimising −sign·f, which 1.13's RAdam does.
        source += " minimising the negated loss (maximize, PyTorch ≥ 2.0, negates the gradient first)"
    if kind == "RAdam" and decoupled:
        return DecoupledRAdam(group_list, dict(dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0), **opts)), source + " with θ ← θ(1 − γλ) before each step (decoupled_weight_decay, PyTorch ≥ 2.1)", -1 if uses_new else 1
    cls = getattr(torch.optim, kind)
    extra = {"foreach": False} if kind not in ("LBFGS",) else {}
    return cls(group_list, **opts, **extra), source, -1 if uses_new else 1


def run_optimizer_case(name, kind, options, groups, sign):
    params, loss = problem()
    opt, source, flip = make_optimizer(kind, params, options, groups)
    trajectory, extra = [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss(sign * flip).backward()
        opt.step()
        trajectory.append(values(params))
        if kind == "ASGD":
            extra.append([opt.state[p]["ax"].reshape(-1).tolist() for p in params])
    case = {"name": name, "optimizer": kind, "options": options, "groups": groups, "sign": sign, "source": source, "trajectory": trajectory}
    if extra:
        case["ax"] = extra
    return case


def check_nadam_port():
    """The 1.13 form of CurrentNAdam must reproduce torch.optim.NAdam 1.13: then the current form is current PyTorch's rule."""
    runs = []
    for legacy in (None, True):
        params, loss = problem()
        opt = torch.optim.NAdam(params, lr=0.05, weight_decay=0.1, foreach=False) if legacy is None else CurrentNAdam([{"params": params}], dict(NADAM_DEFAULTS, lr=0.05, weight_decay=0.1), legacy=True)
        out = []
        for _ in range(STEPS):
            opt.zero_grad()
            loss(1).backward()
            opt.step()
            out.extend(x for v in values(params) for x in v)
        runs.append(out)
    worst = max(abs(x - y) / max(1.0, abs(y)) for x, y in zip(*runs))
    if worst > 1e-13:
        raise SystemExit(f"CurrentNAdam(legacy=True) differs from torch.optim.NAdam by {worst}: the port is wrong")
    return worst


# --- schedulers ----------------------------------------------------------------------
def lam(name):
    expr = LAMBDAS[name]
    return eval("lambda epoch: " + expr)  # noqa: S307 - the expressions are the fixed ones above


class CurrentReduceLROnPlateau(torch.optim.lr_scheduler.ReduceLROnPlateau):
    """torch 1.13's ReduceLROnPlateau with current PyTorch's _reduce_lr: a group added
    later gets the scalar min_lr (1.13 fails with an IndexError; per-group min_lr is an error in 2.x)."""

    def __init__(self, optimizer, **kwargs):
        super().__init__(optimizer, **kwargs)
        min_lr = kwargs.get("min_lr", 0)
        self.default_min_lr = None if isinstance(min_lr, (list, tuple)) else min_lr

    def _reduce_lr(self, epoch):
        if len(self.optimizer.param_groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError("The number of param groups in the `optimizer` differs from when `ReduceLROnPlateau` was initialized")
            self.min_lrs = [self.default_min_lr] * len(self.optimizer.param_groups)
        for i, param_group in enumerate(self.optimizer.param_groups):
            old_lr = float(param_group["lr"])
            new_lr = max(old_lr * self.factor, self.min_lrs[i])
            if old_lr - new_lr > self.eps:
                param_group["lr"] = new_lr


def build_scheduler(spec, opt, current_plateau=False):
    kind, options = spec["kind"], dict(spec["options"])
    options.pop("metrics", None)
    if kind == "ChainedScheduler":
        return torch.optim.lr_scheduler.ChainedScheduler([build_scheduler(s, opt) for s in options["schedulers"]])
    if kind == "SequentialLR":
        subs = [build_scheduler(s, opt) for s in options.pop("schedulers")]
        return torch.optim.lr_scheduler.SequentialLR(opt, subs, **torch_options(options))
    if "lrLambda" in options:
        options["lrLambda"] = lam(options["lrLambda"])
    renames = {"tMax": "T_max", "t0": "T_0", "tMult": "T_mult"}
    kwargs = {renames.get(k, snake(k)): (v if not isinstance(v, list) else list(v)) for k, v in options.items()}
    if kind == "ReduceLROnPlateau" and current_plateau:
        return CurrentReduceLROnPlateau(opt, **kwargs)
    if kind == "SWALR":
        return torch.optim.swa_utils.SWALR(opt, **kwargs)
    return getattr(torch.optim.lr_scheduler, kind)(opt, **kwargs)


def momentum_of(group):
    if "betas" in group:
        return group["betas"][0]
    return group.get("momentum")


def run_scheduler_case(name, opt_spec, sched_spec, events):
    import warnings

    warnings.simplefilter("ignore")
    tensors = [torch.tensor([1.0], requires_grad=True) for _ in opt_spec["groups"]]
    groups = [dict(torch_options(g), params=[t]) for g, t in zip(opt_spec["groups"], tensors)]
    opt = getattr(torch.optim, opt_spec["kind"])(groups)
    adds_group = any("addParamGroup" in ev for ev in events)
    sched = build_scheduler(sched_spec, opt, current_plateau=adds_group)
    metrics = METRICS.get(sched_spec["options"].get("metrics"))
    plateau = isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau)
    lr_now = (lambda: [g["lr"] for g in opt.param_groups]) if plateau else sched.get_last_lr
    lrs = [list(lr_now())]
    momenta = [[momentum_of(g) for g in opt.param_groups]]
    for epoch in range(1, EPOCHS + 1):
        step_epoch = None
        for ev in events:
            if ev["epoch"] == epoch and "addParamGroup" in ev:
                opt.add_param_group(dict(torch_options(ev["addParamGroup"]), params=[torch.tensor([1.0], requires_grad=True)]))
            if ev["epoch"] == epoch and "stepEpoch" in ev:
                step_epoch = ev["stepEpoch"]
        opt.step()
        if plateau:
            sched.step(metrics[epoch - 1])
        elif step_epoch is None:
            sched.step()
        else:
            sched.step(step_epoch)
        lrs.append(list(lr_now()))
        momenta.append([momentum_of(g) for g in opt.param_groups])
    source = "torch " + torch.__version__
    if isinstance(sched, CurrentReduceLROnPlateau):
        source += " ReduceLROnPlateau with current PyTorch's _reduce_lr (generate.py CurrentReduceLROnPlateau)"
    case = {"name": name, "optimizer": opt_spec, "scheduler": sched_spec, "events": events, "source": source, "lrs": lrs}
    if any(m is not None for row in momenta for m in row) and sched_spec["kind"] in ("CyclicLR", "OneCycleLR"):
        case["momentums"] = momenta
    return case


def dump(data):
    """JSON with one case per line: small files whose diffs show which case changed."""
    head = {k: v for k, v in data.items() if k != "cases"}
    lines = [json.dumps(head)[:-1] + ', "cases": [']
    lines += [json.dumps(case) + ("," if i < len(data["cases"]) - 1 else "") for i, case in enumerate(data["cases"])]
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "..", "test", "fixtures"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    nadam_port = check_nadam_port()
    header = {
        "generator": "packages/optim/oracle/generate.py",
        "torch": torch.__version__,
        "dtype": "float64",
    }
    optimizers = dict(header, steps=STEPS, nadamPortCheck=f"CurrentNAdam(legacy=True) vs torch.optim.NAdam: max relative difference {nadam_port:.1e}",
                      cases=[run_optimizer_case(*c) for c in OPTIMIZER_CASES])
    schedulers = dict(header, epochs=EPOCHS, lambdas=LAMBDAS, metrics=METRICS, cases=[run_scheduler_case(*c) for c in SCHEDULER_CASES])
    for name, data in (("optimizers.json", optimizers), ("schedulers.json", schedulers)):
        with open(os.path.join(args.out, name), "w") as f:
            f.write(dump(data))
    print(f"wrote {len(optimizers['cases'])} optimizer cases and {len(schedulers['cases'])} scheduler cases to {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
