"""Differential fuzz of torch.distributions: seeded random programs run in PyTorch 1.13 -> goldens/fuzz_distributions.json.
FuzzDistributionsParityTest builds each program's objects with torch4j and compares every value, shape, dtype and
message.

Run: /usr/bin/python3 scripts/goldens/fuzz_distributions_goldens.py [seed count name]   (an exploration: another seed
or more programs, written as goldens/<name>.json and replayed by -Dt4j.fuzzDist=<name>)

A program ("k"):
  * "dist": a family ("fam", FAMILIES below) with random broadcasting parameter shapes and values (edge values now and
    then: 0, the boundary of the constraint, large, outside it), float64 mostly ("dt"), validate_args on or off ("va");
    "ps" the parameters (leaves; the floating ones require grad), "ia" the int arguments (Multinomial's total_count,
    LKJCholesky's dim, Independent's reinterpreted dims). Either "err" (the constructor's message, with "et" its
    type) or "bs"/"es" (batch and event shape) and "ops", each run on a freshly built distribution (PyTorch's repr in
    a message depends on which lazy properties were read before): mean, mode, variance, stddev, entropy, log_prob /
    cdf / icdf at "x", enumerate_support (expand or not), sample / rsample (shape "ss", dtype and, after
    manual_seed("seed"), the values), expand to "shape" (then its batch shape, mean and log_prob at "x"). An op
    holds "y" (the result) or "err"/"et"; "g" is each parameter's gradient of sum(y * w) (w_i = sin(1.7 i + 0.3) +
    1.1 over y's elements in order), null where none reaches it.
    "rt" (where present) is a relative tolerance for a result that is ill-conditioned (see rtol and shadow_error);
    "fr" marks an op whose outcome changes when its value argument moves by a rounding error (see fragile).
  * "kl": kl_divergence(p, q) ("p"/"q": two dist programs' families and parameters) with "y" and both parameter lists'
    gradients ("gp", "gq"), or PyTorch's NotImplementedError for pairs it does not register.
  * "td": a TransformedDistribution of a base "dist" program and a random transform chain ("ts", see transform_json),
    with batch/event shape, log_prob at a pushed-forward sample (perturbed now and then), sample/rsample, cdf/icdf
    where the chain is univariate, and the messages.
  * "tf": one random transform (chain) on x: forward "y", inverse of y "xi", log_abs_det_jacobian "j",
    forward_shape/inverse_shape, domain/codomain repr and event dims, bijective, sign.
    (float32: "rt" from the same transform run in float64, as shadow_error measures).
  * "bij": biject_to / transform_to of a random constraint ("con"), the transform's repr and its forward on x.

PyTorch 2.x is followed where it differs from 1.13 (which runs here):
  * kl.py's _x_log_x is 2.x's torch.special.xlogy(x, x) (0 at x = 0; 1.13's x * x.log() gives NaN there);
  * Gamma (so Chi2) has 2.x's cdf, gammainc(concentration, rate * value) (1.13 has none); no gradients are recorded
    where that reaches the concentration (PyTorch implements no derivative of gammainc in it);
  * torch.multinomial draws one sample with replacement by 2.x's exponential race (Categorical, OneHotCategorical,
    Multinomial and MixtureSameFamily sample through it; 1.13 searches the cumulative distribution there);
  * Dirichlet's (so Beta's) log_prob is 2.x's, xlogy(concentration - 1, value) (1.13: log(value) * (concentration
    - 1), NaN at a value of 0 where the concentration is 1);
  * LogNormal's variance is 2.x's expm1(scale^2) exp(2 loc + scale^2) (1.13: exp(scale^2) - 1, 0 for a tiny scale);
  * PowerTransform's sign is 2.x's exponent.sign() (1.13 says +1 for every exponent, so a TransformedDistribution's
    cdf/icdf through a negative power are not flipped there).
Messages: ValueError and NotImplementedError are compared on their first line (an empty NotImplementedError only
by type); the RuntimeErrors of tensor ops inside a formula (a shape that fits no op, with validation off) only by
being raised, since which op meets the bad shape first is the implementation's.
Tolerances: 1e-9 relative (float64) or 1e-3 (float32), widened per op by "rt" where the result is ill-conditioned:
moving one parameter (or the value) by 1e-10 relative moves it by r (then r), or the run in the other float dtype
strays (float32: 4 times as far as float64's run; float64: 1e-5 times float32's). From r = 1/2 on, or where float32
alone makes the result meaningless, only shape, dtype and finiteness are compared. A "fragile" op (its outcome, a
result or an error, or which elements are finite, flips within DELTA of its value argument: a value on the edge of a
support, or of a transform's domain where the last bit of an inverse decides) may give either outcome, and its
gradients are not compared.
Avoided: VonMises draws for a concentration that is not above 1e-4 (1.13's rejection sampler never ends there).
Left out: families only 2.x has (InverseGamma, GeneralizedPareto: distributions4_goldens.py restates them); sample
values of families whose draws PyTorch makes with generators torch4j does not replay (only shapes and dtypes there);
transform_to(positive_definite), which only 2.x registers (PositiveDefiniteTransform).
"""
import math
import random
import sys
import warnings

import torch
import torch.distributions as D
import torch.distributions.kl as kl_module
from torch.distributions import constraints as C
from torch.distributions import transforms as T

from common import t2j, write

warnings.filterwarnings("ignore")
kl_module._x_log_x = lambda t: torch.special.xlogy(t, t)  # PyTorch 2.x's helper (see above)


def _gamma_cdf(self, value):  # PyTorch 2.x's Gamma.cdf (1.13 has none)
    if self._validate_args:
        self._validate_sample(value)
    return torch.special.gammainc(self.concentration, self.rate * value)


D.Gamma.cdf = _gamma_cdf
_multinomial_113 = torch.multinomial


def _multinomial_2x(p, n, replacement=False, *, generator=None):
    """2.x's torch.multinomial: one draw with replacement takes the exponential race too (1.13: the cdf kernel)."""
    if replacement and n == 1:
        if not bool((p.max() < math.inf) & (p.min() >= 0)):  # 2.x's checks before the race
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if bool((p.sum(-1) == 0).any()):
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        q = torch.empty_like(p).exponential_(1, generator=generator)
        return (p / q).argmax(-1, keepdim=True)
    return _multinomial_113(p, n, replacement, generator=generator)


torch.multinomial = _multinomial_2x
D.Dirichlet.log_prob = lambda self, value: (  # 2.x's (1.13: log(value) * (concentration - 1))
    (self._validate_sample(value) if self._validate_args else None,
     torch.xlogy(self.concentration - 1.0, value).sum(-1) + torch.lgamma(self.concentration.sum(-1))
     - torch.lgamma(self.concentration).sum(-1))[1])
D.LogNormal.variance = property(lambda self: self.scale.pow(2).expm1() * (2 * self.loc + self.scale.pow(2)).exp())  # 2.x
T.PowerTransform.sign = property(lambda self: self.exponent.sign())  # PyTorch 2.x's (1.13: +1 whatever the exponent)
F64, F32 = torch.float64, torch.float32


def W(n):
    """The gradient weights: w_i = sin(1.7 i + 0.3) + 1.1."""
    return [math.sin(1.7 * i + 0.3) + 1.1 for i in range(n)]


def pick(rng, *xs):
    return xs[rng.randrange(len(xs))]


# ---------------------------------------------------------------- parameters
def scalar_value(rng, kind, edge, dt):
    """One parameter element of the kind: r real, p positive, u unit interval, o open unit (probs < 1), n count.
    float32's edges are milder (its rounding alone makes 1e-8 or 1e6 meaningless in most formulas)."""
    if kind == "r":
        if edge:
            return pick(rng, 0.0, -3.0, 1e3, -1e6, 1e-8) if dt == F64 else pick(rng, 0.0, -3.0, 50.0, -100.0)
        return rng.gauss(0, pick(rng, 1.0, 3.0))
    if kind == "p":
        if edge:
            return pick(rng, 0.0, 1e-3, 1e-8, 50.0, 1e4, -1.0, 0.05) if dt == F64 else pick(rng, 0.0, 1e-2, 20.0, -1.0, 0.05)
        return math.exp(rng.gauss(0, 0.8))
    if kind in ("u", "o"):
        if edge:
            return pick(rng, 0.0, 1.0, 0.5, 1e-7, 1 - 1e-7, -0.2, 1.3) if kind == "u" else pick(rng, 0.0, 0.999, 1.0, 1e-6, -0.1)
        return rng.uniform(0.02, 0.98)
    if kind == "n":
        return float(pick(rng, 0, 1, 0.5, -1, 30)) if edge else float(rng.randint(0, 8))
    raise ValueError(kind)


def tensor_of(rng, kind, shape, dt, edge_rate):
    n = 1
    for s in shape:
        n *= s
    vals = [scalar_value(rng, kind, rng.random() < edge_rate, dt) for _ in range(n)]
    return torch.tensor(vals, dtype=dt).reshape(shape)


def sub_shape(rng, batch):
    """A shape that broadcasts to batch: leading dims dropped, some dims 1."""
    k = rng.randint(0, len(batch)) if rng.random() < 0.4 else len(batch)
    s = list(batch[len(batch) - k:])
    return [1 if rng.random() < 0.25 else d for d in s]


def spd(rng, n, batch, dt, bad=False):
    a = torch.tensor([rng.gauss(0, 1) for _ in range(int(torch.Size(batch + [n, n]).numel()))], dtype=F64).reshape(batch + [n, n])
    m = a @ a.mT + 0.5 * torch.eye(n, dtype=F64)
    if bad:
        m = m - 10 * n * torch.eye(n, dtype=F64) if rng.random() < 0.5 else m + torch.triu(torch.ones(n, n, dtype=F64), 1)
    return m.to(dt)


def tril(rng, n, batch, dt, bad=False):
    m = torch.linalg.cholesky(spd(rng, n, batch, F64))
    if bad:
        m = m.clone()
        if rng.random() < 0.5 or n == 1:
            m[..., 0, 0] = -m[..., 0, 0]
        else:
            m[..., 0, n - 1] = 0.5
    return m.to(dt)


# family -> (python builder, [(param kind, event dims)], int args maker)
# kinds: r/p/u/o/n as above; "vl" real vector, "vp" positive vector, "vu" probabilities vector; "spd", "tril" matrices;
# "lf" a low-rank factor; "wdf" Wishart's df (> n - 1); "td" the base of TransformedDistribution
def _mixture(p):
    return D.MixtureSameFamily(D.Categorical(probs=p[0]), D.Normal(p[1], p[2]))


FAMILIES = {
    "normal": (lambda p, ia: D.Normal(p[0], p[1]), ["r", "p"]),
    "uniform": (lambda p, ia: D.Uniform(p[0], p[1]), ["r", "r"]),
    "exponential": (lambda p, ia: D.Exponential(p[0]), ["p"]),
    "laplace": (lambda p, ia: D.Laplace(p[0], p[1]), ["r", "p"]),
    "cauchy": (lambda p, ia: D.Cauchy(p[0], p[1]), ["r", "p"]),
    "gumbel": (lambda p, ia: D.Gumbel(p[0], p[1]), ["r", "p"]),
    "halfnormal": (lambda p, ia: D.HalfNormal(p[0]), ["p"]),
    "halfcauchy": (lambda p, ia: D.HalfCauchy(p[0]), ["p"]),
    "lognormal": (lambda p, ia: D.LogNormal(p[0], p[1]), ["r", "p"]),
    "gamma": (lambda p, ia: D.Gamma(p[0], p[1]), ["p", "p"]),
    "chi2": (lambda p, ia: D.Chi2(p[0]), ["p"]),
    "beta": (lambda p, ia: D.Beta(p[0], p[1]), ["p", "p"]),
    "studentt": (lambda p, ia: D.StudentT(p[0], p[1], p[2]), ["p", "r", "p"]),
    "fisher": (lambda p, ia: D.FisherSnedecor(p[0], p[1]), ["p", "p"]),
    "weibull": (lambda p, ia: D.Weibull(p[0], p[1]), ["p", "p"]),
    "pareto": (lambda p, ia: D.Pareto(p[0], p[1]), ["p", "p"]),
    "kumaraswamy": (lambda p, ia: D.Kumaraswamy(p[0], p[1]), ["p", "p"]),
    "vonmises": (lambda p, ia: D.VonMises(p[0], p[1]), ["r", "p"]),
    "contbern_probs": (lambda p, ia: D.ContinuousBernoulli(probs=p[0]), ["u"]),
    "contbern_logits": (lambda p, ia: D.ContinuousBernoulli(logits=p[0]), ["r"]),
    "bernoulli_probs": (lambda p, ia: D.Bernoulli(probs=p[0]), ["u"]),
    "bernoulli_logits": (lambda p, ia: D.Bernoulli(logits=p[0]), ["r"]),
    "geometric_probs": (lambda p, ia: D.Geometric(probs=p[0]), ["u"]),
    "geometric_logits": (lambda p, ia: D.Geometric(logits=p[0]), ["r"]),
    "poisson": (lambda p, ia: D.Poisson(p[0]), ["p"]),
    "binomial_probs": (lambda p, ia: D.Binomial(p[0], probs=p[1]), ["n", "u"]),
    "binomial_logits": (lambda p, ia: D.Binomial(p[0], logits=p[1]), ["n", "r"]),
    "negbin_probs": (lambda p, ia: D.NegativeBinomial(p[0], probs=p[1]), ["p", "o"]),
    "negbin_logits": (lambda p, ia: D.NegativeBinomial(p[0], logits=p[1]), ["p", "r"]),
    "relaxed_bernoulli": (lambda p, ia: D.RelaxedBernoulli(p[0], probs=p[1]), ["p", "u"]),
    "logit_relaxed_bernoulli": (lambda p, ia: D.relaxed_bernoulli.LogitRelaxedBernoulli(p[0], logits=p[1]), ["p", "r"]),
    "categorical_probs": (lambda p, ia: D.Categorical(probs=p[0]), ["vu"]),
    "categorical_logits": (lambda p, ia: D.Categorical(logits=p[0]), ["vl"]),
    "onehot_probs": (lambda p, ia: D.OneHotCategorical(probs=p[0]), ["vu"]),
    "onehot_logits": (lambda p, ia: D.OneHotCategorical(logits=p[0]), ["vl"]),
    "onehot_st": (lambda p, ia: D.OneHotCategoricalStraightThrough(probs=p[0]), ["vu"]),
    "multinomial_probs": (lambda p, ia: D.Multinomial(ia[0], probs=p[0]), ["vu"]),
    "multinomial_logits": (lambda p, ia: D.Multinomial(ia[0], logits=p[0]), ["vl"]),
    "relaxed_onehot": (lambda p, ia: D.RelaxedOneHotCategorical(p[0], probs=p[1]), ["p", "vu"]),
    "dirichlet": (lambda p, ia: D.Dirichlet(p[0]), ["vp"]),
    "logistic_normal": (lambda p, ia: D.LogisticNormal(p[0], p[1]), ["vl", "vp"]),
    "mvn_cov": (lambda p, ia: D.MultivariateNormal(p[0], covariance_matrix=p[1]), ["vl", "spd"]),
    "mvn_tril": (lambda p, ia: D.MultivariateNormal(p[0], scale_tril=p[1]), ["vl", "tril"]),
    "mvn_prec": (lambda p, ia: D.MultivariateNormal(p[0], precision_matrix=p[1]), ["vl", "spd"]),
    "lowrank_mvn": (lambda p, ia: D.LowRankMultivariateNormal(p[0], p[1], p[2]), ["vl", "lf", "vp"]),
    "lkj": (lambda p, ia: D.LKJCholesky(ia[0], p[0]), ["p"]),
    "wishart_cov": (lambda p, ia: D.Wishart(p[0], covariance_matrix=p[1]), ["wdf", "spd"]),
    "wishart_tril": (lambda p, ia: D.Wishart(p[0], scale_tril=p[1]), ["wdf", "tril"]),
    "wishart_prec": (lambda p, ia: D.Wishart(p[0], precision_matrix=p[1]), ["wdf", "spd"]),
    "mixture_normal": (lambda p, ia: _mixture(p), ["vu", "vl", "vp"]),
    "independent_normal": (lambda p, ia: D.Independent(D.Normal(p[0], p[1]), ia[0]), ["r", "p"]),
}
# draws PyTorch makes with samplers torch4j replays (sample values compared after manual_seed); others: shapes only
EXACT_DRAWS = set(FAMILIES) - {"lkj", "wishart_cov", "wishart_tril", "wishart_prec", "vonmises", "binomial_probs",
                               "binomial_logits"}


def make_params(rng, fam, batch, dt, edge_rate):
    """Random parameters for fam over batch (each of a shape that broadcasts to it) and the int arguments."""
    kinds = FAMILIES[fam][1]
    k = rng.randint(1, 4)  # categories / vector size
    if fam in ("logistic_normal",):
        k = rng.randint(1, 3)
    n = rng.randint(1, 3)  # matrix size
    ia = []
    ps = []
    bad = rng.random() < edge_rate
    for kind in kinds:
        s = sub_shape(rng, batch)
        if kind in ("r", "p", "u", "o", "n"):
            if fam == "uniform" and ps:  # high = low + positive (or equal / below now and then)
                lo = ps[0]
                gap = tensor_of(rng, "p", s, dt, edge_rate)
                ps.append((lo + gap).to(dt) if rng.random() > edge_rate else lo.clone())
                continue
            ps.append(tensor_of(rng, kind, s, dt, edge_rate))
        elif kind == "vl":
            ps.append(tensor_of(rng, "r", s + [k if fam != "mvn_cov" else n], dt, edge_rate * 0.3))
        elif kind == "vp":
            ps.append(tensor_of(rng, "p", s + [k], dt, edge_rate * 0.5))
        elif kind == "vu":
            ps.append(tensor_of(rng, "u", s + [k], dt, edge_rate * 0.5).abs() if rng.random() > edge_rate * 0.3 else
                      tensor_of(rng, "u", s + [k], dt, 1.0))
        elif kind == "spd":
            ps.append(spd(rng, ps[0].shape[-1] if ps and ps[0] is not None and ps[0].dim() else n, s, dt, bad))
        elif kind == "tril":
            ps.append(tril(rng, ps[0].shape[-1] if ps and ps[0] is not None and ps[0].dim() else n, s, dt, bad))
        elif kind == "lf":
            ps.append(tensor_of(rng, "r", s + [k, rng.randint(1, 2)], dt, 0))
        elif kind == "wdf":
            ps.append(None)  # after the matrix
    if fam.startswith("mvn"):
        m = ps[1].shape[-1]
        ps[0] = tensor_of(rng, "r", sub_shape(rng, batch) + [m], dt, edge_rate * 0.3)
    if fam.startswith("wishart"):
        m = spd(rng, n, sub_shape(rng, batch), dt) if fam != "wishart_tril" else tril(rng, n, sub_shape(rng, batch), dt)
        if bad:
            m = spd(rng, n, list(m.shape[:-2]), dt, True) if fam != "wishart_tril" else tril(rng, n, list(m.shape[:-2]), dt, True)
        df = tensor_of(rng, "p", sub_shape(rng, batch), dt, 0) + (n - 1)
        if rng.random() < edge_rate:
            df = df * 0 + pick(rng, n - 1.0, n - 1.5, float(n))
        ps = [df.to(dt), m]
    if fam == "lowrank_mvn":
        ps[2] = tensor_of(rng, "p", sub_shape(rng, batch) + [k], dt, edge_rate * 0.5)
    if fam == "mixture_normal":  # the components' parameters batch as the mixing probs do, with k components
        b = list(ps[0].shape[:-1])
        ps[1] = tensor_of(rng, "r", b + [k], dt, edge_rate * 0.3)
        ps[2] = tensor_of(rng, "p", b + [k], dt, edge_rate * 0.3)
    if fam.startswith("multinomial"):
        ia = [pick(rng, 0, 1, 3, 5, 10)]
    if fam == "lkj":
        ia = [pick(rng, 2, 3, 4) if rng.random() > edge_rate * 0.3 else pick(rng, 1, 0)]
    if fam == "independent_normal":
        nb = len(torch.broadcast_shapes(ps[0].shape, ps[1].shape))
        ia = [rng.randint(0, nb) if rng.random() > edge_rate * 0.3 else nb + 1]
    return ps, ia


def build(fam, ps, ia):
    return FAMILIES[fam][0](ps, ia)


def with_validation(va, f):
    old = D.Distribution._validate_args
    D.Distribution.set_default_validate_args(va)
    try:
        return f()
    finally:
        D.Distribution.set_default_validate_args(old)


def err_fields(e):
    name = type(e).__name__
    return {"err": str(e).split("\n")[0], "et": name}


# ---------------------------------------------------------------- values
def perturb(rng, d, x, rate=0.25):
    """x (in the support) with a few elements moved to edges of the support or out of it."""
    x = x.clone()
    if x.numel() == 0 or rng.random() > rate:
        return x
    flat = x.reshape(-1)
    sup = support_name(d)
    big = 1e6 if x.dtype == F64 else 1e2
    choices = {
        "real": [0.0, big, -big, float("inf"), float("nan")],
        "positive": [0.0, 1e-30 if x.dtype == F64 else 1e-3, big, -1.0],
        "nonnegative": [0.0, big, -1.0],
        "unit": [0.0, 1.0, 0.5, -0.5, 1.5],
        "integer": [0.0, 1.0, 2.5, -1.0, big],
        "boolean": [0.0, 1.0, 0.5, 2.0],
    }.get(sup, [0.0, -1.0, 0.5, 2.0])
    for _ in range(rng.randint(1, 2)):
        flat[rng.randrange(flat.numel())] = pick(rng, *choices)
    return x


def support_name(d):
    try:
        s = d.support
    except NotImplementedError:
        return "?"
    while isinstance(s, C._IndependentConstraint):
        s = s.base_constraint
    if isinstance(s, C._Real):
        return "real"
    if isinstance(s, C._GreaterThan) and not isinstance(s.lower_bound, torch.Tensor) and s.lower_bound == 0:
        return "positive"
    if isinstance(s, C._GreaterThanEq) and not isinstance(s.lower_bound, torch.Tensor) and s.lower_bound == 0:
        return "nonnegative"
    if isinstance(s, C._Interval) and not isinstance(s.lower_bound, torch.Tensor) and s.lower_bound == 0 and s.upper_bound == 1:
        return "unit"
    if isinstance(s, (C._IntegerGreaterThan, C._IntegerInterval)):
        return "integer"
    if isinstance(s, C._Boolean):
        return "boolean"
    return "?"


def value_shape_variant(rng, d, ss):
    """A sample shape to draw values at: () / (n,) / (n, 1)."""
    return pick(rng, [], [], [2], [1, 2])


def hangs(d):
    """VonMises's rejection sampler never ends for a concentration that is not positive and finite, nor for a tiny one
    (1.13's proposal rounds to nothing below about 1e-5)."""
    return isinstance(d, D.VonMises) and not bool((torch.isfinite(d.concentration) & (d.concentration > 1e-4)).all())


def draw_values(rng, d, dt):
    """Values for log_prob: samples (in the support), perturbed; now and then of a shape that only broadcasts."""
    ss = value_shape_variant(rng, d, [])
    with torch.no_grad():
        torch.manual_seed(rng.randrange(1 << 30))
        x = d.sample(ss).to(dt) if not hangs(d) else torch.randn(ss + list(d.batch_shape), dtype=dt)
    x = perturb(rng, d, x)
    if isinstance(d.support, C._PositiveDefinite):  # away from singular (a draw at low df nearly is)
        x = x + 0.1 * x.diagonal(dim1=-2, dim2=-1).mean(-1, True).unsqueeze(-1).abs() * torch.eye(x.shape[-1], dtype=x.dtype)
    r = rng.random()
    bs, es = list(d.batch_shape), list(d.event_shape)
    if r < 0.08 and len(bs) > 0:  # leading batch dims dropped: broadcasts
        x = x.reshape(ss + bs + es)[(0,) * (len(ss) + 1)].clone() if len(ss) + len(bs) > 0 else x
    elif r < 0.11:  # a wrong event shape or a shape that does not broadcast
        x = torch.zeros([*bs[:-1], (bs[-1] + 1) if bs else 2, *es], dtype=dt) if rng.random() < 0.5 or not es else \
            torch.zeros([*bs, *es[:-1], es[-1] + 1], dtype=dt)
    return x


def probs_values(rng, shape, dt):
    vals = [pick(rng, 0.0, 1.0, 0.5, 1e-9, -0.1, 1.2) if rng.random() < 0.15 else rng.random() for _ in range(int(torch.Size(shape).numel()))]
    return torch.tensor(vals, dtype=dt).reshape(shape)


# ---------------------------------------------------------------- running ops
def grads_of(y, ps):
    """Each parameter's gradient of sum(y * w) (None where none reaches it)."""
    leaves = [p for p in ps if p is not None and p.requires_grad]
    if not leaves or not isinstance(y, torch.Tensor) or not y.requires_grad or not y.dtype.is_floating_point:
        return None
    w = torch.tensor(W(y.numel()), dtype=y.dtype).reshape(y.shape)
    try:
        gs = torch.autograd.grad((y * w).sum(), leaves, allow_unused=True)
    except RuntimeError:  # a derivative PyTorch does not implement (gammainc's in its first argument)
        return None
    it = iter(gs)
    out = []
    for p in ps:
        g = next(it) if p is not None and p.requires_grad else None
        out.append(t2j(g) if g is not None else None)
    return out


def fresh_params(ps):
    return [p.detach().clone().requires_grad_(p.dtype.is_floating_point) for p in ps]


def perturbed(ps, dt, only=None):
    """The parameters (with only, just that one) moved by a relative DELTA (alternating signs): for the
    conditioning estimate of rtol()."""
    out = []
    for k, p in enumerate(ps):
        if p is None or not p.dtype.is_floating_point or only is not None and k != only:
            out.append(p)
            continue
        sign = torch.tensor([1.0 if math.sin(3.1 * i + 0.7) > 0 else -1.0 for i in range(p.numel())], dtype=F64).reshape(p.shape)
        out.append((p.detach().double() * (1 + DELTA[dt] * sign)).to(p.dtype).requires_grad_(True))
    return out


DELTA = {F64: 1e-10, F32: 1e-5}
RTOL = {F64: 1e-9, F32: 1e-3}


def rtol(ys, ys2, dt):
    """A relative tolerance for an ill-conditioned result: where parameters moved by DELTA move the result by r
    (relative), rounding differences of the same formula are taken to be up to r (a condition number times
    DELTA: generous, and below the default for any result that is not ill-conditioned); from r = 1/2 on the
    values are not compared at all; None when that is below the default."""
    r = 0.0
    for a, b in zip(ys, ys2):
        if a is None or b is None or a.shape != b.shape or not a.dtype.is_floating_point:
            continue
        a, b = a.detach().double(), b.detach().double()
        ok = torch.isfinite(a) & torch.isfinite(b)
        if ok.any():
            r = max(r, float(((a - b).abs() / (a.abs() + 1e-300))[ok].max()))
        if (torch.isfinite(a) & ~torch.isfinite(b)).any():  # the move leaves the domain: as ill-conditioned as it gets
            r = max(r, 1e4)
    if r >= 0.5:
        return 1e9  # a result this ill-conditioned says nothing in its values: only its shape, dtype and finiteness count
    return r if r > RTOL[dt] else None


def moved(x, delta):
    """x moved by a relative delta, alternating signs (perturbed's pattern)."""
    if not delta or not x.dtype.is_floating_point:
        return x
    sign = torch.tensor([1.0 if math.sin(2.3 * i + 0.1) > 0 else -1.0 for i in range(x.numel())], dtype=F64).reshape(x.shape)
    return (x.double() * (1 + delta * sign)).to(x.dtype)


def fragile(c, op, make):
    """Whether the op's outcome (a result or an error) changes when its value argument moves by DELTA: a value at the
    edge of a support or a domain, where the last bit of a transform's inverse decides (FuzzDistributionsParityTest
    then accepts either outcome)."""
    if "x" not in op:
        return False
    dt = getattr(torch, op["x"]["dtype"])
    dt = dt if dt in DELTA else F64

    def outcome(delta):
        try:
            y = op_result(make(fresh_params(c["_ps"])), dict(op), None, delta)
            return "ok", y
        except (ValueError, NotImplementedError, RuntimeError, TypeError, IndexError) as e:
            return type(e).__name__, None

    a, ya = outcome(None)
    for delta in (DELTA[dt], -DELTA[dt]):
        b, yb = outcome(delta)
        if a != b or (ya is not None and yb is not None and ya.shape == yb.shape
                      and bool(((torch.isfinite(ya) != torch.isfinite(yb)) | (torch.isnan(ya) != torch.isnan(yb))).any())):
            return True
    return False


def op_result(d, op, xdt=None, delta=None):
    """The op's result; with xdt its value argument in that dtype, with delta moved by it (conditioning estimate)."""
    name = op["op"]
    if name in ("mean", "mode", "variance", "stddev", "entropy"):
        return getattr(d, name)() if name == "entropy" else getattr(d, name)
    if name in ("log_prob", "cdf", "icdf"):
        x = moved(tensor_from(op["x"]), delta)
        return getattr(d, name)(x.to(xdt) if xdt and x.dtype.is_floating_point else x)
    if name == "enumerate_support":
        return d.enumerate_support(expand=op["expand"])
    if name in ("sample", "rsample"):
        torch.manual_seed(op["seed"])
        return getattr(d, name)(torch.Size(op["ss"]))
    if name == "expand":
        e = d.expand(torch.Size(op["shape"]))
        op["bs"], op["es"] = list(e.batch_shape), list(e.event_shape)
        x = moved(tensor_from(op["x"]), delta) if "x" in op else None
        return e.log_prob(x.to(xdt) if xdt else x) if x is not None else e.mean
    raise ValueError(name)


def run_op(rng, c, op, make):
    """op (a dict with "op" and its arguments) run on a freshly built distribution; fills "y"/"err", "g" and "rt"."""
    ps = fresh_params(c["_ps"])
    grad = op.pop("grad", False)
    exact = op.pop("_exact", True)
    try:
        y = op_result(make(ps), op)
        if op["op"] in ("sample", "rsample") and not exact:
            op["shape"], op["dtype"] = list(y.shape), str(y.dtype).replace("torch.", "")
            return
        op["y"] = t2j(y)
        g = grads_of(y, ps) if grad else None
        if g is not None and any(v is not None for v in g):
            op["g"] = g
    except (ValueError, NotImplementedError, RuntimeError, TypeError, IndexError) as e:
        op.update(err_fields(e))
        if fragile(c, op, make):
            op["fr"] = 1
        return
    if fragile(c, op, make):
        op["fr"] = 1
    dt = y.dtype if y.dtype in DELTA else F64
    try:
        tol = None
        # each parameter moved on its own, then the value argument alone (moves of several may cancel)
        for only, delta in [(k, None) for k in range(len(c["_ps"]))] + [(-1, DELTA[dt])]:
            ps2 = perturbed(c["_ps"], dt, only)
            try:
                y2 = with_validation(False, lambda: op_result(make(ps2), dict(op), None, delta))
            except (ValueError, NotImplementedError, RuntimeError, TypeError, IndexError):
                continue
            ys, ys2 = [y], [y2]
            if "g" in op:
                g2 = grads_of(y2, ps2) or [None] * len(op["g"])
                ys += [tensor_from(t) if t else None for t in op["g"]]
                ys2 += [tensor_from(t) if t else None for t in g2]
            tol = max(tol or 0, rtol(ys, ys2, dt) or 0) or None
        ys = [y] + ([tensor_from(t) if t else None for t in op["g"]] if "g" in op else [])
        if op["op"] not in ("sample", "rsample"):
            try:
                sh = shadow_error(c["_ps"], lambda ps, xdt: op_result(make(ps), dict(op), xdt), ys, dt)
            except (ValueError, NotImplementedError, RuntimeError, TypeError, IndexError):
                sh = None
            tol = max(tol or 0, sh or 0) or None
        if tol:
            op["rt"] = tol
    except (ValueError, NotImplementedError, RuntimeError, TypeError, IndexError):
        pass


def shadow_error(params, run, ys, dt):
    """Rounding amplification that moving the parameters does not show (cancellation of large terms): the program
    run again in the other float dtype. A float32 result is taken to be as far from the true one as from the float64
    run (times 4); a float64 one as far as the float32 run times 1e-5 (float64 rounds 5e8 times finer; the rest is
    margin, for cancellations that float32 turns into garbage). None where that is below the default; capped at 1 (a float32 result that far from float64's is noise)."""
    other = F64 if dt == F32 else F32
    ps = [p.detach().to(other).requires_grad_(True) if p is not None and p.dtype.is_floating_point else p for p in params]
    y = with_validation(False, lambda: run(ps, other))
    zs = [y]
    if len(ys) > 1:
        zs += [tensor_from(t) if t else None for t in (grads_of(y, ps) or [None] * (len(ys) - 1))]
    r = 0.0
    for a, b in zip(ys, zs):
        if a is None or b is None or a.shape != b.shape or not a.dtype.is_floating_point:
            continue
        a, b = a.detach().double(), b.detach().double()
        ok = torch.isfinite(a) & torch.isfinite(b)
        if ok.any():
            r = max(r, float(((a - b).abs() / (a.abs() + 1e-30))[ok].max()))
    if dt == F32 and 4 * r >= 1:
        return 1e9  # float32 rounding alone makes the result meaningless: only its shape, dtype and finiteness count
    tol = 4 * r if dt == F32 else min(r * 1e-5, 1.0)
    return tol if tol > RTOL[dt] else None


def tensor_from(j):
    dt = getattr(torch, j["dtype"])
    return torch.tensor(j["data"], dtype=dt).reshape(j["shape"])


def dist_program(rng, fam=None, dt=None, va=None, batch=None, ops=True):
    fam = fam or rng.choice(list(FAMILIES))
    dt = dt or (F32 if rng.random() < 0.2 else F64)
    va = va if va is not None else rng.random() < 0.8
    if batch is None:
        batch = [rng.randint(1, 3) for _ in range(pick(rng, 0, 1, 1, 2, 2, 3))]
    edge_rate = pick(rng, 0.0, 0.0, 0.1, 0.3)
    ps, ia = make_params(rng, fam, batch, dt, edge_rate)
    c = {"k": "dist", "fam": fam, "dt": str(dt).replace("torch.", ""), "va": va, "ps": [t2j(p) for p in ps]}
    if ia:
        c["ia"] = ia
    c["_ps"] = ps
    D.Distribution.set_default_validate_args(va)  # for the whole program (program() sets it back)
    make = lambda p: build(fam, p, ia)
    try:
        d = make(fresh_params(ps))
    except (ValueError, NotImplementedError, RuntimeError, TypeError, IndexError) as e:
        c.update(err_fields(e))
        return c, None
    c["bs"], c["es"] = list(d.batch_shape), list(d.event_shape)
    c["_make"] = make
    if ops:
        c["ops"] = dist_ops(rng, c, d, dt, make, fam)
    return c, d


def dist_ops(rng, c, d, dt, make, fam):
    out = []
    names = ["mean", "mode", "variance", "stddev", "entropy", "log_prob", "log_prob", "cdf", "icdf", "sample", "rsample",
             "expand", "enumerate_support"]
    for name in rng.sample(names, rng.randint(3, 7)):
        op = {"op": name}
        if hangs(d) and name in ("sample", "rsample", "expand"):
            continue
        if name in ("log_prob", "cdf"):
            try:
                op["x"] = t2j(draw_values(rng, d, dt))
            except (ValueError, NotImplementedError, RuntimeError, IndexError, TypeError) as e:
                continue
        elif name == "icdf":
            shape = pick(rng, [], list(d.batch_shape), [2] + list(d.batch_shape))
            op["x"] = t2j(probs_values(rng, shape, dt))
        elif name == "enumerate_support":
            op["expand"] = rng.random() < 0.5
        elif name in ("sample", "rsample"):
            op["ss"] = pick(rng, [], [2], [3, 1], [1])
            op["seed"] = rng.randrange(1 << 20)
            op["_exact"] = fam in EXACT_DRAWS and (d.has_rsample or name == "sample")
        elif name == "expand":
            bs = list(d.batch_shape)
            new = [rng.randint(1, 3) for _ in range(rng.randint(0, 2))] + [pick(rng, b, b, b, 1, 3) if b == 1 else b for b in bs]
            if rng.random() < 0.1 and bs:
                new[-1] += 1  # does not match
            op["shape"] = new
            if rng.random() < 0.6:
                with torch.no_grad():
                    torch.manual_seed(rng.randrange(1 << 30))
                    try:
                        op["x"] = t2j(perturb(rng, d, d.expand(torch.Size(new)).sample().to(dt), 0.1))
                    except (ValueError, RuntimeError, NotImplementedError):
                        pass
        op["grad"] = rng.random() < 0.5 and name not in ("sample", "enumerate_support")
        run_op(rng, c, op, make)
        out.append(op)
    return out


# ---------------------------------------------------------------- KL
KL_FAMS = {}
for f in FAMILIES:
    if f in ("mixture_normal", "lkj"):
        continue
    KL_FAMS.setdefault(FAMILIES[f][0], f)


def kl_program(rng):
    """A random pair: mostly one PyTorch registers (found by type in its registry; the generic rules only for the
    same family), now and then any pair (its NotImplementedError)."""
    fams = [f for f in FAMILIES if f not in ("mixture_normal", "lkj")]
    batch = [rng.randint(1, 3) for _ in range(pick(rng, 0, 1, 2))]
    dt = F32 if rng.random() < 0.15 else F64
    for _ in range(200):
        fp, fq = rng.choice(fams), rng.choice(fams)
        p, dp = dist_program(rng, fp, dt, True, batch, ops=False)
        q, dq = dist_program(rng, fq, dt, True, batch, ops=False)
        if dp is None or dq is None:
            continue
        fun = kl_module._dispatch_kl(type(dp), type(dq))
        # the generic rules (two exponential families, two TransformedDistributions) raise across families
        generic = fun in (kl_module._kl_expfamily_expfamily, kl_module._kl_transformed_transformed) and type(dp) is not type(dq)
        registered = fun is not NotImplemented and not generic
        if registered or rng.random() < 0.05:
            break
    c = {"k": "kl", "p": strip(p), "q": strip(q)}
    pp, qp = fresh_params(p["_ps"]), fresh_params(q["_ps"])
    try:
        y = D.kl_divergence(p["_make"](pp), q["_make"](qp))
        c["y"] = t2j(y)
        g = grads_of(y, pp + qp)
        if g is not None:
            c["gp"], c["gq"] = g[:len(pp)], g[len(pp):]
    except (ValueError, NotImplementedError, RuntimeError, IndexError, TypeError) as e:
        c.update(err_fields(e))
        return c
    try:
        dt = y.dtype if y.dtype in DELTA else F64
        pp2, qp2 = perturbed(p["_ps"], dt), perturbed(q["_ps"], dt)
        y2 = with_validation(False, lambda: D.kl_divergence(p["_make"](pp2), q["_make"](qp2)))
        ys, ys2 = [y], [y2]
        if g is not None:
            g2 = grads_of(y2, pp2 + qp2) or [None] * len(g)
            ys += [tensor_from(t) if t else None for t in g]
            ys2 += [tensor_from(t) if t else None for t in g2]
        tol = rtol(ys, ys2, dt)
        try:
            n = len(p["_ps"])
            sh = shadow_error(p["_ps"] + q["_ps"], lambda ps, xdt: D.kl_divergence(p["_make"](ps[:n]), q["_make"](ps[n:])), ys, dt)
        except (ValueError, NotImplementedError, RuntimeError, TypeError, IndexError):
            sh = None
        tol = max(tol or 0, sh or 0) or None
        if tol:
            c["rt"] = tol
    except (ValueError, NotImplementedError, RuntimeError):
        pass
    return c


def strip(c):
    return {k: v for k, v in c.items() if not k.startswith("_") and k not in ("k", "ops", "bs", "es")}


# ---------------------------------------------------------------- transforms
def random_transform(rng, dt, depth=0, event_ok=True):
    """(transform, json, domain kind) for a random transform: elementwise ones mostly, event ones now and then."""
    kinds = ["exp", "affine", "affine_t", "sigmoid", "tanh", "softplus", "power", "abs"]
    if event_ok:
        kinds += ["softmax", "stickbreaking", "independent", "reshape", "lowercholesky", "corrcholesky"]
    if depth < 1:
        kinds += ["compose", "cat", "stack", "inv"]
    k = rng.choice(kinds)
    if k == "exp":
        return T.ExpTransform(), {"t": "exp"}
    if k == "affine":
        loc, scale = rng.gauss(0, 1), pick(rng, 2.0, -0.5, 1.0, 0.0) if rng.random() < 0.3 else math.exp(rng.gauss(0, 0.5))
        return T.AffineTransform(loc, scale), {"t": "affine", "loc": loc, "scale": scale}
    if k == "affine_t":
        n = rng.randint(1, 3)
        loc = torch.tensor([rng.gauss(0, 1) for _ in range(n)], dtype=dt)
        scale = torch.tensor([pick(rng, -1.0, 2.0, 0.5) for _ in range(n)], dtype=dt)
        ev = rng.randint(0, 1) if event_ok else 0
        return T.AffineTransform(loc, scale, event_dim=ev), {"t": "affine_t", "loc": t2j(loc), "scale": t2j(scale), "ev": ev}
    if k in ("sigmoid", "tanh", "softplus", "abs", "softmax", "stickbreaking", "lowercholesky", "corrcholesky"):
        cls = {"sigmoid": T.SigmoidTransform, "tanh": T.TanhTransform, "softplus": T.SoftplusTransform,
               "abs": T.AbsTransform, "softmax": T.SoftmaxTransform, "stickbreaking": T.StickBreakingTransform,
               "lowercholesky": T.LowerCholeskyTransform, "corrcholesky": T.CorrCholeskyTransform}[k]
        return cls(), {"t": k}
    if k == "power":
        e = pick(rng, 2.0, 0.5, -1.0, 3.0, 1.5)
        return T.PowerTransform(torch.tensor(e, dtype=dt)), {"t": "power", "e": e}
    if k == "independent":
        base, bj = random_transform(rng, dt, depth + 1, False)
        n = rng.randint(0, 2)
        return T.IndependentTransform(base, n), {"t": "independent", "base": bj, "n": n}
    if k == "reshape":
        a, b = pick(rng, ([6], [2, 3]), ([2, 3], [3, 2]), ([4], [2, 2]), ([2, 2], [4]), ([], [1]), ([3], [3]))
        return T.ReshapeTransform(torch.Size(a), torch.Size(b)), {"t": "reshape", "in": a, "out": b}
    if k == "compose":
        parts = [random_transform(rng, dt, depth + 1, event_ok) for _ in range(rng.randint(0, 3))]
        return T.ComposeTransform([p[0] for p in parts]), {"t": "compose", "parts": [p[1] for p in parts]}
    if k == "inv":
        base, bj = random_transform(rng, dt, depth + 1, event_ok)
        return base.inv, {"t": "inv", "base": bj}
    if k == "cat":
        parts = [random_transform(rng, dt, depth + 1, False) for _ in range(rng.randint(1, 3))]
        lengths = [rng.randint(1, 2) for _ in parts]
        dim = pick(rng, 0, -1, 1)
        return T.CatTransform([p[0] for p in parts], dim, lengths), {"t": "cat", "parts": [p[1] for p in parts], "dim": dim, "lengths": lengths}
    if k == "stack":
        parts = [random_transform(rng, dt, depth + 1, False) for _ in range(rng.randint(1, 3))]
        dim = pick(rng, 0, -1, 1)
        return T.StackTransform([p[0] for p in parts], dim), {"t": "stack", "parts": [p[1] for p in parts], "dim": dim}
    raise ValueError(k)


def x_for(rng, t, dt, batch):
    """An x in t's domain for a batch shape: reals, positives for power/inverse ones, simplex / matrices for event ones."""
    shape = list(batch)
    try:
        ins = list(t.inverse_shape(torch.Size(shape + [3]))) if False else None
    except Exception:
        ins = None
    x = torch.tensor([rng.gauss(0, 1.5) for _ in range(max(1, int(torch.Size(shape).numel())))], dtype=dt)
    return x


def domain_sample(rng, con, shape, dt):
    """A value satisfying the constraint (used for inverse transforms' inputs)."""
    n = int(torch.Size(shape).numel())
    g = torch.tensor([rng.gauss(0, 1) for _ in range(n)], dtype=F64).reshape(shape)
    while isinstance(con, C._IndependentConstraint):
        con = con.base_constraint
    if isinstance(con, C._Real):
        return g.to(dt)
    if isinstance(con, (C._GreaterThan, C._GreaterThanEq)):
        return (g.exp() + con.lower_bound).to(dt)
    if isinstance(con, C._Interval):
        return (torch.sigmoid(g) * (con.upper_bound - con.lower_bound) + con.lower_bound).to(dt)
    if isinstance(con, C._Simplex):
        return torch.softmax(g, -1).to(dt)
    if isinstance(con, C._CorrCholesky):
        return T.CorrCholeskyTransform()(g[..., :shape[-1] * (shape[-1] - 1) // 2] if False else torch.zeros(shape[:-2] + [shape[-1] * (shape[-1] - 1) // 2], dtype=F64).normal_()).to(dt)
    if isinstance(con, C._LowerCholesky):
        return T.LowerCholeskyTransform()(g).to(dt)
    return g.to(dt)


def tf_program(rng):
    dt = F32 if rng.random() < 0.2 else F64
    t, tj = random_transform(rng, dt)
    c = {"k": "tf", "dt": str(dt).replace("torch.", ""), "t": tj, "repr": repr(t)}
    try:
        c["bij"] = t.bijective
        c["dom"], c["cod"] = repr(t.domain), repr(t.codomain)
        c["de"], c["ce"] = t.domain.event_dim, t.codomain.event_dim
    except (NotImplementedError, ValueError, AttributeError, AssertionError) as e:
        c.update(err_fields(e))
        return c
    batch = [rng.randint(1, 3) for _ in range(rng.randint(0, 2))]
    tail = pick(rng, [], [3], [6], [2, 2], [2, 3], [4], [1])
    shape = batch + tail
    x = torch.tensor([rng.gauss(0, 1.3) for _ in range(int(torch.Size(shape).numel()))], dtype=dt).reshape(shape)
    if rng.random() < 0.1 and x.numel():
        x.view(-1)[rng.randrange(x.numel())] = pick(rng, 0.0, 30.0, -30.0, 1e3)
    c["x"] = t2j(x)
    try:
        c["fs"] = list(t.forward_shape(torch.Size(shape)))
    except (ValueError, RuntimeError, AssertionError, IndexError, NotImplementedError) as e:
        c["fs_err"] = err_fields(e)
    try:
        y = t(x)
        c["y"] = t2j(y)
    except (ValueError, RuntimeError, AssertionError, IndexError, NotImplementedError) as e:
        c.update(err_fields(e))
        y = None
    if y is not None:
        try:
            c["is"] = list(t.inverse_shape(y.shape))
        except (ValueError, RuntimeError, AssertionError, IndexError, NotImplementedError) as e:
            c["is_err"] = err_fields(e)
        try:
            c["xi"] = t2j(t.inv(y))
        except (NotImplementedError, RuntimeError, ValueError, AssertionError) as e:
            c["xi_err"] = err_fields(e)
        try:
            c["j"] = t2j(t.log_abs_det_jacobian(x, y))
        except (NotImplementedError, RuntimeError, ValueError, AssertionError, IndexError) as e:
            c["j_err"] = err_fields(e)
        if dt == F32:  # float32's own rounding: the same transform in float64 (see shadow_error)
            try:
                x64 = x.double()
                ys = [tensor_from(c[k]) for k in ("y", "xi", "j") if k in c]
                y64 = t(x64)
                zs = [y64, t.inv(y64) if "xi" in c else None, t.log_abs_det_jacobian(x64, y64) if "j" in c else None]
                zs = [z for z, k in zip(zs, ("y", "xi", "j")) if k in c]
                r = 0.0
                for a, b in zip(ys, zs):
                    if b is None or a.shape != b.shape:
                        continue
                    a, b = a.double(), b.detach().double()
                    ok = torch.isfinite(a) & torch.isfinite(b)
                    if ok.any():
                        r = max(r, float(((a - b).abs() / (a.abs() + 1e-30))[ok].max()))
                if 4 * r >= 1:
                    c["rt"] = 1e9
                elif 4 * r > RTOL[F32]:
                    c["rt"] = 4 * r
            except (NotImplementedError, RuntimeError, ValueError, AssertionError, IndexError, TypeError):
                pass
    try:
        s = t.sign
        c["sign"] = t2j(s) if isinstance(s, torch.Tensor) else s
    except (NotImplementedError, AttributeError, RuntimeError) as e:
        c["sign_err"] = err_fields(e)
    return c


# ---------------------------------------------------------------- biject_to / transform_to
def random_constraint(rng, depth=0):
    k = rng.choice(["real", "positive", "nonnegative", "greater_than", "greater_than_eq", "less_than", "interval",
                    "half_open_interval", "unit_interval", "simplex", "lower_cholesky", "corr_cholesky", "real_vector",
                    "independent", "boolean", "positive_definite"] + (["cat", "stack"] if depth == 0 else []))
    if k in ("greater_than", "greater_than_eq", "less_than"):
        b = pick(rng, 0.0, 1.5, -2.0)
        return getattr(C, k)(b), {"c": k, "b": b}
    if k in ("interval", "half_open_interval"):
        lo = pick(rng, 0.0, -1.0, 2.0)
        hi = lo + pick(rng, 1.0, 0.5, 3.0)
        return getattr(C, k)(lo, hi), {"c": k, "lo": lo, "hi": hi}
    if k == "independent":
        base, bj = random_constraint(rng, depth + 1)
        n = rng.randint(0, 2)
        return C.independent(base, n), {"c": k, "base": bj, "n": n}
    if k == "cat":
        parts = [random_constraint(rng, depth + 1) for _ in range(rng.randint(1, 3))]
        parts = [p for p in parts if p[0].event_dim == 0] or [(C.real, {"c": "real"})]
        lengths = [rng.randint(1, 2) for _ in parts]
        dim = pick(rng, 0, -1)
        return C.cat([p[0] for p in parts], dim, lengths), {"c": k, "parts": [p[1] for p in parts], "dim": dim, "lengths": lengths}
    if k == "stack":
        parts = [random_constraint(rng, depth + 1) for _ in range(rng.randint(1, 3))]
        parts = [p for p in parts if p[0].event_dim == 0] or [(C.real, {"c": "real"})]
        dim = pick(rng, 0, -1)
        return C.stack([p[0] for p in parts], dim), {"c": k, "parts": [p[1] for p in parts], "dim": dim}
    return getattr(C, k), {"c": k}


def bij_program(rng):
    dt = F32 if rng.random() < 0.2 else F64
    con, cj = random_constraint(rng)
    which = pick(rng, "biject_to", "transform_to")
    c = {"k": "bij", "dt": str(dt).replace("torch.", ""), "con": cj, "which": which, "crepr": repr(con),
         "cev": con.event_dim}
    try:
        t = getattr(D, which)(con)
    except (NotImplementedError, ValueError, TypeError) as e:
        c.update(err_fields(e))
        return c
    c["repr"] = repr(t)
    c["bij"] = t.bijective
    batch = [rng.randint(1, 3) for _ in range(rng.randint(0, 2))]
    ev = t.domain.event_dim
    tail = {0: [], 1: [pick(rng, 1, 3, 6)], 2: [pick(rng, 1, 2, 3)] * 2}.get(ev, [2] * ev)
    if cj["c"] in ("cat", "stack"):
        n = sum(cj.get("lengths", [1] * len(cj["parts"])))
        tail = [n] if cj["dim"] in (0, -1) else tail
        if cj["dim"] == 0:
            batch = []
    shape = batch + tail
    x = torch.tensor([rng.gauss(0, 1.3) for _ in range(int(torch.Size(shape).numel()))], dtype=dt).reshape(shape)
    c["x"] = t2j(x)
    try:
        y = t(x)
        c["y"] = t2j(y)
    except (ValueError, RuntimeError, AssertionError, IndexError, NotImplementedError) as e:
        c.update(err_fields(e))
        return c
    c["ok"] = bool(con.check(y).all()) if y.numel() else True
    try:
        c["j"] = t2j(t.log_abs_det_jacobian(x, y))
    except (ValueError, RuntimeError, AssertionError, IndexError, NotImplementedError) as e:
        c["j_err"] = err_fields(e)
    try:
        c["xi"] = t2j(t.inv(y))
    except (ValueError, RuntimeError, AssertionError, IndexError, NotImplementedError) as e:
        c["xi_err"] = err_fields(e)
    return c


# ---------------------------------------------------------------- TransformedDistribution
TD_BASES = ["normal", "uniform", "exponential", "gamma", "beta", "laplace", "dirichlet", "mvn_tril", "logistic_normal",
            "independent_normal", "cauchy", "halfnormal"]


def td_program(rng):
    dt = F32 if rng.random() < 0.15 else F64
    base = rng.choice(TD_BASES)
    b, bd = dist_program(rng, base, dt, rng.random() < 0.85, None, ops=False)
    if bd is None:
        return b
    ts = []
    for _ in range(rng.randint(0, 3)):
        ts.append(random_transform(rng, dt, 1, rng.random() < 0.3))
    c = {"k": "td", "base": strip(b), "ts": [j for _, j in ts]}
    bmake = b["_make"]
    make = lambda ps: D.TransformedDistribution(bmake(ps), [t for t, _ in ts])
    c["_ps"] = b["_ps"]
    try:
        d = make(fresh_params(b["_ps"]))
    except (ValueError, NotImplementedError, RuntimeError, TypeError, AssertionError) as e:
        c.update(err_fields(e))
        return c
    c["bs"], c["es"] = list(d.batch_shape), list(d.event_shape)
    ops = []
    for name in rng.sample(["log_prob", "log_prob", "sample", "rsample", "cdf", "icdf", "mean", "entropy"], rng.randint(2, 4)):
        op = {"op": name}
        if name in ("log_prob", "cdf"):
            with torch.no_grad():
                torch.manual_seed(rng.randrange(1 << 30))
                try:
                    x = d.sample(torch.Size(pick(rng, [], [2])))
                except (ValueError, RuntimeError, NotImplementedError, AssertionError):
                    continue
            op["x"] = t2j(perturb(rng, d, x, 0.15))
        elif name == "icdf":
            op["x"] = t2j(probs_values(rng, list(d.batch_shape), dt))
        elif name in ("sample", "rsample"):
            op["ss"] = pick(rng, [], [2], [1, 2])
            op["seed"] = rng.randrange(1 << 20)
            op["_exact"] = base in EXACT_DRAWS
        op["grad"] = rng.random() < 0.5 and name != "sample"
        run_op(rng, c, op, make)
        ops.append(op)
    c["ops"] = ops
    return c


# ---------------------------------------------------------------- main
def program(rng, fam=None):
    r = rng.random() if fam is None else 0.0
    if r < 0.55:
        c, _ = dist_program(rng, fam)
    elif r < 0.7:
        c = kl_program(rng)
    elif r < 0.85:
        c = td_program(rng)
    elif r < 0.95:
        c = tf_program(rng)
    else:
        c = bij_program(rng)
    D.Distribution.set_default_validate_args(True)
    return {k: v for k, v in c.items() if not k.startswith("_")}


def main():
    seed, count, name = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]) if len(sys.argv) > 1 else (20261129, 360, "fuzz_distributions")
    rng = random.Random(seed)
    cases = [program(rng, fam) for fam in FAMILIES]  # every family once, then random programs
    for i in range(count - len(cases)):
        cases.append(program(rng))
    write(name, cases)


if __name__ == "__main__":
    main()
