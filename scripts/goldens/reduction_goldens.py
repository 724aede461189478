#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/reductions.json: reductions, scans, softmax and sorting from real PyTorch.

Run from the repository root with a Python that has torch (here /usr/bin/python3, PyTorch 1.13):
    /usr/bin/python3 scripts/goldens/reduction_goldens.py

The "cases" list holds two kinds of entries, so each input is stored once:
  {"input": id, "base": tensor, "size": [...], "stride": [...], "offset": n}
      an input, as a contiguous 1-d base plus the as_strided view PyTorch used (transposed, stepped, expanded ...);
  {"op": name, "x": id, "kw": {...}, "out": tensor}  or  {..., "values": tensor, "indices": tensor}
      an op applied to input id with keyword arguments (dims=None means all dims); or
  {"op": name, "x": id, "kw": {...}, "error": message}
      PyTorch's error message, which torch4j's must contain.
Float inputs are multiples of 1/8 so they print short and contain ties (first-occurrence and stability checks).
Sorts with stable=False and topk use inputs without ties, since PyTorch leaves the order of equal elements open there.

PyTorch 2.x differences, followed by torch4j and so not taken from this PyTorch: var/std's `correction` keyword
without dims (1.13 rejects it; cases here pass dims), torch.norm's errors (2.x routes it to linalg.vector_norm:
see ReductionsTest), cumsum of float16 (1.13 has no CPU kernel; 2.2 added it, pytorch/pytorch#103319).
"""
import math

import torch

from common import t2j, write

torch.manual_seed(0)

cases = []
_inputs = {}


def inp(x, base):
    """Registers x (a view of the contiguous tensor base) and returns its id."""
    assert base.is_contiguous() and base.storage_offset() == 0
    key = (id(base), tuple(x.size()), tuple(x.stride()), x.storage_offset(), str(x.dtype))
    if key in _inputs:
        return _inputs[key][0]
    i = len(_inputs)
    _inputs[key] = (i, base)  # keep base alive so id() stays unique
    cases.append({"input": i, "base": t2j(base.reshape(-1)), "size": list(x.size()), "stride": list(x.stride()),
                  "offset": x.storage_offset()})
    return i


def quant(shape, dtype):
    """Multiples of 1/8 in [-5, 5] (float), small integers (int), or a random mask (bool)."""
    if dtype == torch.bool:
        return torch.rand(shape) > 0.5
    if dtype.is_floating_point:
        return (torch.randint(-40, 41, shape) / 8).to(dtype)
    return torch.randint(-4, 5, shape).to(dtype)


def distinct(shape, dtype):
    """Distinct values (no ties), shuffled."""
    n = math.prod(shape)
    v = torch.randperm(n) - n // 2
    return (v.to(dtype) / 4 if dtype.is_floating_point else v.to(dtype)).reshape(shape)


def layouts(dtype, which, make=quant):
    """(name, view, base) for a logical [3, 4] (2-d) or [2, 3, 4] (3-d) input in several memory layouts."""
    out = []
    if "contig" in which:
        b = make((3, 4), dtype)
        out.append(("contig", b, b))
    if "t" in which:
        b = make((4, 3), dtype)
        out.append(("t", b.t(), b))
    if "step" in which:
        b = make((3, 8), dtype)
        out.append(("step", b[:, 1::2], b))
    if "expand" in which:
        b = make((3, 1), dtype)
        out.append(("expand", b.expand(3, 4), b))
    if "3d" in which:
        b = make((2, 3, 4), dtype)
        out.append(("3d", b, b))
    if "3dperm" in which:
        b = make((4, 2, 3), dtype)
        out.append(("3dperm", b.permute(1, 2, 0), b))
    return out


DIMS_2D = [(None, False), ([0], False), ([1], True), ([-1], False), ([0, 1], True)]
DIMS_3D = [(None, True), ([0, 2], False), ([1], True), ([-3, -1], True)]
ALL_LAYOUTS = ["contig", "t", "step", "expand", "3d", "3dperm"]


def dims_for(x):
    return DIMS_3D if x.dim() == 3 else DIMS_2D


def add(op, x, base, kw, fn):
    """Runs fn(x) in PyTorch and records the result (tensor, (values, indices) pair, or the error)."""
    c = {"op": op, "x": inp(x, base), "kw": kw}
    try:
        r = fn(x)
    except Exception as e:  # noqa: BLE001 - the message is the golden
        c["error"] = str(e).split("\n")[0]
        cases.append(c)
        return
    if isinstance(r, tuple):
        c["values"], c["indices"] = t2j(r[0]), t2j(r[1])
    else:
        c["out"] = t2j(r)
    cases.append(c)


def dimarg(dims):
    return tuple(dims) if dims is not None else None


def tdt(name):
    return None if name is None else getattr(torch, name)


def dims_op(op, dtypes_layouts, fn, extra=({},)):
    """An op taking (dims, keepdim) over every (dtype, layout) pair and dim combination, plus extra kwargs."""
    for dtype, which in dtypes_layouts:
        for _, x, b in layouts(dtype, which):
            for dims, keep in dims_for(x):
                for e in extra:
                    kw = dict(dims=dims, keepdim=keep, **e)
                    add(op, x, b, kw, lambda t, kw=kw: fn(t, kw))


F32_ALL = (torch.float32, ALL_LAYOUTS)
F64 = (torch.float64, ["contig", "t", "3dperm"])
I64 = (torch.int64, ["contig", "step", "3d"])
BOOL = (torch.bool, ["contig", "expand"])


def red(name):
    def fn(t, kw):
        d = dimarg(kw["dims"])
        f = getattr(torch, name)
        extra = {"dtype": tdt(kw["dtype"])} if kw.get("dtype") else {}
        if d is None:
            r = f(t, **extra)
            return r.reshape([1] * t.dim()) if kw["keepdim"] else r
        return f(t, d, keepdim=kw["keepdim"], **extra)
    return fn


# ---------------------------------------------------------------- sum, mean, prod
dims_op("sum", [F32_ALL, F64, I64, BOOL], red("sum"))
dims_op("sum", [(torch.float32, ["t"]), (torch.int64, ["contig"])], red("sum"), extra=({"dtype": "float64"},))
dims_op("sum", [(torch.int32, ["contig"]), (torch.uint8, ["step"]), (torch.float16, ["contig"])], red("sum"))
dims_op("mean", [F32_ALL, F64], red("mean"))
dims_op("mean", [(torch.int64, ["contig", "3d"])], red("mean"), extra=({"dtype": "float64"},))
for dtype, which in [F32_ALL, F64, I64, BOOL]:
    for _, x, b in layouts(dtype, which):
        add("prod", x, b, {"dim": None, "keepdim": False}, lambda t: torch.prod(t))
        for dim, keep in [(0, False), (-1, True)]:
            add("prod", x, b, {"dim": dim, "keepdim": keep}, lambda t, dim=dim, keep=keep: torch.prod(t, dim, keepdim=keep))
xi = quant((3, 4), torch.int64)
add("prod", xi, xi, {"dim": 1, "keepdim": False, "dtype": "float32"}, lambda t: torch.prod(t, 1, dtype=torch.float32))

# ---------------------------------------------------------------- max, min, amax, amin, argmax, argmin
for dtype, which in [F32_ALL, F64, I64, BOOL, (torch.uint8, ["contig"])]:
    for _, x, b in layouts(dtype, which, make=lambda s, d: quant(s, d) if d != torch.uint8 else torch.randint(0, 256, s).to(d)):
        add("max", x, b, {}, lambda t: torch.max(t))
        add("min", x, b, {}, lambda t: torch.min(t))
        for dim, keep in [(0, False), (1, True), (-1, False)]:
            add("max_dim", x, b, {"dim": dim, "keepdim": keep}, lambda t, dim=dim, keep=keep: torch.max(t, dim, keepdim=keep))
            add("min_dim", x, b, {"dim": dim, "keepdim": keep}, lambda t, dim=dim, keep=keep: torch.min(t, dim, keepdim=keep))
        if dtype != torch.bool:
            add("argmax", x, b, {"dim": None, "keepdim": False}, lambda t: torch.argmax(t))
            add("argmin", x, b, {"dim": None, "keepdim": False}, lambda t: torch.argmin(t))
            for dim, keep in [(0, False), (1, True), (-1, False)]:
                add("argmax", x, b, {"dim": dim, "keepdim": keep}, lambda t, dim=dim, keep=keep: torch.argmax(t, dim, keepdim=keep))
                add("argmin", x, b, {"dim": dim, "keepdim": keep}, lambda t, dim=dim, keep=keep: torch.argmin(t, dim, keepdim=keep))
dims_op("amax", [F32_ALL, I64, BOOL], red("amax"))
dims_op("amin", [F32_ALL, F64], red("amin"))
# ties: the first occurrence wins
ties = torch.tensor([[3., 1., 3., 0.], [2., 2., 0., 2.], [-1., -1., -1., -1.]])
for op in ["argmax", "argmin"]:
    add(op, ties, ties, {"dim": None, "keepdim": False}, lambda t, op=op: getattr(torch, op)(t))
    add(op, ties, ties, {"dim": 1, "keepdim": False}, lambda t, op=op: getattr(torch, op)(t, 1))
add("max_dim", ties, ties, {"dim": 1, "keepdim": False}, lambda t: torch.max(t, 1))
add("min_dim", ties, ties, {"dim": 0, "keepdim": True}, lambda t: torch.min(t, 0, keepdim=True))
add("argmax", ties, ties, {"dim": None, "keepdim": True}, lambda t: torch.argmax(t, keepdim=True))
# NaN: max/min propagate it; argmax/argmin/max(dim) point at the first NaN
nan = float("nan")
xn = torch.tensor([[1., nan, 2., nan], [-math.inf, 0., math.inf, -1.], [nan, 5., -5., 0.]])
for op, fn in [("max", torch.max), ("min", torch.min)]:
    add(op, xn, xn, {}, fn)
for op in ["argmax", "argmin"]:
    add(op, xn, xn, {"dim": None, "keepdim": False}, lambda t, op=op: getattr(torch, op)(t))
    add(op, xn, xn, {"dim": 1, "keepdim": False}, lambda t, op=op: getattr(torch, op)(t, 1))
    add(op, xn, xn, {"dim": 0, "keepdim": False}, lambda t, op=op: getattr(torch, op)(t, 0))
for op in ["max_dim", "min_dim"]:
    f = torch.max if op == "max_dim" else torch.min
    add(op, xn, xn, {"dim": 1, "keepdim": False}, lambda t, f=f: f(t, 1))
    add(op, xn, xn, {"dim": 0, "keepdim": True}, lambda t, f=f: f(t, 0, keepdim=True))
for op in ["amax", "amin"]:
    add(op, xn, xn, {"dims": [1], "keepdim": False}, lambda t, op=op: getattr(torch, op)(t, 1))
    add(op, xn, xn, {"dims": [0], "keepdim": False}, lambda t, op=op: getattr(torch, op)(t, 0))

# ---------------------------------------------------------------- var, std, logsumexp


def var_fn(name):
    def fn(t, kw):
        f = getattr(torch, name)
        d = dimarg(kw["dims"]) if kw["dims"] is not None else tuple(range(t.dim()))
        return f(t, d, correction=kw["correction"], keepdim=kw["keepdim"])
    return fn


for name in ["var", "std"]:
    dims_op(name, [F32_ALL, F64], var_fn(name), extra=({"correction": 1},))
    dims_op(name, [(torch.float32, ["contig", "3dperm"])], var_fn(name), extra=({"correction": 0}, {"correction": 2}))
dims_op("logsumexp", [F32_ALL, F64], lambda t, kw: torch.logsumexp(t, dimarg(kw["dims"]) or tuple(range(t.dim())), kw["keepdim"]))
dims_op("logsumexp", [(torch.int64, ["contig"])], lambda t, kw: torch.logsumexp(t, dimarg(kw["dims"]) or tuple(range(t.dim())), kw["keepdim"]))
xl = torch.tensor([[math.inf, math.inf, 0.], [-math.inf, -math.inf, -math.inf], [1000., 1000., -1000.], [nan, 1., 2.]])
add("logsumexp", xl, xl, {"dims": [1], "keepdim": False}, lambda t: torch.logsumexp(t, 1))

# ---------------------------------------------------------------- all, any, count_nonzero, norm
for dtype, which in [(torch.float32, ["contig", "t"]), I64, BOOL, (torch.uint8, ["contig"])]:
    for _, x, b in layouts(dtype, which, make=lambda s, d: quant(s, d) if d != torch.uint8 else torch.randint(0, 3, s).to(d)):
        for op in ["all", "any"]:
            add(op, x, b, {"dim": None, "keepdim": False}, lambda t, op=op: getattr(torch, op)(t))
            for dim, keep in [(0, False), (-1, True)]:
                add(op, x, b, {"dim": dim, "keepdim": keep}, lambda t, op=op, dim=dim, keep=keep: getattr(torch, op)(t, dim, keep))
        for dims in [None, [0], [0, 1]]:
            add("count_nonzero", x, b, {"dims": dims}, lambda t, dims=dims: torch.count_nonzero(t, dimarg(dims)))
xa = torch.tensor([[nan, 0., 0.], [0., 0., 0.], [1., 1., -1.]])
for op in ["all", "any"]:
    add(op, xa, xa, {"dim": 1, "keepdim": False}, lambda t, op=op: getattr(torch, op)(t, 1))
add("count_nonzero", xa, xa, {"dims": [1]}, lambda t: torch.count_nonzero(t, 1))


def norm_fn(t, kw):
    d = dimarg(kw["dims"])
    if d is None:
        r = torch.norm(t, kw["p"])
        return r.reshape([1] * t.dim()) if kw["keepdim"] else r
    return torch.norm(t, kw["p"], d, kw["keepdim"])


dims_op("norm", [(torch.float32, ["contig", "3dperm"])], norm_fn,
        extra=[{"p": p} for p in [2.0, 1.0, math.inf, -math.inf, 0.0, 3.0, -1.0, 0.5]])
dims_op("norm", [(torch.float32, ["t", "expand"]), (torch.float64, ["step"])], norm_fn, extra=[{"p": 2.0}, {"p": math.inf}])
add("norm", xn, xn, {"p": 2.0, "dims": [1], "keepdim": False}, lambda t: torch.norm(t, 2, 1))
add("norm", xn, xn, {"p": math.inf, "dims": [0], "keepdim": False}, lambda t: torch.norm(t, math.inf, 0))

# ---------------------------------------------------------------- softmax, log_softmax
for name, f in [("softmax", torch.softmax), ("log_softmax", torch.log_softmax)]:
    for dtype, which in [F32_ALL, F64]:
        for _, x, b in layouts(dtype, which):
            for dim in range(-1, x.dim()):
                add(name, x, b, {"dim": dim, "dtype": None}, lambda t, dim=dim, f=f: f(t, dim))
    add(name, xi, xi, {"dim": 1, "dtype": "float64"}, lambda t, f=f: f(t, 1, dtype=torch.float64))
    xf = quant((3, 4), torch.float32)
    add(name, xf, xf, {"dim": 0, "dtype": "float64"}, lambda t, f=f: f(t, 0, dtype=torch.float64))
    add(name, xl, xl, {"dim": 1, "dtype": None}, lambda t, f=f: f(t, 1))
    big = torch.tensor([[1000., 1001., 1002.], [-1000., -1001., -1002.]])
    add(name, big, big, {"dim": 1, "dtype": None}, lambda t, f=f: f(t, 1))

# ---------------------------------------------------------------- cumsum, cumprod
for name in ["cumsum", "cumprod"]:
    f = getattr(torch, name)
    for dtype, which in [F32_ALL, F64, I64, BOOL, (torch.int32, ["t"])]:
        for _, x, b in layouts(dtype, which):
            for dim in range(-1, x.dim()):
                add(name, x, b, {"dim": dim, "dtype": None}, lambda t, dim=dim, f=f: f(t, dim))
    add(name, xi, xi, {"dim": 1, "dtype": "float32"}, lambda t, f=f: f(t, 1, dtype=torch.float32))
    add(name, xn, xn, {"dim": 1, "dtype": None}, lambda t, f=f: f(t, 1))

# ---------------------------------------------------------------- sort, argsort, topk
for dtype, which in [F32_ALL, F64, I64, BOOL]:
    for _, x, b in layouts(dtype, which):
        for dim in [0, -1]:
            for desc in [False, True]:
                add("sort", x, b, {"dim": dim, "descending": desc, "stable": True},
                    lambda t, dim=dim, desc=desc: torch.sort(t, dim=dim, descending=desc, stable=True))
        add("argsort", x, b, {"dim": 1, "descending": True, "stable": True},
            lambda t: torch.sort(t, dim=1, descending=True, stable=True)[1])
for dtype, which in [(torch.float32, ["contig", "t", "3dperm"]), (torch.int64, ["step"])]:
    for _, x, b in layouts(dtype, which, make=distinct):
        for dim in [0, -1]:
            add("sort", x, b, {"dim": dim, "descending": False, "stable": False}, lambda t, dim=dim: torch.sort(t, dim))
            add("argsort", x, b, {"dim": dim, "descending": True, "stable": False},
                lambda t, dim=dim: torch.argsort(t, dim, descending=True))
            for k, largest in [(1, True), (2, False), (3, True)]:
                add("topk", x, b, {"k": k, "dim": dim, "largest": largest, "sorted": True},
                    lambda t, k=k, dim=dim, largest=largest: torch.topk(t, k, dim, largest, True))
xs = torch.tensor([[1., nan, 2., nan, -math.inf, math.inf, 0., -0.], [0., -0., 0., -0., 3., 3., 3., 3.]])
for desc in [False, True]:
    add("sort", xs, xs, {"dim": 1, "descending": desc, "stable": True}, lambda t, desc=desc: torch.sort(t, dim=1, descending=desc, stable=True))
add("topk", xs[:1], xs, {"k": 3, "dim": 1, "largest": True, "sorted": True}, lambda t: torch.topk(t, 3, 1))
xt = torch.tensor([1., nan, 2., nan, -5., 7.])
add("topk", xt, xt, {"k": 3, "dim": 0, "largest": False, "sorted": True}, lambda t: torch.topk(t, 3, largest=False))
add("topk", xt, xt, {"k": 6, "dim": 0, "largest": True, "sorted": True}, lambda t: torch.topk(t, 6))
add("topk", xt, xt, {"k": 0, "dim": 0, "largest": True, "sorted": True}, lambda t: torch.topk(t, 0))

# ---------------------------------------------------------------- 0-d and empty inputs
s0 = torch.tensor(2.5)
for op, kw, fn in [
    ("sum", {"dims": None, "keepdim": False}, lambda t: t.sum()),
    ("sum", {"dims": [0], "keepdim": True}, lambda t: t.sum(0, keepdim=True)),
    ("mean", {"dims": [-1], "keepdim": False}, lambda t: t.mean(-1)),
    ("prod", {"dim": 0, "keepdim": False}, lambda t: t.prod(0)),
    ("max", {}, lambda t: t.max()),
    ("max_dim", {"dim": 0, "keepdim": False}, lambda t: t.max(0)),
    ("argmax", {"dim": None, "keepdim": False}, lambda t: t.argmax()),
    ("argmin", {"dim": 0, "keepdim": True}, lambda t: t.argmin(0, keepdim=True)),
    ("amax", {"dims": [0], "keepdim": False}, lambda t: t.amax(0)),
    ("var", {"dims": [0], "correction": 0, "keepdim": False}, lambda t: t.var(0, correction=0)),
    ("std", {"dims": [0], "correction": 1, "keepdim": False}, lambda t: t.std(0)),
    ("logsumexp", {"dims": [0], "keepdim": False}, lambda t: t.logsumexp(0)),
    ("norm", {"p": 2.0, "dims": None, "keepdim": False}, lambda t: t.norm()),
    ("all", {"dim": 0, "keepdim": False}, lambda t: t.all(0)),
    ("softmax", {"dim": 0, "dtype": None}, lambda t: t.softmax(0)),
    ("log_softmax", {"dim": -1, "dtype": None}, lambda t: t.log_softmax(-1)),
    ("cumsum", {"dim": 0, "dtype": None}, lambda t: t.cumsum(0)),
    ("cumprod", {"dim": -1, "dtype": None}, lambda t: t.cumprod(-1)),
    ("sort", {"dim": 0, "descending": True, "stable": True}, lambda t: t.sort(dim=0, descending=True, stable=True)),
    ("topk", {"k": 1, "dim": 0, "largest": True, "sorted": True}, lambda t: t.topk(1)),
    ("count_nonzero", {"dims": None}, lambda t: torch.count_nonzero(t)),
]:
    add(op, s0, s0, kw, fn)
for shape in [(0, 3), (3, 0)]:
    e = torch.zeros(shape)
    for op, kw, fn in [
        ("sum", {"dims": None, "keepdim": False}, lambda t: t.sum()),
        ("sum", {"dims": [0], "keepdim": False}, lambda t: t.sum(0)),
        ("sum", {"dims": [1], "keepdim": True}, lambda t: t.sum(1, keepdim=True)),
        ("prod", {"dim": 0, "keepdim": False}, lambda t: t.prod(0)),
        ("mean", {"dims": None, "keepdim": False}, lambda t: t.mean()),
        ("mean", {"dims": [0], "keepdim": False}, lambda t: t.mean(0)),
        ("var", {"dims": [0], "correction": 1, "keepdim": False}, lambda t: t.var(0)),
        ("max", {}, lambda t: t.max()),
        ("max_dim", {"dim": 0, "keepdim": False}, lambda t: t.max(0)),
        ("max_dim", {"dim": 1, "keepdim": False}, lambda t: t.max(1)),
        ("amax", {"dims": None, "keepdim": False}, lambda t: t.amax()),
        ("amin", {"dims": [0], "keepdim": False}, lambda t: t.amin(0)),
        ("argmax", {"dim": None, "keepdim": False}, lambda t: t.argmax()),
        ("argmin", {"dim": 1, "keepdim": False}, lambda t: t.argmin(1)),
        ("logsumexp", {"dims": [1], "keepdim": False}, lambda t: t.logsumexp(1)),
        ("logsumexp", {"dims": [0], "keepdim": True}, lambda t: t.logsumexp(0, keepdim=True)),
        ("all", {"dim": None, "keepdim": False}, lambda t: t.all()),
        ("any", {"dim": 1, "keepdim": False}, lambda t: t.any(1)),
        ("norm", {"p": 2.0, "dims": None, "keepdim": False}, lambda t: t.norm()),
        ("norm", {"p": 1.0, "dims": [1], "keepdim": False}, lambda t: t.norm(1, 1)),
        ("softmax", {"dim": 1, "dtype": None}, lambda t: t.softmax(1)),
        ("log_softmax", {"dim": 0, "dtype": None}, lambda t: t.log_softmax(0)),
        ("cumsum", {"dim": 1, "dtype": None}, lambda t: t.cumsum(1)),
        ("sort", {"dim": 1, "descending": False, "stable": True}, lambda t: t.sort(dim=1, stable=True)),
        ("topk", {"k": 0, "dim": 1, "largest": True, "sorted": True}, lambda t: t.topk(0, 1)),
        ("count_nonzero", {"dims": [0]}, lambda t: torch.count_nonzero(t, 0)),
    ]:
        add(op, e, e, kw, fn)

# ---------------------------------------------------------------- errors (torch4j's message must contain PyTorch's)
x2 = torch.zeros(2, 3)
xl64 = torch.zeros(2, 3, dtype=torch.int64)
xb = torch.zeros(2, 3, dtype=torch.bool)
e03 = torch.zeros(0, 3)
for op, x, kw, fn in [
    ("sum", x2, {"dims": [2], "keepdim": False}, lambda t: t.sum(2)),
    ("sum", x2, {"dims": [0, -2], "keepdim": False}, lambda t: t.sum((0, -2))),
    ("mean", xl64, {"dims": None, "keepdim": False}, lambda t: t.mean()),
    ("mean", xl64, {"dims": None, "keepdim": False, "dtype": "int64"}, lambda t: t.mean(dtype=torch.int64)),
    ("mean", xb, {"dims": [0], "keepdim": False}, lambda t: t.mean(0)),
    ("max", e03, {}, lambda t: t.max()),
    ("max_dim", e03, {"dim": 0, "keepdim": False}, lambda t: t.max(0)),
    ("min_dim", e03, {"dim": -2, "keepdim": False}, lambda t: t.min(-2)),
    ("amax", e03, {"dims": [0], "keepdim": False}, lambda t: t.amax(0)),
    ("amin", e03, {"dims": None, "keepdim": False}, lambda t: t.amin()),
    ("argmax", e03, {"dim": None, "keepdim": False}, lambda t: t.argmax()),
    ("argmin", e03, {"dim": 0, "keepdim": False}, lambda t: t.argmin(0)),
    ("argmax", xb, {"dim": None, "keepdim": False}, lambda t: t.argmax()),
    ("max_dim", x2, {"dim": 5, "keepdim": False}, lambda t: t.max(5)),
    ("var", xl64, {"dims": [0], "correction": 1, "keepdim": False}, lambda t: t.var(0)),
    ("std", xb, {"dims": [0], "correction": 1, "keepdim": False}, lambda t: t.std(0)),
    ("softmax", xl64, {"dim": 1, "dtype": None}, lambda t: t.softmax(1)),
    ("softmax", xl64, {"dim": 0, "dtype": None}, lambda t: t.softmax(0)),
    ("log_softmax", xb, {"dim": -1, "dtype": None}, lambda t: t.log_softmax(-1)),
    ("softmax", x2, {"dim": 2, "dtype": None}, lambda t: t.softmax(2)),
    ("cumsum", x2, {"dim": -3, "dtype": None}, lambda t: t.cumsum(-3)),
    ("sort", x2, {"dim": 2, "descending": False, "stable": True}, lambda t: t.sort(2)),
    ("topk", x2, {"k": 4, "dim": 1, "largest": True, "sorted": True}, lambda t: t.topk(4)),
    ("topk", x2, {"k": -1, "dim": 1, "largest": True, "sorted": True}, lambda t: t.topk(-1)),
    ("topk", xb, {"k": 1, "dim": 1, "largest": True, "sorted": True}, lambda t: t.topk(1)),
    ("all", x2, {"dim": 2, "keepdim": False}, lambda t: t.all(2)),
]:
    add(op, x, x, kw, fn)
    assert "error" in cases[-1], (op, kw)

write("reductions", cases)
