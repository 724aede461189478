"""Differential fuzz of the learning-rate schedulers: seeded random schedulers with random arguments (StepLR,
MultiStepLR with repeated milestones, ExponentialLR, CosineAnnealingLR, CosineAnnealingWarmRestarts with whole and
fractional step(epoch), CyclicLR in every mode and with a custom scale_fn, momentum or beta1 cycling, OneCycleLR
with both anneal strategies and three_phase, LambdaLR / MultiplicativeLR with named lambdas, LinearLR, ConstantLR,
PolynomialLR, SequentialLR, ChainedScheduler, ReduceLROnPlateau over random metric series in every mode, SWALR),
on SGD (momentum) or Adam with 1 to 3 parameter groups of their own lr, stepped a random number of times (now and
then through the deprecated step(epoch), sometimes after the lrs were changed from outside), with a state_dict
round trip into a fresh optimizer and scheduler at a random step, and arguments PyTorch refuses ->
goldens/fuzz_lr.json. FuzzLrParityTest replays each case; every lr, get_last_lr() and momentum must agree within
1e-12 relative.

Run: /usr/bin/python3 scripts/goldens/fuzz_lr_goldens.py [seed count name [k]]   (an exploration: another seed, more
cases, step counts up to k times longer, written as goldens/<name>.json and replayed by -Dt4j.fuzzLr=<name>)

PyTorch 2.x is followed where it differs from 1.13 (which runs here):
  * CyclicLR cycles Adam's beta1 in 2.x (1.13 raises "optimizer must support momentum"): the momenta it sets follow
    the same formula as SGD's momentum, so those cases run 1.13's CyclicLR on an SGD optimizer with the same
    groups and record its momentum as the expected beta1;
  * messages are compared as 2.x words them (OneCycleLR's "must be one of", 1.13 "must by one of"; LinearLR's
    start factor "greater than 0 and less or equal to 1", 1.13 "between 0 and 1", and 2.x also refuses a start
    factor of 0, which is not generated; OneCycleLR stepped past total_steps says "Tried to step N times" with
    N = last_epoch, 1.13 with last_epoch + 1).
Left out: ReduceLROnPlateau's list min_lr (torch4j's constructor takes a scalar). Where PyTorch's Python divides by
zero (OneCycleLR with a phase of no steps, ConstantLR with factor 0 at total_iters), torch4j raises an
ArithmeticException whose message ends with PyTorch's.

A case: {"java": kind, "opt": "sgd"/"adam", "lrs": group lrs, "args": the kind's arguments (children for
sequential/chained), "steps": [null for step(), {"e": epoch} for step(epoch), {"m": metric}; with "x": f, the
groups' lrs multiplied by f first], "reload_at": the step after which the state is saved and loaded into fresh
objects (-1: none), "lr" / "last_lr" / "mom": per group, after construction and after every step (last_lr left out
where it equals lr, mom where every momentum stays 0.9); or "error": the constructor's message, or "step_error":
[step, message].
"""
import math
import random
import re
import sys
import warnings

import torch
from torch.optim import lr_scheduler as L
from torch.optim.swa_utils import SWALR

from common import write

warnings.filterwarnings("ignore")

# named lambdas (FuzzLrParityTest.lambda mirrors them): p is the case's parameter
LAMBDAS = {
    "pow": lambda p: (lambda e: p ** e),
    "warm": lambda p: (lambda e: min(1.0, (e + 1) / p)),
    "inv": lambda p: (lambda e: 1.0 / (1.0 + p * e)),
    "stair": lambda p: (lambda e: p ** (e // 3)),
    "const": lambda p: (lambda e: p),
    "wave": lambda p: (lambda e: 1.0 + p * math.sin(e)),
}
SCALE_FNS = {"half": lambda x: 0.5 ** x, "inv": lambda x: 1.0 / (1.0 + x), "one": lambda x: 1.0}
SIMPLE = ["step", "multistep", "exponential", "cosine", "lambda", "multiplicative", "linear", "constant", "polynomial"]


def pick(rng, *xs):
    return rng.choice(xs)


def frac(rng, lo, hi):
    return round(rng.uniform(lo, hi), rng.choice([2, 6, 15]))


def args(rng, kind, ngroups, opt):
    if kind == "step":
        return {"step_size": rng.randint(1, 6), "gamma": pick(rng, 0.1, 0.5, frac(rng, 0.05, 0.99))}
    if kind == "multistep":
        return {"milestones": sorted(rng.choice(range(1, 16)) for _ in range(rng.randint(1, 4))),
                "gamma": pick(rng, 0.1, frac(rng, 0.05, 0.99))}
    if kind == "exponential":
        return {"gamma": pick(rng, 0.9, frac(rng, 0.5, 1.05))}
    if kind == "cosine":
        return {"T_max": rng.randint(1, 12), "eta_min": pick(rng, 0.0, 1e-4, frac(rng, 0, 0.05))}
    if kind == "warm_restarts":
        return {"T_0": rng.randint(1, 6), "T_mult": rng.randint(1, 3), "eta_min": pick(rng, 0.0, frac(rng, 0, 0.01))}
    if kind in ("lambda", "multiplicative"):
        names = ["pow", "warm", "inv", "stair", "const", "wave"]
        one = rng.random() < 0.5
        fns = [[rng.choice(names), None] for _ in range(1 if one else ngroups)]
        for f in fns:
            f[1] = {"pow": frac(rng, 0.8, 1.0), "warm": rng.randint(1, 6), "inv": frac(rng, 0.01, 0.5),
                    "stair": frac(rng, 0.3, 0.95), "const": frac(rng, 0.5, 1.0), "wave": frac(rng, 0.01, 0.3)}[f[0]]
        return {"fns": fns}
    if kind == "linear":
        return {"start_factor": pick(rng, 1.0 / 3, frac(rng, 0.01, 1.0)), "end_factor": pick(rng, 1.0, frac(rng, 0.0, 1.0)),
                "total_iters": rng.randint(1, 8)}
    if kind == "constant":
        return {"factor": pick(rng, 1.0 / 3, frac(rng, 0.0, 1.0)), "total_iters": rng.randint(0, 8)}
    if kind == "polynomial":
        return {"total_iters": rng.randint(1, 10), "power": pick(rng, 1.0, 2.0, 0.5, frac(rng, 0.1, 3.0))}
    if kind == "cyclic":
        base = frac(rng, 1e-4, 0.05)
        a = {"base_lr": base, "max_lr": base + frac(rng, 0.0, 0.5), "step_size_up": pick(rng, rng.randint(1, 6), frac(rng, 0.5, 6)),
             "step_size_down": pick(rng, None, rng.randint(1, 6), frac(rng, 0.5, 6)),
             "mode": pick(rng, "triangular", "triangular2", "exp_range"), "gamma": pick(rng, 1.0, frac(rng, 0.8, 1.0)),
             "scale_fn": None, "scale_mode": "cycle", "cycle_momentum": rng.random() < 0.6,
             "base_momentum": frac(rng, 0.5, 0.85), "max_momentum": frac(rng, 0.85, 0.99)}
        if rng.random() < 0.25:
            a["scale_fn"], a["scale_mode"] = rng.choice(sorted(SCALE_FNS)), pick(rng, "cycle", "iterations")
        return a
    if kind == "onecycle":
        return {"max_lr": frac(rng, 0.01, 1.0), "total_steps": rng.randint(2, 25), "pct_start": pick(rng, 0.3, frac(rng, 0.0, 1.0)),
                "anneal_strategy": pick(rng, "cos", "linear"), "cycle_momentum": rng.random() < 0.6,
                "base_momentum": frac(rng, 0.5, 0.85), "max_momentum": frac(rng, 0.85, 0.99),
                "div_factor": pick(rng, 25.0, frac(rng, 1.0, 100)), "final_div_factor": pick(rng, 1e4, frac(rng, 1.0, 1e5)),
                "three_phase": rng.random() < 0.4}
    if kind == "plateau":
        return {"mode": pick(rng, "min", "max"), "factor": pick(rng, 0.1, 0.5, frac(rng, 0.0, 0.99)),
                "patience": rng.randint(0, 4), "threshold": pick(rng, 1e-4, 0.0, frac(rng, 0, 0.2)),
                "threshold_mode": pick(rng, "rel", "abs"), "cooldown": rng.randint(0, 3),
                "min_lr": pick(rng, 0.0, 1e-3, frac(rng, 0, 0.05)), "eps": pick(rng, 1e-8, 0.0, frac(rng, 0, 1e-3))}
    if kind == "swalr":
        return {"swa_lr": frac(rng, 1e-3, 1.0) if rng.random() < 0.5 else [frac(rng, 1e-3, 1.0) for _ in range(ngroups)],
                "anneal_epochs": rng.randint(0, 6), "anneal_strategy": pick(rng, "cos", "linear")}
    if kind in ("sequential", "chained"):
        n = rng.randint(2, 3)
        kids = [rng.choice(SIMPLE + ["warm_restarts"]) for _ in range(n)]
        a = {"children": [{"kind": k, "args": args(rng, k, ngroups, opt)} for k in kids]}
        if kind == "sequential":
            a["milestones"] = sorted(rng.sample(range(1, 12), n - 1))
        return a
    raise ValueError(kind)


def bad_args(rng, kind, a):
    """Arguments PyTorch refuses (a few cases only)."""
    if kind == "warm_restarts":
        a[pick(rng, "T_0", "T_mult")] = rng.randint(-1, 0)
    elif kind == "linear":
        a[pick(rng, "start_factor", "end_factor")] = pick(rng, 1.5, -0.5)  # 0: refused by 2.x only
    elif kind == "constant":
        a["factor"] = pick(rng, 1.5, -0.5)
    elif kind == "onecycle":
        if rng.random() < 0.5:
            a["pct_start"] = pick(rng, 1.5, -0.1)
        else:
            a["total_steps"] = rng.randint(-2, 0)
    elif kind == "plateau":
        a[pick(rng, "factor", "mode", "threshold_mode")] = "nope"
        if a["factor"] == "nope":
            a["factor"] = pick(rng, 1.0, 2.0)
    elif kind == "cyclic":
        a["mode"], a["scale_fn"] = "nope", None
    elif kind == "swalr":
        which = rng.choice(["epochs", "strategy", "len"])
        if which == "epochs":
            a["anneal_epochs"] = -rng.randint(1, 3)
        elif which == "strategy":
            a["anneal_strategy"] = "nope"
        else:
            a["swa_lr"] = [0.1] * 4
    return a


def optimizer(opt, lrs):
    ps = [{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in lrs]
    if opt == "adam":
        return torch.optim.Adam(ps, lr=0.1, betas=(0.9, 0.999))
    return torch.optim.SGD(ps, lr=0.1, momentum=0.9)


def make(kind, a, o):
    if kind == "step":
        return L.StepLR(o, a["step_size"], a["gamma"])
    if kind == "multistep":
        return L.MultiStepLR(o, a["milestones"], a["gamma"])
    if kind == "exponential":
        return L.ExponentialLR(o, a["gamma"])
    if kind == "cosine":
        return L.CosineAnnealingLR(o, a["T_max"], a["eta_min"])
    if kind == "warm_restarts":
        return L.CosineAnnealingWarmRestarts(o, a["T_0"], a["T_mult"], a["eta_min"])
    if kind in ("lambda", "multiplicative"):
        fns = [LAMBDAS[n](p) for n, p in a["fns"]]
        cls = L.LambdaLR if kind == "lambda" else L.MultiplicativeLR
        return cls(o, fns[0] if len(fns) == 1 else fns)
    if kind == "linear":
        return L.LinearLR(o, a["start_factor"], a["end_factor"], a["total_iters"])
    if kind == "constant":
        return L.ConstantLR(o, a["factor"], a["total_iters"])
    if kind == "polynomial":
        return L.PolynomialLR(o, a["total_iters"], a["power"])
    if kind == "cyclic":
        return L.CyclicLR(o, a["base_lr"], a["max_lr"], a["step_size_up"], a["step_size_down"], a["mode"], a["gamma"],
                          SCALE_FNS[a["scale_fn"]] if a["scale_fn"] else None, a["scale_mode"], a["cycle_momentum"],
                          a["base_momentum"], a["max_momentum"])
    if kind == "onecycle":
        return L.OneCycleLR(o, a["max_lr"], a["total_steps"], pct_start=a["pct_start"], anneal_strategy=a["anneal_strategy"],
                            cycle_momentum=a["cycle_momentum"], base_momentum=a["base_momentum"], max_momentum=a["max_momentum"],
                            div_factor=a["div_factor"], final_div_factor=a["final_div_factor"], three_phase=a["three_phase"])
    if kind == "plateau":
        return L.ReduceLROnPlateau(o, a["mode"], a["factor"], a["patience"], a["threshold"], a["threshold_mode"], a["cooldown"],
                                   a["min_lr"], a["eps"])
    if kind == "swalr":
        return SWALR(o, a["swa_lr"], a["anneal_epochs"], a["anneal_strategy"])
    if kind in ("sequential", "chained"):
        kids = [make(c["kind"], c["args"], o) for c in a["children"]]
        return L.ChainedScheduler(kids) if kind == "chained" else L.SequentialLR(o, kids, a["milestones"])
    raise ValueError(kind)


def momenta(o, opt):
    return [g["betas"][0] if opt == "adam" else g["momentum"] for g in o.param_groups]


def metric_series(rng, n):
    x, out = rng.uniform(-2, 2), []
    for _ in range(n):
        r = rng.random()
        if r < 0.3:
            pass  # a plateau
        elif r < 0.35:
            x = pick(rng, float("nan"), float("inf"), -float("inf"), 0.0)
        else:
            x = (x if math.isfinite(x) else 1.0) + rng.gauss(0, 0.3) * pick(rng, 1.0, 1e-3, 1e-6)
        out.append(x)
    return out


def case(rng):
    kind = rng.choice(SIMPLE + ["warm_restarts", "cyclic", "cyclic", "onecycle", "onecycle", "plateau", "plateau",
                                "sequential", "chained", "swalr"])
    ngroups = rng.randint(1, 3)
    opt = "adam" if rng.random() < 0.3 else "sgd"
    lrs = [pick(rng, 0.1, 1.0, frac(rng, 1e-4, 2.0)) for _ in range(ngroups)]
    a = args(rng, kind, ngroups, opt)
    c = {"java": kind, "opt": opt, "lrs": lrs, "args": a}
    if rng.random() < 0.04 and kind in ("warm_restarts", "linear", "constant", "onecycle", "plateau", "cyclic", "swalr"):
        a = c["args"] = bad_args(rng, kind, a)
        try:
            make(kind, a, optimizer(opt, lrs))
        except (ValueError, KeyError) as e:
            msg = str(e).replace("must by one of", "must be one of") if kind == "onecycle" else str(e)  # SWALR keeps "by"
            c["error"] = msg.replace(
                "Starting multiplicative factor expected to be between 0 and 1.",
                "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
            return c
        raise AssertionError(("accepted", kind, a))
    # 2.x cycles Adam's beta1 as 1.13 cycles SGD's momentum (see the docstring)
    run_opt = "sgd" if kind == "cyclic" and opt == "adam" and a["cycle_momentum"] else opt
    o = optimizer(run_opt, lrs)
    try:
        s = make(kind, a, o)
    except ZeroDivisionError as e:  # OneCycleLR with a phase of no steps, at its first step
        c["error"] = str(e)
        return c
    nsteps = rng.randint(1, (40 if kind == "cyclic" else 25) * LONG)
    if kind == "onecycle":
        nsteps = min(nsteps, a["total_steps"] - 1) if rng.random() < 0.9 else a["total_steps"]
    steps = []
    if kind == "plateau":
        steps = [{"m": m} for m in metric_series(rng, nsteps)]
    else:
        epoch = 0
        for _ in range(nsteps):
            epoch += 1
            if kind == "warm_restarts" and rng.random() < 0.4:
                e = pick(rng, epoch, round(epoch - rng.random(), 3), rng.randint(0, 30), frac(rng, 0, 30))
                steps.append({"e": e})
            elif kind not in ("sequential", "chained") and rng.random() < 0.06:  # the deprecated step(epoch)
                epoch = rng.randint(0, a["total_steps"] if kind == "onecycle" else 20)
                steps.append({"e": epoch})
            else:
                steps.append(None)
    if rng.random() < 0.15:  # the lrs changed from outside now and then, before a step (chainable schedulers follow)
        for k in range(len(steps)):
            if rng.random() < 0.2:
                steps[k] = dict(steps[k] or {}, x=pick(rng, 0.5, 2.0, frac(rng, 0.1, 3.0)))
    c["steps"] = steps
    c["reload_at"] = rng.randrange(nsteps) if rng.random() < 0.35 else -1
    lr, last, mom = [[g["lr"] for g in o.param_groups]], [list(getattr(s, "_last_lr", [g["lr"] for g in o.param_groups]))], [momenta(o, run_opt)]
    for k, st in enumerate(steps):
        for g in o.param_groups if st and "x" in st else []:
            g["lr"] *= st["x"]
        try:
            if st is None or list(st) == ["x"]:
                s.step()
            elif "m" in st:
                s.step(st["m"])
            else:
                s.step(st["e"])
        except (ValueError, ZeroDivisionError) as e:  # 2.x counts OneCycleLR's steps as last_epoch (1.13: one more)
            c["step_error"] = [k, re.sub(r"Tried to step (\d+)", lambda m: f"Tried to step {int(m.group(1)) - 1}", str(e))]
            break
        lr.append([g["lr"] for g in o.param_groups])
        last.append(list(s._last_lr))
        mom.append(momenta(o, run_opt))
        if k == c["reload_at"]:  # the state into a fresh optimizer and scheduler, as a resumed run builds them
            osd, ssd = o.state_dict(), s.state_dict()
            o = optimizer(run_opt, lrs)
            s = make(kind, a, o)
            ref = getattr(s, "_scale_fn_ref", None)
            o.load_state_dict(osd)
            s.load_state_dict(ssd)
            if ref is not None:  # 1.13's CyclicLR loads a weak reference to the old scheduler's method; 2.x its own
                s._scale_fn_ref = ref
    c["lr"] = lr
    if last != lr:  # left out where they agree: the file stays small
        c["last_lr"] = last
    if any(m != 0.9 for ms in mom for m in ms):
        c["mom"] = mom
    return c


LONG = int(sys.argv[4]) if len(sys.argv) > 4 else 1  # an exploration's step counts times this


def main():
    seed, count, name = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]) if len(sys.argv) > 1 else (20261129, 400, "fuzz_lr")
    rng = random.Random(seed)
    write(name, [case(rng) for _ in range(count)])


if __name__ == "__main__":
    main()
