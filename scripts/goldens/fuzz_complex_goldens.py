"""Differential fuzz cases of complex tensors: fuzz_goldens.py's case forms (elementwise ops, Python scalars, reductions,
scans, sorts, joins, where, clamp, indexing, products, casts and more) with complex64/complex128 among the dtypes, so
that complex inputs (NaN and infinite parts, signed zeros, 0-d, empty and broadcast shapes) meet each other and real
operands of every dtype (type promotion) -> goldens/fuzz_complex.json. Only cases with a complex input are kept.
Where PyTorch 1.13 refuses an op for complex, the case records its error and torch4j must refuse too; complex128
cases also carry the gradients of a real loss (a complex output enters through its real view), which reach a
complex leaf as dL/dRe + i dL/dIm. Half the cases come from fuzz_goldens' forms, half from this file's complex forms
(the unary, binary, scalar and reduction ops 1.13 has for complex). Where 1.13 is wrong or platform-dependent the case
is left out (the comments in generate say why); where PyTorch 2.x differs from 1.13 (complex logsumexp, logaddexp,
logcumsumexp, log1p, expm1, nan_to_num; the truth value in all/any and casts to bool) 2.x's result is computed here
and the case's
"note" says so. FuzzComplexParityTest replays them with FuzzParityTest's replay.

Run: /usr/bin/python3 scripts/goldens/fuzz_complex_goldens.py
"""
import cmath
import math
import random

import torch

import fuzz_goldens as fg
from common import t2j, write

fg.DTYPES = fg.DTYPES + fg.COMPLEX * 3
# complex-only unary forms beside fuzz_goldens' list (tan and acosh are there for real input in other goldens)
fg.UNARY = fg.UNARY + ["tan", "acosh", "angle", "conj", "conj_physical"]

# Ops whose results on complex input with a NaN, infinite or huge (1e30) part are kept: they move, select, compare
# or test values part by part. Elsewhere 1.13 is not a reference there: its add and sub compute a + alpha * b with a
# complex multiply (so a NaN or infinity in one part spreads to the other: (1 + inf j) + 1 gives NaN parts), its mean
# divides by a complex count, its abs squares the parts in the vectorized kernel (overflow to inf at 1e30 in complex64,
# NaN for NaN + inf j) but calls hypot in the scalar tail, its transcendental functions take SLEEF's vector paths or
# libstdc++'s C99 Annex G ones by position in the tensor, and its products go through BLAS. Those ops are fuzzed on
# finite moderate values only.
STRUCTURAL = {"flip", "roll", "transpose", "cat", "stack", "where", "gather", "indexSelect", "maskedFill", "eq", "ne",
              "isnan", "isinf", "isfinite", "logicalNot", "logicalAnd", "logicalOr", "logicalXor", "all", "any", "to",
              "conj", "conjPhysical", "neg", "positive", "tril", "triu", "countNonzero", "nanToNum", "sum", "cumsum",
              "angle"}


def moderate(inputs, args):
    """Every input and Python-number argument finite and below 1e15 in magnitude (part by part)."""
    if any("d" in a and not abs(a["d"]) < 1e15 for a in args):
        return False
    return all(bool(((t.real if t.is_complex() else t).double().abs() < 1e15).all())
               and (not t.is_complex() or bool((t.imag.double().abs() < 1e15).all()))
               for t in inputs if t.dtype.is_floating_point or t.is_complex())


# The complex forms of ops PyTorch 1.13 has for complex input, drawn beside fuzz_goldens' forms (whose many refusals
# would otherwise leave few cases for these); sinc is here as well: 1.13 has it for complex.
CX_UNARY = ["abs", "neg", "exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sinh", "cosh", "sigmoid", "reciprocal",
            "rsqrt", "square", "sgn", "asin", "acos", "atan", "asinh", "acosh", "atanh", "log2", "log10", "logical_not",
            "positive", "angle", "conj", "conj_physical", "isnan", "isinf", "isfinite", "sinc", "log1p", "expm1"]
CX_BINARY = ["add", "sub", "mul", "div", "pow", "eq", "ne", "logical_and", "logical_or", "logical_xor", "true_divide",
             "logaddexp"]
CX_SCALAR = ["add", "sub", "mul", "div", "pow", "eq", "ne", "true_divide"]
CX_REDUCE = ["sum", "mean", "prod", "logsumexp", "std", "var", "cumsum", "cumprod", "logcumsumexp", "count_nonzero", "all",
             "any"]
PARTS = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, float("nan"), float("inf"), -float("inf")]


def cx(rng, dtype, sh):
    """A complex tensor of mostly moderate values (a part is one of PARTS one time in eight)."""
    n = 1
    for d in sh:
        n *= d
    part = lambda: rng.choice(PARTS) if rng.random() < 0.125 else round(rng.gauss(0, 2), 3)
    return torch.tensor([complex(part(), part()) for _ in range(n)], dtype=torch.complex128).to(dtype).reshape(sh)


def complex_case(rng):
    """One case of the complex forms: unary, binary with a complex or real partner, Python-number partner, reduction."""
    dt = rng.choice(fg.COMPLEX)
    sh = fg.shape(rng)
    x = cx(rng, dt, sh)
    kind = rng.choice(["unary"] * 4 + ["binary"] * 3 + ["scalar", "reduce", "reduce"])
    if kind == "unary":
        op = rng.choice(CX_UNARY)
        return fg.camel(op), [x], [{"t": 0}], lambda a: getattr(a[0], op)()
    if kind in ("binary", "scalar"):
        op = rng.choice(CX_SCALAR if kind == "scalar" else CX_BINARY)
        if kind == "scalar":
            v = rng.choice([0.5, -2.0, 3.0, 2.0, 0.0, 1.0])
            return fg.camel(op), [x], [{"t": 0}, {"d": v}], lambda a: getattr(a[0], op)(v)
        dt2 = rng.choice(fg.COMPLEX + [torch.float32, torch.float64, torch.int64, torch.bool])
        ysh = fg.broadcast_shape(rng, sh)
        y = cx(rng, dt2, ysh) if dt2.is_complex else fg.tensor(rng, dt2, ysh)
        if rng.random() < 0.3:
            x, y = y, x
        return fg.camel(op), [x, y], [{"t": 0}, {"t": 1}], lambda a: getattr(a[0], op)(a[1])
    op = rng.choice(CX_REDUCE)
    nd = max(x.dim(), 1)
    dim = rng.randrange(-nd, nd)
    keep = rng.random() < 0.4
    if op in ("cumsum", "cumprod", "logcumsumexp"):
        return op, [x], [{"t": 0}, {"l": dim}], lambda a: getattr(a[0], op)(dim)
    if op == "count_nonzero" or op != "logsumexp" and rng.random() < 0.3:
        return fg.camel(op), [x], [{"t": 0}], lambda a: getattr(a[0], op)()
    if op in ("std", "var"):
        unbiased = rng.random() < 0.6
        return op, [x], [{"t": 0}, {"la": [dim]}, {"b": unbiased}, {"b": keep}], \
            lambda a: getattr(a[0], op)([dim], unbiased, keep)
    return op, [x], [{"t": 0}, {"l": dim}, {"b": keep}], lambda a: getattr(a[0], op)(dim, keep)


def logsumexp_2x(x, dim, keep):
    """PyTorch 2.5+'s complex logsumexp (1.13 refuses it): log(sum(exp(x - m))) + m, m the largest real part along dim
    (0 where that is infinite), as 2.x's kernel shifts."""
    if x.numel() == 0:
        r = x.exp().sum(dim, keepdim=True).log()
        return r if keep else r.squeeze(dim)
    m = x.real.amax(dim, keepdim=True)
    m = torch.where(m.isinf(), torch.zeros_like(m), m)
    r = (x - m).exp().sum(dim, keepdim=True).log() + m
    return r if keep else r.squeeze(dim)


def zero_divisor(name, inputs, args):
    """A complex division by zero: 1.13 divides naively (NaN + NaN j), 2.x scales first (a/0 + b/0 j), as torch4j
    does; reciprocal and rsqrt divide 1 by the value."""
    if name in ("reciprocal", "rsqrt"):
        return bool((inputs[0] == 0).any())
    if name not in ("div", "trueDivide"):
        return False
    d = args[1]
    return bool((inputs[d["t"]] == 0).any()) if "t" in d else next(iter(d.values())) == 0


def on_branch_cut(name, inputs):
    """An atan element on its cut (real part +-0, |imaginary part| > 1): 1.13 computes atan of every element by its
    own formula, i/2 log((i + z)/(i - z)), which takes the cut's other side from C99's catan (atan(0 + 3i) has real
    part -pi/2 there, pi/2 in C99 and in torch4j; complex_branch_cuts_goldens.py checks torch4j against Python's
    cmath). Its asin and acos formulas differ from C99 only by rounding noise on their cuts, and asinh, acosh and
    atanh follow C99: those are fuzzed on their cuts."""
    if name != "atan" or not inputs[0].is_complex():
        return False
    z = inputs[0]
    return bool(((z.real == 0) & (z.imag.abs() >= 1)).any())


def log1p_2x(z):
    """PyTorch 2.0+'s complex log1p (1.13 refuses it), its formula in float64 parts: atan2(y, 1 + x) for the angle and
    log1p(x (2 + x) + y^2) / 2 for |z| < 0.5 (x where that is 0), else log(hypot(1 + x, y))."""
    x, y = z.real.double(), z.imag.double()
    r = x * (x + 2) + y * y
    near = torch.where(r == 0, x, 0.5 * r.log1p())
    re = torch.where(torch.hypot(x, y) < 0.5, near, torch.hypot(x + 1, y).log())
    return torch.complex(re, torch.atan2(y, x + 1)).to(z.dtype)


def expm1_2x(z):
    """PyTorch 2.1+'s complex expm1 (1.13 refuses it): expm1(x) cos y - 2 sin^2(y / 2) + i e^x sin y, in float64."""
    x, y = z.real.double(), z.imag.double()
    return torch.complex(x.expm1() * y.cos() - 2 * (y / 2).sin() ** 2, x.exp() * y.sin()).to(z.dtype)


def _log_add_exp(x, y):
    """PyTorch 2.x's _log_add_exp_helper for complex numbers (aten/src/ATen/native/cpu/LogAddExp.h), written anew:
    the one of larger real part is max (x on a tie), the other min; NaN parts give NaN; equal infinite real parts
    give min (-inf) or log(exp(min) + exp(max)) (+inf); else max + log1p(exp(min - max))."""
    isnan = lambda z: math.isnan(z.real) or math.isnan(z.imag)
    if isnan(x) or isnan(y):
        return complex(math.nan, math.nan)
    mx, mn = (x, y) if x.real >= y.real else (y, x)
    if math.isinf(mn.real) and mn.real == mx.real:
        return mn if mn.real < 0 else cmath.log(cmath.exp(mn) + cmath.exp(mx))
    return complex(log1p_2x(torch.tensor(cmath.exp(mn - mx), dtype=torch.complex128)).item()) + mx


def logcumsumexp_2x(x, dim):
    """PyTorch 2.x's complex logcumsumexp (1.13 refuses it): its CPU loop acc = helper(x_i, acc) from -inf, in complex128.
    The gradient is that of log(sum_{j<=k} exp(x_j - s_k)) added to the values s (0 in value, exactly the derivative
    exp(x_j - s_k) that 2.x's logcumsumexp_backward sums)."""
    d = dim % max(x.dim(), 1)
    xt = x.detach().to(torch.complex128).reshape([1] if x.dim() == 0 else x.shape).movedim(d, -1)
    rows = xt.reshape(-1, xt.shape[-1]) if xt.numel() else xt.reshape(0, xt.shape[-1])
    out = []
    for row in rows.tolist():
        acc, r = complex(-math.inf, 0.0), []
        for v in row:
            acc = _log_add_exp(v, acc)
            r.append(acc)
        out.append(r)
    s = torch.tensor(out, dtype=torch.complex128).reshape(xt.shape).movedim(-1, d).reshape(x.shape)
    if not x.requires_grad:
        return s.to(x.dtype)
    xc = x.to(torch.complex128)
    m = xc.real.detach().amax() if xc.numel() else torch.tensor(0.0, dtype=torch.float64)
    f = ((xc - m).exp().cumsum(dim) * (m - s).exp()).log()
    return (s + f).to(x.dtype)


def logaddexp_2x(a, b):
    """PyTorch 2.x's complex logaddexp (1.13 refuses it): the same helper element by element (a first), with the
    gradient of log(exp(a - s) + exp(b - s)) added to the values s."""
    t = torch.result_type(a, b)
    x, y = torch.broadcast_tensors(a.detach().to(torch.complex128), b.detach().to(torch.complex128))
    s = torch.tensor([_log_add_exp(p, q) for p, q in zip(x.reshape(-1).tolist(), y.reshape(-1).tolist())],
                     dtype=torch.complex128).reshape(x.shape)
    if not (a.requires_grad or b.requires_grad):
        return s.to(t)
    f = ((a.to(torch.complex128) - s).exp() + (b.to(torch.complex128) - s).exp()).log()
    return (s + f).to(t)


def nan_to_num_2x(x):
    """PyTorch 2.1+'s complex nan_to_num (1.13 refuses it): each part as a real tensor of the part's dtype."""
    return torch.complex(x.real.nan_to_num(), x.imag.nan_to_num())


def generate(seed, n):
    rng = random.Random(seed)
    cases = []
    while len(cases) < n:
        try:
            name, inputs, args, fn = complex_case(rng) if rng.random() < 0.5 else fg.case(rng)
        except (RuntimeError, TypeError):
            continue  # the generator's own helpers (clamp, abs) met a complex input
        if not any(t.is_complex() for t in inputs):
            continue
        c = {"java": name, "static": name in fg.STATIC, "args": args, "inputs": [t2j(t) for t in inputs]}
        if name in ("mm", "matmul") and inputs[0].dim() > 0 and inputs[0].shape[-1] == 0 and (
                inputs[0].dtype != inputs[1].dtype):
            continue  # a product over an empty dim skips PyTorch's dtype checks (zeros of any dtype); torch4j checks
        if name in ("dot", "matmul") and inputs[0].is_complex() and inputs[0].dim() == 1 and inputs[1].dim() == 1:
            continue  # 1.13's complex dot through Debian's BLAS returns 0 (cdotu/zdotu's complex return value is lost)
        if any("dt" in a and not (getattr(torch, a["dt"]).is_floating_point or getattr(torch, a["dt"]).is_complex)
               for a in args) and not moderate(inputs, args):
            continue  # casts of NaN, infinities or out-of-range values to integers are undefined in C
        if name in ("pow", "floatPower") and bool((inputs[0] == 0).any()) and any(t.is_complex() for t in inputs):
            continue  # 0 ** z is exp(z log 0), where libstdc++'s and SLEEF's paths meet -inf * 0 differently
        if name == "logsumexp" and inputs[0].is_complex() and len(args) == 3:
            dim, kp = args[1]["l"], args[2]["b"]
            fn = lambda a, dim=dim, kp=kp: logsumexp_2x(a[0], dim, kp)
            c["note"] = "PyTorch 2.5+'s complex logsumexp (1.13 refuses it)"
        if name in ("all", "any") and inputs[0].is_complex():
            fn = lambda a, f=fn: f([a[0] != 0] + a[1:])
            # z is true where z != 0, as in Python, NumPy and PyTorch's CUDA kernel; 1.13's CPU kernel casts to bool
            # through the real part alone, so 0 + 1j counts as false there (pytorch issue 120875)
            c["note"] = "truth value z != 0 (1.13's CPU all/any drop the imaginary part)"
        if name == "logcumsumexp" and inputs[0].is_complex() and -max(inputs[0].dim(), 1) <= args[1]["l"] < max(
                inputs[0].dim(), 1):
            fn = lambda a, dim=args[1]["l"]: logcumsumexp_2x(a[0], dim)
            c["note"] = "PyTorch 2.x's complex logcumsumexp (1.13 refuses it)"
        if name == "logaddexp" and any(t.is_complex() for t in inputs):
            fn = lambda a: logaddexp_2x(a[0], a[1])
            c["note"] = "PyTorch 2.x's complex logaddexp (1.13 refuses it)"
        if name in ("log1p", "expm1") and inputs[0].is_complex():
            fn = (lambda a: log1p_2x(a[0])) if name == "log1p" else (lambda a: expm1_2x(a[0]))
            c["note"] = "PyTorch 2.x's complex " + name + " (1.13 refuses it)"
        if inputs[0].is_complex() and any(a.get("dt") == "bool" for a in args):
            fn = lambda a, f=fn: f([a[0] != 0] + a[1:])
            c["note"] = "PyTorch 2.3+'s cast of complex to bool, z != 0 (1.13 casts the real part alone)"
        if name in ("logcumsumexp", "logaddexp", "log1p", "expm1") and "note" in c and not moderate(inputs, args):
            continue  # 2.x's formulas, computed here, on finite moderate values only (as the other non-structural ops)
        if name == "nanToNum":
            fn = lambda a: nan_to_num_2x(a[0])
            c["note"] = "PyTorch 2.1+'s complex nan_to_num (1.13 refuses it)"
        if fg.record(c, fn, inputs, seed * 1_000_003 + len(cases), lambda out: accept(name, inputs, args)):
            cases.append(c)
    return cases


def accept(name, inputs, args):
    """What fuzz_goldens.record keeps of a result of 1.13: None (drop the case), False (no gradients) or True."""
    if name in ("argmax", "argmin", "cummax", "median", "amax", "amin", "sort", "argsort", "msort"):
        return None  # 1.13 refuses complex, except for a 0-d input or along a dim of size 1 or 0 (shortcuts that
        # return before the dtype check); torch4j refuses always
    ok = moderate(inputs, args)
    if name not in STRUCTURAL and not ok or zero_divisor(name, inputs, args) or on_branch_cut(name, inputs):
        return None
    if name == "pow" and not inputs[0].is_complex() and inputs[1].is_complex():
        return False  # 1.13's exponent gradient takes log of the real base in its real dtype: NaN below 0
    # gradients on finite inputs only: PyTorch's complex backward formulas multiply complex numbers, so a NaN or
    # infinite part spreads to the other part of the gradient there
    return ok


def main():
    write("fuzz_complex", generate(20261130, 6000))


if __name__ == "__main__":
    main()
