"""Goldens for the learning-rate schedulers' state_dict / load_state_dict -> goldens/lr_state.json and the
checkpoints library/src/test/resources/lr_state/<case>.pt.

Run: /usr/bin/python3 scripts/goldens/lr_state_goldens.py

For every case the script builds a scheduler on a two-group optimizer, steps it k times, and writes:
  "state"     its state_dict with PyTorch 2.x's keys (see to_2x below), as JSON (Counter keys as strings,
              inf as Infinity);
  <case>.pt   torch.save({"scheduler": that state dict, "optimizer": optimizer.state_dict()}), a training
              checkpoint as PyTorch writes one (exception: MultiStepLR's milestones, see below);
  "lrs"       the learning rates (per group) of the next m steps after a fresh optimizer and a fresh scheduler,
              the scheduler built with "fresh" arguments (different hyperparameters where the class allows it, to
              show that the state dict's replace them), load the checkpoint; checked here against the original
              scheduler continuing;
  "momenta"   the same steps' momentum (or beta1) where the scheduler cycles it.

PyTorch 2.x's state dict differs from 1.13's (which runs here) in keys only, and is derived from 1.13's:
  * every scheduler: no "verbose" (deprecated in 2.2, removed in 2.7); "_is_initial": False (2.8's flag for the
    constructor's initial step, left in __dict__ after it) on the classes that run LRScheduler.__init__;
  * OneCycleLR: "_anneal_func_type" ("cos"/"linear") instead of 1.13's "anneal_func" (a function);
  * SWALR: "_anneal_strategy" instead of "anneal_func";
  * CyclicLR: 2.x's own state_dict: no "_scale_fn_ref" (1.13 keeps a WeakMethod there, which cannot be pickled),
    "_scale_fn_custom" None for a plain function (last key), and "use_beta1" with cycle_momentum;
    2.x's CyclicLR, OneCycleLR and SWALR also take their scale / anneal function from the loaded state, which
    1.13's keep from the constructor (load_2x emulates 2.x);
  * ReduceLROnPlateau: "default_min_lr" (the scalar min_lr, None for a list) and "_last_lr" from construction.
Values are 1.13's: the schedules' arithmetic is unchanged in 2.x for these cases. One value differs in newer 2.x
and is kept at 1.13's (as torch4j computes it): at a milestone, newer SequentialLR steps its child through
_update_lr(0), which does not count the child's _step_count, where 1.13's step(0) does (a count only
CosineAnnealingLR reads, and only when it is 1). 1.13 loads the 2.x dicts (its
load_state_dict is __dict__.update; the extra keys are inert), which is how the "lrs" are produced.

MultiStepLR keeps its milestones as a collections.Counter, which torch.load(weights_only=True) accepts and so does
torch4j's restricted unpickler (as a map of counts): its checkpoint stores the Counter as PyTorch does.
"""
import collections
import copy
import math
import os
import weakref

import torch
from torch.optim import lr_scheduler as L
from torch.optim.swa_utils import SWALR

from common import write

HERE = os.path.dirname(os.path.abspath(__file__))
PT = os.path.join(HERE, "..", "..", "library", "src", "test", "resources", "lr_state")


def optimizer(kind="sgd"):
    w = [torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)]
    groups = [{"params": [w[0]], "lr": 0.5}, {"params": [w[1]], "lr": 0.2}]
    if kind == "adam":
        return torch.optim.Adam(groups, lr=0.5)
    return torch.optim.SGD(groups, lr=0.5, momentum=0.9)


class Warmup:
    """A callable object as lr_lambda: its __dict__ is saved by LambdaLR.state_dict."""

    def __init__(self, warmup, scale):
        self.warmup = warmup
        self.scale = scale

    def __call__(self, epoch):
        return self.scale * min(1.0, (epoch + 1) / self.warmup)


def make(kind, a, opt):
    """The scheduler a case names, from its JSON arguments (the Java test's factory mirrors this)."""
    if kind == "step":
        return L.StepLR(opt, a["step_size"], a["gamma"])
    if kind == "multistep":
        return L.MultiStepLR(opt, a["milestones"], a["gamma"])
    if kind == "constant":
        return L.ConstantLR(opt, a["factor"], a["total_iters"])
    if kind == "linear":
        return L.LinearLR(opt, a["start_factor"], a["end_factor"], a["total_iters"])
    if kind == "exponential":
        return L.ExponentialLR(opt, a["gamma"])
    if kind == "polynomial":
        return L.PolynomialLR(opt, a["total_iters"], a["power"])
    if kind == "cosine":
        return L.CosineAnnealingLR(opt, a["T_max"], a["eta_min"])
    if kind == "warm_restarts":
        return L.CosineAnnealingWarmRestarts(opt, a["T_0"], a["T_mult"], a["eta_min"])
    if kind == "cyclic":
        return L.CyclicLR(opt, a["base_lr"], a["max_lr"], step_size_up=a["step_size_up"], step_size_down=a["step_size_down"],
                          mode=a["mode"], gamma=a["gamma"], cycle_momentum=a["cycle_momentum"],
                          base_momentum=a["base_momentum"], max_momentum=a["max_momentum"])
    if kind == "onecycle":
        return L.OneCycleLR(opt, a["max_lr"], total_steps=a["total_steps"], pct_start=a["pct_start"],
                            anneal_strategy=a["anneal_strategy"], three_phase=a["three_phase"])
    if kind == "lambda_pow":
        return L.LambdaLR(opt, lambda e, g=a["gamma"]: g ** e)
    if kind == "lambda_object":
        return L.LambdaLR(opt, [Warmup(a["warmup"], a["scale"]), lambda e: 0.5 ** e])
    if kind == "multiplicative":
        return L.MultiplicativeLR(opt, lambda e, f=a["factor"]: f)
    if kind == "plateau":
        return L.ReduceLROnPlateau(opt, mode=a["mode"], factor=a["factor"], patience=a["patience"], threshold=a["threshold"],
                                   threshold_mode=a["threshold_mode"], cooldown=a["cooldown"], min_lr=a["min_lr"])
    if kind == "swalr":
        return SWALR(opt, a["swa_lr"], a["anneal_epochs"], a["anneal_strategy"])
    if kind == "sequential":
        return L.SequentialLR(opt, [make(c["kind"], c["args"], opt) for c in a["children"]], a["milestones"])
    if kind == "chained":
        return L.ChainedScheduler([make(c["kind"], c["args"], opt) for c in a["children"]])
    raise KeyError(kind)


def to_2x(s, sd):
    """1.13's state dict of scheduler s with PyTorch 2.x's keys (see the module docstring)."""
    sd = dict(sd)
    sd.pop("verbose", None)
    if isinstance(s, (L.SequentialLR, L.ChainedScheduler)):
        sd["_schedulers"] = [to_2x(c, csd) for c, csd in zip(s._schedulers, sd["_schedulers"])]
        return sd
    if isinstance(s, L.ReduceLROnPlateau):
        out = {}
        for k, v in sd.items():
            out[k] = v
            if k == "factor":
                out["default_min_lr"] = None  # holds 2.x's place (after factor); the value is set below
        out["default_min_lr"] = s.min_lrs[0] if len(set(s.min_lrs)) == 1 else None
        return out
    out = {}
    for k, v in sd.items():
        if k == "anneal_func" and isinstance(s, L.OneCycleLR):
            out["_anneal_func_type"] = "cos" if v == s._annealing_cos else "linear"
        elif k == "anneal_func":  # SWALR
            out["_anneal_strategy"] = "cos" if v == s._cosine_anneal else "linear"
        elif k in ("_scale_fn_ref", "_scale_fn_custom"):
            continue
        elif k == "_step_count":
            out[k] = v
            out["_is_initial"] = False
        else:
            out[k] = v
            if k == "cycle_momentum" and v and isinstance(s, L.CyclicLR):
                out["use_beta1"] = "betas" in s.optimizer.defaults
    if isinstance(s, L.CyclicLR):
        out["_scale_fn_custom"] = None
    return out


def load_2x(s, sd):
    """s.load_state_dict(sd) as 2.x does it: 1.13's CyclicLR, OneCycleLR and SWALR keep the scale or anneal
    function of their constructor's arguments; 2.x's re-derive it from the loaded mode / _anneal_func_type /
    _anneal_strategy (OneCycleLR dispatches on the string at each step)."""
    s.load_state_dict(sd)
    if isinstance(s, L.CyclicLR) and s._scale_fn_custom is None:
        fn, s.scale_mode = {"triangular": (s._triangular_scale_fn, "cycle"), "triangular2": (s._triangular2_scale_fn, "cycle"),
                            "exp_range": (s._exp_range_scale_fn, "iterations")}[s.mode]
        s._scale_fn_ref = weakref.WeakMethod(fn)
    if isinstance(s, L.OneCycleLR):  # 2.x anneals by the loaded _anneal_func_type
        s.anneal_func = s._annealing_cos if s._anneal_func_type == "cos" else s._annealing_linear
    if isinstance(s, SWALR):  # 2.x: _set_anneal_func(self._anneal_strategy) after the update
        s.anneal_func = s._cosine_anneal if s._anneal_strategy == "cos" else s._linear_anneal


def plain(v):
    """A state-dict value as PyTorch saves it (a Counter stays a Counter: see the module docstring)."""
    if isinstance(v, collections.Counter):
        return v
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def jsonable(v):
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    return v


METRICS = [1.0, 0.9, 0.95, 0.96, 0.97, 0.97, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.61, 0.62, 0.6, 0.7]


def step(s, i):
    if isinstance(s, L.ReduceLROnPlateau):
        s.step(METRICS[i])
    else:
        s.step()


def momenta(opt):
    return [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups]


cases = []


def case(name, kind, args, k, m, fresh=None, opt_kind="sgd", cycles_momentum=False):
    opt = optimizer(opt_kind)
    s = make(kind, args, opt)
    for i in range(k):
        opt.step()
        step(s, i)
    sd = to_2x(s, s.state_dict())
    opt_sd = copy.deepcopy(opt.state_dict())
    os.makedirs(PT, exist_ok=True)
    torch.save({"scheduler": plain(sd), "optimizer": opt_sd}, os.path.join(PT, name + ".pt"))
    # the original continuing: the reference for the resumed one
    cont, cont_m = [], []
    for i in range(k, k + m):
        opt.step()
        step(s, i)
        cont.append([g["lr"] for g in opt.param_groups])
        cont_m.append(momenta(opt))
    # resume: fresh optimizer and scheduler (built with the fresh arguments), then the checkpoint
    opt2 = optimizer(opt_kind)
    s2 = make(kind, fresh if fresh is not None else args, opt2)
    ckpt = torch.load(os.path.join(PT, name + ".pt"))
    opt2.load_state_dict(ckpt["optimizer"])
    load_2x(s2, ckpt["scheduler"])
    lrs, ms = [], []
    for i in range(k, k + m):
        opt2.step()
        step(s2, i)
        lrs.append([g["lr"] for g in opt2.param_groups])
        ms.append(momenta(opt2))
    assert lrs == cont, (name, lrs, cont)
    c = {"name": name, "kind": kind, "args": args, "fresh": fresh if fresh is not None else args, "opt": opt_kind,
         "k": k, "m": m, "state": jsonable(sd), "lrs": lrs}
    if cycles_momentum:
        assert ms == cont_m, name
        c["momenta"] = ms
    cases.append(c)


case("step", "step", {"step_size": 3, "gamma": 0.5}, 4, 6, fresh={"step_size": 7, "gamma": 0.1})
case("multistep", "multistep", {"milestones": [2, 4, 4, 7], "gamma": 0.5}, 3, 6, fresh={"milestones": [1], "gamma": 0.1})
case("constant", "constant", {"factor": 0.25, "total_iters": 4}, 2, 4, fresh={"factor": 0.5, "total_iters": 9})
case("linear", "linear", {"start_factor": 0.2, "end_factor": 0.9, "total_iters": 5}, 2, 6,
     fresh={"start_factor": 0.5, "end_factor": 1.0, "total_iters": 3})
case("exponential", "exponential", {"gamma": 0.8}, 3, 4, fresh={"gamma": 0.5})
case("polynomial", "polynomial", {"total_iters": 6, "power": 2.0}, 2, 6, fresh={"total_iters": 3, "power": 1.0})
case("cosine", "cosine", {"T_max": 5, "eta_min": 0.01}, 4, 9, fresh={"T_max": 2, "eta_min": 0.0})
case("warm_restarts", "warm_restarts", {"T_0": 3, "T_mult": 2, "eta_min": 0.01}, 4, 10,
     fresh={"T_0": 5, "T_mult": 1, "eta_min": 0.0})
case("cyclic", "cyclic", {"base_lr": 0.1, "max_lr": 1.0, "step_size_up": 3, "step_size_down": 2, "mode": "triangular2",
                          "gamma": 1.0, "cycle_momentum": True, "base_momentum": 0.8, "max_momentum": 0.9}, 4, 8,
     fresh={"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 2, "step_size_down": 2, "mode": "triangular", "gamma": 1.0,
            "cycle_momentum": True, "base_momentum": 0.5, "max_momentum": 0.6}, cycles_momentum=True)
case("cyclic_exp_range", "cyclic", {"base_lr": 0.1, "max_lr": 1.0, "step_size_up": 2, "step_size_down": 3, "mode": "exp_range",
                                    "gamma": 0.9, "cycle_momentum": False, "base_momentum": 0.8, "max_momentum": 0.9}, 3, 7,
     fresh={"base_lr": 0.2, "max_lr": 0.3, "step_size_up": 4, "step_size_down": 4, "mode": "triangular", "gamma": 1.0,
            "cycle_momentum": False, "base_momentum": 0.8, "max_momentum": 0.9})
case("onecycle", "onecycle", {"max_lr": 1.0, "total_steps": 12, "pct_start": 0.3, "anneal_strategy": "cos", "three_phase": False},
     5, 6, fresh={"max_lr": 2.0, "total_steps": 30, "pct_start": 0.5, "anneal_strategy": "linear", "three_phase": True},
     cycles_momentum=True)
case("onecycle_adam", "onecycle", {"max_lr": 0.5, "total_steps": 10, "pct_start": 0.3, "anneal_strategy": "linear", "three_phase": True},
     3, 7, opt_kind="adam", cycles_momentum=True)
case("lambda", "lambda_pow", {"gamma": 0.9}, 3, 4)
case("lambda_object", "lambda_object", {"warmup": 4, "scale": 0.5}, 2, 5, fresh={"warmup": 1, "scale": 1.0})
case("multiplicative", "multiplicative", {"factor": 0.9}, 3, 4)
case("plateau", "plateau", {"mode": "min", "factor": 0.5, "patience": 1, "threshold": 1e-4, "threshold_mode": "rel",
                            "cooldown": 1, "min_lr": 0.05}, 7, 9,
     fresh={"mode": "max", "factor": 0.1, "patience": 5, "threshold": 0.1, "threshold_mode": "abs", "cooldown": 0, "min_lr": 0.0})
case("plateau_max_abs", "plateau", {"mode": "max", "factor": 0.8, "patience": 0, "threshold": 0.01, "threshold_mode": "abs",
                                    "cooldown": 0, "min_lr": [0.3, 0.1]}, 3, 10)
case("swalr", "swalr", {"swa_lr": [0.05, 0.01], "anneal_epochs": 4, "anneal_strategy": "linear"}, 2, 5,
     fresh={"swa_lr": [0.05, 0.01], "anneal_epochs": 9, "anneal_strategy": "cos"})
case("swalr_cos", "swalr", {"swa_lr": [0.05, 0.01], "anneal_epochs": 3, "anneal_strategy": "cos"}, 1, 4)
SEQ = {"milestones": [3], "children": [{"kind": "linear", "args": {"start_factor": 0.5, "end_factor": 1.0, "total_iters": 2}},
                                       {"kind": "exponential", "args": {"gamma": 0.9}}]}
case("sequential_before", "sequential", SEQ, 2, 5)
case("sequential_after", "sequential", SEQ, 5, 3)
case("sequential_cosine", "sequential", {"milestones": [2], "children": [
    {"kind": "constant", "args": {"factor": 0.5, "total_iters": 2}},
    {"kind": "cosine", "args": {"T_max": 4, "eta_min": 0.001}}]}, 3, 5)
case("chained", "chained", {"children": [{"kind": "constant", "args": {"factor": 0.5, "total_iters": 3}},
                                         {"kind": "exponential", "args": {"gamma": 0.9}}]}, 2, 4)

write("lr_state", cases)
