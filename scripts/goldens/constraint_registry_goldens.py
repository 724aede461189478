"""Goldens for CatTransform, StackTransform, CorrCholeskyTransform and the constraint registry (biject_to /
transform_to) -> goldens/constraint_registry.json. ConstraintRegistryTest replays them.

Run: /usr/bin/python3 scripts/goldens/constraint_registry_goldens.py

"transform" cases: a transform (named as FuzzDistributionsParityTest.transform reads it) on x: its repr, domain and
codomain reprs and event dims, forward, inverse of the forward, log_abs_det_jacobian, forward/inverse shapes, and the
gradients of sum(y * w) and sum(ladj * w) with respect to x (w_i = sin(1.7 i + 0.3) + 1.1). "registry" cases: a
constraint (FuzzDistributionsParityTest.constraint's names) with its repr and event dim, and for biject_to and
transform_to the transform's repr (or the message) and its forward on x. "error" cases: messages.
The tables are 1.13's: transform_to(positive_definite), which 2.x maps to its PositiveDefiniteTransform, raises here.
"""
import math

import torch
import torch.distributions as D
from torch.distributions import constraints as C
from torch.distributions import transforms as T

from common import t2j, write

F64 = torch.float64
torch.manual_seed(7)
cases = []


def W(n):
    return torch.tensor([math.sin(1.7 * i + 0.3) + 1.1 for i in range(n)], dtype=F64)


def transform_case(name, t, tj, x):
    x = x.clone().requires_grad_(True)
    y = t(x)
    ladj = t.log_abs_det_jacobian(x, y)
    gy, = torch.autograd.grad((y * W(y.numel()).reshape(y.shape)).sum(), x, retain_graph=True)
    gj, = torch.autograd.grad((ladj * W(ladj.numel()).reshape(ladj.shape)).sum(), x)
    cases.append({"kind": "transform", "name": name, "t": tj, "repr": repr(t), "dom": repr(t.domain), "cod": repr(t.codomain),
                  "de": t.domain.event_dim, "ce": t.codomain.event_dim, "bij": t.bijective, "x": t2j(x), "y": t2j(y),
                  "xi": t2j(t.inv(y)), "j": t2j(ladj), "gy": t2j(gy), "gj": t2j(gj), "fs": list(t.forward_shape(x.shape)),
                  "is": list(t.inverse_shape(y.shape))})


def err(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e).split("\n")[0]
    raise AssertionError("no error")


# ---- CorrCholeskyTransform: D = 2, 3, 4 (batched), large entries (tanh clamped at 1 - eps)
cc = {"t": "corrcholesky"}
transform_case("corr_d2", T.CorrCholeskyTransform(), cc, torch.randn(1, dtype=F64))
transform_case("corr_d3_batch", T.CorrCholeskyTransform(), cc, torch.randn(2, 3, dtype=F64))
transform_case("corr_d4", T.CorrCholeskyTransform(), cc, torch.randn(4, 6, dtype=F64) * 2)
transform_case("corr_d3_large", T.CorrCholeskyTransform(), cc, torch.tensor([25.0, -0.5, 3.0], dtype=F64))
transform_case("corr_inv", T.CorrCholeskyTransform().inv, {"t": "inv", "base": cc},
               T.CorrCholeskyTransform()(torch.randn(3, 3, dtype=F64)))

# ---- CatTransform / StackTransform
exp, aff = {"t": "exp"}, {"t": "affine", "loc": 1.5, "scale": -2.0}
sig, ident = {"t": "sigmoid"}, {"t": "compose", "parts": []}
transform_case("cat_dim0", T.CatTransform([T.ExpTransform(), T.AffineTransform(1.5, -2.0)], 0, [2, 3]),
               {"t": "cat", "parts": [exp, aff], "dim": 0, "lengths": [2, 3]}, torch.randn(5, 2, dtype=F64))
transform_case("cat_last", T.CatTransform([T.SigmoidTransform(), T.identity_transform, T.ExpTransform()], -1, [1, 2, 1]),
               {"t": "cat", "parts": [sig, ident, exp], "dim": -1, "lengths": [1, 2, 1]}, torch.randn(3, 4, dtype=F64))
transform_case("cat_event", T.CatTransform([T.IndependentTransform(T.ExpTransform(), 1), T.SigmoidTransform()], 0, [1, 2]),
               {"t": "cat", "parts": [{"t": "independent", "base": exp, "n": 1}, sig], "dim": 0, "lengths": [1, 2]},
               torch.randn(3, 2, dtype=F64))
transform_case("stack_dim1", T.StackTransform([T.ExpTransform(), T.AffineTransform(1.5, -2.0), T.SigmoidTransform()], 1),
               {"t": "stack", "parts": [exp, aff, sig], "dim": 1}, torch.randn(2, 3, dtype=F64))
transform_case("stack_last", T.StackTransform([T.identity_transform, T.ExpTransform()], -1),
               {"t": "stack", "parts": [ident, exp], "dim": -1}, torch.randn(4, 2, dtype=F64))

# ---- the registry over every constraint kind
CONSTRAINTS = [
    ("real", C.real, {"c": "real"}, [3]), ("positive", C.positive, {"c": "positive"}, [3]),
    ("nonnegative", C.nonnegative, {"c": "nonnegative"}, [3]),
    ("greater_than", C.greater_than(1.5), {"c": "greater_than", "b": 1.5}, [3]),
    ("greater_than_eq", C.greater_than_eq(-2.0), {"c": "greater_than_eq", "b": -2.0}, [3]),
    ("less_than", C.less_than(0.5), {"c": "less_than", "b": 0.5}, [3]),
    ("interval", C.interval(-1.0, 2.0), {"c": "interval", "lo": -1.0, "hi": 2.0}, [3]),
    ("half_open_interval", C.half_open_interval(0.0, 3.0), {"c": "half_open_interval", "lo": 0.0, "hi": 3.0}, [3]),
    ("unit_interval", C.unit_interval, {"c": "unit_interval"}, [3]),
    ("simplex", C.simplex, {"c": "simplex"}, [2, 3]),
    ("lower_cholesky", C.lower_cholesky, {"c": "lower_cholesky"}, [2, 3, 3]),
    ("corr_cholesky", C.corr_cholesky, {"c": "corr_cholesky"}, [2, 3]),
    ("real_vector", C.real_vector, {"c": "real_vector"}, [2, 3]),
    ("independent", C.independent(C.positive, 1), {"c": "independent", "base": {"c": "positive"}, "n": 1}, [2, 3]),
    ("cat", C.cat([C.positive, C.interval(0.0, 2.0)], 0, [1, 2]),
     {"c": "cat", "parts": [{"c": "positive"}, {"c": "interval", "lo": 0.0, "hi": 2.0}], "dim": 0, "lengths": [1, 2]}, [3, 2]),
    ("stack", C.stack([C.real, C.less_than(1.0)], -1), {"c": "stack", "parts": [{"c": "real"}, {"c": "less_than", "b": 1.0}], "dim": -1}, [3, 2]),
    ("boolean", C.boolean, {"c": "boolean"}, [3]), ("positive_definite", C.positive_definite, {"c": "positive_definite"}, [3, 3]),
]
for name, con, cj, shape in CONSTRAINTS:
    c = {"kind": "registry", "name": name, "con": cj, "crepr": repr(con), "cev": con.event_dim}
    x = torch.randn(*shape, dtype=F64)
    c["x"] = t2j(x)
    for which in ("biject_to", "transform_to"):
        try:
            t = getattr(D, which)(con)
        except NotImplementedError as e:
            c[which] = {"err": str(e)}
            continue
        y = t(x)
        c[which] = {"repr": repr(t), "bij": t.bijective, "y": t2j(y), "ok": bool(con.check(y).all())}
    cases.append(c)

# ---- messages
for name, f in [
    ("corr_not_triangular", lambda: T.CorrCholeskyTransform().forward_shape(torch.Size([4]))),
    ("corr_inverse_not_square", lambda: T.CorrCholeskyTransform().inverse_shape(torch.Size([2, 3]))),
    ("corr_too_few", lambda: T.CorrCholeskyTransform().forward_shape(torch.Size([]))),
    ("corr_vec_size", lambda: T.CorrCholeskyTransform()(torch.zeros(2, dtype=F64))),
    ("biject_boolean", lambda: D.biject_to(C.boolean)),
    ("biject_lower_cholesky", lambda: D.biject_to(C.lower_cholesky)),
    ("transform_positive_definite", lambda: D.transform_to(C.positive_definite)),
]:
    et, msg = err(f)
    cases.append({"kind": "error", "name": name, "type": et, "message": msg})

write("constraint_registry", cases)
