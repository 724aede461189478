"""Goldens for torch.special's Bessel functions, orthogonal polynomials, erfcx, log_ndtr, ndtri, xlog1py
-> goldens/special_extras.json.

Run: /usr/bin/python3 scripts/goldens/special_extras_goldens.py

Each case: the function, its inputs and output (float64 unless named otherwise), and for the differentiable ones the
gradients of (out * w).sum(). The Bessel functions and the polynomials have no derivative in PyTorch: their
results do not require grad.
"""
import torch

from common import t2j, write

torch.manual_seed(0)
D = torch.float64
S = torch.special
cases = []


def t(*v, dtype=D):
    return torch.tensor(v, dtype=dtype)


def case(fn, inputs, grad=False):
    inputs = [x.clone().requires_grad_(grad and x.dtype.is_floating_point) for x in inputs]
    out = getattr(S, fn)(*inputs)
    c = {"fn": fn, "inputs": [t2j(x) for x in inputs], "out": t2j(out), "requires_grad": out.requires_grad}
    if grad:
        w = torch.randn(out.shape, dtype=out.dtype)
        (out * w).sum().backward()
        c["w"] = t2j(w)
        c["grads"] = [t2j(x.grad) if x.grad is not None else None for x in inputs]
    cases.append(c)


# no x near 1e15: Cephes (PyTorch) subtracts a rounded pi/4 from x there, off by up to ulp(x) in phase; no x = 5:
# PyTorch 1.13 gives J0(5) = -0.17759678121 (true: -0.1775967713143383) and J1, Y0, Y1 off by as much there
grid = torch.cat([t(0.0, 1e-300, 1e-12, 1e-5, 0.1, 0.5, 0.999, 1.0, 1.5, 2.0, 2.4048255576957727, 3.0, 5.0, 7.5, 8.0,
                    10.0, 15.0, 19.9, 24.9, 25.0, 25.1, 30.0, 50.0, 100.0, 1234.5, 1e6),
                  torch.linspace(0.05, 40.0, 64, dtype=D)])
signed = torch.cat([grid, -grid, t(float("inf"), -float("inf"), float("nan"))])
for fn in ["bessel_j0", "bessel_j1", "spherical_bessel_j0"]:
    case(fn, [signed])
for fn in ["bessel_y0", "bessel_y1", "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0",
           "scaled_modified_bessel_k1"]:
    case(fn, [torch.cat([grid, t(-1.0, float("inf"), float("nan"))])])
for fn in ["modified_bessel_i0", "modified_bessel_i1"]:
    case(fn, [t(0.0, 0.3, -2.0, 7.9, 8.1, -30.0, 700.0)])
case("bessel_j0", [torch.linspace(-30.0, 30.0, 41)])  # float32
case("modified_bessel_k1", [torch.linspace(0.1, 20.0, 17)])

xs = torch.cat([torch.linspace(-1.5, 1.5, 13, dtype=D), t(-1.0, 1.0, 0.0, float("nan"))])
ns = t(-1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 6.0, 7.0, 9.0, 12.0, 2.5)
X, N = torch.meshgrid(xs, ns, indexing="ij")
for fn in ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
           "hermite_polynomial_h", "hermite_polynomial_he", "laguerre_polynomial_l", "legendre_polynomial_p"]:
    case(fn, [X.reshape(-1), N.reshape(-1)])
xs01 = torch.cat([torch.linspace(-0.25, 1.25, 13, dtype=D), t(0.0, 1.0, 0.5)])
X, N = torch.meshgrid(xs01, ns, indexing="ij")
for fn in ["shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
           "shifted_chebyshev_polynomial_w"]:
    case(fn, [X.reshape(-1), N.reshape(-1)])
case("chebyshev_polynomial_t", [torch.linspace(-1.0, 1.0, 9), t(30.0)])  # float32 x, float64 n: float64

case("erfcx", [t(-27.0, -26.0, -5.0, -1.0, -1e-3, 0.0, 1e-3, 0.5, 1.0, 2.4, 2.5, 2.6, 5.0, 30.0, 1e5, 1e9, 1e300,
                 float("inf"), -float("inf"), float("nan"))])
case("erfcx", [torch.linspace(-3.0, 10.0, 15, dtype=D)], grad=True)
case("log_ndtr", [t(-1e5, -300.0, -40.0, -38.5, -20.0, -5.0, -1.0, -0.5, 0.0, 0.5, 3.0, 6.0, 6.5, 9.0, 40.0,
                    float("inf"), -float("inf"), float("nan"))])
case("log_ndtr", [torch.linspace(-30.0, 10.0, 15, dtype=D)], grad=True)
case("ndtri", [t(0.0, 1e-300, 1e-100, 1e-20, 1e-10, 0.001, 0.02, 0.0200001, 0.1, 0.3, 0.5, 0.7, 0.975, 0.999999,
                 1 - 1e-16, 1.0, -0.1, 1.1, float("nan"))])
case("ndtri", [torch.linspace(0.01, 0.99, 11, dtype=D)], grad=True)
case("ndtri", [torch.linspace(0.001, 0.999, 9)])  # float32
case("xlog1py", [t(0.0, 0.0, 2.0, -1.5, 3.0, 0.0), t(-1.0, float("nan"), 0.5, 3.0, -1.0, 5.0)])
case("xlog1py", [torch.randn(3, 4, dtype=D), torch.rand(4, dtype=D) * 3], grad=True)

# Exact J0, J1, Y0, Y1 (the power series summed in rationals and 60-digit decimals), the reference where PyTorch's
# own values are off (PyTorch 1.13: up to 2.4e-5 relative, 3e-6 absolute, between x = 4 and 6): cases marked "exact", the outputs not PyTorch's.
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 60
PI = Decimal("3.14159265358979323846264338327950288419716939937510582097494")
EULER = Decimal("0.577215664901532860606512090082402431042159335939923598805767")


def exact(fn, xs):
    out = []
    for v in xs:
        x = Fraction(v)
        z = x * x / 4
        if fn in ("bessel_j0", "bessel_y0"):
            t, s, h, hs = Fraction(1), Fraction(0), Fraction(0), Fraction(0)
            for k in range(120):
                if k > 0:
                    t *= -z / (k * k)
                    h += Fraction(1, k)
                s += t
                hs += h * t
            if fn == "bessel_j0":
                out.append(float(s))
            else:
                xd = Decimal(x.numerator) / Decimal(x.denominator)
                j = Decimal(s.numerator) / Decimal(s.denominator)
                hsd = Decimal(hs.numerator) / Decimal(hs.denominator)
                out.append(float(2 / PI * (((xd / 2).ln() + EULER) * j - hsd)))
        else:
            t, s, psis = x / 2, Fraction(0), Fraction(0)
            h = Fraction(0)
            for k in range(120):
                if k > 0:
                    t *= -z / (k * (k + 1))
                    h += Fraction(1, k)
                s += t
                psis += (2 * h + Fraction(1, k + 1)) * t  # psi(k+1) + psi(k+2) + 2 gamma
            if fn == "bessel_j1":
                out.append(float(s))
            else:
                xd = Decimal(x.numerator) / Decimal(x.denominator)
                j = Decimal(s.numerator) / Decimal(s.denominator)
                ps = Decimal(psis.numerator) / Decimal(psis.denominator) - 2 * EULER * j
                out.append(float(-2 / (PI * xd) + 2 / PI * (xd / 2).ln() * j - ps / PI))
    return out


xs_exact = [0.01, 0.5, 1.0, 1.9999, 2.0, 3.3, 4.5, 4.9, 4.99, 5.0, 5.01, 7.25, 9.5, 12.0, 16.5, 20.0]
for fn in ["bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1"]:
    cases.append({"fn": fn, "inputs": [t2j(t(*xs_exact))], "out": t2j(t(*exact(fn, xs_exact))), "requires_grad": False,
                  "exact": True})
# appended: airy_ai over the series, the K_{1/3} form, the Taylor-integrated stretch, the asymptotic tail and the ends
case("airy_ai", [torch.cat([t(0.0, 1e-10, -1.0, 1.0, 1.0001, -1.0001, 2.0, 5.0, 20.0, 100.0, 103.8, 104.0, -2.0, -5.0, -10.0,
                              -29.9, -30.0, -30.1, -31.0, -100.0, -1000.0, float("inf"), -float("inf"), float("nan")),
                            torch.linspace(-40.0, 12.0, 105, dtype=D)])])
case("airy_ai", [torch.linspace(-8.0, 8.0, 33)])  # float32

# Exact Ai (its Maclaurin series in 160-digit decimals), where PyTorch 1.13's is off by up to 2.3e-7 (at x = -2.5)
getcontext().prec = 160
AI0 = Decimal("0.355028053887817239260063186004183176397979174199177840")
AIP0 = Decimal("0.258819403792806798405183560189203963479091138354934582")


def exact_ai(v):
    x = Decimal(v)
    x3, f, g, tf, tg = x ** 3, Decimal(1), x, Decimal(1), x
    for k in range(1, 400):
        tf *= x3 / ((3 * k - 1) * (3 * k))
        tg *= x3 / ((3 * k) * (3 * k + 1))
        f += tf
        g += tg
    return float(AI0 * f - AIP0 * g)


ai_xs = [-29.5, -20.0, -12.25, -7.5, -4.0, -3.0, -1.5, -0.5, 0.0, 0.75, 1.5, 3.0, 6.0, 12.0]
cases.append({"fn": "airy_ai", "inputs": [t2j(t(*ai_xs))], "out": t2j(t(*[exact_ai(v) for v in ai_xs])), "requires_grad": False,
              "exact": True})
write("special_extras", cases)
