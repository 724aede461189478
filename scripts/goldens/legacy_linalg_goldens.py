"""Goldens for the torch.* linear algebra that predates torch.linalg -> goldens/legacy_linalg.json.

Run: /usr/bin/python3 scripts/goldens/legacy_linalg_goldens.py

torch.svd, qr, cholesky, slogdet, lu, lu_solve, lu_unpack and triangular_solve, which PyTorch 2.x still ships (some
deprecated with a warning). Each case: the function, its keyword arguments, the inputs and outputs, and each input's
gradient of sum_i (proc(out_i) * w_i).sum(), proc being abs for singular vectors (their signs are free).
"""
import warnings

import torch

from common import t2j, weighted_grad_case, write

warnings.filterwarnings("ignore")
torch.manual_seed(0)
D = torch.float64
cases = []


def rnd(*s):
    return torch.randn(*s, dtype=D)


def case(fn, f, inputs, kw=None, grad=True, outs_abs=(), note=None):
    weighted_grad_case(cases, fn, f, inputs, kw, grad, outs_abs, note)


def spd(n):
    a = rnd(n, n)
    return a @ a.mT + n * torch.eye(n, dtype=D)


case("svd", torch.svd, [rnd(3, 4)], outs_abs=(0, 2))
case("svd", torch.svd, [rnd(2, 5, 3)], outs_abs=(0, 2))
case("svd", lambda a: torch.svd(a, some=False), [rnd(4, 3)], {"some": False}, grad=False, outs_abs=(0, 2))
case("svd", lambda a: torch.svd(a, compute_uv=False), [rnd(3, 4)], {"compute_uv": False})
case("qr", torch.qr, [rnd(4, 3)])
case("qr", torch.qr, [rnd(2, 3, 3)])
case("qr", lambda a: torch.qr(a, some=False), [rnd(4, 3)], {"some": False}, grad=False)
case("cholesky", torch.cholesky, [spd(3)])
case("cholesky", lambda a: torch.cholesky(a, upper=True), [spd(4)], {"upper": True})
case("slogdet", torch.slogdet, [rnd(3, 3)])
case("slogdet", torch.slogdet, [rnd(2, 4, 4)])
case("lu", torch.lu, [rnd(3, 3)])
case("lu", torch.lu, [rnd(2, 4, 3)])
case("lu", lambda a: torch.lu(a, get_infos=True), [rnd(3, 5)], {"get_infos": True})
A = rnd(3, 3)
LU, piv = torch.lu(A)
case("lu_solve", torch.lu_solve, [rnd(3, 2), LU, piv])
Ab = rnd(2, 4, 4)
LUb, pivb = torch.lu(Ab)
case("lu_solve", torch.lu_solve, [rnd(2, 4, 1), LUb, pivb])
for shape in [(4, 3), (3, 5), (2, 4, 4)]:
    lu_, p_ = torch.lu(rnd(*shape))
    case("lu_unpack", torch.lu_unpack, [lu_, p_])
lu_, p_ = torch.lu(rnd(3, 3))
case("lu_unpack", lambda a, p: torch.lu_unpack(a, p, unpack_pivots=False), [lu_, p_], {"unpack_pivots": False})
case("lu_unpack", lambda a, p: torch.lu_unpack(a, p, unpack_data=False), [lu_, p_], {"unpack_data": False}, grad=False)
U = rnd(3, 3).triu() + 3 * torch.eye(3, dtype=D)
case("triangular_solve", torch.triangular_solve, [rnd(3, 2), U])
case("triangular_solve", lambda b, a: torch.triangular_solve(b, a, upper=False), [rnd(3, 2), U.mT.contiguous()], {"upper": False})
case("triangular_solve", lambda b, a: torch.triangular_solve(b, a, transpose=True), [rnd(3, 4), U], {"transpose": True})
case("triangular_solve", lambda b, a: torch.triangular_solve(b, a, unitriangular=True), [rnd(2, 3, 2), rnd(2, 3, 3)],
     {"unitriangular": True})
# appended: geqrf (no derivative in PyTorch), orgqr, ormqr (1.13 has no derivative for ormqr; 2.x has: torch4j's is
# gradchecked in LinalgGradCheckTest)
for shape in [(4, 3), (3, 5), (2, 3, 3)]:
    case("geqrf", torch.geqrf, [rnd(*shape)], grad=False)
g_a, g_tau = torch.geqrf(rnd(4, 3))
case("orgqr", torch.orgqr, [g_a, g_tau])
for left in (True, False):
    for tr in (False, True):
        c = rnd(4, 2) if left else rnd(2, 4)
        case("ormqr", lambda a, t, o, l=left, r=tr: torch.ormqr(a, t, o, left=l, transpose=r), [g_a, g_tau, c],
             {"left": left, "transpose": tr}, grad=False)
w_a, w_tau = torch.geqrf(rnd(3, 5))
case("ormqr", torch.ormqr, [w_a, w_tau, rnd(3, 2)], grad=False)
# appended: svd_lowrank / pca_lowrank after manual_seed (their Gaussian test matrix is the next draw); the singular
# vectors' signs follow LAPACK's QR and SVD, so they are compared through abs
def lowrank(fn, f, a, seed, kw):
    torch.manual_seed(seed)
    out = f(a)
    cases.append({"kind": "fn", "fn": fn, "kw": kw, "seed": seed, "inputs": [t2j(a)], "outputs": [t2j(o) for o in out],
                  "abs": [0, 2]})


lowrank("svd_lowrank", lambda a: torch.svd_lowrank(a, q=3), rnd(8, 5) @ rnd(5, 6), 21, {"q": 3})
lowrank("svd_lowrank", lambda a: torch.svd_lowrank(a, q=4, niter=1), rnd(10, 4), 22, {"q": 4, "niter": 1})
lowrank("pca_lowrank", lambda a: torch.pca_lowrank(a, q=2), rnd(12, 2) @ rnd(2, 5) + rnd(1, 5), 23, {"q": 2})
write("legacy_linalg", cases)
