"""Goldens for nn.Module.register_full_backward_hook -> goldens/backward_hooks.json.

Run: /usr/bin/python3 scripts/goldens/backward_hooks_goldens.py

Each case: a Linear(3, 2) + Tanh stack after manual_seed(seed), an input, and what a full backward hook on the
Linear saw (grad_input, grad_output; null for an input without a gradient) and the leaves' gradients after
backward of (out * w).sum(); "double" returns 2 * grad_input from the hook. (register_full_backward_pre_hook is 2.0+:
not in 1.13, tested in Java against the values seen here.)
"""
import torch
import torch.nn as nn

from common import t2j, write

cases = []


def case(name, x_requires_grad, scale):
    torch.manual_seed(3)
    lin = nn.Linear(3, 2)
    net = nn.Sequential(lin, nn.Tanh())
    x = torch.randn(4, 3, requires_grad=x_requires_grad)
    w = torch.randn(4, 2)
    seen = {}

    def hook(mod, gin, gout):
        seen["grad_input"] = [t2j(g) if g is not None else None for g in gin]
        seen["grad_output"] = [t2j(g) for g in gout]
        if scale is not None:
            return tuple(g * scale if g is not None else None for g in gin)

    lin.register_full_backward_hook(hook)
    (net(x) * w).sum().backward()
    cases.append({"name": name, "x": t2j(x), "w": t2j(w), "seen": seen,
                  "x_grad": t2j(x.grad) if x.grad is not None else None,
                  "weight_grad": t2j(lin.weight.grad), "bias_grad": t2j(lin.bias.grad)})


case("plain", True, None)
case("double", True, 2.0)
case("no_input_grad", False, None)
write("backward_hooks", cases)
