"""Goldens for torch.func -> goldens/func.json.

Run: /usr/bin/python3 scripts/goldens/func_goldens.py

Debian's torch 1.13 has torch.func's transforms as functorch (vmap, grad, jacrev, jacfwd, hessian, jvp, vjp) and
functional_call as torch.nn.utils.stateless.functional_call; stack_module_state is 2.x's name for stacking each
parameter and buffer of the models (done here by hand, as torch 2.x does: torch.stack per name). The Java test
(FuncGoldenTest) writes the same functions; every tensor is float64 and each case keeps its inputs.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from functorch import grad, hessian, jacfwd, jacrev, jvp, vjp, vmap
from torch.nn.utils.stateless import functional_call

from common import t2j, write

torch.manual_seed(0)
D = torch.float64
cases = {}


def put(name, value):
    cases[name] = [t2j(v) for v in value] if isinstance(value, (tuple, list)) else t2j(value)


# ---------------------------------------------------------------- vmap
X, Y, y = torch.randn(4, 5, dtype=D), torch.randn(4, 5, dtype=D), torch.randn(5, dtype=D)
put("X", X), put("Y", Y), put("y", y)
put("vmap_dot", vmap(torch.dot)(X, Y))
put("vmap_dot_none", vmap(torch.dot, in_dims=(0, None))(X, y))
put("vmap_in1_out1", vmap(lambda v: v.sin() * v.sum(), in_dims=1, out_dims=1)(X))      # X mapped over columns
put("vmap_neg", vmap(lambda v: v.cumsum(0), in_dims=-1, out_dims=-1)(X))
A3, B3 = torch.randn(2, 3, 5, dtype=D), torch.randn(2, 3, 5, dtype=D)
put("A3", A3), put("B3", B3)
put("vmap_nested", vmap(vmap(torch.dot))(A3, B3))
put("vmap_two_outputs", vmap(lambda m: (m.sum(0), m.t()), out_dims=(0, 1))(A3))

# ---------------------------------------------------------------- Jacobians and Hessians
A, B = torch.randn(4, 3, dtype=D), torch.randn(3, 3, dtype=D)
x, v3, v4 = torch.randn(3, dtype=D), torch.randn(3, dtype=D), torch.randn(4, dtype=D)
x2 = torch.randn(3, dtype=D)
M = torch.randn(2, 2, dtype=D)
put("A", A), put("B", B), put("x", x), put("x2", x2), put("v3", v3), put("v4", v4), put("M", M)
f = lambda t: torch.tanh(A @ t) * t.sum()                                   # R^3 -> R^4
g = lambda s, t: s * torch.exp(t).sum() + s @ B                            # R^3 x R^3 -> R^3
h = lambda t: (t ** 3).sum() + t[0] * t[1] * t[2] + (torch.sin(t) * t).sum()  # scalar
hm = lambda m: (m.sin() * m).sum() + m.det()                               # scalar of a 2x2 matrix
put("jacrev_f", jacrev(f)(x))
put("jacfwd_f", jacfwd(f)(x))
put("jacrev_g", jacrev(g, argnums=(0, 1))(x, x2))
put("jacfwd_g1", jacfwd(g, argnums=1)(x, x2))
put("hessian_h", hessian(h)(x))
put("hessian_hm", hessian(hm)(M))
put("jvp_f", jvp(f, (x,), (v3,)))
out, vjp_fn = vjp(f, x)
put("vjp_f", [out, vjp_fn(v4)[0]])
put("jvp_g", jvp(g, (x, x2), (v3, v3 * 2)))

# ---------------------------------------------------------------- grad
s = lambda t: torch.sin(t) * t ** 2                                         # scalar input
pts = torch.linspace(-2, 2, 5, dtype=D)
put("pts", pts)
put("grad_s", vmap(grad(s))(pts))
put("grad_grad_s", vmap(grad(grad(s)))(pts))
put("grad_h", grad(h)(x))
put("grad_g_both", grad(lambda a, b: g(a, b).pow(2).sum(), argnums=(0, 1))(x, x2))


# ---------------------------------------------------------------- functional_call, per-sample gradients
class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(4, 5), nn.Linear(5, 3)

    def forward(self, t):
        return self.fc2(torch.tanh(self.fc1(t)))


model = Mlp().double()
params = {k: torch.randn_like(p) for k, p in model.named_parameters()}
data, targets = torch.randn(6, 4, dtype=D), torch.randn(6, 3, dtype=D)
for k, p in params.items():
    put("mlp." + k, p)
put("data", data), put("targets", targets)
put("functional_call_mlp", functional_call(model, params, (data,)))


def loss(p, d, t):
    return ((functional_call(model, p, (d,)) - t) ** 2).mean()


per_sample = vmap(grad(loss), in_dims=(None, 0, 0))(params, data, targets)
for k in params:
    put("per_sample." + k, per_sample[k])


# ---------------------------------------------------------------- model ensembling (with BatchNorm buffers, eval)
class Ens(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.bn, self.fc2 = nn.Linear(4, 5), nn.BatchNorm1d(5), nn.Linear(5, 2)

    def forward(self, t):
        return self.fc2(torch.relu(self.bn(self.fc1(t))))


models = [Ens().double().eval() for _ in range(3)]
for i, m in enumerate(models):
    with torch.no_grad():
        for k, p in m.named_parameters():
            p.copy_(torch.randn_like(p))
        m.bn.running_mean.copy_(torch.randn(5, dtype=D))
        m.bn.running_var.copy_(torch.rand(5, dtype=D) + 0.5)
    for k, t in list(m.named_parameters()) + list(m.named_buffers()):
        put(f"ens{i}.{k}", t)
stacked_p = {k: torch.stack([dict(m.named_parameters())[k] for m in models]).detach() for k, _ in models[0].named_parameters()}
stacked_b = {k: torch.stack([dict(m.named_buffers())[k] for m in models]) for k, _ in models[0].named_buffers()}
mb = torch.randn(6, 4, dtype=D)
mbs = torch.randn(3, 6, 4, dtype=D)
put("minibatch", mb), put("minibatches", mbs)
fm = lambda p, b, t: functional_call(models[0], {**p, **b}, (t,))
put("ensemble_same", vmap(fm, in_dims=(0, 0, None))(stacked_p, stacked_b, mb))
put("ensemble_different", vmap(fm, in_dims=(0, 0, 0))(stacked_p, stacked_b, mbs))
write("func", cases)
