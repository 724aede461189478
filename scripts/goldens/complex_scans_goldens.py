"""Goldens for complex cumsum, cumprod, rsqrt and logsumexp -> goldens/complex_scans.json.

Run: /usr/bin/python3 scripts/goldens/complex_scans_goldens.py

Cases as in complex_stats_goldens.py (outputs and the input gradient of sum(view_as_real(out) * w)). logsumexp of
complex input is PyTorch 2.5+'s (1.13 refuses it): log(sum(exp(z - m))) + m with m the max of the real parts (0
where infinite), written out here with 1.13's ops; everything else is 1.13's own.
"""
import torch

from common import t2j, write

torch.manual_seed(0)
cases = []


def real_view(o):
    return torch.view_as_real(o) if o.is_complex() else o


def case(fn, f, x, **kw):
    x = x.clone().requires_grad_(True)
    out = f(x)
    w = torch.randn(real_view(out).shape, dtype=real_view(out).dtype)
    (real_view(out) * w).sum().backward()
    cases.append({"fn": fn, "kw": kw, "input": t2j(x), "outputs": [t2j(out)], "w": [t2j(w)], "grad": t2j(x.grad)})


def logsumexp_2x(z, dim, keepdim=False):
    m = z.real.detach().amax(dim, keepdim=True)
    m = m.masked_fill(m.isinf(), 0)
    s = (z - m).exp().sum(dim, keepdim=keepdim).log()
    return s + (m if keepdim else m.squeeze(dim))


for dt in (torch.complex64, torch.complex128):
    x = torch.randn(3, 6, dtype=dt)
    case("cumsum", lambda t: t.cumsum(1), x, dim=1)
    case("cumsum", lambda t: t.cumsum(0), x, dim=0)
    case("cumprod", lambda t: t.cumprod(1), x, dim=1)
    case("cumprod", lambda t: t.cumprod(0), x, dim=0)
    case("rsqrt", torch.rsqrt, x)
    case("logsumexp", lambda t: logsumexp_2x(t, 1), x, dim=1)
    case("logsumexp", lambda t: logsumexp_2x(t, 0, keepdim=True), x, dim=0, keepdim=True)
z = torch.randn(2, 5, dtype=torch.complex128)
z[0, 2] = 0
case("cumprod", lambda t: t.cumprod(1), z, dim=1)
write("complex_scans", cases)
