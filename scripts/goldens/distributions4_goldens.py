"""Goldens for the distributions new in PyTorch 2.x, InverseGamma and GeneralizedPareto -> goldens/distributions4.json.

Run: /usr/bin/python3 scripts/goldens/distributions4_goldens.py

torch 1.13 has neither, so each is built here from 1.13's parts exactly as 2.x builds it:
- InverseGamma = TransformedDistribution(Gamma(concentration, rate), PowerTransform(-rate.new_ones(()))) with 2.x's
  mean/mode/variance/entropy formulas; its cdf goes through Gamma.cdf, which 1.13 lacks: 2.x's
  gammainc(concentration, rate * value) is installed (no derivative for the concentration, so the cdf stays out of
  the gradient loss, as for Gamma in distributions2), and 2.x's PowerTransform.sign (exponent.sign(); 1.13's is +1,
  which would leave the cdf of the decreasing 1/x unflipped).
- GeneralizedPareto: 2.x's class (torch/distributions/generalized_pareto.py) restated over 1.13 ops: sample/rsample =
  icdf(rand(shape)), log_prob, cdf via the log survival function, icdf, mean, variance, entropy, mode; the values are
  these formulas evaluated in float64 (and float32 for one case), not 2.x's own output.
"family" cases as distributions2's (sample and rsample after manual_seed, log_prob, entropy, mean, mode, variance,
cdf/icdf and every parameter's gradient of a weighted sum of them); "error" cases: parameter checks.
"""
import math

import torch
import torch.distributions as D
from torch.distributions import constraints

from common import add_moments, add_rsample, add_weighted, error_case, param_grads, t2j, write

D.Gamma.cdf = lambda self, value: torch.special.gammainc(self.concentration, self.rate * value)  # PyTorch 2.x's
# 2.x's PowerTransform.sign is exponent.sign() (1.13 inherits +1), so the inverse gamma's cdf is 1 - the gamma's
D.PowerTransform.sign = property(lambda self: self.exponent.sign())


class InverseGamma(D.TransformedDistribution):
    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.positive
    has_rsample = True

    def __init__(self, concentration, rate, validate_args=None):
        base_dist = D.Gamma(concentration, rate, validate_args=validate_args)
        neg_one = -base_dist.rate.new_ones(())
        super().__init__(base_dist, D.PowerTransform(neg_one), validate_args=validate_args)

    @property
    def concentration(self):
        return self.base_dist.concentration

    @property
    def rate(self):
        return self.base_dist.rate

    @property
    def mean(self):
        result = self.rate / (self.concentration - 1)
        return torch.where(self.concentration > 1, result, torch.full_like(result, math.inf))

    @property
    def mode(self):
        return self.rate / (self.concentration + 1)

    @property
    def variance(self):
        result = self.rate.square() / ((self.concentration - 1).square() * (self.concentration - 2))
        return torch.where(self.concentration > 2, result, torch.full_like(result, math.inf))

    def entropy(self):
        return (self.concentration + self.rate.log() + self.concentration.lgamma()
                - (1 + self.concentration) * self.concentration.digamma())


class GeneralizedPareto(D.Distribution):
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive, "concentration": constraints.real}
    has_rsample = True

    def __init__(self, loc, scale, concentration, validate_args=None):
        self.loc, self.scale, self.concentration = D.utils.broadcast_all(loc, scale, concentration)
        super().__init__(self.loc.size(), validate_args=validate_args)

    def rsample(self, sample_shape=torch.Size()):
        shape = self._extended_shape(sample_shape)
        u = torch.rand(shape, dtype=self.loc.dtype, device=self.loc.device)
        return self.icdf(u)

    def _eq_zero(self):
        return torch.isclose(self.concentration, torch.zeros_like(self.concentration))

    def log_prob(self, value):
        self._validate_sample(value)
        z = (value - self.loc) / self.scale
        eq_zero = torch.isclose(self.concentration, torch.tensor(0.0, dtype=self.concentration.dtype))
        safe_conc = torch.where(eq_zero, torch.ones_like(self.concentration), self.concentration)
        y = 1 / safe_conc + torch.ones_like(z)
        where_nonzero = torch.where(y == 0, y, y * torch.log1p(safe_conc * z))
        return -self.scale.log() - torch.where(eq_zero, z, where_nonzero)

    def log_survival_function(self, value):
        self._validate_sample(value)
        z = (value - self.loc) / self.scale
        eq_zero = torch.isclose(self.concentration, torch.tensor(0.0, dtype=self.concentration.dtype))
        safe_conc = torch.where(eq_zero, torch.ones_like(self.concentration), self.concentration)
        return torch.where(eq_zero, -z, -torch.log1p(safe_conc * z) / safe_conc)

    def cdf(self, value):
        return torch.exp(torch.log1p(-torch.exp(self.log_survival_function(value))))

    def icdf(self, value):
        eq_zero = self._eq_zero()
        safe_conc = torch.where(eq_zero, torch.ones_like(self.concentration), self.concentration)
        logu = torch.log1p(-value)
        where_nonzero = self.loc + self.scale / safe_conc * torch.expm1(-safe_conc * logu)
        where_zero = self.loc - self.scale * logu
        return torch.where(eq_zero, where_zero, where_nonzero)

    @property
    def mean(self):
        valid = self.concentration < 1
        safe_conc = torch.where(valid, self.concentration, torch.full_like(self.concentration, 0.5))
        result = self.loc + self.scale / (1 - safe_conc)
        return torch.where(valid, result, torch.full_like(result, math.nan))

    @property
    def variance(self):
        valid = self.concentration < 0.5
        safe_conc = torch.where(valid, self.concentration, torch.full_like(self.concentration, 0.25))
        result = self.scale ** 2 / ((1 - safe_conc) ** 2 * (1 - 2 * safe_conc))
        return torch.where(valid, result, torch.full_like(result, math.nan))

    def entropy(self):
        return torch.broadcast_to(torch.log(self.scale) + self.concentration + 1, self._batch_shape)

    @property
    def mode(self):
        return self.loc

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        upper = torch.where(self.concentration < 0, self.loc - self.scale / self.concentration,
                            torch.full_like(self.loc, math.inf))
        return constraints.interval(self.loc, upper)


def make(kind, p):
    return {"inverse_gamma": lambda: InverseGamma(p[0], p[1]),
            "generalized_pareto": lambda: GeneralizedPareto(p[0], p[1], p[2])}[kind]()


cases = []
F64 = torch.float64


def case(kind, params, values, sample_shape, seed=1, cdf_values=None, icdf_values=None):
    params = [p.clone().requires_grad_(True) for p in params]
    d = make(kind, params)
    shown = repr(d)
    torch.manual_seed(seed)
    s = d.sample(sample_shape)
    lp = d.log_prob(values)
    ent, mean, variance, mode = d.entropy(), d.mean, d.variance, d.mode
    c = {"kind": "family", "family": kind, "numbers": False, "params": [t2j(p) for p in params], "repr": shown,
         "seed": seed, "sample_shape": list(sample_shape), "sample": t2j(s), "values": t2j(values), "log_prob": t2j(lp),
         "entropy": t2j(ent), "mean": t2j(mean), "variance": t2j(variance), "mode": t2j(mode)}
    w = torch.randn(lp.shape, dtype=lp.dtype)
    c["w"] = t2j(w)
    loss = (lp * w).sum() + ent.sum()
    for name, f, v in (("cdf", d.cdf, cdf_values), ("icdf", d.icdf, icdf_values)):
        if v is None:
            continue
        # gammainc: no derivative for the concentration
        loss = add_weighted(c, loss, name, f(v), v, differentiable=kind != "inverse_gamma")
    loss = add_moments(c, loss, mean, variance)
    loss = add_rsample(c, loss, d, seed, sample_shape)
    loss.backward()
    c["grads"] = param_grads(params)
    cases.append(c)


def t(*v, dtype=F64):
    return torch.tensor(v, dtype=dtype)


torch.manual_seed(0)
# concentrations on both sides of 1 and 2 (mean and variance infinite below them)
case("inverse_gamma", [t(0.7, 1.5, 2.5, 4.0), t(1.0, 0.5, 2.0, 3.0)], t(0.3, 1.2, 0.8, 2.5), (3,), seed=2,
     cdf_values=t(0.5, 0.25, 1.5, 4.0))
case("inverse_gamma", [t(3.0, 6.0, dtype=torch.float32), t(2.0, 0.5, dtype=torch.float32)], t(0.4, 0.1, dtype=torch.float32),
     (2,), seed=5, cdf_values=t(1.0, 0.05, dtype=torch.float32))
# concentration > 0, < 0 (bounded support), near zero (exponential branch), beyond 1/2 and 1 (NaN moments)
case("generalized_pareto", [t(0.1, -1.0, 0.0, 2.0, 0.5), t(2.0, 0.5, 1.5, 1.0, 3.0), t(0.4, -0.3, 1e-9, 0.7, 1.2)],
     t(1.0, -0.5, 2.0, 3.5, 4.0), (4,), seed=3, cdf_values=t(0.5, -0.2, 0.1, 2.1, 10.0),
     icdf_values=t(0.1, 0.5, 0.9, 0.25, 0.75))
case("generalized_pareto", [t(0.0, 1.0, dtype=torch.float32), t(1.0, 2.0, dtype=torch.float32), t(0.2, -0.5, dtype=torch.float32)],
     t(0.3, 2.5, dtype=torch.float32), (3,), seed=4, cdf_values=t(0.7, 4.0, dtype=torch.float32),
     icdf_values=t(0.3, 0.95, dtype=torch.float32))

error_case(cases, "inverse_gamma_rate", lambda: InverseGamma(t(1.0, 2.0), t(1.0, -1.0), validate_args=True))
error_case(cases, "generalized_pareto_scale", lambda: GeneralizedPareto(t(0.0), t(-1.0), t(0.5), validate_args=True))
error_case(cases, "generalized_pareto_support",
           lambda: GeneralizedPareto(t(0.0), t(1.0), t(-0.5), validate_args=True).log_prob(t(3.0)))
write("distributions4", cases)
