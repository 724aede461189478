"""Goldens for torch.distributions.transforms, TransformedDistribution and the families built on them
-> goldens/transforms.json.

Run: /usr/bin/python3 scripts/goldens/transforms_goldens.py

"transform" cases: a transform built from a JSON spec (parameters inline, requiring grad), with y = t(x), t.inv(y'),
log_abs_det_jacobian(x, y), the shape it maps forward (and that back), repr, domain, codomain, bijective, sign, and
the gradients of a weighted sum of them for x, y' and every parameter. "family" cases: HalfCauchy, Weibull, Pareto, Kumaraswamy, LogisticNormal,
(Logit)RelaxedBernoulli, ExpRelaxedCategorical / RelaxedOneHotCategorical and plain TransformedDistributions over a
Normal: repr, sample() and rsample() after manual_seed(s), log_prob, entropy, mean, mode, variance, cdf, icdf (None
where PyTorch raises NotImplementedError) and the parameters' gradients of a weighted sum of all of them. "kl"
cases: the divergences PyTorch registers for these families, with gradients. "error" cases: PyTorch's messages.

Written with torch 1.13. One difference from PyTorch 2.x matters here: 2.x's PowerTransform.sign is
exponent.sign() (1.13: the number +1), which also flips cdf/icdf of a TransformedDistribution through a negative
power; the script patches 2.x's definition in. The rest (transforms.py, transformed_distribution.py, the families'
formulas, Kumaraswamy's mode included) is unchanged in 2.x.
"""
import torch
from torch.distributions import (HalfCauchy, Kumaraswamy, LogisticNormal,
                                 Normal, Pareto, RelaxedBernoulli, RelaxedOneHotCategorical,
                                 TransformedDistribution, Weibull)
from torch.distributions import transforms as T
from torch.distributions.relaxed_bernoulli import LogitRelaxedBernoulli
from torch.distributions.relaxed_categorical import ExpRelaxedCategorical

from common import error_case, kl_case, t2j, write

T.PowerTransform.sign = property(lambda self: self.exponent.sign())  # PyTorch 2.x
torch.manual_seed(0)
D, F = torch.float64, torch.float32
cases = []


def build(spec, params):
    """A transform from its JSON spec; tensors become leaves requiring grad, appended to params in order."""
    def p(key):
        t = spec[key].clone().requires_grad_(spec[key].dtype.is_floating_point)
        params.append(t)
        return t
    n = spec["name"]
    if n == "exp": return T.ExpTransform()
    if n == "sigmoid": return T.SigmoidTransform()
    if n == "tanh": return T.TanhTransform()
    if n == "softplus": return T.SoftplusTransform()
    if n == "abs": return T.AbsTransform()
    if n == "softmax": return T.SoftmaxTransform()
    if n == "stickbreaking": return T.StickBreakingTransform()
    if n == "lowercholesky": return T.LowerCholeskyTransform()
    if n == "power": return T.PowerTransform(p("exponent"))
    if n == "affine": return T.AffineTransform(p("loc"), p("scale"), event_dim=spec.get("event_dim", 0))
    if n == "affine_num": return T.AffineTransform(spec["loc"], spec["scale"])
    if n == "reshape": return T.ReshapeTransform(torch.Size(spec["in"]), torch.Size(spec["out"]))
    if n == "independent": return T.IndependentTransform(build(spec["base"], params), spec["n"])
    if n == "compose": return T.ComposeTransform([build(s, params) for s in spec["parts"]])
    if n == "inv": return build(spec["base"], params).inv
    if n == "cdf_normal": return T.CumulativeDistributionTransform(Normal(p("loc"), p("scale")))
    raise AssertionError(n)


def jsonable(spec):
    return {k: (t2j(v) if isinstance(v, torch.Tensor) else jsonable(v) if isinstance(v, dict)
                else [jsonable(s) for s in v] if k == "parts" else v) for k, v in spec.items()}


def weighted(c, name, t):
    """t times a stored random weight, summed (the loss term whose gradients the case records)."""
    w = torch.randn(t.shape, dtype=t.dtype)
    c["w_" + name] = t2j(w)
    return (t * w).sum()


def transform(spec, x, y, shape):
    params = []
    t = build(spec, params)
    x = x.clone().requires_grad_(True)
    y = y.clone().requires_grad_(True)
    out = t(x)
    back = t.inv(y)
    c = {"kind": "transform", "spec": jsonable(spec), "repr": repr(t), "x": t2j(x), "y": t2j(y), "out": t2j(out),
         "inv": t2j(back), "domain": repr(t.domain), "codomain": repr(t.codomain), "domain_event_dim": t.domain.event_dim, "codomain_event_dim": t.codomain.event_dim,
         "bijective": bool(t.bijective), "shape": list(shape), "forward_shape": list(t.forward_shape(torch.Size(shape))),
         "inverse_shape": list(t.inverse_shape(t.forward_shape(torch.Size(shape))))}
    loss = weighted(c, "out", out) + weighted(c, "inv", back)
    try:
        ladj = t.log_abs_det_jacobian(x, out)
        c["ladj"] = t2j(ladj)
        loss = loss + weighted(c, "ladj", ladj)
    except NotImplementedError:
        c["ladj"] = None
    try:
        s = t.sign
        c["sign"] = t2j(s) if isinstance(s, torch.Tensor) else int(s)
    except NotImplementedError:
        c["sign"] = None
    loss.backward()
    c["grad_x"], c["grad_y"] = t2j(x.grad), t2j(y.grad)
    c["grads"] = [t2j(q.grad) if q.grad is not None else None for q in params]
    cases.append(c)


def pos(*shape, dtype=D, lo=0.5, hi=3.0):
    return torch.rand(*shape, dtype=dtype) * (hi - lo) + lo


def unit(*shape, dtype=D):
    return torch.rand(*shape, dtype=dtype) * 0.8 + 0.1


def simplex(*shape, dtype=D):
    v = torch.rand(*shape, dtype=dtype) + 0.1
    return v / v.sum(-1, True)


R = lambda *s: torch.randn(*s, dtype=D)
transform({"name": "exp"}, R(2, 3), pos(2, 3), (2, 3))
transform({"name": "sigmoid"}, R(4) * 3, unit(4), (4,))
transform({"name": "sigmoid"}, torch.tensor([-800.0, 0.0, 40.0], dtype=D), torch.tensor([0.0, 0.5, 1.0], dtype=D), (3,))
transform({"name": "tanh"}, R(2, 3) * 2, unit(2, 3) * 2 - 1, (2, 3))
transform({"name": "tanh"}, torch.tensor([-30.0, 25.0, 0.1], dtype=D), torch.tensor([-0.99, 0.5, 0.999], dtype=D), (3,))
transform({"name": "softplus"}, torch.tensor([-3.0, 0.0, 1.5, 25.0], dtype=D), pos(4), (4,))
transform({"name": "abs"}, R(5), pos(5), (5,))
transform({"name": "power", "exponent": torch.tensor([0.5, 2.0, -1.5], dtype=D)}, pos(2, 3), pos(2, 3), (2, 3))
transform({"name": "affine", "loc": R(3), "scale": torch.tensor([2.0, -0.5, 1.5], dtype=D)}, R(2, 3), R(2, 3), (2, 3))
transform({"name": "affine", "loc": R(3), "scale": torch.tensor([2.0, 0.5, -1.5], dtype=D), "event_dim": 1}, R(2, 3), R(2, 3), (4, 3))
transform({"name": "affine_num", "loc": 1.0, "scale": -2.0}, R(3), R(3), (3,))
transform({"name": "softmax"}, R(2, 4), simplex(2, 4), (2, 4))
transform({"name": "stickbreaking"}, R(2, 3), simplex(2, 4), (2, 3))
transform({"name": "stickbreaking"}, R(1), simplex(2), (5, 1))
transform({"name": "reshape", "in": [6], "out": [2, 3]}, R(4, 6), R(4, 2, 3), (5, 6))
transform({"name": "independent", "base": {"name": "exp"}, "n": 1}, R(2, 3), pos(2, 3), (2, 3))
transform({"name": "lowercholesky"}, R(2, 3, 3), torch.tril(pos(2, 3, 3)), (3, 3))
transform({"name": "compose", "parts": [{"name": "affine", "loc": R(3), "scale": pos(3)}, {"name": "exp"},
                                        {"name": "power", "exponent": torch.tensor(0.5, dtype=D)}]}, R(2, 3), pos(2, 3), (2, 3))
transform({"name": "compose", "parts": [{"name": "exp"}, {"name": "stickbreaking"}]}, R(2, 3), simplex(2, 4), (2, 3))
transform({"name": "compose", "parts": [{"name": "sigmoid"}, {"name": "affine_num", "loc": 1.0, "scale": -1.0}]}, R(3), unit(3), (3,))
transform({"name": "compose", "parts": []}, R(3), R(3), (3,))
transform({"name": "inv", "base": {"name": "sigmoid"}}, unit(4), R(4), (4,))
transform({"name": "inv", "base": {"name": "stickbreaking"}}, simplex(2, 4), R(2, 3), (2, 4))
transform({"name": "cdf_normal", "loc": R(3), "scale": pos(3)}, R(2, 3), unit(2, 3), (2, 3))
transform({"name": "exp"}, torch.randn(2, 3, dtype=F), pos(2, 3, dtype=F), (2, 3))
transform({"name": "stickbreaking"}, torch.randn(2, 3, dtype=F), simplex(2, 4, dtype=F), (2, 3))
transform({"name": "tanh"}, torch.randn(4, dtype=F) * 2, unit(4, dtype=F), (4,))


def make(kind, p, specs=None, tparams=None):
    if kind == "td":
        return TransformedDistribution(Normal(p[0], p[1]), [build(s, tparams) for s in specs])
    return {
        "halfcauchy": lambda: HalfCauchy(p[0]),
        "weibull": lambda: Weibull(p[0], p[1]),
        "pareto": lambda: Pareto(p[0], p[1]),
        "kumaraswamy": lambda: Kumaraswamy(p[0], p[1]),
        "logisticnormal": lambda: LogisticNormal(p[0], p[1]),
        "relaxedbernoulli_probs": lambda: RelaxedBernoulli(p[0], probs=p[1]),
        "relaxedbernoulli_logits": lambda: RelaxedBernoulli(p[0], logits=p[1]),
        "logitrelaxedbernoulli_probs": lambda: LogitRelaxedBernoulli(p[0], probs=p[1]),
        "logitrelaxedbernoulli_logits": lambda: LogitRelaxedBernoulli(p[0], logits=p[1]),
        "exprelaxedcategorical_probs": lambda: ExpRelaxedCategorical(p[0], probs=p[1]),
        "exprelaxedcategorical_logits": lambda: ExpRelaxedCategorical(p[0], logits=p[1]),
        "relaxedonehot_probs": lambda: RelaxedOneHotCategorical(p[0], probs=p[1]),
        "relaxedonehot_logits": lambda: RelaxedOneHotCategorical(p[0], logits=p[1]),
    }[kind]()


def try_(f):
    try:
        return f()
    except NotImplementedError:
        return None


def family(kind, params, values, sample_shape, seed=1, cdf_values=None, icdf_values=None, specs=None, numbers=False):
    """numbers: the parameters are passed as Python floats (the Java double constructors); no gradients."""
    tparams = []
    if numbers:
        params = [torch.tensor(float(p)) for p in params]
        d = make(kind, [float(p) for p in params])
    else:
        params = [p.clone().requires_grad_(p.dtype.is_floating_point) for p in params]
        d = make(kind, params, specs, tparams)
    c = {"kind": "family", "family": kind, "numbers": numbers, "params": [t2j(p) for p in params], "repr": repr(d),
         "seed": seed, "sample_shape": list(sample_shape), "values": t2j(values),
         "batch_shape": list(d.batch_shape), "event_shape": list(d.event_shape)}
    if specs is not None:
        c["specs"] = [jsonable(s) for s in specs]
    torch.manual_seed(seed)
    c["sample"] = t2j(d.sample(sample_shape))
    lp = d.log_prob(values)
    c["log_prob"] = t2j(lp)
    loss = weighted(c, "log_prob", lp)
    for name in ("entropy", "mean", "mode", "variance"):
        v = try_(lambda: d.entropy() if name == "entropy" else getattr(d, name))
        c[name] = None if v is None else t2j(v)
        if v is not None and v.requires_grad and bool(torch.isfinite(v).all()):
            loss = loss + weighted(c, name, v)
    for name, vals in (("cdf", cdf_values), ("icdf", icdf_values)):
        if vals is None:
            continue
        v = d.cdf(vals) if name == "cdf" else d.icdf(vals)
        c[name + "_values"], c[name] = t2j(vals), t2j(v)
        if v.requires_grad:
            loss = loss + weighted(c, name, v)
    torch.manual_seed(seed)
    r = d.rsample(sample_shape)
    c["rsample"] = t2j(r)
    loss = loss + weighted(c, "rsample", r)
    if not numbers:
        loss.backward()
    c["grads"] = [t2j(p.grad) if p.grad is not None else None for p in params + tparams]
    cases.append(c)


family("halfcauchy", [pos(3)], pos(2, 3, lo=0.0, hi=4), (4,), cdf_values=pos(3, lo=0.0, hi=4), icdf_values=unit(3))
family("halfcauchy", [torch.tensor([1.5], dtype=F)], pos(4, 1, dtype=F), (20,), seed=2, cdf_values=pos(1, dtype=F), icdf_values=unit(1, dtype=F))
family("halfcauchy", [2.0], torch.tensor([0.5, 3.0]), (3,), seed=3, numbers=True)
family("weibull", [pos(3), torch.tensor([0.7, 1.0, 2.5], dtype=D)], pos(2, 3, lo=0.1, hi=4), (4,),
       cdf_values=pos(3, lo=0.1, hi=3), icdf_values=unit(3))
family("weibull", [pos(2, 1), pos(3, lo=1.2)], pos(2, 3, lo=0.1, hi=4), (2,), seed=4)
family("weibull", [torch.tensor([1.0, 2.0], dtype=F), torch.tensor([1.5, 0.8], dtype=F)], pos(3, 2, dtype=F), (5,), seed=5,
       cdf_values=pos(2, dtype=F), icdf_values=unit(2, dtype=F))
family("weibull", [1.5, 2.0], torch.tensor([0.5, 1.5]), (3,), seed=6, numbers=True)
family("pareto", [pos(3), torch.tensor([0.8, 1.5, 3.5], dtype=D)], pos(2, 3, lo=3.0, hi=6.0), (4,),
       cdf_values=pos(3, lo=3.0, hi=5.0), icdf_values=unit(3))
family("pareto", [torch.tensor([1.0, 0.5], dtype=F), torch.tensor([2.5, 4.0], dtype=F)], pos(3, 2, lo=1.0, hi=3.0, dtype=F), (5,), seed=7,
       cdf_values=pos(2, lo=1.0, hi=2.0, dtype=F), icdf_values=unit(2, dtype=F))
family("kumaraswamy", [torch.tensor([0.5, 2.0, 3.0, 1.2], dtype=D), torch.tensor([0.7, 0.5, 4.0, 1.5], dtype=D)], unit(2, 4), (3,),
       cdf_values=unit(4), icdf_values=unit(4))
family("kumaraswamy", [torch.tensor([2.0], dtype=F), torch.tensor([0.5], dtype=F)], unit(3, 1, dtype=F), (6,), seed=8)
family("kumaraswamy", [2.0, 0.8], torch.tensor([0.25, 0.75]), (3,), seed=9, numbers=True)
family("logisticnormal", [R(3), pos(3)], simplex(2, 4), (2,))
family("logisticnormal", [R(2, 2), pos(2, 2)], simplex(3, 2, 3), (2,), seed=10)
family("logisticnormal", [torch.tensor(0.5, dtype=D), torch.tensor(1.5, dtype=D)], simplex(3, 2), (4,), seed=11)
T1 = torch.tensor(0.7, dtype=D)
family("relaxedbernoulli_probs", [T1, unit(3)], unit(2, 3), (4,), seed=12)
family("relaxedbernoulli_logits", [torch.tensor([0.5, 2.0], dtype=D), R(2)], unit(3, 2), (3,), seed=13)
family("relaxedbernoulli_probs", [torch.tensor(0.3, dtype=F), unit(4, dtype=F)], unit(2, 4, dtype=F), (3,), seed=14)
family("logitrelaxedbernoulli_probs", [T1, unit(3)], R(2, 3), (4,), seed=15)
family("logitrelaxedbernoulli_logits", [T1, R(3)], R(2, 3), (2,), seed=16)
family("exprelaxedcategorical_probs", [T1, simplex(2, 3)], simplex(4, 2, 3).log(), (4,), seed=17)
family("exprelaxedcategorical_logits", [torch.tensor(1.3, dtype=D), R(4)], simplex(2, 4).log(), (3,), seed=18)
family("relaxedonehot_probs", [T1, simplex(2, 3)], simplex(4, 2, 3), (4,), seed=19)
family("relaxedonehot_logits", [torch.tensor(0.4, dtype=D), R(4)], simplex(2, 4), (3,), seed=20)
family("relaxedonehot_probs", [torch.tensor(0.5, dtype=F), simplex(3, dtype=F)], simplex(2, 3, dtype=F), (5,), seed=21)
# plain TransformedDistributions over a Normal: monotone chains (cdf/icdf), vector transforms, event dims
family("td", [R(3), pos(3)], pos(2, 3), (4,), seed=22, specs=[{"name": "affine", "loc": R(3), "scale": pos(3)}, {"name": "exp"}],
       cdf_values=pos(3), icdf_values=unit(3))
family("td", [R(3), pos(3)], unit(2, 3), (4,), seed=23, specs=[{"name": "sigmoid"}, {"name": "affine_num", "loc": 1.0, "scale": -1.0}],
       cdf_values=unit(3), icdf_values=unit(3))
family("td", [R(3), pos(3)], unit(2, 3) * 2 - 1, (4,), seed=24, specs=[{"name": "tanh"}], cdf_values=unit(3) * 2 - 1, icdf_values=unit(3))
family("td", [R(3), pos(3)], pos(2, 3), (4,), seed=25, specs=[{"name": "softplus"}, {"name": "power", "exponent": torch.tensor([0.5, -2.0, 1.5], dtype=D)}],
       cdf_values=pos(3), icdf_values=unit(3))
family("td", [R(2, 3), pos(2, 3)], simplex(2, 4), (3,), seed=26, specs=[{"name": "stickbreaking"}])
family("td", [R(4, 6), pos(4, 6)], R(3, 4, 2, 3), (2,), seed=27, specs=[{"name": "reshape", "in": [6], "out": [2, 3]}])
family("td", [R(2, 3), pos(2, 3)], pos(2, 3), (2,), seed=28, specs=[{"name": "independent", "base": {"name": "exp"}, "n": 1}])
family("td", [R(2, 3), pos(2, 3)], R(2, 3), (2,), seed=29, specs=[{"name": "affine", "loc": R(3), "scale": torch.tensor([1.5, -0.5, 2.0], dtype=D), "event_dim": 1}])
family("td", [R(3), pos(3)], unit(2, 3), (4,), seed=30, specs=[{"name": "cdf_normal", "loc": R(3), "scale": pos(3)}],
       cdf_values=unit(3), icdf_values=unit(3))


# ---- KL divergences PyTorch registers with a Pareto on either side
def kl(kp, pp, kq, qp):
    ds = {"pareto": Pareto, "normal": Normal, "uniform": torch.distributions.Uniform, "exponential": torch.distributions.Exponential,
          "gamma": torch.distributions.Gamma, "beta": torch.distributions.Beta, "gumbel": torch.distributions.Gumbel,
          "laplace": torch.distributions.Laplace, "logisticnormal": LogisticNormal, "halfcauchy": HalfCauchy,
          "kumaraswamy": Kumaraswamy}
    kl_case(cases, lambda kind, p: ds[kind](*p), kp, pp, kq, qp)


_alpha = torch.tensor([0.8, 1.5, 2.5, 4.0], dtype=D)
kl("pareto", [torch.tensor([1.0, 2.0, 0.5, 1.5], dtype=D), _alpha], "pareto", [torch.tensor([0.5, 2.5, 0.5, 1.0], dtype=D), pos(4)])
kl("pareto", [pos(4), _alpha], "exponential", [pos(4)])
kl("pareto", [pos(4), _alpha], "gamma", [pos(4), pos(4)])
kl("pareto", [pos(4), _alpha], "normal", [R(4), pos(4)])
kl("uniform", [torch.tensor([1.0, 0.2], dtype=D), torch.tensor([3.0, 2.0], dtype=D)], "pareto", [torch.tensor([0.5, 0.5], dtype=D), pos(2)])
for kp, pp in (("beta", [pos(2), pos(2)]), ("exponential", [pos(2)]), ("gamma", [pos(2), pos(2)]), ("gumbel", [R(2), pos(2)]),
               ("laplace", [R(2), pos(2)]), ("normal", [R(2), pos(2)])):
    kl(kp, pp, "pareto", [pos(2), pos(2)])
kl("pareto", [pos(2), pos(2)], "beta", [pos(2), pos(2)])
kl("pareto", [pos(2), pos(2)], "uniform", [torch.zeros(2, dtype=D), pos(2)])
# two TransformedDistributions with equal transforms: the divergence of their bases
kl("logisticnormal", [R(2, 3), pos(2, 3)], "logisticnormal", [R(3), pos(3)])
kl("halfcauchy", [pos(3)], "halfcauchy", [pos(3)])
_c1, _c0 = pos(3), pos(3)  # equal values in separate tensors: equal PowerTransforms, so KL of the uniforms (0)
kl("kumaraswamy", [_c1, _c0], "kumaraswamy", [_c1.clone(), _c0.clone()])


# ---- error messages (ValueError -> IllegalArgumentException, NotImplementedError -> UnsupportedOperationException)
def err(name, f):
    error_case(cases, name, f)


t = torch.tensor
err("weibull_scale", lambda: Weibull(t([1., -1.]), t([1., 1.])))
err("weibull_concentration", lambda: Weibull(t(1.), t([0., 2.])))
err("weibull_value", lambda: Weibull(t([1., 2.]), t([1., 1.])).log_prob(t([-1., 1.])))
err("pareto_alpha", lambda: Pareto(t([1.]), t([-1.])))
err("pareto_scale", lambda: Pareto(t([-1.]), t([1.])))
err("pareto_value", lambda: Pareto(t([1., 2.]), t([1., 1.])).log_prob(t([1.5, 1.5])))
err("halfcauchy_scale", lambda: HalfCauchy(t([1., -1.])))
err("halfcauchy_value", lambda: HalfCauchy(1.).log_prob(t([-1.])))
err("kumaraswamy_concentration1", lambda: Kumaraswamy(t([-1.]), t([1.])))
err("kumaraswamy_value", lambda: Kumaraswamy(t([2.]), t([2.])).log_prob(t([1.5])))
err("logisticnormal_scale", lambda: LogisticNormal(t([0., 0.]), t([1., -1.])))
err("logisticnormal_value", lambda: LogisticNormal(t([0., 0.]), t([1., 1.])).log_prob(t([0.5, 0.6, 0.1])))
err("relaxedbernoulli_probs", lambda: RelaxedBernoulli(t(1.), probs=t([1.5])))
err("relaxedbernoulli_value", lambda: RelaxedBernoulli(t(0.5), probs=t([0.3])).log_prob(t([1.5])))
err("relaxedonehot_probs", lambda: RelaxedOneHotCategorical(t(1.), probs=t([-0.1, 0.5])))
err("relaxedonehot_value", lambda: RelaxedOneHotCategorical(t(1.), probs=t([0.3, 0.7])).log_prob(t([0.5, 0.6])))
err("td_base_shape", lambda: TransformedDistribution(Normal(0., 1.), T.StickBreakingTransform()))
err("reshape_numel", lambda: T.ReshapeTransform(torch.Size([2, 3]), torch.Size([4])))
err("reshape_shape", lambda: T.ReshapeTransform(torch.Size([2, 3]), torch.Size([6])).forward_shape(torch.Size([3, 2])))
err("stickbreaking_shape", lambda: T.StickBreakingTransform().forward_shape(torch.Size([])))
err("cache_size", lambda: T.ExpTransform(cache_size=2))
err("relaxedonehot_mode", lambda: RelaxedOneHotCategorical(t(1.), probs=t([0.3, 0.7])).mode)
err("exprelaxedcategorical_mode", lambda: ExpRelaxedCategorical(t(1.), probs=t([0.3, 0.7])).mode)
err("logitrelaxedbernoulli_mode", lambda: LogitRelaxedBernoulli(t(1.), probs=t([0.3])).mode)
err("kl_transformed_different", lambda: torch.distributions.kl_divergence(Weibull(t([1.]), t([2.])), Weibull(t([1.]), t([3.]))))
err("relaxedbernoulli_mode", lambda: RelaxedBernoulli(t(1.), probs=t([0.3])).mode)
write("transforms", cases)
