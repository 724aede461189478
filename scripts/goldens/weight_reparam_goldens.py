"""Goldens for nn.utils.weight_norm and nn.utils.spectral_norm (hook-based) -> goldens/weight_reparam.json.

Run: /usr/bin/python3 scripts/goldens/weight_reparam_goldens.py

Each case: the module made after manual_seed(seed) and wrapped, its state dict (keys in order, values) right after
wrapping, then for each step (train or eval) the input, the output, and the state dict after the step; finally the
gradients of the parameters of the last step's summed output. Then remove_weight_norm/remove_spectral_norm: the state
dict after removal (the weight back as a parameter, last), and one training-mode forward of the plain module.
"""
import torch
import torch.nn as nn
from torch.nn.utils import remove_spectral_norm, remove_weight_norm, spectral_norm, weight_norm

from common import t2j, write

cases = []


def sd(m):
    return [[k, t2j(v)] for k, v in m.state_dict().items()]


def case(name, make, wrap, in_shape, modes, seed=0, unwrap=None):
    torch.manual_seed(seed)
    m = wrap(make())
    c = {"name": name, "seed": seed, "state_dict": sd(m), "steps": []}
    for mode in modes:
        m.train(mode == "train")
        x = torch.randn(*in_shape)
        y = m(x)
        last = y
        c["steps"].append({"mode": mode, "input": t2j(x), "output": t2j(y), "state_dict": sd(m)})
    last.sum().backward()
    c["grads"] = [[k, t2j(p.grad)] for k, p in m.named_parameters()]
    unwrap(m)
    m.train()
    x = torch.randn(*in_shape)
    c["removed"] = {"state_dict": sd(m), "parameters": [k for k, _ in m.named_parameters()], "input": t2j(x), "output": t2j(m(x))}
    cases.append(c)


case("weight_norm_linear", lambda: nn.Linear(3, 4), lambda m: weight_norm(m), (2, 3), ["train", "train"],
     unwrap=remove_weight_norm)
case("weight_norm_linear_dim_none", lambda: nn.Linear(3, 4), lambda m: weight_norm(m, dim=None), (2, 3), ["train"],
     unwrap=remove_weight_norm)
case("weight_norm_conv_dim1", lambda: nn.Conv2d(2, 3, 2), lambda m: weight_norm(m, dim=1), (1, 2, 4, 4), ["train"],
     unwrap=remove_weight_norm)
case("spectral_norm_linear", lambda: nn.Linear(5, 4), lambda m: spectral_norm(m), (3, 5), ["train", "train", "eval", "train"],
     unwrap=remove_spectral_norm)
case("spectral_norm_conv_t", lambda: nn.ConvTranspose2d(3, 2, 2), lambda m: spectral_norm(m, n_power_iterations=3), (1, 3, 3, 3),
     ["train", "eval"], unwrap=remove_spectral_norm)
write("weight_reparam", cases)
