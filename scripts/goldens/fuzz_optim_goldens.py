"""Differential fuzz of the optimizers: seeded random hyperparameters (every option of SGD, Adam, AdamW, Adagrad,
RMSprop, Adamax, Adadelta, Rprop and ASGD, in combinations the hand-written goldens do not reach), parameters of
float32 and float64 (mixed in one optimizer, 0-d and sizes that take the fused kernels' vector loops and tails),
two parameter groups with their own lr and weight decay, steps where a parameter has no gradient (PyTorch skips it
and its state), zero gradients, and a state_dict round trip into a new optimizer halfway -> goldens/fuzz_optim.json.
FuzzOptimParityTest replays each case with the fused kernels and with the composed form.

Run: /usr/bin/python3 scripts/goldens/fuzz_optim_goldens.py

NAdam and RAdam are left out: 1.13 steps them as PyTorch 2.x no longer does (nn_goldens.py emulates 2.x for fixed
configurations). The 1.13 single-tensor path (foreach=False) is the reference; 2.x's default foreach path computes
the same values up to rounding.

A case: {"opt": name, "options": {name: value}, "groups": [[param indices], {override options}], "params": initial
tensors, "steps": [[gradient tensor or null per param]], "reload_after": step index or -1, "final": the
parameters after the last step}.
"""
import random

import torch

from common import t2j, write

SIZES = [[], [1], [3], [7], [4, 5], [2, 33], [67]]


def options(rng, name):
    lr = rng.choice([1e-3, 0.01, 0.05, 0.1, 0.5])
    wd = rng.choice([0.0, 0.0, 0.01, 0.1, 0.5])
    mx = rng.random() < 0.3
    if name == "sgd":
        mom = rng.choice([0.0, 0.5, 0.9])
        nesterov = mom > 0 and rng.random() < 0.4
        damp = 0.0 if nesterov else rng.choice([0.0, 0.0, 0.3])
        return {"lr": lr, "momentum": mom, "dampening": damp, "weight_decay": wd, "nesterov": nesterov, "maximize": mx}
    if name in ("adam", "adamw"):
        return {"lr": lr, "betas": [rng.choice([0.0, 0.5, 0.9]), rng.choice([0.9, 0.99, 0.999])],
                "eps": rng.choice([1e-8, 1e-6, 1e-3]), "weight_decay": wd if name == "adam" else rng.choice([0.0, 0.01, 0.5]),
                "amsgrad": rng.random() < 0.4, "maximize": mx}
    if name == "adagrad":
        return {"lr": lr, "lr_decay": rng.choice([0.0, 0.0, 0.1]), "weight_decay": wd,
                "initial_accumulator_value": rng.choice([0.0, 0.0, 0.2]), "eps": rng.choice([1e-10, 1e-6]), "maximize": mx}
    if name == "rmsprop":
        return {"lr": lr * 0.1, "alpha": rng.choice([0.99, 0.9, 0.3]), "eps": rng.choice([1e-8, 1e-4]), "weight_decay": wd,
                "momentum": rng.choice([0.0, 0.0, 0.9]), "centered": rng.random() < 0.4, "maximize": mx}
    if name == "adamax":
        return {"lr": lr, "betas": [rng.choice([0.5, 0.9]), rng.choice([0.9, 0.999])], "eps": rng.choice([1e-8, 1e-3]),
                "weight_decay": wd, "maximize": mx}
    if name == "adadelta":
        return {"lr": rng.choice([1.0, 0.5, 0.1]), "rho": rng.choice([0.9, 0.5]), "eps": rng.choice([1e-6, 1e-3]),
                "weight_decay": wd, "maximize": mx}
    if name == "rprop":
        return {"lr": lr, "etas": [rng.choice([0.5, 0.3]), rng.choice([1.2, 1.5])],
                "step_sizes": [rng.choice([1e-6, 0.01]), rng.choice([50.0, 0.2])], "maximize": mx}
    if name == "asgd":
        return {"lr": lr, "lambd": rng.choice([1e-4, 0.01]), "alpha": rng.choice([0.75, 0.5]), "t0": rng.choice([1e6, 2.0]),
                "weight_decay": wd, "maximize": mx}
    raise ValueError(name)


def make(name, groups, opts):
    kw = {k: tuple(v) if isinstance(v, list) else v for k, v in opts.items()}
    kw["foreach"] = False
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "adagrad": torch.optim.Adagrad,
           "rmsprop": torch.optim.RMSprop, "adamax": torch.optim.Adamax, "adadelta": torch.optim.Adadelta,
           "rprop": torch.optim.Rprop, "asgd": torch.optim.ASGD}[name]
    return cls(groups, **kw)


def case(rng, seed):
    name = rng.choice(["sgd", "adam", "adamw", "adagrad", "rmsprop", "adamax", "adadelta", "rprop", "asgd"])
    opts = options(rng, name)
    g = torch.Generator().manual_seed(seed)
    n = rng.randint(1, 4)
    params = []
    for _ in range(n):
        dt = rng.choice([torch.float32, torch.float64])
        params.append(torch.randn(rng.choice(SIZES), generator=g, dtype=torch.float64).to(dt).requires_grad_(True))
    init = [t2j(p) for p in params]
    split = n > 1 and rng.random() < 0.4
    if split:
        k = rng.randint(1, n - 1)
        override = {"lr": opts["lr"] * 0.5}
        if "weight_decay" in opts:
            override["weight_decay"] = rng.choice([0.0, 0.2])
        group_spec = [[list(range(k)), {}], [list(range(k, n)), override]]
    else:
        group_spec = [[list(range(n)), {}]]

    def groups():
        return [dict({"params": [params[i] for i in ix]}, **{k: v for k, v in o.items()}) for ix, o in group_spec]

    opt = make(name, groups(), opts)
    steps = []
    nsteps = rng.randint(1, 5)
    reload_after = rng.randrange(nsteps) if nsteps > 1 and rng.random() < 0.3 else -1
    for s in range(nsteps):
        grads = []
        for p in params:
            r = rng.random()
            if r < 0.12 and s > 0:
                p.grad = None
                grads.append(None)
                continue
            gr = torch.zeros_like(p) if r < 0.2 else torch.randn(p.shape, generator=g, dtype=torch.float64).to(p.dtype)
            p.grad = gr.clone()
            grads.append(t2j(gr))
        opt.step()
        steps.append(grads)
        if s == reload_after:
            sd = opt.state_dict()
            opt = make(name, groups(), opts)
            opt.load_state_dict(sd)
    return {"opt": name, "options": opts, "groups": group_spec, "params": init, "steps": steps,
            "reload_after": reload_after, "final": [t2j(p) for p in params]}


def main():
    rng = random.Random(20261129)
    cases = [case(rng, k) for k in range(300)]
    write("fuzz_optim", cases)


if __name__ == "__main__":
    main()
