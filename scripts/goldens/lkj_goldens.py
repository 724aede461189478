"""Goldens for torch.distributions.LKJCholesky -> goldens/lkj.json.

Run: /usr/bin/python3 scripts/goldens/lkj_goldens.py

After manual_seed, the repr, samples (the onion method's Beta and normal draws), log_prob of them and its gradient
with respect to the concentration.
"""
import torch
from torch.distributions import LKJCholesky

from common import t2j, write

D = torch.float64
cases = []


def case(dim, conc, shape, seed):
    c = conc.clone().requires_grad_(True)
    d = LKJCholesky(dim, c)
    torch.manual_seed(seed)
    s = d.sample(shape)
    lp = d.log_prob(s)
    lp.sum().backward()
    cases.append({"dim": dim, "concentration": t2j(conc), "shape": list(shape), "seed": seed, "repr": repr(d), "sample": t2j(s),
                  "log_prob": t2j(lp), "grad": t2j(c.grad)})


case(3, torch.tensor(1.0, dtype=D), (4,), 1)
case(4, torch.tensor([0.5, 2.0], dtype=D), (3,), 2)
case(2, torch.tensor(5.0, dtype=D), (2, 2), 3)
write("lkj", cases)
