"""Goldens for torch.special and the gamma-family tensor functions -> goldens/special.json.

Run: /usr/bin/python3 scripts/goldens/special_goldens.py

Each case: a function name, its float64 inputs, the value, and (where PyTorch differentiates it) the gradient of
the sum with respect to each input that requires one. trigamma (polygamma n=1) is PyTorch's truncated series, kept
as is. The same in float32 for a few, to check the dtype is kept.
"""
import torch

from common import t2j, write

torch.manual_seed(0)
cases = []


def case(name, fn, inputs, grad_of=()):
    ins = [t.clone().requires_grad_(i in grad_of) for i, t in enumerate(inputs)]
    y = fn(*ins)
    c = {"name": name, "inputs": [t2j(t) for t in inputs], "output": t2j(y)}
    if grad_of:
        y.sum().backward()
        c["grads"] = [t2j(ins[i].grad) if i in grad_of else None for i in range(len(ins))]
    cases.append(c)


x = torch.rand(7, dtype=torch.float64) * 4 + 0.2
neg = torch.tensor([-2.5, -1.3, -0.7, 0.3, 1.0, 2.0, 12.5], dtype=torch.float64)
a = torch.rand(6, dtype=torch.float64) * 3 + 0.5
xa = torch.tensor([0.1, 0.8, 1.5, 3.0, 6.0, 9.0], dtype=torch.float64)
for n in (1, 2, 3):
    case("polygamma%d" % n, lambda t, n=n: torch.polygamma(n, t), [x], (0,))
case("polygamma1_neg", lambda t: torch.polygamma(1, t), [neg], (0,))
case("lgamma", torch.lgamma, [neg], (0,))
case("digamma", torch.digamma, [neg], (0,))
case("mvlgamma3", lambda t: torch.mvlgamma(t, 3), [x + 1.0], (0,))
case("gammaln", torch.special.gammaln, [x], (0,))
case("multigammaln2", lambda t: torch.special.multigammaln(t, 2), [x + 0.5], (0,))
case("gammainc", torch.special.gammainc, [a, xa], (1,))
case("gammaincc", torch.special.gammaincc, [a, xa], (1,))
case("zeta", torch.special.zeta, [torch.tensor([2.0, 3.0, 4.5, 1.5, 6.0, 2.5], dtype=torch.float64), xa + 0.5], (1,))
case("ndtr", torch.special.ndtr, [torch.linspace(-6, 6, 9, dtype=torch.float64)], (0,))
case("entr", torch.special.entr, [torch.tensor([-1.0, 0.0, 0.25, 1.0, 3.0], dtype=torch.float64)])
case("entr_grad", torch.special.entr, [torch.tensor([0.25, 1.0, 3.0], dtype=torch.float64)], (0,))
case("erfinv", torch.special.erfinv, [torch.tensor([-0.999, -0.5, 0.0, 0.3, 0.9, 0.99999], dtype=torch.float64)], (0,))
case("expit", torch.special.expit, [neg], (0,))
case("xlogy", torch.special.xlogy, [torch.tensor([0.0, 1.5, 2.0, 0.0], dtype=torch.float64),
                                    torch.tensor([0.0, 2.0, 0.5, 3.0], dtype=torch.float64)], (0, 1))
case("lgamma_f32", torch.lgamma, [neg.float()])
case("digamma_f32", torch.digamma, [x.float()])
write("special", cases)
