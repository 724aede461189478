"""Goldens for the second batch of torch.distributions families -> goldens/distributions2.json.

Run: /usr/bin/python3 scripts/goldens/distributions2_goldens.py

Families: Gamma, Chi2, Beta, Dirichlet, Poisson, LogNormal, Gumbel, Cauchy, HalfNormal, Geometric, Binomial,
OneHotCategorical, StudentT (and mode/icdf of the first batch). A "family" case holds the parameters, the repr,
sample() after manual_seed(s) (compared exactly), rsample(), log_prob, entropy, mean, mode, variance, cdf, icdf and
the parameters' gradients of a weighted sum of all of them. "draw" cases hold longer runs of the raw samplers
(_standard_gamma, poisson, binomial, _sample_dirichlet, cauchy_) after a seed; "special" cases the special
functions behind the families with their gradients; "gamma_grad"/"dirichlet_grad" the reparameterisation
gradients at fixed points; "kl" cases a divergence and its gradients; "error" cases PyTorch's messages.

Written with torch 1.13; where PyTorch 2.x computes a value differently, the golden follows 2.x and says so.
"""
import math

import mpmath
import torch
from torch.distributions import (Beta, Binomial, Cauchy, Chi2, Dirichlet, Gamma, Geometric, Gumbel, HalfNormal, LogNormal,
                                 Normal, OneHotCategorical, Poisson, StudentT, kl_divergence)

from common import (add_moments, add_rsample, add_weighted, error_case, kl_case, make_distribution as make,
                    param_grads, t2j, write)

torch.manual_seed(0)
D, F = torch.float64, torch.float32
cases = []


def try_(f):
    try:
        return f()
    except NotImplementedError:
        return None


def lognormal_variance(d):
    # PyTorch 2.x: scale_sq.expm1() * (2 * loc + scale_sq).exp(); 1.13 wrote exp() - 1
    scale_sq = d.scale.pow(2)
    return scale_sq.expm1() * (2 * d.loc + scale_sq).exp()


def case(kind, params, values, sample_shape, seed=1, cdf_values=None, icdf_values=None, numbers=False):
    """numbers: the parameters are passed as Python floats (the Java double constructors); no gradients."""
    if numbers:
        params = [torch.tensor(float(p)) for p in params]
        d = make(kind, [float(p) for p in params])
    else:
        params = [p.clone().requires_grad_(p.dtype.is_floating_point) for p in params]
        d = make(kind, params)
    shown = repr(d)  # before lazy properties join the repr
    torch.manual_seed(seed)
    s = d.sample(sample_shape)
    lp = d.log_prob(values)
    ent = try_(d.entropy)
    mean, variance = d.mean, (lognormal_variance(d) if kind == "lognormal" else d.variance)
    mode = try_(lambda: d.mode)
    if cdf_values is not None and kind in ("gamma", "chi2"):
        # Gamma.cdf is PyTorch 2.x's (torch 1.13 has none): gammainc(concentration, rate * value)
        d._validate_sample(cdf_values)
        cdf = torch.special.gammainc(d.concentration, d.rate * cdf_values)
    else:
        cdf = None if cdf_values is None else d.cdf(cdf_values)
    icdf = None if icdf_values is None else d.icdf(icdf_values)
    c = {"kind": "family", "family": kind, "numbers": numbers, "params": [t2j(p) for p in params], "repr": shown,
         "seed": seed, "sample_shape": list(sample_shape), "sample": t2j(s), "values": t2j(values), "log_prob": t2j(lp),
         "entropy": None if ent is None else t2j(ent), "mean": t2j(mean), "variance": t2j(variance),
         "mode": None if mode is None else t2j(mode)}
    w = torch.randn(lp.shape, dtype=lp.dtype)
    loss = (lp * w).sum()
    c["w"] = t2j(w)
    if ent is not None:
        loss = loss + ent.sum()
    for name, t, v in (("cdf", cdf, cdf_values), ("icdf", icdf, icdf_values)):
        if t is None:
            continue
        # gammainc has no derivative for the concentration: the loss leaves it out
        loss = add_weighted(c, loss, name, t, v, differentiable=kind not in ("gamma", "chi2"))
    loss = add_moments(c, loss, mean, variance)
    if d.has_rsample:
        loss = add_rsample(c, loss, d, seed, sample_shape)
    if not numbers and loss.requires_grad:
        loss.backward()
    c["grads"] = param_grads(params)
    cases.append(c)


def pos(*shape, dtype=D, lo=0.5, hi=3.0):
    return torch.rand(*shape, dtype=dtype) * (hi - lo) + lo


def unit(*shape, dtype=D):
    return torch.rand(*shape, dtype=dtype) * 0.8 + 0.1


# ---- Gamma family: concentrations below 1 (boosted sampler), above 1, large; float64 and float32
case("gamma", [torch.tensor([0.3, 1.0, 2.5, 9.0], dtype=D), torch.tensor([1.5, 0.7, 2.0, 1.0], dtype=D)],
     pos(3, 4, lo=0.1, hi=4), (5,), cdf_values=pos(2, 4, lo=0.1, hi=5))
case("gamma", [pos(2, 1), pos(3)], pos(2, 3, lo=0.1, hi=4), (4,), seed=2)
case("gamma", [torch.tensor([0.5, 3.0], dtype=F), torch.tensor([2.0, 0.5], dtype=F)], pos(3, 2, dtype=F), (6,), seed=3,
     cdf_values=pos(2, dtype=F))
case("gamma", [2.0, 3.0], torch.tensor([0.5, 1.5]), (3,), seed=4, numbers=True)
case("chi2", [torch.tensor([0.5, 1.0, 3.0, 12.0], dtype=D)], pos(2, 4, lo=0.1, hi=8), (3,), cdf_values=pos(4, lo=0.2, hi=6))
case("chi2", [torch.tensor([4.0], dtype=F)], pos(3, 1, dtype=F), (5,), seed=5)
case("beta", [torch.tensor([0.5, 2.0, 7.0], dtype=D), torch.tensor([1.5, 0.8, 9.0], dtype=D)], unit(2, 3), (4,))
case("beta", [pos(2, 1), pos(3)], unit(2, 3), (2,), seed=6)
case("beta", [torch.tensor([1.5, 0.4], dtype=F), torch.tensor([2.5, 3.0], dtype=F)], unit(3, 2, dtype=F), (4,), seed=7)
case("beta", [0.5, 0.5], torch.tensor([0.25, 0.75]), (3,), seed=8, numbers=True)
_dv = torch.rand(4, 2, 3, dtype=D) + 0.05
# Dirichlet.log_prob is PyTorch 2.x's xlogy(concentration - 1, value); 1.13's log(value) * (concentration - 1) gives
# the same values and gradients for value > 0, as here
case("dirichlet", [torch.tensor([[0.5, 1.0, 2.0], [3.0, 4.0, 0.7]], dtype=D)], _dv / _dv.sum(-1, True), (2,))
_dv = torch.rand(3, 4, dtype=F) + 0.05
case("dirichlet", [torch.tensor([0.8, 1.0, 5.0, 2.0], dtype=F)], _dv / _dv.sum(-1, True), (5,), seed=9)
case("dirichlet", [torch.tensor([[0.2, 0.3, 0.4], [0.9, 0.5, 0.6]], dtype=D)], torch.tensor([[0.2, 0.3, 0.5]], dtype=D), (3,), seed=10)
case("studentt", [torch.tensor([0.8, 1.5, 3.0, 10.0], dtype=D), torch.randn(4, dtype=D), pos(4)], torch.randn(2, 4, dtype=D), (3,))
case("studentt", [torch.tensor([2.5], dtype=F), torch.tensor([0.5], dtype=F), torch.tensor([2.0], dtype=F)],
     torch.randn(3, 1, dtype=F), (4,), seed=11)

# ---- discrete families
case("poisson", [torch.tensor([0.0, 0.5, 4.0, 15.0, 120.0], dtype=D)], torch.tensor([[0., 1., 3., 14., 100.], [2., 0., 4., 20., 130.]], dtype=D), (4,))
case("poisson", [torch.tensor([[2.5], [30.0]], dtype=F)], torch.tensor([[1., 2., 40.]], dtype=F), (3,), seed=12)
case("poisson", [3.0], torch.tensor([0., 2., 5.]), (5,), seed=13, numbers=True)
case("geometric_probs", [torch.tensor([0.1, 0.5, 0.9, 1.0], dtype=D)], torch.tensor([[0., 3., 1., 0.], [7., 0., 2., 0.]], dtype=D), (5,))
case("geometric_logits", [torch.randn(2, 3, dtype=D)], torch.tensor([[1., 0., 4.], [2., 5., 0.]], dtype=D), (3,), seed=14)
case("geometric_probs", [torch.tensor([0.25, 0.6], dtype=F)], torch.tensor([[2., 0.], [1., 3.]], dtype=F), (4,), seed=15)
case("binomial_probs", [torch.tensor([10.0, 10.0, 10.0, 10.0], dtype=D), torch.tensor([0.1, 0.5, 0.8, 1.0], dtype=D)],
     torch.tensor([[0., 5., 8., 10.], [3., 10., 7., 10.]], dtype=D), (5,))
case("binomial_probs", [torch.tensor([[100.0], [40.0]], dtype=D), torch.tensor([0.05, 0.3, 0.93], dtype=D)],
     torch.tensor([[3., 30., 90.], [2., 12., 39.]], dtype=D), (3,), seed=16)
case("binomial_logits", [torch.tensor([6.0, 6.0], dtype=D), torch.tensor([-1.0, 2.0], dtype=D)], torch.tensor([[0., 6.], [3., 4.]], dtype=D), (4,), seed=17)
case("binomial_probs", [torch.tensor([50.0, 7.0, 200.0], dtype=F), torch.tensor([0.4, 0.55, 0.96], dtype=F)],
     torch.tensor([[20., 3., 190.]], dtype=F), (6,), seed=18)
case("onehot_probs", [torch.tensor([[0.2, 0.3, 0.5], [1.0, 1.0, 2.0]], dtype=D)],
     torch.tensor([[[0., 0., 1.], [1., 0., 0.]], [[0., 1., 0.], [0., 1., 0.]]], dtype=D), (4,))
case("onehot_logits", [torch.randn(4, dtype=D)], torch.eye(4, dtype=D), (6,), seed=19)

# ---- transformed families and heavy tails
case("lognormal", [torch.randn(3, dtype=D), pos(3, lo=0.3, hi=1.5)], pos(2, 3, lo=0.1, hi=5), (4,),
     cdf_values=pos(3, lo=0.2, hi=4), icdf_values=unit(3))
case("lognormal", [torch.tensor([0.2], dtype=F), torch.tensor([0.7], dtype=F)], pos(2, 1, dtype=F), (20,), seed=20,
     cdf_values=pos(4, dtype=F), icdf_values=unit(4, dtype=F))
case("gumbel", [torch.randn(3, dtype=D), pos(3)], torch.randn(2, 3, dtype=D) * 2, (4,),
     cdf_values=torch.randn(3, dtype=D), icdf_values=unit(3))
case("gumbel", [torch.tensor(1.0, dtype=F), torch.tensor(2.0, dtype=F)], torch.randn(5, dtype=F), (5,), seed=21,
     cdf_values=torch.randn(5, dtype=F), icdf_values=unit(5, dtype=F))
case("gumbel", [0.5, 2.0], torch.tensor([0.0, 1.0]), (3,), seed=22, numbers=True)
case("cauchy", [torch.randn(3, dtype=D), pos(3)], torch.randn(2, 3, dtype=D) * 3, (4,),
     cdf_values=torch.randn(3, dtype=D) * 2, icdf_values=unit(3))
case("cauchy", [torch.tensor([0.0, 1.0], dtype=F), torch.tensor([1.0, 0.5], dtype=F)], torch.randn(3, 2, dtype=F), (20,), seed=23,
     cdf_values=torch.randn(2, dtype=F), icdf_values=unit(2, dtype=F))
case("halfnormal", [pos(3)], pos(2, 3, lo=0.0, hi=3), (4,), cdf_values=pos(3, lo=0.0, hi=3), icdf_values=unit(3))
case("halfnormal", [torch.tensor([1.5], dtype=F)], pos(4, 1, dtype=F), (20,), seed=24, cdf_values=pos(1, dtype=F), icdf_values=unit(1, dtype=F))

# ---- mode / icdf of the first batch of families
case("normal", [torch.randn(3, dtype=D), pos(3)], torch.randn(2, 3, dtype=D), (2,), cdf_values=torch.randn(3, dtype=D), icdf_values=unit(3))
case("uniform", [torch.tensor([0.0, -1.0], dtype=D), torch.tensor([1.0, 3.0], dtype=D)], torch.tensor([0.5, 2.0], dtype=D), (2,),
     cdf_values=torch.tensor([0.25, 0.0], dtype=D), icdf_values=unit(2))
case("exponential", [pos(3)], pos(2, 3), (2,), cdf_values=pos(3), icdf_values=unit(3))
case("laplace", [torch.randn(3, dtype=D), pos(3)], torch.randn(2, 3, dtype=D), (2,), cdf_values=torch.randn(3, dtype=D), icdf_values=unit(3))
case("bernoulli_probs", [torch.tensor([0.2, 0.5, 0.7], dtype=D)], torch.tensor([1., 0., 1.], dtype=D), (2,))


# ---- raw samplers over many draws (every branch of the rejection samplers)
def draw(op, dtype, seed, *params):
    torch.manual_seed(seed)
    if op == "standard_gamma":
        out = torch._standard_gamma(params[0])
    elif op == "poisson":
        out = torch.poisson(params[0])
    elif op == "binomial":
        out = torch.binomial(params[0], params[1])
    elif op == "dirichlet":
        out = torch._sample_dirichlet(params[0])
    else:
        out = torch.empty(params[0], dtype=dtype).cauchy_()
        params = ()
    cases.append({"kind": "draw", "op": op, "seed": seed, "params": [t2j(p) for p in params], "out": t2j(out)})


for dt in (D, F):
    alphas = torch.tensor([0.05, 0.3, 0.9, 1.0, 1.7, 4.0, 25.0, 300.0], dtype=dt).repeat(25)
    draw("standard_gamma", dt, 31, alphas)
    draw("poisson", dt, 32, torch.tensor([0.0, 0.2, 3.0, 9.9, 10.0, 37.5, 1000.0], dtype=dt).repeat(25))
    # inversion (np < 10) and BTRS, each for p <= 1/2 and (as n - draw(1 - p)) for p > 1/2, and the trivial cases
    counts = torch.tensor([0.0, 5.0, 20.0, 20.0, 100.0, 100.0, 1000.0, 30.0, 13.0, 100.0], dtype=dt).repeat(25)
    probs = torch.tensor([0.3, 0.0, 0.2, 0.9, 0.5, 0.97, 0.013, 1.0, 0.45, 0.8], dtype=dt).repeat(25)
    draw("binomial", dt, 33, counts, probs)
    draw("dirichlet", dt, 34, torch.tensor([[0.1, 0.5, 2.0], [1.0, 1.0, 1.0], [30.0, 0.05, 4.0]], dtype=dt).repeat(20, 1))
    draw("cauchy", dt, 35, 200)


# ---- special functions with their gradients (the derivative PyTorch registers: lgamma' = digamma, ...)
def special(name, fn, args, grad_args=None, reference=None):
    """reference: the exact values (mpmath, 30 digits) where PyTorch's own are less accurate than float64."""
    args = [a.clone().requires_grad_(grad_args is None or i in grad_args) for i, a in enumerate(args)]
    out = fn(*args)
    w = torch.randn(out.shape, dtype=out.dtype)
    (out * w).sum().backward()
    c = {"kind": "special", "name": name, "args": [t2j(a) for a in args], "out": t2j(out), "w": t2j(w),
         "grads": [t2j(a.grad) if a.grad is not None else None for a in args]}
    if reference is not None:
        flat = [float(reference(*[float(v) for v in vs])) for vs in zip(*[a.detach().double().reshape(-1).tolist() for a in args])]
        c["reference"] = t2j(torch.tensor(flat, dtype=D).reshape(out.shape))
    cases.append(c)


mpmath.mp.dps = 30


for dt in (D, F):
    xs = torch.tensor([1e-8, 0.01, 0.3, 0.5, 0.99, 1.0, 1.5, 2.0, 2.5, 3.7, 9.99, 10.0, 13.5, 40.0, 300.0, 1e5,
                       -0.5, -1.3, -7.25], dtype=dt)
    special("lgamma", torch.lgamma, [xs])
    special("digamma", torch.digamma, [xs])
    special("polygamma1", lambda x: torch.polygamma(1, x), [xs])
    special("polygamma2", lambda x: torch.polygamma(2, x), [xs[:-3]])
    # PyTorch's erfinv loses ~1e-11 near |y| = 1, its gammainc ~1e-9 for large a: mpmath gives the exact values too
    special("erfinv", torch.erfinv, [torch.tensor([-0.999, -0.7, -0.3, 0.0, 1e-6, 0.2, 0.69, 0.71, 0.95, 0.999999], dtype=dt)],
            reference=mpmath.erfinv)
    a = torch.tensor([0.1, 0.5, 1.0, 2.0, 2.0, 5.0, 30.0, 30.0, 150.0, 0.7], dtype=dt)
    x = torch.tensor([0.05, 2.0, 1.0, 0.3, 7.0, 4.0, 25.0, 40.0, 160.0, 0.0], dtype=dt)
    special("gammainc", torch.special.gammainc, [a, x], grad_args=(1,),
            reference=lambda a, x: mpmath.gammainc(a, 0, x, regularized=True))
    special("xlogy", torch.xlogy, [torch.tensor([0.0, 0.0, 2.0, -1.5, 0.0, 3.0], dtype=dt),
                                   torch.tensor([0.5, 3.0, 0.25, 4.0, 1.0, 1.0], dtype=dt)])

# reparameterisation gradients at fixed points (every branch of standard_gamma_grad_one / dirichlet_grad_one)
for dt in (D, F):
    alpha = torch.tensor([0.3, 0.3, 2.0, 2.0, 5.0, 12.0, 12.0, 12.0, 50.0, 50.0, 7.0, 0.9], dtype=dt)
    x = torch.tensor([0.1, 1.7, 0.5, 3.0, 6.0, 11.5, 5.0, 20.0, 52.0, 80.0, 0.79, 0.81], dtype=dt)
    cases.append({"kind": "gamma_grad", "alpha": t2j(alpha), "x": t2j(x), "out": t2j(torch._standard_gamma_grad(alpha, x))})
    x = torch.tensor([0.01, 0.3, 0.995, 0.9, 0.45, 0.5, 0.2, 0.6, 0.35, 0.7, 0.05, 0.51], dtype=dt)
    alpha = torch.tensor([0.5, 1.0, 3.0, 2.0, 10.0, 10.0, 10.0, 4.0, 1.5, 2.5, 0.2, 7.0], dtype=dt)
    total = torch.tensor([2.0, 3.0, 3.5, 2.5, 20.0, 20.0, 25.0, 9.0, 5.0, 6.0, 8.0, 9.0], dtype=dt)
    cases.append({"kind": "dirichlet_grad", "x": t2j(x), "alpha": t2j(alpha), "total": t2j(total),
                  "out": t2j(torch._dirichlet_grad(x, alpha, total))})


# ---- KL divergences PyTorch registers among these families
def kl(kp, pp, kq, qp):
    kl_case(cases, make, kp, pp, kq, qp)


kl("gamma", [pos(3), pos(3)], "gamma", [pos(3), pos(3)])
kl("chi2", [pos(3)], "gamma", [pos(3), pos(3)])
kl("beta", [pos(3), pos(3)], "beta", [pos(3), pos(3)])
kl("dirichlet", [pos(2, 4)], "dirichlet", [pos(4)])
kl("poisson", [pos(3)], "poisson", [pos(3)])
kl("gumbel", [torch.randn(3, dtype=D), pos(3)], "gumbel", [torch.randn(3, dtype=D), pos(3)])
kl("geometric_probs", [unit(3)], "geometric_logits", [torch.randn(3, dtype=D)])
kl("binomial_probs", [torch.tensor([5.0, 8.0], dtype=D), unit(2)], "binomial_probs", [torch.tensor([5.0, 6.0], dtype=D), unit(2)])
kl("halfnormal", [pos(3)], "halfnormal", [pos(3)])
kl("cauchy", [torch.randn(3, dtype=D), pos(3)], "cauchy", [torch.randn(3, dtype=D), pos(3)])
kl("onehot_logits", [torch.randn(2, 4, dtype=D)], "onehot_probs", [unit(2, 4)])
kl("lognormal", [torch.randn(3, dtype=D), pos(3)], "lognormal", [torch.randn(3, dtype=D), pos(3)])
kl("bernoulli_probs", [unit(3)], "poisson", [pos(3)])
kl("beta", [pos(3), pos(3)], "exponential", [pos(3)])
kl("beta", [pos(3), pos(3)], "gamma", [pos(3), pos(3)])
kl("beta", [pos(3), pos(3)], "normal", [torch.randn(3, dtype=D), pos(3)])
kl("beta", [pos(2), pos(2)], "uniform", [torch.tensor([-0.5, 0.1], dtype=D), torch.tensor([1.0, 1.0], dtype=D)])
kl("exponential", [pos(3)], "gamma", [pos(3), pos(3)])
kl("exponential", [pos(3)], "gumbel", [torch.randn(3, dtype=D), pos(3)])
kl("exponential", [pos(3)], "normal", [torch.randn(3, dtype=D), pos(3)])
kl("gamma", [pos(3), pos(3)], "exponential", [pos(3)])
kl("gamma", [pos(3), pos(3)], "gumbel", [torch.randn(3, dtype=D), pos(3)])
kl("gamma", [pos(3), pos(3)], "normal", [torch.randn(3, dtype=D), pos(3)])
kl("gumbel", [torch.randn(3, dtype=D), pos(3)], "normal", [torch.randn(3, dtype=D), pos(3)])
kl("laplace", [torch.randn(3, dtype=D), pos(3)], "normal", [torch.randn(3, dtype=D), pos(3)])
kl("normal", [torch.randn(3, dtype=D), pos(3)], "gumbel", [torch.randn(3, dtype=D), pos(3)])
kl("normal", [torch.randn(3, dtype=D), pos(3)], "laplace", [torch.randn(3, dtype=D), pos(3)])
kl("uniform", [torch.tensor([0.1, 0.2], dtype=D), torch.tensor([0.5, 0.9], dtype=D)], "beta", [pos(2), pos(2)])
kl("uniform", [torch.tensor([0.5, -1.0], dtype=D), torch.tensor([2.0, 1.0], dtype=D)], "exponential", [pos(2)])
kl("uniform", [torch.tensor([0.5, -1.0], dtype=D), torch.tensor([2.0, 1.0], dtype=D)], "gamma", [pos(2), pos(2)])
kl("uniform", [torch.tensor([0.5, -1.0], dtype=D), torch.tensor([2.0, 1.0], dtype=D)], "gumbel", [torch.randn(2, dtype=D), pos(2)])
kl("uniform", [torch.tensor([0.5, -1.0], dtype=D), torch.tensor([2.0, 1.0], dtype=D)], "normal", [torch.randn(2, dtype=D), pos(2)])
# the pairs PyTorch registers as infinite
for kp, pp, kq, qp in [("beta", [pos(2), pos(2)], "uniform", [torch.tensor([0.5, 0.0], dtype=D), torch.tensor([1.0, 0.5], dtype=D)]),
                       ("exponential", [pos(2)], "beta", [pos(2), pos(2)]),
                       ("exponential", [pos(2)], "uniform", [torch.zeros(2, dtype=D), pos(2)]),
                       ("gamma", [pos(2), pos(2)], "beta", [pos(2), pos(2)]),
                       ("gamma", [pos(2), pos(2)], "uniform", [torch.zeros(2, dtype=D), pos(2)]),
                       ("gumbel", [pos(2), pos(2)], "beta", [pos(2), pos(2)]),
                       ("gumbel", [pos(2), pos(2)], "exponential", [pos(2)]),
                       ("gumbel", [pos(2), pos(2)], "gamma", [pos(2), pos(2)]),
                       ("gumbel", [pos(2), pos(2)], "uniform", [torch.zeros(2, dtype=D), pos(2)]),
                       ("laplace", [pos(2), pos(2)], "beta", [pos(2), pos(2)]),
                       ("laplace", [pos(2), pos(2)], "exponential", [pos(2)]),
                       ("laplace", [pos(2), pos(2)], "gamma", [pos(2), pos(2)]),
                       ("laplace", [pos(2), pos(2)], "uniform", [torch.zeros(2, dtype=D), pos(2)]),
                       ("normal", [pos(2), pos(2)], "beta", [pos(2), pos(2)]),
                       ("normal", [pos(2), pos(2)], "exponential", [pos(2)]),
                       ("normal", [pos(2), pos(2)], "gamma", [pos(2), pos(2)]),
                       ("normal", [pos(2), pos(2)], "uniform", [torch.zeros(2, dtype=D), pos(2)]),
                       ("poisson", [pos(2)], "bernoulli_probs", [unit(2)]),
                       ("poisson", [pos(2)], "binomial_probs", [torch.tensor([3.0, 4.0], dtype=D), unit(2)]),
                       ("uniform", [torch.tensor([-0.5, 0.2], dtype=D), torch.tensor([0.5, 1.5], dtype=D)], "beta", [pos(2), pos(2)]),
                       ("uniform", [torch.tensor([-0.5, 0.2], dtype=D), torch.tensor([0.5, 1.5], dtype=D)], "exponential", [pos(2)]),
                       ("uniform", [torch.tensor([-0.5, 0.2], dtype=D), torch.tensor([0.5, 1.5], dtype=D)], "gamma", [pos(2), pos(2)])]:
    kl(kp, pp, kq, qp)


# ---- error messages (ValueError -> IllegalArgumentException, NotImplementedError -> UnsupportedOperationException)
def err(name, f):
    error_case(cases, name, f)


t = torch.tensor
err("gamma_concentration", lambda: Gamma(t([1., -2.]), t([1., 1.])))
err("gamma_value", lambda: Gamma(1., 1.).log_prob(t(-1.)))
err("chi2_df", lambda: Chi2(t([-1.])))
err("beta_concentration", lambda: Beta(t([-1.]), t([1.])))
err("beta_value", lambda: Beta(1., 2.).log_prob(t([1.5])))
err("dirichlet_dim", lambda: Dirichlet(t(1.)))
err("dirichlet_concentration", lambda: Dirichlet(t([1., -1.])))
err("dirichlet_value", lambda: Dirichlet(t([1., 2.])).log_prob(t([0.5, 0.6])))
err("poisson_rate", lambda: Poisson(t([-1.])))
err("poisson_value", lambda: Poisson(2.).log_prob(t(1.5)))
err("poisson_entropy", lambda: Poisson(2.).entropy())
err("lognormal_scale", lambda: LogNormal(0., -1.))
err("lognormal_value", lambda: LogNormal(0., 1.).log_prob(t([1., -1.])))
err("halfnormal_scale", lambda: HalfNormal(t([1., -1.])))
err("halfnormal_value", lambda: HalfNormal(1.).log_prob(t([-0.5])))
err("gumbel_scale", lambda: Gumbel(0., -1.))
err("cauchy_scale", lambda: Cauchy(t([0.]), t([-1.])))
err("studentt_df", lambda: StudentT(t([-1.])))
err("geometric_zero", lambda: Geometric(t([0., 0.5])))
err("geometric_range", lambda: Geometric(t([1.5, 0.5])))
err("geometric_neither", lambda: Geometric())
err("geometric_value", lambda: Geometric(0.5).log_prob(t(-1.)))
err("binomial_count", lambda: Binomial(t([2.5]), t([0.3])))
err("binomial_value", lambda: Binomial(t([10., 5.]), t([0.3, 0.2])).log_prob(t([11., 1.])))
err("binomial_entropy", lambda: Binomial(t([10., 5.]), t([0.3, 0.2])).entropy())
err("binomial_kl", lambda: kl_divergence(Binomial(5, t([0.3])), Binomial(10, t([0.3]))))
err("onehot_value", lambda: OneHotCategorical(t([0.3, 0.7])).log_prob(t([0.5, 0.5])))
err("kl_studentt", lambda: kl_divergence(StudentT(2.), StudentT(3.)))
# appended 2026-11-28: NegativeBinomial (Gamma then Poisson draws; total_count 0 included, whose probability at 0 is 1)
case("negbin_probs", [torch.tensor([3.0, 10.0, 0.0, 25.0], dtype=D), torch.tensor([0.2, 0.6, 0.5, 0.9], dtype=D)],
     torch.tensor([[0., 4., 0., 200.], [5., 12., 0., 1.]], dtype=D), (3,), seed=31)
case("negbin_logits", [torch.tensor([[2.5], [40.0]], dtype=D), torch.tensor([-1.0, 0.5, 2.0], dtype=D)],
     torch.tensor([1., 0., 7.], dtype=D), (2,), seed=32)
case("negbin_probs", [torch.tensor([4.0, 12.0], dtype=F), torch.tensor([0.3, 0.75], dtype=F)],
     torch.tensor([2., 30.], dtype=F), (5,), seed=33)
case("multinomial5_probs", [torch.tensor([[0.2, 0.3, 0.5], [0.1, 0.0, 0.9]], dtype=D)],
     torch.tensor([[1., 1., 3.], [0., 0., 5.]], dtype=D), (4,), seed=34)
case("multinomial3_logits", [torch.tensor([-1.0, 0.5, 2.0, 0.0], dtype=D)], torch.tensor([[0., 1., 2., 0.], [3., 0., 0., 0.]], dtype=D),
     (2,), seed=35)
case("multinomial5_probs", [torch.tensor([0.6, 0.4], dtype=F)], torch.tensor([2., 3.], dtype=F), (3,), seed=36)
case("onehot_st_probs", [torch.tensor([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]], dtype=D)], torch.tensor([[0., 1., 0.], [1., 0., 0.]], dtype=D),
     (3,), seed=37)
case("fisher", [torch.tensor([1.5, 3.0, 8.0, 20.0], dtype=D), torch.tensor([2.0, 5.0, 4.5, 30.0], dtype=D)],
     torch.tensor([[0.5, 1.0, 2.0, 0.1], [3.0, 0.7, 1.1, 1.0]], dtype=D), (3,), seed=38)
case("fisher", [torch.tensor([[4.0], [6.0]], dtype=F), torch.tensor([9.0, 12.0], dtype=F)], torch.tensor([0.8, 1.5], dtype=F), (2,), seed=39)
case("mixture_normal", [torch.tensor([0.2, 0.5, 0.3], dtype=D), torch.tensor([-2.0, 0.0, 3.0], dtype=D),
                        torch.tensor([0.5, 1.0, 2.0], dtype=D)], torch.tensor([-1.5, 0.2, 4.0], dtype=D), (4,), seed=40,
     cdf_values=torch.tensor([-2.0, 0.0, 1.0], dtype=D))
case("mixture_normal", [torch.tensor([[0.6, 0.4], [0.1, 0.9]], dtype=D), torch.tensor([[0.0, 1.0], [2.0, -1.0]], dtype=D),
                        torch.tensor([[1.0, 0.3], [0.7, 1.5]], dtype=D)], torch.tensor([[0.5, -0.5]], dtype=D), (3,), seed=41)
case("mixture_indep", [torch.tensor([0.3, -0.2], dtype=D), torch.tensor([[0.0, 1.0, -1.0], [2.0, 0.5, 0.0]], dtype=D),
                       torch.tensor([[1.0, 0.5, 2.0], [0.3, 1.2, 0.8]], dtype=D)], torch.tensor([[0.1, 0.9, -0.4]], dtype=D), (2,),
     seed=42)
# probs at and near 1/2 take the Taylor branch; 0 is clamped into (0, 1), as PyTorch does
case("contbern_probs", [torch.tensor([0.1, 0.4995, 0.5, 0.7, 0.999, 0.0], dtype=D)],
     torch.tensor([[0.2, 0.5, 0.0, 1.0, 0.9, 0.3]], dtype=D), (3,), seed=43,
     cdf_values=torch.tensor([0.3, 0.5, 0.6, 0.0, 0.99, 1.0], dtype=D), icdf_values=torch.tensor([0.1, 0.5, 0.7, 0.3, 0.5, 0.9], dtype=D))
case("contbern_logits", [torch.tensor([[-2.0, 0.0], [1.5, 0.001]], dtype=D)], torch.tensor([0.25, 0.75], dtype=D), (2,), seed=44,
     cdf_values=torch.tensor([0.4, 0.6], dtype=D), icdf_values=torch.tensor([0.2, 0.8], dtype=D))
case("contbern_probs", [torch.tensor([0.3, 0.8], dtype=F)], torch.tensor([0.5, 0.1], dtype=F), (4,), seed=45)
case("lowrank_mvn", [torch.tensor([0.5, -1.0, 2.0], dtype=D), torch.tensor([[1.0, 0.2], [-0.5, 0.8], [0.3, -1.2]], dtype=D),
                     torch.tensor([0.5, 1.0, 2.0], dtype=D)], torch.tensor([[0.0, 0.0, 0.0], [1.0, -2.0, 3.5]], dtype=D), (4,), seed=46)
case("lowrank_mvn", [torch.tensor([[0.0, 1.0], [2.0, -1.0]], dtype=D), torch.tensor([[0.7], [-0.4]], dtype=D),
                     torch.tensor([1.5, 0.3], dtype=D)], torch.tensor([0.5, 0.5], dtype=D), (2,), seed=47)
err("lowrank_cov_diag", lambda: torch.distributions.LowRankMultivariateNormal(t([0., 0.]), t([[1.], [1.]]), t([1., -1.])))
# float64 only: PyTorch 2.x samples in float64 whatever the dtype (1.13 in the parameters' own), the same for these
case("vonmises", [torch.tensor([0.5, -2.0, 3.0, 0.0], dtype=D), torch.tensor([2.0, 0.3, 10.0, 4.0], dtype=D)],
     torch.tensor([[0.4, -3.0, 3.1, 1.0], [2.0, 0.0, -3.0, -0.5]], dtype=D), (5,), seed=48)
case("vonmises", [torch.tensor([[1.0], [-1.0]], dtype=D), torch.tensor([0.5, 3.8, 50.0], dtype=D)], torch.tensor([0.9, -1.2, 1.0], dtype=D),
     (2,), seed=49)
err("mixture_components", lambda: torch.distributions.MixtureSameFamily(torch.distributions.Categorical(probs=t([0.5, 0.5])), Normal(t([0., 1., 2.]), t([1., 1., 1.]))))
err("fisher_df1", lambda: torch.distributions.FisherSnedecor(t([-1.0]), t([2.0])))
err("multinomial_support", lambda: torch.distributions.Multinomial(5, probs=t([0.2, 0.3, 0.5])).log_prob(t([1., -1., 2.])))
err("negbin_probs_one", lambda: torch.distributions.NegativeBinomial(t([3.]), probs=t([1.0])))
# ---- random parameters (seeded): wider ranges than the hand-picked cases (1e-2..1e2, log-uniform), broadcast
# shapes, both float dtypes; values drawn from the distribution itself (in the support)
import random as _random

_rng = _random.Random(20261129)
_POS = {"gamma": 2, "chi2": 1, "beta": 2, "poisson": 1, "halfnormal": 1, "exponential": 1, "fisher": 2}
_LOC_SCALE = ["normal", "lognormal", "gumbel", "cauchy", "laplace"]
_CDF = {"normal", "uniform", "exponential", "laplace", "cauchy", "halfnormal", "lognormal", "gumbel", "gamma", "chi2"}
_ICDF = {"normal", "uniform", "exponential", "laplace", "cauchy", "halfnormal"}


def _logu(shape, dt, lo=-2.0, hi=2.0):
    return torch.tensor([10 ** _rng.uniform(lo, hi) for _ in range(int(torch.Size(shape).numel()))], dtype=dt).reshape(shape)


for _i in range(36):
    _kind = _rng.choice(sorted(_POS) + _LOC_SCALE + ["studentt", "geometric_probs", "binomial_probs", "uniform", "vonmises"])
    _dt = _rng.choice([D, D, F])
    _s1, _s2 = _rng.choice([([], []), ([3], [3]), ([2, 1], [3]), ([4], [])])
    if _kind in _POS:
        _params = [_logu(_s1, _dt)] + ([_logu(_s2, _dt)] if _POS[_kind] == 2 else [])
        if _kind == "poisson":
            _params = [_logu(_s1, _dt, -1, 2.3)]
    elif _kind in _LOC_SCALE:
        _params = [torch.randn(_s1, dtype=_dt) * 3, _logu(_s2, _dt, -1.5, 1.5)]
    elif _kind == "studentt":
        _params = [_logu(_s1, _dt, -0.5, 2), torch.randn(_s2, dtype=_dt), _logu(_s2, _dt, -1, 1)]
    elif _kind == "geometric_probs":
        _params = [torch.rand(_s1, dtype=_dt) * 0.98 + 0.01]
    elif _kind == "binomial_probs":
        _params = [torch.randint(1, 60, _s1).to(_dt), torch.rand(_s2, dtype=_dt) * 0.98 + 0.01]
    elif _kind == "uniform":
        _lo = torch.randn(_s1, dtype=_dt)
        _params = [_lo, _lo + _logu(_s1, _dt, -1, 1)]
    else:  # vonmises
        _params = [torch.randn(_s1, dtype=_dt), _logu(_s2, _dt, -1, 1.5)]
    with torch.no_grad():
        _d = make(_kind, _params)
        _g = torch.Generator().manual_seed(1000 + _i)
        torch.manual_seed(1000 + _i)
        _values = _d.sample((2,))
        _cdf_v = _d.sample((2,)) if _kind in _CDF else None
        _icdf_v = (torch.rand(_d.batch_shape, dtype=_dt) * 0.9 + 0.05) if _kind in _ICDF else None
    case(_kind, _params, _values, (3,), seed=2000 + _i, cdf_values=_cdf_v, icdf_values=_icdf_v)

write("distributions2", cases)
