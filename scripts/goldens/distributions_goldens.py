"""Goldens for torch.distributions -> goldens/distributions.json.

Run: /usr/bin/python3 scripts/goldens/distributions_goldens.py

Each case: a distribution's parameters, its repr, sample() after manual_seed(s), log_prob of given values, entropy,
mean, variance, and the parameters' gradients of (log_prob * w).sum() + entropy.sum() (+ (rsample * w2).sum() after
manual_seed(s) where the family has rsample); KL cases hold both distributions, the divergence and its gradients.
"""
import torch
from torch.distributions import (Bernoulli, Categorical, Exponential, Independent, Laplace, MultivariateNormal, Normal,
                                 Uniform, kl_divergence)

from common import add_rsample, param_grads, t2j, write

torch.manual_seed(0)
D = torch.float64
cases = []


def make(kind, params):
    if kind == "normal":
        return Normal(*params)
    if kind == "uniform":
        return Uniform(*params)
    if kind == "bernoulli_probs":
        return Bernoulli(probs=params[0])
    if kind == "bernoulli_logits":
        return Bernoulli(logits=params[0])
    if kind == "categorical_probs":
        return Categorical(probs=params[0])
    if kind == "categorical_logits":
        return Categorical(logits=params[0])
    if kind == "mvn":
        return MultivariateNormal(params[0], covariance_matrix=params[1])
    if kind == "mvn_tril":
        return MultivariateNormal(params[0], scale_tril=params[1])
    if kind == "exponential":
        return Exponential(params[0])
    if kind == "laplace":
        return Laplace(*params)
    if kind == "independent_normal":
        return Independent(Normal(*params), 1)
    raise ValueError(kind)


def case(kind, params, values, sample_shape, seed=1):
    params = [p.clone().requires_grad_(p.dtype.is_floating_point) for p in params]
    d = make(kind, params)
    shown = repr(d)  # before lazy properties (logits of a probs-Bernoulli...) join PyTorch's repr
    torch.manual_seed(seed)
    s = d.sample(sample_shape)
    lp = d.log_prob(values)
    ent = d.entropy()
    w = torch.randn(lp.shape, dtype=lp.dtype)
    loss = (lp * w).sum() + ent.sum()
    c = {"kind": kind, "params": [t2j(p) for p in params], "repr": shown, "seed": seed, "sample_shape": list(sample_shape),
         "sample": t2j(s), "values": t2j(values), "log_prob": t2j(lp), "entropy": t2j(ent), "w": t2j(w)}
    if kind.startswith("categorical"):
        c["mean"], c["variance"] = None, None
    else:
        c["mean"], c["variance"] = t2j(d.mean), t2j(d.variance)
    if d.has_rsample:
        loss = add_rsample(c, loss, d, seed, sample_shape)
    loss.backward()
    c["grads"] = param_grads(params)
    cases.append(c)


case("normal", [torch.randn(3, dtype=D), torch.rand(3, dtype=D) + 0.5], torch.randn(2, 3, dtype=D), (4,))
case("normal", [torch.randn(2, 1, dtype=D), torch.rand(3, dtype=D) + 0.5], torch.randn(2, 3, dtype=D), (2, 5))
case("normal", [torch.tensor(0.5), torch.tensor(2.0)], torch.randn(5), (20,), seed=3)
case("uniform", [torch.tensor([0.0, -1.0], dtype=D), torch.tensor([1.0, 3.0], dtype=D)], torch.tensor([[0.5, 2.0], [0.0, -1.0]], dtype=D), (3,))
case("bernoulli_probs", [torch.tensor([0.1, 0.5, 0.9], dtype=D)], torch.tensor([[0., 1., 1.], [1., 0., 1.]], dtype=D), (4,))
case("bernoulli_logits", [torch.randn(2, 3, dtype=D)], torch.tensor([[0., 1., 1.], [1., 0., 0.]], dtype=D), (2,))
case("categorical_probs", [torch.tensor([[0.2, 0.3, 0.5], [1.0, 1.0, 2.0]], dtype=D)], torch.tensor([[0, 2], [1, 1]]), (6,))
case("categorical_logits", [torch.randn(4, dtype=D)], torch.tensor([3, 0, 1, 2, 2]), (10,))
A = torch.randn(3, 3, dtype=D)
case("mvn", [torch.randn(3, dtype=D), A @ A.T + torch.eye(3, dtype=D)], torch.randn(2, 3, dtype=D), (4,))
B = torch.randn(2, 3, 3, dtype=D)
case("mvn_tril", [torch.randn(2, 3, dtype=D), torch.tril(B, -1) + torch.diag_embed(torch.rand(2, 3, dtype=D) + 0.5)],
     torch.randn(2, 3, dtype=D), (2,))

case("exponential", [torch.rand(3, dtype=D) + 0.5], torch.rand(2, 3, dtype=D) * 3, (4,))
case("laplace", [torch.randn(3, dtype=D), torch.rand(3, dtype=D) + 0.5], torch.randn(2, 3, dtype=D), (5,))
case("independent_normal", [torch.randn(2, 3, dtype=D), torch.rand(2, 3, dtype=D) + 0.5], torch.randn(4, 2, 3, dtype=D), (4,))


def kl_case(kind, p_params, q_params):
    p_params = [p.clone().requires_grad_(True) for p in p_params]
    q_params = [q.clone().requires_grad_(True) for q in q_params]
    p, q = make(kind, p_params), make(kind, q_params)
    kl = kl_divergence(p, q)
    kl.sum().backward()
    cases.append({"kind": "kl_" + kind, "p": [t2j(x) for x in p_params], "q": [t2j(x) for x in q_params], "kl": t2j(kl),
                  "grads_p": [t2j(x.grad) for x in p_params], "grads_q": [t2j(x.grad) for x in q_params]})


kl_case("normal", [torch.randn(3, dtype=D), torch.rand(3, dtype=D) + 0.5], [torch.randn(3, dtype=D), torch.rand(3, dtype=D) + 0.5])
kl_case("bernoulli_probs", [torch.tensor([0.2, 0.7], dtype=D)], [torch.tensor([0.5, 0.4], dtype=D)])
kl_case("categorical_logits", [torch.randn(2, 4, dtype=D)], [torch.randn(2, 4, dtype=D)])
kl_case("uniform", [torch.tensor([0.0], dtype=D), torch.tensor([1.0], dtype=D)], [torch.tensor([-1.0], dtype=D), torch.tensor([2.0], dtype=D)])
C1, C2 = torch.randn(3, 3, dtype=D), torch.randn(3, 3, dtype=D)
kl_case("mvn", [torch.randn(3, dtype=D), C1 @ C1.T + torch.eye(3, dtype=D)], [torch.randn(3, dtype=D), C2 @ C2.T + torch.eye(3, dtype=D)])

kl_case("exponential", [torch.rand(3, dtype=D) + 0.5], [torch.rand(3, dtype=D) + 0.5])
kl_case("laplace", [torch.randn(3, dtype=D), torch.rand(3, dtype=D) + 0.5], [torch.randn(3, dtype=D), torch.rand(3, dtype=D) + 0.5])
kl_case("independent_normal", [torch.randn(2, 3, dtype=D), torch.rand(2, 3, dtype=D) + 0.5],
        [torch.randn(2, 3, dtype=D), torch.rand(2, 3, dtype=D) + 0.5])


def err(name, f):
    try:
        f()
        raise AssertionError(name)
    except ValueError as e:
        cases.append({"kind": "error", "name": name, "message": str(e)})


err("normal_scale", lambda: Normal(torch.zeros(2), torch.tensor([1., -1.])))
err("normal_value_nan", lambda: Normal(0., 1.).log_prob(torch.tensor(float("nan"))))
err("bernoulli_value", lambda: Bernoulli(torch.tensor([0.3])).log_prob(torch.tensor([0.5])))
err("uniform_order", lambda: Uniform(torch.tensor(1.0), torch.tensor(0.0)))
write("distributions", cases)
