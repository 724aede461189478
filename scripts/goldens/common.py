"""Shared helpers for the golden-file scripts: run with Debian's /usr/bin/python3 (python3-torch).

Each script writes library/src/test/resources/goldens/<name>.json: {"torch": version, "cases": [...]}.
A tensor is stored as {"dtype": "float32", "shape": [2, 3], "data": [...]} with data flattened row-major;
floating values are written as Python floats (exact for every float dtype), NaN/Infinity as JSON extensions,
bool as true/false, integers exactly.
"""
import json
import math
import os

import torch

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "goldens")


def t2j(t):
    """A tensor as a JSON-able dict (moved to the CPU, detached); a complex one as its real view (re, im, re, im, ...)
    under the complex dtype's name and the complex tensor's shape."""
    t = t.detach().cpu()
    name = str(t.dtype).replace("torch.", "")
    if t.is_complex():
        r = t2j(torch.view_as_real(t.resolve_conj()))
        return {"dtype": name, "shape": list(t.shape), "data": r["data"]}
    flat = t.reshape(-1)
    if t.dtype.is_floating_point:
        data = [float(v) for v in flat.double().tolist()]
    elif t.dtype == torch.bool:
        data = [bool(v) for v in flat.tolist()]
    else:
        data = [int(v) for v in flat.tolist()]
    return {"dtype": name, "shape": list(t.shape), "data": data}


def resized_output_size(h, w, size, max_size=None):
    """torchvision's _compute_resized_output_size: (new height, new width) for resize's size and max_size."""
    short, long = (w, h) if w <= h else (h, w)
    if size is None:
        new_short, new_long = int(max_size * short / long), max_size
    elif len(size) == 1:
        new_short, new_long = size[0], int(size[0] * long / short)
        if max_size is not None and new_long > max_size:
            new_short, new_long = int(max_size * new_short / new_long), max_size
    else:
        return size[0], size[1]
    return (new_long, new_short) if w <= h else (new_short, new_long)


def err(f):
    """The first line of the message f() raises (an AssertionError when it raises nothing)."""
    try:
        f()
    except Exception as e:
        return str(e).split("\n")[0]
    raise AssertionError("no error")


def write(name, cases):
    os.makedirs(ROOT, exist_ok=True)
    path = os.path.join(ROOT, name + ".json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, allow_nan=True, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)
    print("wrote", path, len(cases), "cases")


def weighted_grad_case(cases, fn, f, inputs, kw=None, grad=True, outs_abs=(), note=None):
    """A "fn" case: f's outputs for the inputs and, with grad, each input's gradient of sum_i (proc(out_i) * w_i).sum()
    for random weights w_i (proc: abs for the outputs in outs_abs, whose signs are free; a complex output's real view,
    which w_i spans), with the grad_fn names. Complex inputs require grad too."""
    inputs = [x.clone().requires_grad_(grad and (x.dtype.is_floating_point or x.is_complex())) for x in inputs]
    out = f(*inputs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    c = {"kind": "fn", "fn": fn, "kw": kw or {}, "inputs": [t2j(x) for x in inputs], "outputs": [t2j(o) for o in outs],
         "abs": list(outs_abs)}
    if note:
        c["note"] = note
    if grad:
        ws, loss = [], 0
        for i, o in enumerate(outs):
            if not (o.dtype.is_floating_point or o.is_complex()) or not o.requires_grad or o.numel() == 0:
                ws.append(None)
                continue
            p = o.abs() if i in outs_abs else torch.view_as_real(o.resolve_conj()) if o.is_complex() else o
            w = torch.randn(p.shape, dtype=p.dtype)
            ws.append(t2j(w))
            loss = loss + (p * w).sum()
        loss.backward()
        c["w"] = ws
        c["grads"] = [t2j(x.grad) if x.grad is not None else None for x in inputs]
        c["grad_fn"] = [type(o.grad_fn).__name__ if o.grad_fn is not None else None for o in outs]
    cases.append(c)


def make_distribution(kind, p):
    """The torch.distributions object a distributions golden names by kind, built from the parameter list p (the
    Java tests' FamilyGoldens.make mirrors these names)."""
    D = torch.distributions
    return {
        "gamma": lambda: D.Gamma(p[0], p[1]),
        "chi2": lambda: D.Chi2(p[0]),
        "beta": lambda: D.Beta(p[0], p[1]),
        "dirichlet": lambda: D.Dirichlet(p[0]),
        "poisson": lambda: D.Poisson(p[0]),
        "lognormal": lambda: D.LogNormal(p[0], p[1]),
        "gumbel": lambda: D.Gumbel(p[0], p[1]),
        "cauchy": lambda: D.Cauchy(p[0], p[1]),
        "halfnormal": lambda: D.HalfNormal(p[0]),
        "geometric_probs": lambda: D.Geometric(probs=p[0]),
        "geometric_logits": lambda: D.Geometric(logits=p[0]),
        "binomial_probs": lambda: D.Binomial(p[0], probs=p[1]),
        "binomial_logits": lambda: D.Binomial(p[0], logits=p[1]),
        "onehot_probs": lambda: D.OneHotCategorical(probs=p[0]),
        "onehot_logits": lambda: D.OneHotCategorical(logits=p[0]),
        "studentt": lambda: D.StudentT(p[0], p[1], p[2]),
        "normal": lambda: D.Normal(p[0], p[1]),
        "uniform": lambda: D.Uniform(p[0], p[1]),
        "exponential": lambda: D.Exponential(p[0]),
        "laplace": lambda: D.Laplace(p[0], p[1]),
        "bernoulli_probs": lambda: D.Bernoulli(probs=p[0]),
        "negbin_probs": lambda: D.NegativeBinomial(p[0], probs=p[1]),
        "negbin_logits": lambda: D.NegativeBinomial(p[0], logits=p[1]),
        "multinomial5_probs": lambda: D.Multinomial(5, probs=p[0]),
        "multinomial3_logits": lambda: D.Multinomial(3, logits=p[0]),
        "onehot_st_probs": lambda: D.OneHotCategoricalStraightThrough(probs=p[0]),
        "fisher": lambda: D.FisherSnedecor(p[0], p[1]),
        "contbern_probs": lambda: D.ContinuousBernoulli(probs=p[0]),
        "lowrank_mvn": lambda: D.LowRankMultivariateNormal(p[0], p[1], p[2]),
        "vonmises": lambda: D.VonMises(p[0], p[1]),
        "contbern_logits": lambda: D.ContinuousBernoulli(logits=p[0]),
        "mixture_normal": lambda: D.MixtureSameFamily(D.Categorical(probs=p[0]), D.Normal(p[1], p[2])),
        "mixture_indep": lambda: D.MixtureSameFamily(D.Categorical(logits=p[0]), D.Independent(D.Normal(p[1], p[2]), 1)),
        "pareto": lambda: D.Pareto(p[0], p[1]),
        "mvn": lambda: D.MultivariateNormal(p[0], covariance_matrix=p[1]),
        "mvn_tril": lambda: D.MultivariateNormal(p[0], scale_tril=p[1]),
        "wishart_cov": lambda: D.Wishart(p[0], covariance_matrix=p[1]),
        "wishart_tril": lambda: D.Wishart(p[0], scale_tril=p[1]),
        "wishart_prec": lambda: D.Wishart(p[0], precision_matrix=p[1]),
    }[kind]()


def kl_case(cases, make, kp, pp, kq, qp, note=None):
    """A "kl" case: kl_divergence(make(kp, pp), make(kq, qp)) and, where it is differentiable, every floating
    parameter's gradient of its sum (None where none reaches it)."""
    pp = [p.clone().requires_grad_(p.dtype.is_floating_point) for p in pp]
    qp = [q.clone().requires_grad_(q.dtype.is_floating_point) for q in qp]
    k = torch.distributions.kl_divergence(make(kp, pp), make(kq, qp))
    if k.requires_grad:
        k.sum().backward()
    g = lambda ps: [t2j(p.grad) if p.grad is not None else None for p in ps]
    c = {"kind": "kl", "p": kp, "q": kq, "p_params": [t2j(x) for x in pp], "q_params": [t2j(x) for x in qp],
         "kl": t2j(k), "grads_p": g(pp), "grads_q": g(qp)}
    if note:
        c["note"] = note
    cases.append(c)


def error_message(f):
    """The first line of the message of the exception f() raises (an AssertionError when it raises none)."""
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return str(e).split("\n")[0]
    raise AssertionError("no error")


def error_case(cases, name, f):
    """An "error" case: the type and message of the ValueError or NotImplementedError f raises (the Java tests expect
    IllegalArgumentException and UnsupportedOperationException)."""
    try:
        f()
        raise AssertionError(name)
    except (ValueError, NotImplementedError) as e:
        cases.append({"kind": "error", "name": name, "type": type(e).__name__, "message": str(e)})


# ---------------------------------------------------------------- distribution family cases: the loss and its parts


def finite_with_grad(t):
    """True when t takes part in a case's loss: it requires grad and is finite everywhere."""
    return t is not None and t.requires_grad and bool(torch.isfinite(t).all())


def add_weighted(c, loss, name, t, v, differentiable=True):
    """Records t (computed at v) as c[name]; when differentiable, adds sum(t * w_<name>) with a random weight."""
    c[name + "_values"], c[name] = t2j(v), t2j(t)
    if not differentiable:
        return loss
    wt = torch.randn(t.shape, dtype=t.dtype)
    c["w_" + name] = t2j(wt)
    return loss + (t * wt).sum()


def add_moments(c, loss, mean, variance):
    """Adds the sums of the mean and variance where they are finite and differentiable (recorded as loss_<name>)."""
    for name, t in (("mean", mean), ("variance", variance)):
        c["loss_" + name] = finite_with_grad(t)
        if c["loss_" + name]:
            loss = loss + t.sum()
    return loss


def add_rsample(c, loss, d, seed, sample_shape):
    """Adds the reparameterised draw after manual_seed(seed), weighted by a random w2."""
    torch.manual_seed(seed)
    r = d.rsample(sample_shape)
    w2 = torch.randn(r.shape, dtype=r.dtype)
    loss = loss + (r * w2).sum()
    c["rsample"], c["w2"] = t2j(r), t2j(w2)
    return loss


def param_grads(params):
    """The parameters' gradients as JSON (None where a parameter got none)."""
    return [t2j(p.grad) if p.grad is not None else None for p in params]
