"""Goldens for complex tensors -> goldens/complex.json, read by dev.torch4j.ops.ComplexGoldenTest.

Run: /usr/bin/python3 scripts/goldens/complex_goldens.py (PyTorch 1.13).

A complex tensor is stored as common.t2j stores its view_as_real, with the complex dtype's name ("complex64") and
the shape of the complex tensor: data holds re, im, re, im, ... Each case is {"op", "inputs": [tensors], "args"?,
"output"} (output may be {"dtype"} only, for promotion checks), {"op", "inputs", "error": message, "expect": the
part the Java error must contain}, or a gradient case {"op", "inputs", "grads"} where the loss is
sum(view_as_real(op(inputs)) * w) with w = linspace(-1, 1.5) over the real view's elements.

PyTorch 2.x differences followed here (1.13 differs):
  - torch.dot/vdot of complex tensors return 0 in this 1.13 build (its BLAS); their goldens are sum(a * b) and
    sum(conj(a) * b), which is what they compute;
  - complex division is c10::complex's scalar operator/ of 2.x (numpy's scaled algorithm: a zero divisor gives
    a/0 and b/0 per part, an infinite divisor gives 0 for finite numerators); 1.13's vectorized division gives NaN
    there. The "div" edge cases are computed by emulate_div below, asserted equal to 1.13 on ordinary values.
"""
import math

import torch

from common import t2j, write

cases = []
C = {"complex64": torch.complex64, "complex128": torch.complex128}
REAL = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]
inf, nan = math.inf, math.nan


def j(t):
    if t.is_complex():
        r = t2j(torch.view_as_real(t.resolve_conj()))
        r["dtype"] = str(t.dtype).replace("torch.", "")
        r["shape"] = list(t.shape)
        return r
    return t2j(t)


def add(op, inputs, output, args=None, **extra):
    c = {"op": op, "inputs": [j(x) for x in inputs], "output": j(output)}
    if args is not None:
        c["args"] = args
    c.update(extra)
    cases.append(c)


def cz(re, im, dtype=torch.complex128):
    return torch.complex(torch.tensor(re, dtype=torch.float64), torch.tensor(im, dtype=torch.float64)).to(dtype)


def w_for(t):
    n = (torch.view_as_real(t) if t.is_complex() else t).numel()
    return torch.linspace(-1.0, 1.5, max(n, 1), dtype=torch.float64)[:n]


def grad_case(op, fn, inputs, args=None):
    xs = [x.clone().requires_grad_(True) for x in inputs]
    out = fn(*xs).resolve_conj()
    real = torch.view_as_real(out) if out.is_complex() else out
    (real * w_for(out).reshape(real.shape).to(real.dtype)).sum().backward()
    c = {"op": op, "inputs": [j(x) for x in inputs], "output": j(out), "grads": [j(x.grad) for x in xs]}
    if args is not None:
        c["args"] = args
    cases.append(c)


torch.manual_seed(0)
z64 = torch.randn(2, 3, dtype=torch.complex64)
z128 = torch.randn(2, 3, dtype=torch.complex128)

# ------------------------------------------------------------------ type promotion
for cn, ct in C.items():
    z = torch.randn(3, dtype=ct)
    z0 = torch.randn((), dtype=ct)
    for rn in REAL:
        r = (torch.arange(3) % 2 == 0) if rn == "bool" else torch.tensor([1.5, -2.0, 3.0]).to(getattr(torch, rn))
        r0 = r[0].clone()
        add("add", [z, r], z + r)
        add("add", [r, z], r + z)
        add("add", [z, r0], z + r0)          # 0-d real tensor with a dimensioned complex one
        if rn != "float16":  # PyTorch gives complex32 (ComplexHalf), which torch4j lacks: complex64 there
            add("mul", [z0, r], z0 * r)      # 0-d complex with a dimensioned real one
    for s in (2, 2.5, True):
        add("add_scalar", [z], z + s, {"value": s})
        add("mul_scalar", [z], z * s, {"value": s})
for rn in ("float32", "float64", "int64", "bfloat16"):
    r = torch.tensor([1.5, -2.0, 3.0]).to(getattr(torch, rn))
    add("add", [r, torch.tensor(1 + 2j, dtype=torch.complex128)], r + torch.tensor(1 + 2j, dtype=torch.complex128))
    add("add", [r, torch.tensor(1 + 2j, dtype=torch.complex64)], r + torch.tensor(1 + 2j, dtype=torch.complex64))

# ------------------------------------------------------------------ arithmetic
for cn, ct in C.items():
    a, b = torch.randn(2, 3, dtype=ct), torch.randn(3, dtype=ct)
    for op, f in (("add", torch.add), ("sub", torch.sub), ("mul", torch.mul), ("div", torch.div)):
        add(op, [a, b], f(a, b))
    add("sub_scalar", [a], a - 1.5, {"value": 1.5})
    add("div_scalar", [a], a / 4, {"value": 4})
    add("rsub_scalar", [a], 2.0 - a, {"value": 2.0})


def emulate_div(x, y):
    """c10::complex<T>::operator/= of PyTorch 2.x, on the parts in the complex dtype's part precision."""
    a, b, c, d = x.real, x.imag, y.real, y.imag
    ac, ad = c.abs(), d.abs()
    big = ac >= ad
    zero = (ac == 0) & (ad == 0)
    with torch.no_grad():
        rat1, rat2 = d / c, c / d
        scl1, scl2 = 1.0 / (c + d * rat1), 1.0 / (d + c * rat2)
        re = torch.where(zero, a / ac, torch.where(big, (a + b * rat1) * scl1, (a * rat2 + b) * scl2))
        im = torch.where(zero, b / ad, torch.where(big, (b - a * rat1) * scl1, (b * rat2 - a) * scl2))
    return torch.complex(re, im)


nums = [1 + 1j, 0j, 0j, 1 + 0j, complex(inf, 0), 3 - 2j, complex(nan, 0), 1e30 + 1e30j, 2 + 3j, -1 - 1j, complex(1, inf), 5j]
dens = [0j, 0j, 1j, complex(inf, 0), 1 + 1j, complex(0, -0.0), 1 + 1j, 1e30 + 1e-30j, complex(inf, inf), 1e-30 + 0j, 2 + 0j, complex(0, inf)]
for cn, ct in C.items():
    x = torch.tensor(nums, dtype=ct)
    y = torch.tensor(dens, dtype=ct)
    e = emulate_div(x, y)
    # 1.13 squares the parts: compare where that neither overflows nor underflows
    ordinary = (x.abs() < 1e10) & (y.abs() < 1e10) & (y.abs() > 1e-10)
    assert torch.allclose(e[ordinary], (x / y)[ordinary], rtol=1e-5), (e[ordinary], (x / y)[ordinary])
    add("div", [x, y], e, note="2.x division")
    xa, ya = torch.randn(5, dtype=ct), torch.randn(5, dtype=ct)
    assert torch.allclose(emulate_div(xa, ya), xa / ya, rtol=1e-5)

# ------------------------------------------------------------------ pow
for cn, ct in C.items():
    a = torch.tensor([1 + 1j, -2 + 0.5j, 0.3 - 1.2j, -1 + 0j, 2j, 4 + 0j], dtype=ct)
    b = torch.tensor([0.5 - 1j, 2 + 0j, -1.5 + 0.25j, 0.5 + 0j, 3 + 0j, -0.5 + 0j], dtype=ct)
    add("pow", [a, b], a ** b)
    for s in (2, 3, 0.5, -1, -2, 2.5, 0, 1):
        add("pow_scalar", [a], a ** s, {"value": s})
    r = torch.tensor([1.5, 2.0, 0.5, 3.0, 1.0, 2.5], dtype=torch.float32 if ct == torch.complex64 else torch.float64)
    add("pow", [r, b], r ** b)
    add("pow", [a, r], a ** r)

# ------------------------------------------------------------------ unary, with branch cuts and signed zeros
UNARY = ["exp", "log", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "sigmoid", "reciprocal", "square", "abs",
         "angle", "sgn", "conj", "neg", "isnan", "isinf", "isfinite"]
vals = [1 + 1j, -2 + 0.5j, 0.3 - 1.2j, complex(-1, 0.0), complex(-1, -0.0), complex(0.0, 0.0), complex(-0.0, 0.0),
        4 + 0j, complex(-4, 0.0), complex(-4, -0.0), 0 + 2j, 0 - 2j, 3 - 4j, -0.5 - 0.5j]
special = [complex(inf, 0), complex(nan, 1), complex(1, nan), complex(-inf, 0)]
for cn, ct in C.items():
    x = torch.tensor(vals, dtype=ct)
    for u in UNARY:
        y = getattr(torch, u)(x)
        if u == "conj":
            y = y.resolve_conj()
        add(u, [x], y)
    xs = torch.tensor(special, dtype=ct)
    for u in ("isnan", "isinf", "isfinite", "abs", "conj", "neg"):
        add(u, [xs], getattr(torch, u)(xs).resolve_conj())

# ------------------------------------------------------------------ reductions and products
for cn, ct in C.items():
    x = torch.randn(2, 3, 4, dtype=ct)
    for dims in ([0], [1], [-1], [0, 2]):
        for keep in (False, True):
            add("sum", [x], x.sum(dims, keepdim=keep), {"dims": dims, "keepdim": keep})
            add("mean", [x], x.mean(dims, keepdim=keep), {"dims": dims, "keepdim": keep})
    add("sum_all", [x], x.sum())
    add("mean_all", [x], x.mean())
    add("prod_all", [x[0]], x[0].prod())
    add("prod", [x], x.prod(1, keepdim=True), {"dim": 1, "keepdim": True})
    add("prod", [x], x.prod(-1), {"dim": -1, "keepdim": False})
    a, b = torch.randn(3, 4, dtype=ct), torch.randn(4, 2, dtype=ct)
    add("mm", [a, b], a.mm(b))
    a3, b3 = torch.randn(2, 3, 4, dtype=ct), torch.randn(2, 4, 2, dtype=ct)
    add("matmul", [a3, b], torch.matmul(a3, b))
    add("bmm", [a3, b3], torch.bmm(a3, b3))
    v = torch.randn(4, dtype=ct)
    add("mv", [a, v], torch.mv(a, v))
    u = torch.randn(4, dtype=ct)
    add("dot", [u, v], (u * v).sum(), note="1.13's complex dot/vdot return 0 here (its BLAS)")
    add("vdot", [u, v], (u.conj() * v).sum(), note="1.13's complex dot/vdot return 0 here (its BLAS)")
    for p in (2, 1, inf, 3, 0):
        add("vector_norm", [x], torch.linalg.vector_norm(x, p), {"ord": p})
    add("vector_norm_dim", [x], torch.linalg.vector_norm(x, 2, dim=[1], keepdim=True), {"ord": 2, "dims": [1], "keepdim": True})
    add("norm", [x], x.norm())

# ------------------------------------------------------------------ creation, random, casts, copies
for cn, ct in C.items():
    add("zeros", [], torch.zeros(2, 3, dtype=ct))
    add("ones", [], torch.ones(2, 3, dtype=ct))
    add("full", [], torch.full((2, 2), 2.5, dtype=ct), {"value": 2.5})
    x = torch.randn(2, 2, dtype=ct)
    add("zeros_like", [x], torch.zeros_like(x))
    add("ones_like", [x], torch.ones_like(x))
    add("full_like", [x], torch.full_like(x, -1.5), {"value": -1.5})
    torch.manual_seed(7)
    add("randn", [], torch.randn(5, dtype=ct), {"seed": 7})
    torch.manual_seed(7)
    add("rand", [], torch.rand(5, dtype=ct), {"seed": 7})
    torch.manual_seed(11)
    add("randn", [], torch.randn(3, 7, dtype=ct), {"seed": 11})
    for rn in REAL:
        rt = getattr(torch, rn)
        if rn == "bool":
            continue
        src = torch.tensor([1.25, -3.0, 7.5]).to(rt)
        add("to", [src], src.to(ct), {"dtype": cn})
    xr = torch.tensor([1.25 - 2j, -3.5 + 1j, 0.5 + 0.5j], dtype=ct)
    for rn in ("float32", "float64", "int64", "int32", "float16"):
        with __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore")
            add("to", [xr], xr.to(getattr(torch, rn)), {"dtype": rn})
    other = "complex128" if cn == "complex64" else "complex64"
    add("to", [xr], xr.to(C[other]), {"dtype": other})
    dst = torch.zeros(2, 3, dtype=ct)
    add("copy_", [dst, torch.tensor([1.0, 2.0, -3.0])], dst.clone().copy_(torch.tensor([1.0, 2.0, -3.0])))
    add("copy_", [dst, xr.to(torch.complex128)], dst.clone().copy_(xr.to(torch.complex128)))
    with __import__("warnings").catch_warnings():
        __import__("warnings").simplefilter("ignore")
        add("copy_", [torch.zeros(3), xr], torch.zeros(3).copy_(xr))

# ------------------------------------------------------------------ ops that move, select or compare elements
for cn, ct in C.items():
    x = torch.randn(3, 4, dtype=ct)
    y = torch.randn(3, 4, dtype=ct)
    m = torch.tensor([[True, False, True, False], [False, False, True, True], [True, True, False, False]])
    add("where", [m, x, y], torch.where(m, x, y))
    add("where", [m, x, torch.tensor(2.0)], torch.where(m, x, torch.tensor(2.0, dtype=ct)))
    add("masked_fill", [x, m], x.masked_fill(m, 2.5), {"value": 2.5})
    add("masked_fill_t", [x, m, torch.tensor(1 - 1j, dtype=ct)], x.masked_fill(m, torch.tensor(1 - 1j, dtype=ct)))
    idx = torch.tensor([2, 0, 2])
    add("index_select", [x, idx], x.index_select(1, idx), {"dim": 1})
    add("index_tensor", [x, idx], x[idx])
    add("index_mask", [x, m], x[m])
    add("index_basic", [x], x[1:, ::2], {})
    g = torch.tensor([[0, 3], [1, 1], [2, 0]])
    add("gather", [x, g], x.gather(1, g), {"dim": 1})
    src = torch.randn(3, 2, dtype=ct)
    add("scatter", [x, g, src], x.scatter(1, g, src), {"dim": 1})
    vals = torch.randn(3, 4, dtype=ct)
    ip = x.clone()
    ip[torch.tensor([0, 2])] = vals[:2]
    add("index_put", [x, torch.tensor([0, 2]), vals[:2]], ip)
    ipa = x.clone()
    ipa.index_put_((torch.tensor([0, 0, 2]),), vals[:3], accumulate=True)
    add("index_put_acc", [x, torch.tensor([0, 0, 2]), vals[:3]], ipa)
    add("flip", [x], x.flip([0, 1]), {"dims": [0, 1]})
    add("roll", [x], x.roll(1, 1), {"shift": 1, "dim": 1})
    add("repeat", [x], x.repeat(2, 1), {"repeats": [2, 1]})
    add("tril", [x], x.tril(), {"diagonal": 0})
    add("triu", [x], x.triu(1), {"diagonal": 1})
    yy = x + 1e-7 * torch.randn(3, 4, dtype=ct)
    yy[0, 0] = complex(nan, 0)
    xx = x.clone()
    xx[0, 0] = complex(nan, 0)
    add("isclose", [xx, yy], torch.isclose(xx, yy), {"equal_nan": False})
    add("isclose", [xx, yy], torch.isclose(xx, yy, equal_nan=True), {"equal_nan": True})
    add("isclose", [x, x.conj().resolve_conj()], torch.isclose(x, x.conj().resolve_conj()), {"equal_nan": False})
    cases.append({"op": "allclose", "inputs": [j(x), j(x * (1 + 1e-9))], "output": torch.allclose(x, x * (1 + 1e-9))})
    cases.append({"op": "allclose", "inputs": [j(x), j(x.conj().resolve_conj())], "output": torch.allclose(x, x.conj().resolve_conj())})
    cases.append({"op": "equal", "inputs": [j(x), j(x.clone())], "output": torch.equal(x, x.clone())})
    cases.append({"op": "equal", "inputs": [j(x), j(x.conj().resolve_conj())], "output": torch.equal(x, x.conj().resolve_conj())})
    add("eq", [x, xx], x == xx)
    add("ne", [x, xx], x != xx)
    add("reshape_t", [x], x.t().reshape(12))
    add("flatten_t", [x], x.t().flatten())

# ------------------------------------------------------------------ gradients (complex leaves, real losses)
GRAD = {
    "mul": lambda a, b: a * b, "div": lambda a, b: a / b, "add": lambda a, b: a + b, "sub": lambda a, b: a - b,
    "pow": lambda a, b: a ** b, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "sin": torch.sin,
    "cos": torch.cos, "tan": torch.tan, "sinh": torch.sinh, "cosh": torch.cosh, "tanh": torch.tanh,
    "sigmoid": torch.sigmoid, "reciprocal": torch.reciprocal, "square": torch.square, "abs": torch.abs,
    "angle": torch.angle, "sgn": torch.sgn, "conj": lambda a: a.conj(), "neg": torch.neg,
    "sum": lambda a: a.sum(0), "mean": lambda a: a.mean(-1, keepdim=True), "prod": lambda a: a.prod(),
    "matmul": lambda a, b: a.unsqueeze(0).t() @ b.unsqueeze(0), "vdot": lambda a, b: (a.conj() * b).sum(), "dot": lambda a, b: (a * b).sum(),  # 1.13's BLAS dot gives 0
    "vector_norm": lambda a: torch.linalg.vector_norm(a), "flip": lambda a: a.flip(0), "tril": lambda a: a.reshape(2, 2).tril(),
    "select": lambda a: a.reshape(2, 2).select(1, 1), "permute_reshape": lambda a: a.reshape(2, 2).t().reshape(4),
    "expand": lambda a: a.unsqueeze(0).expand(3, 4), "narrow": lambda a: a.narrow(0, 1, 2),
    "index_select": lambda a: a.index_select(0, torch.tensor([3, 0, 3])),
    "where": lambda a, b: torch.where(torch.tensor([True, False, False, True]), a, b),
}
BINARY = {"mul", "div", "add", "sub", "pow", "matmul", "vdot", "dot", "where"}
for cn, ct in C.items():
    p = torch.tensor([1 + 1j, -2 + 0.5j, 0.3 - 1.2j, 0.7 + 0.2j], dtype=ct)
    q = torch.tensor([0.5 - 1j, 2 + 1j, -1.5 + 0.25j, 1 + 0.5j], dtype=ct)
    for name, f in GRAD.items():
        n = 2 if name in BINARY else 1
        grad_case("grad_" + name, f, [p, q][:n])
    zero = torch.tensor([0j, 3 + 4j], dtype=ct)
    for name in ("abs", "angle", "sgn", "vector_norm"):
        grad_case("grad_" + name, GRAD[name], [zero])   # PyTorch gives 0 at 0

# ------------------------------------------------------------------ ops PyTorch refuses for complex
ERRORS = {"relu": (torch.relu, "relu"), "max": (torch.max, "max"), "lt": (lambda a: a < a, "lt"),
          "clamp": (lambda a: a.clamp(0, 1), "clamp"), "sort": (torch.sort, "sort"), "floor": (torch.floor, "floor"),
          "min": (torch.min, "min"), "gt": (lambda a: a > a, "gt")}
x = torch.randn(3, dtype=torch.complex64)
for name, (f, expect) in ERRORS.items():
    try:
        f(x)
        raise AssertionError(name + " worked on complex")
    except RuntimeError as e:
        cases.append({"op": "error_" + name, "inputs": [j(x)], "error": str(e).splitlines()[0], "expect": expect})

write("complex", cases)
