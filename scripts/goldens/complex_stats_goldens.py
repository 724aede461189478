"""Goldens for var/std/var_mean/std_mean/cov/corrcoef on complex input -> goldens/complex_stats.json.

Run: /usr/bin/python3 scripts/goldens/complex_stats_goldens.py

Each case: the function, its keyword arguments, a complex input, PyTorch's outputs (complex ones as their real
view) and the input's gradient of sum(view_as_real(out) * w) (a real output is its own view) for the stored
random weights w. var of complex input is real: the parts' variances added; cov conjugates (x @ x.mH);
corrcoef clips the real and imaginary parts.
"""
import torch

from common import t2j, write

torch.manual_seed(0)
cases = []


def real_view(o):
    return torch.view_as_real(o) if o.is_complex() else o


def case(fn, f, x, **kw):
    x = x.clone().requires_grad_(True)
    outs = f(x)
    outs = list(outs) if isinstance(outs, tuple) else [outs]
    ws = [torch.randn(real_view(o).shape, dtype=real_view(o).dtype) for o in outs]
    loss = sum((real_view(o) * w).sum() for o, w in zip(outs, ws))
    loss.backward()
    cases.append({"fn": fn, "kw": kw, "input": t2j(x), "outputs": [t2j(o) for o in outs], "w": [t2j(w) for w in ws],
                  "grad": t2j(x.grad)})


for dt in (torch.complex64, torch.complex128):
    x = torch.randn(3, 5, dtype=dt)
    case("var", lambda t: t.var(), x)
    case("var", lambda t: torch.var(t, dim=1, correction=0, keepdim=True), x, dim=1, correction=0, keepdim=True)
    case("std", lambda t: t.std(dim=0), x, dim=0)
    case("var_mean", lambda t: torch.var_mean(t, dim=1), x, dim=1)
    case("std_mean", lambda t: torch.std_mean(t, dim=0), x, dim=0)
    case("cov", torch.cov, x)
    case("cov", lambda t: torch.cov(t, correction=0), x, correction=0)
    case("corrcoef", torch.corrcoef, x)
case("cov", torch.cov, torch.randn(6, dtype=torch.complex128))
write("complex_stats", cases)
