"""Goldens for torch.autograd.functional -> goldens/autograd_functional.json.

Run: /usr/bin/python3 scripts/goldens/autograd_functional_goldens.py

The functions (the Java test writes the same ones): f(x) = tanh(x @ A) for a fixed A, g(x) = sum(x^3) + x0 x1 x2 +
sum(sin(x) x) (scalar), h(x, y) = x * exp(y) + x @ B (two inputs). Each case keeps the inputs and PyTorch's result.
"""
import torch
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vjp

from common import t2j, write

torch.manual_seed(0)
D = torch.float64
A, B = torch.randn(3, 4, dtype=D), torch.randn(3, 3, dtype=D)
x, y, v3, v4 = torch.randn(3, dtype=D), torch.randn(3, dtype=D), torch.randn(3, dtype=D), torch.randn(4, dtype=D)
f = lambda t: torch.tanh(t @ A)
g = lambda t: (t ** 3).sum() + t[0] * t[1] * t[2] + (torch.sin(t) * t).sum()
h = lambda s, t: s * torch.exp(t) + s @ B
cases = {"A": t2j(A), "B": t2j(B), "x": t2j(x), "y": t2j(y), "v3": t2j(v3), "v4": t2j(v4),
         "jacobian_f": t2j(jacobian(f, x)), "jacobian_h": [t2j(j) for j in jacobian(h, (x, y))],
         "hessian_g": t2j(hessian(g, x)), "vjp_f": [t2j(t) for t in vjp(f, x, v4)], "jvp_f": [t2j(t) for t in jvp(f, x, v3)],
         "hvp_g": [t2j(t) for t in hvp(g, x, v3)], "vjp_g": [t2j(t) for t in vjp(g, x)],
         "jacobian_matrix_in": t2j(jacobian(lambda m: m.sin().sum(0), torch.arange(6, dtype=D).reshape(2, 3) / 7))}
write("autograd_functional", cases)
