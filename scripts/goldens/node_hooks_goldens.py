#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/node_hooks.json from real PyTorch, read by dev.torch4j.autograd.NodeHooksTest:
grad_fn.register_hook (hook(grad_inputs, grad_outputs)) and grad_fn.register_prehook (hook(grad_outputs)).

torch 1.13 has no Node.register_prehook (PyTorch 2.0 added it); its cases are computed with a tensor hook on the
node's only output, which runs at the same place for a single-output node (after the output's tensor hooks, before
the node), so the gradients are the ones PyTorch 2 gives.

Run from the repository root: /usr/bin/python3 scripts/goldens/node_hooks_goldens.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import t2j, write  # noqa: E402

torch.manual_seed(0)
x0 = torch.randn(2, 3, dtype=torch.float64)
w0 = torch.randn(2, 3, dtype=torch.float64)
cases = [{"name": "inputs", "x": t2j(x0), "w": t2j(w0)}]


def leaves():
    return x0.clone().requires_grad_(True), w0.clone().requires_grad_(True)


# register_hook on MulBackward0: sees (grad_x, grad_w) and grad_outputs; replaces grad_w by its double
x, w = leaves()
y = x * w
seen = {}


def post(grad_inputs, grad_outputs):
    seen["inputs"] = [t2j(g) for g in grad_inputs]
    seen["outputs"] = [t2j(g) for g in grad_outputs]
    return (grad_inputs[0], grad_inputs[1] * 2)


y.grad_fn.register_hook(post)
(y * y).sum().backward()
cases.append({"name": "register_hook replaces grad_inputs", "node": type(y.grad_fn).__name__, "seen_inputs": seen["inputs"],
              "seen_outputs": seen["outputs"], "x_grad": t2j(x.grad), "w_grad": t2j(w.grad)})

# register_hook on a node one of whose inputs needs no gradient: that grad_input is None
x, _ = leaves()
y = x * w0
seen = {}


def post_none(grad_inputs, grad_outputs):
    seen["none"] = [g is None for g in grad_inputs]
    return None


y.grad_fn.register_hook(post_none)
y.sum().backward()
cases.append({"name": "register_hook sees None", "none": seen["none"], "x_grad": t2j(x.grad)})

# register_prehook (PyTorch 2) on MulBackward0: grad_outputs tripled before the node runs
x, w = leaves()
y = x * w
y.register_hook(lambda g: g * 3)  # 1.13 stand-in for y.grad_fn.register_prehook(lambda go: (go[0] * 3,))
(y * y).sum().backward()
cases.append({"name": "register_prehook replaces grad_outputs", "x_grad": t2j(x.grad), "w_grad": t2j(w.grad)})

write("node_hooks", cases)
