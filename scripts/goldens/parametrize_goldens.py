"""Goldens for torch.nn.utils.parametrize and parametrizations -> goldens/parametrize.json.

Run: /usr/bin/python3 scripts/goldens/parametrize_goldens.py

Each case: a module built after manual_seed(seed) and parametrized; its state dict right after registration, then
for each step (train/eval) the input, the output and the state dict; the gradients of the last output's sum with
respect to the originals; the repr. parametrizations.weight_norm is 2.1+ (not in 1.13): its case registers the same
_WeightNorm module (forward torch._weight_norm(v, g, dim), right_inverse (norm_except_dim(w, 2, dim), w)) through
register_parametrization(unsafe=True), which is what 2.x's weight_norm does.
"""
import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P
from torch.nn.utils.parametrizations import spectral_norm

from common import t2j, write

cases = []


class WeightNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, g, v):
        return torch._weight_norm(v, g, self.dim)

    def right_inverse(self, w):
        return torch.norm_except_dim(w, 2, self.dim), w


class Symmetric(nn.Module):
    def forward(self, x):
        return x.triu() + x.triu(1).transpose(0, 1)

    def right_inverse(self, a):
        return a.triu()


class Scale(nn.Module):
    def forward(self, x):
        return x * 2.0


def sd(m):
    return [[k, t2j(v)] for k, v in m.state_dict().items()]


def case(name, make, parametrize, in_shape, modes, seed=0):
    torch.manual_seed(seed)
    m = make()
    parametrize(m)
    c = {"name": name, "seed": seed, "state_dict": sd(m), "steps": [], "repr": repr(m)}
    last = None
    for mode in modes:
        m.train(mode == "train")
        x = torch.randn(*in_shape)
        y = m(x)
        last = y
        c["steps"].append({"mode": mode, "input": t2j(x), "output": t2j(y), "state_dict": sd(m)})
    last.sum().backward()
    c["grads"] = [[k, t2j(p.grad)] for k, p in m.named_parameters()]
    cases.append(c)


case("spectral_linear", lambda: nn.Linear(5, 4), lambda m: spectral_norm(m), (3, 5), ["train", "train", "eval"])
case("spectral_conv", lambda: nn.Conv2d(2, 3, 2), lambda m: spectral_norm(m, n_power_iterations=2), (1, 2, 4, 4), ["train"])
case("spectral_conv_t", lambda: nn.ConvTranspose2d(3, 2, 2), lambda m: spectral_norm(m), (1, 3, 3, 3), ["train", "eval"])
case("weight_norm", lambda: nn.Linear(3, 4), lambda m: P.register_parametrization(m, "weight", WeightNorm(0), unsafe=True), (2, 3),
     ["train"])
case("weight_norm_dim1", lambda: nn.Linear(3, 4), lambda m: P.register_parametrization(m, "weight", WeightNorm(1), unsafe=True), (2, 3),
     ["train"])
case("symmetric_chain", lambda: nn.Linear(4, 4),
     lambda m: (P.register_parametrization(m, "weight", Symmetric()), P.register_parametrization(m, "weight", Scale())), (2, 4), ["train"])

# orthogonal (1.13's _Orthogonal is 2.x's): the base buffer from the QR of the initial weight (plus randn columns for a
# non-square one), the original set to -I, and the forward through matrix_exp / cayley / householder
from torch.nn.utils.parametrizations import orthogonal
case("orthogonal_square", lambda: nn.Linear(4, 4), lambda m: orthogonal(m), (2, 4), ["train"])
case("orthogonal_cayley", lambda: nn.Linear(4, 4), lambda m: orthogonal(m, orthogonal_map="cayley"), (2, 4), ["train"])
case("orthogonal_tall", lambda: nn.Linear(3, 5), lambda m: orthogonal(m), (2, 3), ["train"])
case("orthogonal_wide", lambda: nn.Linear(5, 3), lambda m: orthogonal(m), (2, 5), ["train"])
case("orthogonal_tall_exp", lambda: nn.Linear(3, 5), lambda m: orthogonal(m, orthogonal_map="matrix_exp"), (2, 3), ["train"])

# right_inverse through assignment, and removal
torch.manual_seed(1)
m = nn.Linear(3, 3)
P.register_parametrization(m, "weight", Symmetric())
a = torch.randn(3, 3)
a = a + a.T
m.weight = a
after_assign = sd(m)
P.remove_parametrizations(m, "weight", leave_parametrized=True)
cases.append({"name": "assign_and_remove", "a": t2j(a), "after_assign": after_assign, "after_remove": sd(m), "repr": repr(m)})
# appended 2026-11-28: householder without the trivialization: right_inverse through torch.geqrf's reflectors
case("orthogonal_householder_direct", lambda: nn.Linear(3, 5),
     lambda m: orthogonal(m, orthogonal_map="householder", use_trivialization=False), (2, 3), ["train"], seed=2)
case("orthogonal_householder_direct_wide", lambda: nn.Linear(5, 3),
     lambda m: orthogonal(m, orthogonal_map="householder", use_trivialization=False), (2, 5), ["train"], seed=3)
write("parametrize", cases)
