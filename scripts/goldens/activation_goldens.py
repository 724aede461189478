"""Goldens for the activation functions and modules added beside relu/elu/gelu -> goldens/activations.json.

Run: /usr/bin/python3 scripts/goldens/activation_goldens.py

Each case: F.<name>(x, *args) on float32 inputs that include every kink and boundary (-3, 3, +-lambd, thresholds,
large magnitudes, +-inf, NaN), the output, grad_fn's name and the gradient of (out * w).sum(); prelu also the
weight's gradient. hardswish's gradient at -3 is PyTorch 2.x's (0; 1.13 gave -0.5, see below). Module reprs from
PyTorch 1.13, except Softplus: PyTorch 2.x declares beta and threshold as
floats, so its repr is "Softplus(beta=1.0, threshold=20.0)" (1.13: "beta=1, threshold=20"); torch4j follows 2.x.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

torch.manual_seed(0)
cases = []
edges = [-100.0, -30.0, -20.5, -3.0, -2.9, -1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0, 2.9, 3.0, 6.0, 7.0, 19.9, 20.5, 30.0, 100.0]
x = torch.cat([torch.tensor(edges), torch.randn(12) * 4, torch.tensor([math.inf, -math.inf, math.nan])])
finite = torch.isfinite(x)

for name, args in [("relu6", []), ("hardtanh", []), ("hardtanh", [-2.0, 0.5]), ("softplus", []), ("softplus", [2.0, 10.0]),
                   ("selu", []), ("celu", []), ("celu", [0.5]), ("mish", []), ("hardswish", []), ("hardsigmoid", []),
                   ("logsigmoid", []), ("softsign", []), ("threshold", [0.5, -7.0]), ("tanhshrink", []),
                   ("softshrink", []), ("softshrink", [1.0]), ("hardshrink", []), ("hardshrink", [1.0])]:
    xi = x.clone().requires_grad_(True)
    out = getattr(F, name)(xi, *args)
    w = torch.randn(out.shape)
    (out * w).sum().backward()
    if name == "hardswish":
        # PyTorch 2.x (pytorch#148049) makes the gradient 0 at x = -3, where 1.13 used the middle piece (-0.5 * w)
        xi.grad[x == -3.0] = 0.0
    cases.append({"kind": "fn", "name": name, "args": args, "input": t2j(x), "out": t2j(out), "grad_fn": type(out.grad_fn).__name__,
                  "w": t2j(w), "grad": t2j(xi.grad)})

for shape, nw in [((2, 3, 4), 3), ((2, 3, 4), 1), ((5,), 1), ((2, 3), 3)]:
    xi = (torch.randn(shape) * 2).requires_grad_(True)
    wt = torch.rand(nw).requires_grad_(True)
    out = F.prelu(xi, wt)
    w = torch.randn(out.shape)
    (out * w).sum().backward()
    cases.append({"kind": "prelu", "input": t2j(xi), "weight": t2j(wt), "out": t2j(out), "grad_fn": type(out.grad_fn).__name__,
                  "w": t2j(w), "grad": t2j(xi.grad), "weight_grad": t2j(wt.grad)})

for dim in (0, 1, -1):
    xi = torch.randn(4, 6)
    cases.append({"kind": "softmin", "dim": dim, "input": t2j(xi), "out": t2j(F.softmin(xi, dim))})
    cases.append({"kind": "glu", "dim": dim, "input": t2j(xi), "out": t2j(F.glu(xi, dim))})

reprs = {"ReLU6()": nn.ReLU6(), "ReLU6(true)": nn.ReLU6(True), "Hardtanh()": nn.Hardtanh(),
         "Hardtanh(-2,0.5,true)": nn.Hardtanh(-2.0, 0.5, True), "SELU()": nn.SELU(), "CELU(0.5)": nn.CELU(0.5),
         "CELU(1,true)": nn.CELU(1.0, True), "Mish()": nn.Mish(), "Hardswish()": nn.Hardswish(), "Hardsigmoid()": nn.Hardsigmoid(),
         "LogSigmoid()": nn.LogSigmoid(), "Softsign()": nn.Softsign(), "Tanhshrink()": nn.Tanhshrink(), "Softmin(1)": nn.Softmin(1),
         "GLU()": nn.GLU(), "GLU(0)": nn.GLU(0), "Threshold(0.1,20)": nn.Threshold(0.1, 20.0),
         "Softshrink()": nn.Softshrink(), "Hardshrink(1)": nn.Hardshrink(1.0), "PReLU()": nn.PReLU(), "PReLU(3)": nn.PReLU(3)}
cases.append({"kind": "repr", "reprs": {k: repr(v) for k, v in reprs.items()}})
write("activations", cases)
