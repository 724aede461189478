#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/grad_reductions.json from real PyTorch: for reductions, scans and the
softmax family, sort/topk, the matrix products, clamp and masked_fill, each case's output(s), grad_fn name(s), and
the input gradients for a random upstream gradient. Read by dev.torch4j.autograd.ReductionGradTest (suites
"reduction", "sorting", "clamp") and LinalgGradTest (suite "linalg").

Run from the repository root with a Python that has torch (here /usr/bin/python3, PyTorch 1.13):
    /usr/bin/python3 scripts/goldens/grad_reduction_goldens.py

Case layout:
  {"name", "op", "suite",
   "inputs": {name: tensor},         leaves; floating ones require grad (except those listed in "nograd")
   "nograd": [name]?,                floating inputs that do not require grad (matmul picks its path by requires_grad)
   "views": {name: view spec}?,      applied to the leaf before the op (non-contiguous inputs), as tensor_json.apply_view
   "args": {...},                    ints, floats, lists, bool masks
   "grad_fn": name | [names],        of the output (of each output for max/min over a dim, sort, topk: [values, indices])
   "out": tensor | [tensors], "gout": tensor | [tensor | null]   (null: that output gets no gradient)
   "grads": {name: tensor | null}}   gradient of each leaf requiring grad (null: PyTorch gives none)
In-place cases ("*_" ops) run on y = x * 2 (a non-leaf), or on a view of it ("target_view"); "out" is then y.
"no_gradcheck" gives the reason a case skips gradcheck (a point where the op is not differentiable: ties, values on a
clamp bound, a zero norm).

PyTorch 2.x notes (the Java API follows 2.x; values and gradients are the same in 1.13):
  - torch.norm(x, p, dim) is linalg.vector_norm in 2.x (LinalgVectorNormBackward0; 1.13 said NormBackward1), so the
    "norm" cases call torch.linalg.vector_norm, which 1.13 already has with 2.x's derivative.
  - matmul: 2.x's _matmul_impl squeezes 1-D @ 2-D with squeeze_.dim, numbered SqueezeBackward4 in 2.x's
    derivatives.yaml (1.13: SqueezeBackward3), and for 3-D @ 3-D with a batch of one that requires grad it squeezes
    that batch and takes the folded path (a 2-D operand requiring grad times a batch ends in .mT().contiguous():
    CloneBackward0; 1.13: UnsafeViewBackward0); a 2-D operand that does not require grad times a batch is not
    folded in 2.x (one bmm: UnsafeViewBackward0; 1.13: CloneBackward0). Those names are overridden below
    (MATMUL_2X); the values and gradients do not depend on the path.
"""
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import write  # noqa: E402
from tensor_json import apply_view, tj  # noqa: E402

warnings.filterwarnings("ignore")
torch.manual_seed(0)
F64 = torch.float64
T = torch.tensor


def rnd(*shape, dtype=F64):
    return torch.randn(*shape, dtype=dtype)


def F(*rows):
    return torch.tensor(rows, dtype=F64)


def gfn(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else None


# ---------------------------------------------------------------- ops (mirrored by the Java tests' switch)

def run_op(op, X, A):
    """X: inputs after views (by name); A: args. Returns a tensor or a list of tensors."""
    x = X.get("x")
    dim = A.get("dim")
    keep = A.get("keepdim", False)
    if op == "prod":
        return x.prod() if dim is None else x.prod(dim, keepdim=keep)
    if op == "max":
        return x.max() if dim is None else list(x.max(dim, keepdim=keep))
    if op == "min":
        return x.min() if dim is None else list(x.min(dim, keepdim=keep))
    if op == "amax":
        return x.amax(A["dims"], keepdim=keep)
    if op == "amin":
        return x.amin(A["dims"], keepdim=keep)
    if op == "var":
        return torch.var(x, A.get("dims"), correction=A["correction"], keepdim=keep)
    if op == "std":
        return torch.std(x, A.get("dims"), correction=A["correction"], keepdim=keep)
    if op == "logsumexp":
        return x.logsumexp(A["dims"], keepdim=keep)
    if op == "norm":
        return torch.linalg.vector_norm(x, A["p"], A.get("dims"), keepdim=keep)
    if op == "softmax":
        return x.softmax(dim)
    if op == "log_softmax":
        return x.log_softmax(dim)
    if op == "cumsum":
        return x.cumsum(dim)
    if op == "cumprod":
        return x.cumprod(dim)
    if op == "sort":
        if "stable" in A:
            return list(x.sort(stable=A["stable"], dim=dim, descending=A["descending"]))
        return list(x.sort(dim, A["descending"]))
    if op == "topk":
        return list(x.topk(A["k"], dim, A["largest"], True))
    if op == "mm":
        return X["a"].mm(X["b"])
    if op == "bmm":
        return X["a"].bmm(X["b"])
    if op == "mv":
        return X["a"].mv(X["b"])
    if op == "dot":
        return X["a"].dot(X["b"])
    if op == "matmul":
        return X["a"].matmul(X["b"])
    if op == "outer":
        return torch.outer(X["a"], X["b"])
    if op == "addmm":
        return torch.addmm(X["input"], X["a"], X["b"], beta=A["beta"], alpha=A["alpha"])
    if op == "clamp":
        return x.clamp(A.get("min"), A.get("max"))
    if op == "clamp_":
        return x.clamp_(A.get("min"), A.get("max"))
    if op == "clamp_min":
        return x.clamp_min(A["min"])
    if op == "clamp_max":
        return x.clamp_max(A["max"])
    if op == "clamp_tensor":
        return x.clamp(X.get("lo"), X.get("hi"))
    if op == "masked_fill":
        return x.masked_fill(A["mask"], A["value"])
    if op == "masked_fill_tensor":
        return x.masked_fill(A["mask"], X["v"])
    if op == "masked_fill_":
        return x.masked_fill_(A["mask"], A["value"])
    raise ValueError(op)


def enc_args(A):
    return {k: tj(v) if isinstance(v, torch.Tensor) else v for k, v in A.items()}


CASES = []
# grad_fn names PyTorch 2.x prints where 1.13 differs (see the module docstring)
MATMUL_2X = {}


def case(suite, name, op, inputs, args=None, views=None, target_view=None, nograd=(), gradcheck=None):
    """Runs op on fresh leaves and backprops a random upstream gradient through its floating outputs.
    gradcheck: None, or the reason the Java test skips gradcheck for this case."""
    args = args or {}
    views = views or {}
    leaves = {k: v.clone().requires_grad_(v.dtype.is_floating_point and k not in nograd) for k, v in inputs.items()}
    X = {k: apply_view(t, views.get(k)) for k, t in leaves.items()}
    if op.endswith("_"):
        y = X["x"] * 2
        X2 = dict(X)
        X2["x"] = apply_view(y, target_view) if target_view else y
        run_op(op, X2, args)
        out = y
    else:
        out = run_op(op, X, args)
    multi = isinstance(out, list)
    outs = out if multi else [out]
    gouts = [torch.randn(o.shape, dtype=o.dtype) if o.dtype.is_floating_point else None for o in outs]
    used = [(o, g) for o, g in zip(outs, gouts) if g is not None]
    names = [k for k, t in leaves.items() if t.requires_grad]
    grads = torch.autograd.grad([o for o, _ in used], [leaves[k] for k in names], [g for _, g in used],
                                allow_unused=True)
    fns = [gfn(o) for o in outs]
    if name in MATMUL_2X:
        fns = [MATMUL_2X[name]]
    c = {"suite": suite, "name": name, "op": op,
         "inputs": {k: tj(v) for k, v in inputs.items()},
         "args": enc_args(args),
         "grad_fn": fns if multi else fns[0],
         "out": [tj(o) for o in outs] if multi else tj(out),
         "gout": [None if g is None else tj(g) for g in gouts] if multi else tj(gouts[0]),
         "grads": {k: None if g is None else tj(g) for k, g in zip(names, grads)}}
    if views:
        c["views"] = views
    if nograd:
        c["nograd"] = list(nograd)
    if target_view:
        c["target_view"] = target_view
    if gradcheck:
        c["no_gradcheck"] = gradcheck
    CASES.append(c)


def R(name, op, inputs, args=None, **kw):
    case("reduction", name, op, inputs, args, **kw)


def S(name, op, inputs, args=None, **kw):
    case("sorting", name, op, inputs, args, **kw)


def L(name, op, inputs, args=None, **kw):
    case("linalg", name, op, inputs, args, **kw)


def C(name, op, inputs, args=None, **kw):
    case("clamp", name, op, inputs, args, **kw)


TIES = "ties: not differentiable there (the gradient is split; finite differences see one side)"
xT = [["t"]]
x34, x345 = rnd(3, 4), rnd(3, 4, 5)
z34 = F([1.5, 0.0, -2.0, 0.5], [0.0, 3.0, 0.0, -1.0], [2.0, -0.5, 1.25, 0.75])  # one zero in row 0, two in row 1
tie34 = F([1.0, 3.0, 3.0, -2.0], [0.5, -1.0, 0.5, 0.5], [3.0, 2.0, -4.0, -4.0])

# ---------------------------------------------------------------- prod
R("prod all", "prod", {"x": x34})
R("prod all one zero", "prod", {"x": F([1.5, 2.0, 0.0], [0.5, -2.0, 3.0])})
R("prod all two zeros", "prod", {"x": z34})
R("prod 0-d", "prod", {"x": rnd(())})
R("prod dim 1 zeros", "prod", {"x": z34}, {"dim": 1})
R("prod dim 0 keepdim zeros", "prod", {"x": z34}, {"dim": 0, "keepdim": True})
R("prod dim 0 xT", "prod", {"x": x34}, {"dim": 0}, views={"x": xT})
R("prod dim -1 3-d sliced", "prod", {"x": x345}, {"dim": -1}, views={"x": [["narrow", 2, 1, 3]]})

# ---------------------------------------------------------------- max, min, amax, amin
R("max all", "max", {"x": x34})
R("max all ties", "max", {"x": tie34}, gradcheck=TIES)
R("min all ties", "min", {"x": tie34}, gradcheck=TIES)
R("max dim 1", "max", {"x": x34}, {"dim": 1})
R("max dim 1 ties", "max", {"x": tie34}, {"dim": 1}, gradcheck=TIES)
R("max dim 0 keepdim xT", "max", {"x": x34}, {"dim": 0, "keepdim": True}, views={"x": xT})
R("min dim -1 3-d", "min", {"x": x345}, {"dim": -1})
R("min dim 0 keepdim ties", "min", {"x": tie34}, {"dim": 0, "keepdim": True}, gradcheck=TIES)
R("max 0-d dim 0", "max", {"x": rnd(())}, {"dim": 0})
R("amax dim 1 ties", "amax", {"x": tie34}, {"dims": [1]}, gradcheck=TIES)
R("amax all ties", "amax", {"x": tie34}, {"dims": []}, gradcheck=TIES)
R("amax dims 0,2 keepdim", "amax", {"x": x345}, {"dims": [0, 2], "keepdim": True})
R("amin dim 0 ties", "amin", {"x": tie34}, {"dims": [0]}, gradcheck=TIES)
R("amin dim 0 xT", "amin", {"x": x34}, {"dims": [0]}, views={"x": xT})

# ---------------------------------------------------------------- var, std, logsumexp
R("var all", "var", {"x": x34}, {"correction": 1})
R("var dim 1 biased", "var", {"x": x34}, {"dims": [1], "correction": 0})
R("var dims 0,2 keepdim correction 2", "var", {"x": x345}, {"dims": [0, 2], "correction": 2, "keepdim": True})
R("var dim 0 xT", "var", {"x": x34}, {"dims": [0], "correction": 1}, views={"x": xT})
# var with n <= correction: 1.13's backward fails (returns a 0-d gradient); 2.x's gives NaN / inf, checked by hand
# in ReductionGradTest
R("std all", "std", {"x": x34}, {"correction": 1})
R("std dim 1 keepdim", "std", {"x": x345}, {"dims": [1], "correction": 1, "keepdim": True})
R("std dim 1 constant row", "std", {"x": F([1.0, 2.0, 4.0], [0.5, 0.5, 0.5])}, {"dims": [1], "correction": 0},
  gradcheck="std is not differentiable where it is zero (PyTorch's subgradient is 0)")
R("logsumexp dim 1", "logsumexp", {"x": x34}, {"dims": [1]})
R("logsumexp all keepdim", "logsumexp", {"x": x34}, {"dims": [0, 1], "keepdim": True})
R("logsumexp dim 0 xT", "logsumexp", {"x": x345}, {"dims": [0]}, views={"x": [["transpose", 0, 2]]})

# ---------------------------------------------------------------- norm (torch.norm is linalg.vector_norm in 2.x)
zr = F([0.0, 0.0, 0.0], [1.0, -2.0, 0.5])
R("norm 2 all", "norm", {"x": x34}, {"p": 2.0})
R("norm 2 dim 1 zero row", "norm", {"x": zr}, {"p": 2.0, "dims": [1]},
  gradcheck="the 2-norm is not differentiable at 0 (PyTorch's subgradient is 0)")
R("norm 2 dim 0 keepdim xT", "norm", {"x": x34}, {"p": 2.0, "dims": [0], "keepdim": True}, views={"x": xT})
R("norm 1 all with zero", "norm", {"x": F([1.0, 0.0, -2.0], [0.5, -0.25, 3.0])}, {"p": 1.0},
  gradcheck="|x| is not differentiable at 0 (subgradient sign(0) = 0)")
R("norm 1 dim 0", "norm", {"x": x34}, {"p": 1.0, "dims": [0]})
R("norm inf ties", "norm", {"x": F([1.0, -3.0, 3.0], [0.5, 2.0, -1.0])}, {"p": float("inf")}, gradcheck=TIES)
R("norm inf dim 1", "norm", {"x": x34}, {"p": float("inf"), "dims": [1]})
R("norm -inf dim 0", "norm", {"x": x34}, {"p": float("-inf"), "dims": [0]})
R("norm 0", "norm", {"x": z34}, {"p": 0.0})
R("norm 3 dim 1", "norm", {"x": x34}, {"p": 3.0, "dims": [1]})
R("norm 1.5 zero row", "norm", {"x": zr}, {"p": 1.5, "dims": [1]}, gradcheck="not differentiable at a zero norm")
R("norm 0.5 all", "norm", {"x": x34}, {"p": 0.5})
R("norm -1.5 dim 0", "norm", {"x": x34}, {"p": -1.5, "dims": [0]})

# ---------------------------------------------------------------- softmax, log_softmax
R("softmax dim 1", "softmax", {"x": x34}, {"dim": 1})
R("softmax dim 0 xT", "softmax", {"x": x34}, {"dim": 0}, views={"x": xT})
R("softmax 3-d dim 1", "softmax", {"x": x345}, {"dim": 1})
R("softmax 0-d", "softmax", {"x": rnd(())}, {"dim": 0})
R("log_softmax dim -1", "log_softmax", {"x": x34}, {"dim": -1})
R("log_softmax 3-d dim 0 sliced", "log_softmax", {"x": x345}, {"dim": 0}, views={"x": [["narrow", 1, 1, 2]]})

# ---------------------------------------------------------------- cumsum, cumprod
R("cumsum dim 1", "cumsum", {"x": x34}, {"dim": 1})
R("cumsum dim 0 xT", "cumsum", {"x": x34}, {"dim": 0}, views={"x": xT})
R("cumsum 0-d", "cumsum", {"x": rnd(())}, {"dim": 0})
R("cumprod dim 1", "cumprod", {"x": x34}, {"dim": 1})
R("cumprod dim 1 zeros", "cumprod", {"x": z34}, {"dim": 1})
R("cumprod dim 0 zeros xT", "cumprod", {"x": z34}, {"dim": 0}, views={"x": xT})
R("cumprod 1-d leading zero", "cumprod", {"x": F(0.0, 2.0, -1.5, 0.5)}, {"dim": 0})

# ---------------------------------------------------------------- sort, topk
S("sort dim -1", "sort", {"x": x34}, {"dim": -1, "descending": False})
S("sort dim 0 descending", "sort", {"x": x345}, {"dim": 0, "descending": True})
S("sort stable ties", "sort", {"x": tie34}, {"dim": 1, "descending": False, "stable": True}, gradcheck=TIES)
S("sort xT", "sort", {"x": x34}, {"dim": 1, "descending": True}, views={"x": xT})
S("topk 2 dim 1", "topk", {"x": x34}, {"k": 2, "dim": 1, "largest": True})
S("topk smallest dim 0 xT", "topk", {"x": x34}, {"k": 3, "dim": 0, "largest": False}, views={"x": xT})
S("topk 1 3-d", "topk", {"x": x345}, {"k": 1, "dim": 1, "largest": True})

# ---------------------------------------------------------------- matrix products
L("mm", "mm", {"a": rnd(3, 4), "b": rnd(4, 5)})
L("mm aT bT", "mm", {"a": rnd(4, 3), "b": rnd(5, 4)}, views={"a": xT, "b": xT})
L("mm b no grad", "mm", {"a": rnd(3, 4), "b": rnd(4, 2)}, nograd=("b",))
L("bmm", "bmm", {"a": rnd(2, 3, 4), "b": rnd(2, 4, 5)})
L("bmm transposed", "bmm", {"a": rnd(2, 4, 3), "b": rnd(2, 4, 5)}, views={"a": [["transpose", 1, 2]]})
L("mv", "mv", {"a": rnd(3, 4), "b": rnd(4)})
L("mv aT", "mv", {"a": rnd(4, 3), "b": rnd(4)}, views={"a": xT})
L("dot", "dot", {"a": rnd(5), "b": rnd(5)})
L("outer", "outer", {"a": rnd(3), "b": rnd(4)})
L("addmm", "addmm", {"input": rnd(3, 5), "a": rnd(3, 4), "b": rnd(4, 5)}, {"beta": 1.0, "alpha": 1.0})
L("addmm broadcast input beta alpha", "addmm", {"input": rnd(5), "a": rnd(3, 4), "b": rnd(4, 5)},
  {"beta": 0.5, "alpha": -2.0})
L("addmm beta 0", "addmm", {"input": rnd(3, 1), "a": rnd(3, 4), "b": rnd(4, 5)}, {"beta": 0.0, "alpha": 1.5})
L("matmul 1-d @ 1-d", "matmul", {"a": rnd(4), "b": rnd(4)})
L("matmul 2-d @ 1-d", "matmul", {"a": rnd(3, 4), "b": rnd(4)})
MATMUL_2X["matmul 1-d @ 2-d"] = "SqueezeBackward4"
L("matmul 1-d @ 2-d", "matmul", {"a": rnd(4), "b": rnd(4, 5)})
L("matmul 2-d @ 2-d", "matmul", {"a": rnd(3, 4), "b": rnd(4, 5)})
L("matmul 3-d @ 2-d (folded)", "matmul", {"a": rnd(2, 3, 4), "b": rnd(4, 5)})
L("matmul 3-d permuted @ 2-d const (batched)", "matmul", {"a": rnd(3, 2, 4), "b": rnd(4, 5)}, nograd=("b",),
  views={"a": [["transpose", 0, 1]]})
L("matmul 3-d @ 1-d", "matmul", {"a": rnd(2, 3, 4), "b": rnd(4)})
L("matmul 1-d @ 3-d", "matmul", {"a": rnd(4), "b": rnd(2, 4, 5)})
L("matmul 2-d @ 3-d", "matmul", {"a": rnd(3, 4), "b": rnd(2, 4, 5)})
MATMUL_2X["matmul 2-d const @ 3-d"] = "UnsafeViewBackward0"  # 2.x folds 2-D @ 3-D only when the 2-D one requires grad
L("matmul 2-d const @ 3-d", "matmul", {"a": rnd(3, 4), "b": rnd(2, 4, 5)}, nograd=("a",))
L("matmul 3-d @ 3-d", "matmul", {"a": rnd(2, 3, 4), "b": rnd(2, 4, 5)})
L("matmul 4-d @ 3-d broadcast", "matmul", {"a": rnd(2, 1, 3, 4), "b": rnd(3, 4, 2)})
MATMUL_2X["matmul [1,3,4] @ [2,4,5]"] = "CloneBackward0"
L("matmul [1,3,4] @ [2,4,5]", "matmul", {"a": rnd(1, 3, 4), "b": rnd(2, 4, 5)})
L("matmul [2,3,4] @ [1,4,5]", "matmul", {"a": rnd(2, 3, 4), "b": rnd(1, 4, 5)})
L("matmul 3-d @ 4-d vector-like", "matmul", {"a": rnd(2, 1, 4), "b": rnd(3, 1, 4, 2)})

# ---------------------------------------------------------------- clamp, masked_fill
bounds = F([-0.5, 0.2, 0.5, 1.0], [-1.0, -0.5, 0.0, 0.5], [0.7, -0.7, 0.49, -0.51])  # values exactly on the bounds
ON_BOUND = "values exactly on a clamp bound: not differentiable there (the gradient passes, PyTorch's subgradient)"
C("clamp on bounds", "clamp", {"x": bounds}, {"min": -0.5, "max": 0.5}, gradcheck=ON_BOUND)
C("clamp", "clamp", {"x": x34}, {"min": -0.5, "max": 0.5})
C("clamp min only", "clamp", {"x": bounds}, {"min": 0.0}, gradcheck=ON_BOUND)
C("clamp max only xT", "clamp", {"x": x34}, {"max": 0.25}, views={"x": xT})
C("clamp min > max", "clamp", {"x": x34}, {"min": 0.5, "max": -0.5})
C("clamp_min", "clamp_min", {"x": bounds}, {"min": 0.5}, gradcheck=ON_BOUND)
C("clamp_max", "clamp_max", {"x": x345}, {"max": -0.1})
C("clamp tensor bounds", "clamp_tensor", {"x": x34, "lo": F(-0.7, 0.6, -0.5, -0.6), "hi": F([0.5], [0.7], [0.3])})
C("clamp tensor min only", "clamp_tensor", {"x": x34, "lo": F(-0.3, 0.2, -0.1, 0.4)})
C("clamp tensor max only xT", "clamp_tensor", {"x": x34, "hi": F(0.3, 0.2, -0.1)}, views={"x": xT})
C("clamp_ non-leaf", "clamp_", {"x": x34}, {"min": -0.6, "max": 0.4})
C("clamp_ view of non-leaf", "clamp_", {"x": x34}, {"min": -0.6, "max": 0.4}, target_view=[["narrow", 1, 1, 2]])
m34 = x34 > 0.3
C("masked_fill", "masked_fill", {"x": x34}, {"mask": m34, "value": 2.5})
C("masked_fill broadcast mask", "masked_fill", {"x": x345}, {"mask": T([True, False, False, True, False]),
                                                            "value": -1.0})
C("masked_fill broadcast self", "masked_fill", {"x": rnd(4)}, {"mask": m34, "value": 0.0})
C("masked_fill tensor value", "masked_fill_tensor", {"x": x34, "v": rnd(())}, {"mask": m34})
C("masked_fill_ non-leaf", "masked_fill_", {"x": x34}, {"mask": m34, "value": 7.0})
C("masked_fill_ view of non-leaf", "masked_fill_", {"x": x34}, {"mask": T([[True, False], [False, False], [True, True]]),
                                                                "value": 7.0}, target_view=[["narrow", 1, 0, 2]])

write("grad_reductions", CASES)
