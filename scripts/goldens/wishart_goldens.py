"""Goldens for torch.distributions.Wishart -> goldens/wishart.json.

Run: /usr/bin/python3 scripts/goldens/wishart_goldens.py

After manual_seed, the repr, rsample (Bartlett draws and PyTorch's correction pass, which redraws every sample that
passes its positive-definite check), log_prob of given matrices with the parameters' gradients, entropy, mean, mode and
variance.
"""
import warnings

import torch
from torch.distributions import Wishart

from common import t2j, write

warnings.filterwarnings("ignore")
D = torch.float64
cases = []


def case(kind, df, param, values, shape, seed):
    df_ = df.clone().requires_grad_(True)
    par = param.clone().requires_grad_(True)
    d = Wishart(df_, **{kind: par})
    shown = repr(d)
    torch.manual_seed(seed)
    s = d.rsample(shape)
    lp = d.log_prob(values)
    (lp.sum() + d.entropy().sum()).backward()
    cases.append({"kind": kind, "df": t2j(df), "param": t2j(param), "values": t2j(values), "shape": list(shape), "seed": seed,
                  "repr": shown, "sample": t2j(s), "log_prob": t2j(lp), "entropy": t2j(d.entropy()), "mean": t2j(d.mean),
                  "mode": t2j(d.mode), "variance": t2j(d.variance), "grad_df": t2j(df_.grad), "grad_param": t2j(par.grad)})


cov = torch.tensor([[2.0, 0.3], [0.3, 1.0]], dtype=D)
spd3 = torch.tensor([[1.5, 0.2, -0.1], [0.2, 2.0, 0.4], [-0.1, 0.4, 1.2]], dtype=D)
v2 = torch.stack([cov * 3 + torch.eye(2, dtype=D), torch.tensor([[1.0, 0.1], [0.1, 0.5]], dtype=D)])
case("covariance_matrix", torch.tensor(4.0, dtype=D), cov, v2, (), 1)
case("scale_tril", torch.tensor([3.0, 5.0], dtype=D), torch.tensor([[1.0, 0.0], [0.5, 2.0]], dtype=D), v2, (3,), 2)
case("precision_matrix", torch.tensor(6.5, dtype=D), spd3, spd3 * 4, (2,), 3)
write("wishart", cases)
