"""Goldens for torch.linalg -> goldens/linalg.json.

Run: /usr/bin/python3 scripts/goldens/linalg_goldens.py

Each "fn" case: a function name with its keyword arguments, the inputs, the outputs, the name of the grad_fn, and
each input's gradient of sum_i (proc(out_i) * w_i).sum() where proc is abs for eigen- and singular vectors (their
signs are free) and the identity otherwise. Error cases keep PyTorch's message. PyTorch 1.13 has no linalg.vecdot
or linalg.vander: those goldens are computed from their 2.x definitions (sum(x * y, dim); x ** arange(N)).
"""
import torch

from common import t2j, weighted_grad_case, write

torch.manual_seed(0)
L = torch.linalg
D = torch.float64
cases = []


def rnd(*s, dtype=D):
    return torch.randn(*s, dtype=dtype)


def spd(n, batch=(), dtype=D):
    a = rnd(*batch, n, n, dtype=dtype)
    return a @ a.mT + n * torch.eye(n, dtype=dtype)


def sym(n, batch=()):
    a = rnd(*batch, n, n)
    return a + a.mT


VECTOR_OUTS = {"eigh": [1], "svd": [0, 2]}


def case(fn, f, inputs, kw=None, grad=True, outs_abs=(), note=None):
    weighted_grad_case(cases, fn, f, inputs, kw, grad, outs_abs, note)


A3, B32 = rnd(3, 3), rnd(3, 2)
case("solve", L.solve, [A3, B32])
case("solve", L.solve, [rnd(2, 3, 3), rnd(3)])
case("solve", L.solve, [rnd(2, 3, 3), rnd(2, 3)])
case("solve", lambda a, b: L.solve(a, b, left=False), [rnd(3, 3), rnd(2, 3)], {"left": False})
case("solve", L.solve, [rnd(2, 1, 3, 3), rnd(4, 3, 2)])
case("solve", L.solve, [rnd(4, 4, dtype=torch.float32), rnd(4, 2, dtype=torch.float32)])
case("inv", L.inv, [rnd(3, 3)])
case("inv", L.inv, [rnd(2, 4, 4)])
case("inv", L.inv, [rnd(3, 3, dtype=torch.float32)])
case("det", L.det, [rnd(3, 3)])
case("det", L.det, [rnd(2, 4, 4)])
sing = rnd(3, 2) @ rnd(2, 3)
case("det", L.det, [sing], note="rank 2: the gradient is the adjugate")
case("det", L.det, [torch.tensor([[1., 2.], [2., 4.]], dtype=D)], note="exactly singular: PyTorch 2.x's gradient")
# 1.13 returns a zero gradient at an exactly singular matrix; 2.x's linalg_det_backward takes the determinant through
# the SVD there, giving the cofactor matrix g * [[d, -c], [-b, a]]: the golden holds 2.x's value
sc = cases[-1]
(a_, b_), (c_, d_) = [[1., 2.], [2., 4.]]
w_ = sc["w"][0]["data"][0]
sc["grads"][0]["data"] = [w_ * d_, -w_ * c_, -w_ * b_, w_ * a_]
case("det", L.det, [rnd(0, 0)], grad=False)
case("det", L.det, [rnd(5, 5, dtype=torch.float32)])
case("slogdet", L.slogdet, [torch.tensor([[0., 2., 1.], [1., 0., 3.], [2., 1., 0.]], dtype=D) + 0.1 * rnd(3, 3)])
case("slogdet", L.slogdet, [rnd(2, 3, 3)])
case("logdet", torch.logdet, [spd(3)])
case("logdet", torch.logdet, [torch.tensor([[0., 1.], [1., 0.]], dtype=D)], grad=False)
case("cholesky", L.cholesky, [spd(3)])
case("cholesky", lambda a: L.cholesky(a, upper=True), [spd(4)], {"upper": True})
case("cholesky", L.cholesky, [spd(4, (2,))])
case("cholesky", L.cholesky, [spd(4, dtype=torch.float32)])
for shape, mode in [((4, 3), "reduced"), ((3, 4), "reduced"), ((3, 3), "reduced"), ((3, 3), "complete"),
                    ((3, 5), "complete"), ((2, 4, 3), "reduced")]:
    case("qr", lambda a: L.qr(a, mode=mode), [rnd(*shape)], {"mode": mode})
case("qr", lambda a: L.qr(a, mode="complete"), [rnd(5, 3)], {"mode": "complete"}, grad=False)
case("qr", lambda a: L.qr(a, mode="r"), [rnd(5, 3)], {"mode": "r"}, grad=False)
case("qr", lambda a: L.qr(a), [rnd(5, 3, dtype=torch.float32)], {"mode": "reduced"})
case("eigh", L.eigh, [sym(4)], outs_abs=[1])
case("eigh", L.eigh, [sym(3, (2,))], outs_abs=[1])
case("eigh", lambda a: L.eigh(a, UPLO="U"), [rnd(4, 4)], {"UPLO": "U"}, outs_abs=[1])
case("eigh", L.eigh, [sym(5).float()], outs_abs=[1])
case("eigvalsh", L.eigvalsh, [sym(4)])
case("eigvalsh", lambda a: L.eigvalsh(a, UPLO="U"), [rnd(2, 3, 3)], {"UPLO": "U"})
for shape in [(4, 3), (3, 5), (3, 3), (2, 4, 2)]:
    case("svd", lambda a: L.svd(a, full_matrices=False), [rnd(*shape)], {"full_matrices": False}, outs_abs=[0, 2])
case("svd", L.svd, [rnd(3, 3)], {"full_matrices": True}, outs_abs=[0, 2])
case("svd", L.svd, [rnd(4, 3)], {"full_matrices": True}, grad=False, outs_abs=[0, 2])
case("svd", lambda a: L.svd(a, full_matrices=False), [rnd(6, 4, dtype=torch.float32)], {"full_matrices": False},
     outs_abs=[0, 2])
case("svdvals", L.svdvals, [rnd(4, 3)])
case("svdvals", L.svdvals, [rnd(2, 3, 5)])
case("pinv", L.pinv, [rnd(4, 3)])
case("pinv", L.pinv, [rnd(3, 5)])
case("pinv", L.pinv, [rnd(2, 3, 4) @ rnd(4, 3)])
case("pinv", lambda a: L.pinv(a, hermitian=True), [spd(3)], {"hermitian": True}, grad=False)
case("pinv", L.pinv, [rnd(4, 2) @ rnd(2, 4)], grad=False, note="rank 2")
case("lu_factor", L.lu_factor, [rnd(3, 3)])
case("lu_factor", L.lu_factor, [rnd(2, 4, 4)])
case("lu_factor", L.lu_factor, [rnd(3, 5)], grad=False)
case("lu_factor", L.lu_factor, [rnd(5, 3)], grad=False)
case("lu", L.lu, [rnd(4, 4)])
case("lu", L.lu, [rnd(2, 3, 3)])
case("lu", L.lu, [rnd(4, 3)], grad=False)
case("lu_solve", lambda a, b: L.lu_solve(*L.lu_factor(a), b), [rnd(3, 3), rnd(3, 2)])
case("lu_solve", lambda a, b: L.lu_solve(*L.lu_factor(a), b, adjoint=True), [rnd(2, 3, 3), rnd(3, 2)], {"adjoint": True})
case("lu_solve", lambda a, b: L.lu_solve(*L.lu_factor(a), b, left=False), [rnd(3, 3), rnd(2, 3)], {"left": False})
for upper in [False, True]:
    for left in [True, False]:
        for unit in [False, True]:
            a = rnd(4, 4) + 4 * torch.eye(4, dtype=D)
            b = rnd(4, 2) if left else rnd(2, 4)
            case("solve_triangular", lambda x, y: L.solve_triangular(x, y, upper=upper, left=left, unitriangular=unit),
                 [a, b], {"upper": upper, "left": left, "unitriangular": unit})
case("solve_triangular", lambda x, y: L.solve_triangular(x, y, upper=True), [rnd(2, 1, 3, 3) + 3 * torch.eye(3, dtype=D),
                                                                               rnd(4, 3, 2)], {"upper": True, "left": True, "unitriangular": False})
M = rnd(3, 4)
for ord in ["fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf")]:
    case("matrix_norm", lambda a: L.matrix_norm(a, ord=ord), [M], {"ord": ord})
case("matrix_norm", lambda a: L.matrix_norm(a, ord=1, dim=(2, 0), keepdim=True), [rnd(3, 2, 4)],
     {"ord": 1, "dim": [2, 0], "keepdim": True})
case("matrix_norm", lambda a: L.matrix_norm(a, ord="nuc", dim=(0, 2), keepdim=True), [rnd(3, 2, 4)],
     {"ord": "nuc", "dim": [0, 2], "keepdim": True})
case("matrix_norm", lambda a: L.matrix_norm(a, ord=float("inf"), dim=(0, 2)), [rnd(3, 2, 4)],
     {"ord": float("inf"), "dim": [0, 2], "keepdim": False})
case("norm", L.norm, [rnd(3, 4)], {})
case("norm", lambda a: L.norm(a, ord=2), [rnd(3, 4)], {"ord": 2})
case("norm", lambda a: L.norm(a, ord=3), [rnd(5)], {"ord": 3})
case("norm", lambda a: L.norm(a, ord="nuc"), [rnd(3, 4)], {"ord": "nuc"})
case("norm", lambda a: L.norm(a, ord=1, dim=(0, 1)), [rnd(3, 4, 2)], {"ord": 1, "dim": [0, 1]})
case("norm", lambda a: L.norm(a, ord=1, dim=(1,), keepdim=True), [rnd(3, 4, 2)], {"ord": 1, "dim": [1], "keepdim": True})
case("vector_norm", lambda a: L.vector_norm(a, ord=float("inf")), [rnd(3, 4)], {"ord": float("inf")})
for p in [None, 1, "fro", -2, float("inf")]:
    # 1.13's cond backward for p outside {None, 2, -2} fails (in-place on inv_ex's output): values only there
    case("cond", lambda a: L.cond(a, p), [rnd(3, 3)], {"p": p}, grad=p in (None, -2))
case("cond", L.cond, [rnd(2, 4, 3)], {"p": None})
case("cond", lambda a: L.cond(a, 1), [torch.tensor([[1., 2.], [2., 4.]], dtype=D)], {"p": 1}, grad=False)
case("matrix_rank", L.matrix_rank, [rnd(5, 2) @ rnd(2, 4)], grad=False)
case("matrix_rank", L.matrix_rank, [rnd(2, 4, 4)], grad=False)
case("matrix_rank", lambda a: L.matrix_rank(a, hermitian=True), [torch.diag(torch.tensor([3., 0., -1., 0.], dtype=D))],
     {"hermitian": True}, grad=False)
case("matrix_rank", lambda a: L.matrix_rank(a, atol=1.0, rtol=0.0), [torch.diag(torch.tensor([3., 0.5, 2.], dtype=D))],
     {"atol": 1.0, "rtol": 0.0}, grad=False)
for n in [3, 1, 0, -2]:
    case("matrix_power", lambda a: L.matrix_power(a, n), [rnd(3, 3)], {"n": n})
case("matrix_power", lambda a: L.matrix_power(a, 5), [rnd(2, 2, 2)], {"n": 5})
case("matrix_exp", L.matrix_exp, [rnd(3, 3)])
case("matrix_exp", L.matrix_exp, [torch.stack([0.01 * rnd(4, 4), 3 * rnd(4, 4)])], note="small and large norms")
case("matrix_exp", L.matrix_exp, [rnd(3, 3, dtype=torch.float32)])
case("multi_dot", lambda a, b, c: L.multi_dot([a, b, c]), [rnd(4), rnd(4, 6), rnd(6, 2)])
case("multi_dot", lambda a, b, c, d: L.multi_dot([a, b, c, d]), [rnd(10, 3), rnd(3, 8), rnd(8, 2), rnd(2)])
case("cross", L.cross, [rnd(4, 3), rnd(4, 3)])
case("cross", lambda a, b: L.cross(a, b, dim=0), [rnd(3, 2), rnd(3, 1)], {"dim": 0})
case("vecdot", lambda x, y: (x * y).sum(-1), [rnd(3, 4), rnd(4)])
case("vander", lambda x: x.unsqueeze(-1) ** torch.arange(4, dtype=D), [rnd(3)], {"N": 4}, grad=False)
case("vander", lambda x: x.unsqueeze(-1) ** torch.arange(3, dtype=D), [rnd(2, 3)], {}, grad=False)
case("lstsq", lambda a, b: L.lstsq(a, b).solution, [rnd(5, 3), rnd(5, 2)])
for driver in ["gelsy", "gelsd", "gelss", "gels"]:
    case("lstsq", lambda a, b: tuple(L.lstsq(a, b, driver=driver)), [rnd(5, 3), rnd(5, 2)], {"driver": driver}, grad=False)
case("lstsq", lambda a, b: tuple(L.lstsq(a, b, driver="gelsd")), [rnd(3, 5), rnd(3, 2)], {"driver": "gelsd"}, grad=False)
Ls = L.cholesky(spd(3))
case("cholesky_solve", lambda b, l: torch.cholesky_solve(b, l), [rnd(3, 2), Ls])
case("cholesky_solve", lambda b, l: torch.cholesky_solve(b, l, upper=True), [rnd(3, 2), Ls.mT.contiguous()], {"upper": True})
case("cholesky_inverse", torch.cholesky_inverse, [Ls])

# appended after the other cases, so their random inputs stay as they were
H = rnd(5, 3)
hq = torch.geqrf(H)
case("householder_product", L.householder_product, [hq[0], hq[1]])
case("householder_product", L.householder_product, [rnd(2, 4, 3), rnd(2, 2)])
case("tensorinv", lambda a: L.tensorinv(a, ind=2), [rnd(4, 6, 8, 3)])
case("tensorinv", lambda a: L.tensorinv(a, ind=1), [rnd(6, 2, 3)])
case("tensorsolve", L.tensorsolve, [rnd(6, 4, 2, 3, 4), rnd(6, 4)])
case("tensorsolve", lambda a, b: L.tensorsolve(a, b, dims=(0, 2)), [rnd(2, 6, 3, 4, 4), rnd(6, 4)], {"dims": [0, 2]})


def err(name, f, *inputs):
    try:
        f(*inputs)
        raise AssertionError(name)
    except (RuntimeError, ValueError, IndexError) as e:
        cases.append({"kind": "error", "name": name, "inputs": [t2j(x) for x in inputs], "message": str(e)})


err("inv_singular", L.inv, torch.tensor([[1., 2.], [2., 4.]], dtype=D))
err("inv_singular_batch", L.inv, torch.stack([torch.eye(2, dtype=D), torch.tensor([[1., 2.], [2., 4.]], dtype=D)]))
err("inv_not_square", L.inv, rnd(2, 3))
err("inv_1d", L.inv, rnd(3))
err("inv_int", L.inv, torch.ones(2, 2, dtype=torch.long))
err("cholesky_not_pd", L.cholesky, torch.tensor([[1., 2.], [2., 1.]], dtype=D))
err("cholesky_not_pd_batch", L.cholesky, torch.stack([torch.eye(2, dtype=D), -torch.eye(2, dtype=D)]))
err("solve_singular", L.solve, torch.zeros(2, 2, dtype=D), rnd(2, 1))
err("solve_shapes", L.solve, rnd(3, 3), rnd(4, 2))
err("det_not_square", L.det, rnd(2, 3))
err("lu_factor_singular", L.lu_factor, torch.zeros(2, 2, dtype=D))
err("solve_triangular_shapes", lambda a, b: L.solve_triangular(a, b, upper=True), rnd(3, 3), rnd(2, 2))
err("qr_mode", lambda a: L.qr(a, mode="full"), rnd(3, 3))
err("multi_dot_one", lambda a: L.multi_dot([a]), rnd(3, 3))
err("cross_size", L.cross, rnd(2, 2), rnd(2, 2))
err("matrix_power_not_square", lambda a: L.matrix_power(a, 2), rnd(2, 3))
err("eigh_uplo", lambda a: L.eigh(a, UPLO="X"), rnd(3, 3))
err("lstsq_driver", lambda a, b: L.lstsq(a, b, driver="foo"), rnd(3, 3), rnd(3, 1))
# linalg.eig / eigvals, appended last so the draws above stay as they were. The outputs are complex: stored as
# view_as_real (L: [..., n, 2]; V: [..., n, n, 2]). An eigenvector is free up to a phase, so the loss weights
# view_as_real(L) and |V| (both phase-invariant); the Java fallback may order the eigenvalues differently and is
# compared after matching them.
def eig_case(inputs, values_only=False, grad=True, note=None):
    a = inputs.clone().requires_grad_(grad)
    if values_only:
        lv = [L.eigvals(a)]
    else:
        lv = list(L.eig(a))
    c = {"kind": "eig", "fn": "eigvals" if values_only else "eig", "inputs": [t2j(a)],
         "outputs": [t2j(torch.view_as_real(o)) for o in lv]}
    if note:
        c["note"] = note
    if grad:
        wl = torch.randn(torch.view_as_real(lv[0]).shape, dtype=a.dtype)
        loss = (torch.view_as_real(lv[0]) * wl).sum()
        ws = [t2j(wl)]
        if not values_only:
            wv = torch.randn(lv[1].shape, dtype=a.dtype)
            loss = loss + (lv[1].abs() * wv).sum()
            ws.append(t2j(wv))
        loss.backward()
        c["w"] = ws
        c["grads"] = [t2j(a.grad)]
        c["grad_fn"] = type(lv[0].grad_fn).__name__
    cases.append(c)


ROT = torch.tensor([[1., -2., 0.5], [3., 0.5, 1.], [0., 1., 2.]], dtype=D)  # eigenvalues 0.58 +- 2.33i, 2.34
eig_case(rnd(4, 4))
eig_case(rnd(5, 5))
eig_case(rnd(2, 3, 3))
eig_case(ROT)
eig_case(rnd(6, 6) + 3 * torch.eye(6, dtype=D))
eig_case(torch.triu(rnd(3, 3)), note="triangular: the eigenvalues are the diagonal")
eig_case(rnd(4, 4, dtype=torch.float32))
eig_case(rnd(1, 1))
eig_case(rnd(0, 0), grad=False)
eig_case(rnd(2, 0, 0), grad=False)
eig_case(torch.tensor([[0., -1.], [1., 0.]], dtype=D), note="a rotation: +-i")
eig_case(rnd(4, 4), values_only=True)
eig_case(rnd(2, 3, 3), values_only=True)
eig_case(rnd(5, 5, dtype=torch.float32), values_only=True, grad=False)
err("eig_not_square", L.eig, rnd(2, 3))
err("eig_1d", L.eig, rnd(3))
err("eig_int", L.eig, torch.ones(2, 2, dtype=torch.long))
err("eig_bool", L.eig, torch.ones(2, 2, dtype=torch.bool))
err("eig_half", L.eig, torch.ones(2, 2, dtype=torch.half))
err("eig_nan", L.eig, torch.tensor([[1., float("nan")], [0., 1.]], dtype=D))
err("eig_inf_not_square", L.eig, torch.full((2, 3), float("inf"), dtype=D))
err("eigvals_not_square", L.eigvals, rnd(3, 2))
err("eigvals_grad_not_square", lambda a: L.eigvals(a.requires_grad_()), rnd(3, 2))
err("eigvals_int", L.eigvals, torch.ones(2, 2, dtype=torch.int32))
err("eig_backward_phase", lambda a: L.eig(a.requires_grad_())[1].real.sum().backward(), ROT.clone())
# 1.13's eigvals has no finiteness check (LAPACK then reports an illegal argument); 2.x's eigvals reaches
# linalg_eig_out, whose check names torch.linalg.eig: the golden holds 2.x's message
cases.append({"kind": "error", "name": "eigvals_nan", "inputs": [t2j(torch.tensor([[float("nan"), 0.], [0., 1.]], dtype=D))],
              "message": "torch.linalg.eig: input tensor should not contain infs or NaNs."})
write("linalg", cases)
