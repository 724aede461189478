"""Goldens for the remaining torch.distributions.kl_divergence pairs -> goldens/distributions3.json.

Run: /usr/bin/python3 scripts/goldens/distributions3_goldens.py

"kl" cases (scripts/goldens/common.py kl_case): a divergence and every parameter's gradient of its sum, for the
ContinuousBernoulli pairs, the (low-rank) multivariate normal pairs and Wishart with itself (PyTorch's generic
exponential-family rule). "bregman" cases: that rule called directly (_kl_expfamily_expfamily) for every exponential
family, which checks each family's natural parameters and log normaliser. "registry" cases: one pair of representatives
for each of the 87 (type_p, type_q) registrations in kl.py's _KL_REGISTRY, with the divergence and its gradients.
"error" cases: PyTorch's messages.

Written with torch 1.13, whose kl.py registers the same 87 pairs with the same formulas as PyTorch 2.x but one
helper: 2.x's _x_log_x is torch.special.xlogy(x, x) (0 at x = 0), 1.13's x * x.log() (NaN there). The script installs
2.x's helper first, so the Uniform-Beta/Gamma/Pareto values with an end at 0 are 2.x's (the "x_log_x" cases say so).
"""
import torch
import torch.distributions as D
import torch.distributions.kl as kl_module

from common import error_case, kl_case, make_distribution as make, t2j, write

kl_module._x_log_x = lambda t: torch.special.xlogy(t, t)  # PyTorch 2.x's helper (see above)
torch.manual_seed(0)
F64 = torch.float64
cases = []


def pos(*shape, lo=0.5, hi=3.0):
    return torch.rand(*shape, dtype=F64) * (hi - lo) + lo


def unit(*shape):
    return torch.rand(*shape, dtype=F64) * 0.8 + 0.1


def t(*v):
    return torch.tensor(v, dtype=F64)


def spd(n, *batch):
    a = torch.randn(*batch, n, n, dtype=F64)
    return a @ a.mT + n * torch.eye(n, dtype=F64)


def tril(n, *batch):
    return torch.linalg.cholesky(spd(n, *batch))


def kl(kp, pp, kq, qp, note=None):
    kl_case(cases, make, kp, pp, kq, qp, note)


# ---- ContinuousBernoulli: probs at and near 1/2 take the Taylor branches of the normaliser and the mean
cb_probs = t(0.1, 0.4995, 0.5, 0.7, 0.95)
kl("contbern_probs", [cb_probs], "contbern_probs", [t(0.3, 0.6, 0.5001, 0.2, 0.5)])
kl("contbern_logits", [torch.randn(2, 3, dtype=F64)], "contbern_probs", [unit(3)])
kl("beta", [pos(3), pos(3)], "contbern_probs", [t(0.2, 0.5, 0.85)])
kl("contbern_probs", [cb_probs], "exponential", [pos(5)])
kl("contbern_logits", [t(-1.5, 0.0, 0.001, 2.0)], "normal", [torch.randn(4, dtype=F64), pos(4)])
# PyTorch's tests: infinite when q.low >= 0 or q.high <= 1 (so Uniform(0, 1) too), when p.high >= 1 or p.low <= 0
kl("contbern_probs", [t(0.3, 0.5, 0.8, 0.6)], "uniform", [t(-0.5, 0.0, -1.0, -0.1), t(1.5, 2.0, 1.0, 1.0)])
kl("uniform", [t(0.1, 0.2, 0.0, 0.5), t(0.6, 0.9, 0.5, 1.0)], "contbern_probs", [t(0.3, 0.5, 0.7, 0.9)])
for kp, pp in [("exponential", [pos(2)]), ("gamma", [pos(2), pos(2)]), ("gumbel", [torch.randn(2, dtype=F64), pos(2)]),
               ("laplace", [torch.randn(2, dtype=F64), pos(2)]), ("normal", [torch.randn(2, dtype=F64), pos(2)]),
               ("pareto", [pos(2), pos(2)])]:
    kl(kp, pp, "contbern_probs", [unit(2)])
kl("contbern_probs", [unit(2)], "pareto", [pos(2), pos(2)])

# ---- (low-rank) multivariate normals, with batches that broadcast between p and q
kl("lowrank_mvn", [torch.randn(2, 3, dtype=F64), torch.randn(2, 3, 2, dtype=F64), pos(2, 3)],
   "lowrank_mvn", [torch.randn(3, dtype=F64), torch.randn(3, 1, dtype=F64), pos(3)])
kl("lowrank_mvn", [torch.randn(4, dtype=F64), torch.randn(4, 1, dtype=F64), pos(4)],
   "lowrank_mvn", [torch.randn(2, 4, dtype=F64), torch.randn(4, 3, dtype=F64), pos(2, 4)])
kl("mvn", [torch.randn(2, 3, dtype=F64), spd(3, 2)], "lowrank_mvn", [torch.randn(3, dtype=F64), torch.randn(3, 2, dtype=F64), pos(3)])
kl("mvn_tril", [torch.randn(3, dtype=F64), tril(3)], "lowrank_mvn", [torch.randn(2, 3, dtype=F64), torch.randn(2, 3, 1, dtype=F64), pos(3)])
kl("lowrank_mvn", [torch.randn(2, 3, dtype=F64), torch.randn(2, 3, 2, dtype=F64), pos(3)], "mvn", [torch.randn(3, dtype=F64), spd(3)])
kl("lowrank_mvn", [torch.randn(3, dtype=F64), torch.randn(3, 1, dtype=F64), pos(3)], "mvn_tril", [torch.randn(2, 3, dtype=F64), tril(3, 2)])
kl("mvn_tril", [torch.randn(2, 3, dtype=F64), tril(3, 2)], "mvn", [torch.randn(3, dtype=F64), spd(3)])

# ---- Wishart with itself: the Bregman rule, whose df term is summed over the batch (see KlExponentialFamily)
kl("wishart_cov", [t(4.0), spd(2)], "wishart_cov", [t(3.5), spd(2)])
kl("wishart_tril", [t(3.0, 5.5), tril(3, 2)], "wishart_prec", [t(4.0, 6.0), spd(3)])
kl("wishart_prec", [t(2.5, 3.0, 7.0), spd(2)], "wishart_cov", [t(5.0), spd(2, 3)])

# ---- 2.x's _x_log_x: a Uniform with an end at 0 is finite against Beta and Gamma
for kq, qp in [("beta", [pos(2), pos(2)]), ("gamma", [pos(2), pos(2)])]:
    kl("uniform", [t(0.0, 0.0), t(0.5, 1.0)], kq, qp, note="x_log_x: PyTorch 2.x's xlogy (torch 1.13 gives NaN at 0)")


# ---- the generic rule called directly on every exponential family (the closed forms take these pairs in kl_divergence)
def bregman(kind, pp, qp):
    pp = [x.clone() for x in pp]
    qp = [x.clone().requires_grad_(True) for x in qp]
    r = kl_module._kl_expfamily_expfamily(make(kind, pp), make(kind, qp))
    r.sum().backward()
    cases.append({"kind": "bregman", "family": kind, "p_params": [t2j(x) for x in pp], "q_params": [t2j(x) for x in qp],
                  "kl": t2j(r), "grads_q": [t2j(x.grad) for x in qp]})


bregman("bernoulli_probs", [unit(3)], [unit(3)])
bregman("beta", [pos(3), pos(3)], [pos(3), pos(3)])
bregman("contbern_probs", [t(0.2, 0.4999, 0.8)], [t(0.6, 0.3, 0.5002)])
bregman("dirichlet", [pos(2, 3)], [pos(3)])
bregman("exponential", [pos(3)], [pos(3)])
bregman("gamma", [pos(3), pos(3)], [pos(3), pos(3)])
bregman("chi2", [pos(3)], [pos(3)])
bregman("normal", [torch.randn(3, dtype=F64), pos(3)], [torch.randn(3, dtype=F64), pos(3)])
bregman("poisson", [pos(3)], [pos(3)])
bregman("wishart_cov", [t(3.0, 4.0), spd(2, 2)], [t(2.5, 6.0), spd(2, 2)])

# ---- one pair of representatives for each registration in kl.py
REPS = {
    "Bernoulli": ("bernoulli_probs", lambda: [unit(2)]),
    "Beta": ("beta", lambda: [pos(2), pos(2)]),
    "Binomial": ("binomial_probs", lambda: [t(5.0, 5.0), unit(2)]),
    "Categorical": ("categorical_probs", lambda: [unit(2, 3)]),
    "Cauchy": ("cauchy", lambda: [torch.randn(2, dtype=F64), pos(2)]),
    "ContinuousBernoulli": ("contbern_probs", lambda: [unit(2)]),
    "Dirichlet": ("dirichlet", lambda: [pos(2, 3)]),
    "Exponential": ("exponential", lambda: [pos(2)]),
    "ExponentialFamily": ("wishart_cov", lambda: [t(3.0, 4.5), spd(2)]),
    "Gamma": ("gamma", lambda: [pos(2), pos(2)]),
    "Geometric": ("geometric_probs", lambda: [unit(2)]),
    "Gumbel": ("gumbel", lambda: [torch.randn(2, dtype=F64), pos(2)]),
    "HalfNormal": ("halfnormal", lambda: [pos(2)]),
    "Independent": ("independent_normal", lambda: [torch.randn(2, 3, dtype=F64), pos(2, 3)]),
    "Laplace": ("laplace", lambda: [torch.randn(2, dtype=F64), pos(2)]),
    "LowRankMultivariateNormal": ("lowrank_mvn", lambda: [torch.randn(2, 3, dtype=F64), torch.randn(2, 3, 1, dtype=F64), pos(2, 3)]),
    "MultivariateNormal": ("mvn_tril", lambda: [torch.randn(2, 3, dtype=F64), tril(3, 2)]),
    "Normal": ("normal", lambda: [torch.randn(2, dtype=F64), pos(2)]),
    "OneHotCategorical": ("onehot_probs", lambda: [unit(2, 3)]),
    "Pareto": ("pareto", lambda: [t(0.1, 0.15), pos(2, lo=2.5, hi=4.0)]),
    "Poisson": ("poisson", lambda: [pos(2)]),
    "TransformedDistribution": ("transformed_normal_exp", lambda: [torch.randn(2, dtype=F64), pos(2)]),
    "Uniform": ("uniform", lambda: [t(0.2, 0.3), t(0.8, 0.6)]),
}


def make_all(kind, p):
    if kind == "categorical_probs":
        return D.Categorical(probs=p[0])
    if kind == "independent_normal":
        return D.Independent(D.Normal(p[0], p[1]), 1)
    if kind == "transformed_normal_exp":
        return D.TransformedDistribution(D.Normal(p[0], p[1]), [D.ExpTransform()])
    return make(kind, p)


names = sorted((tp.__name__, tq.__name__) for tp, tq in kl_module._KL_REGISTRY)
assert len(names) == 87, len(names)
for np_, nq in names:
    (kp, fp), (kq, fq) = REPS[np_], REPS[nq]
    kl_case(cases, make_all, kp, fp(), kq, fq())
    cases[-1]["kind"], cases[-1]["registry"] = "registry", [np_, nq]


# ---- error messages (ValueError -> IllegalArgumentException, NotImplementedError -> UnsupportedOperationException)
def err(name, f):
    error_case(cases, name, f)


lr2 = lambda: D.LowRankMultivariateNormal(torch.zeros(2, dtype=F64), torch.ones(2, 1, dtype=F64), torch.ones(2, dtype=F64))
lr3 = lambda: D.LowRankMultivariateNormal(torch.zeros(3, dtype=F64), torch.ones(3, 1, dtype=F64), torch.ones(3, dtype=F64))
mvn2 = lambda: D.MultivariateNormal(torch.zeros(2, dtype=F64), torch.eye(2, dtype=F64))
mvn3 = lambda: D.MultivariateNormal(torch.zeros(3, dtype=F64), torch.eye(3, dtype=F64))
err("kl_lowrank_lowrank_shape", lambda: D.kl_divergence(lr2(), lr3()))
err("kl_mvn_lowrank_shape", lambda: D.kl_divergence(mvn2(), lr3()))
err("kl_lowrank_mvn_shape", lambda: D.kl_divergence(lr2(), mvn3()))
err("kl_mvn_mvn_shape", lambda: D.kl_divergence(mvn2(), mvn3()))
err("kl_expfamily_cross", lambda: D.kl_divergence(D.Normal(0., 1.), D.Poisson(1.)))
err("kl_expfamily_cross_wishart", lambda: D.kl_divergence(D.Wishart(torch.tensor(3.), torch.eye(2)), D.Gamma(1., 1.)))
write("distributions3", cases)
