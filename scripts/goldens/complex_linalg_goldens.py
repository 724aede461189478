"""Goldens for torch.linalg on complex matrices -> goldens/complex_linalg.json, read by
dev.torch4j.linalg.ComplexLinalgGoldenTest (and its "eig" cases by dev.torch4j.linalg.LinalgEigTest).

Run: /usr/bin/python3 scripts/goldens/complex_linalg_goldens.py (PyTorch 1.13).

Complex tensors are stored by common.t2j: their real view under the complex dtype's name. Each "fn" case holds a
function name with its keyword arguments, the inputs, the outputs, the grad_fn names and each input's gradient of the
real loss sum_i (real_view(out_i) * w_i).sum() (w_i random over the real view; None for integer outputs), so both
parts of every complex output reach the gradient. Error cases keep PyTorch's message.

Eigen- and singular vectors are unique only up to a unit phase per column (e^{i phi}): their cases list them in
"abs", so the values are compared and the loss weighted through |V|, which does not depend on the phases (PyTorch's
backward refuses losses that do). QR is unique given LAPACK's real diagonal of R: Q and R are compared directly.
New cases go after the error cases, so that the draws of the cases above stay as they were.
"""
import torch

from common import t2j, weighted_grad_case, write

torch.manual_seed(0)
L = torch.linalg
Z = torch.complex128
cases = []


def rnd(*s, dtype=Z):
    return torch.randn(*s, dtype=dtype)


def hpd(n, batch=(), dtype=Z):
    """A Hermitian positive-definite matrix."""
    a = rnd(*batch, n, n, dtype=dtype)
    return a @ a.mH + n * torch.eye(n, dtype=dtype)


def well(n, batch=(), dtype=Z):
    """A well-conditioned square matrix."""
    return rnd(*batch, n, n, dtype=dtype) + n * torch.eye(n, dtype=dtype)


def case(fn, f, inputs, kw=None, grad=True, note=None, outs_abs=()):
    weighted_grad_case(cases, fn, f, inputs, kw, grad, outs_abs, note)


C64 = torch.complex64
case("solve", L.solve, [rnd(3, 3), rnd(3, 2)])
case("solve", L.solve, [rnd(2, 3, 3), rnd(3)])
case("solve", L.solve, [rnd(2, 1, 3, 3), rnd(4, 3, 2)])
case("solve", lambda a, b: L.solve(a, b, left=False), [rnd(3, 3), rnd(2, 3)], {"left": False})
case("solve", L.solve, [well(20), rnd(20, 3)], note="above the order at which LAPACK takes over")
case("solve", L.solve, [rnd(4, 4, dtype=C64), rnd(4, 2, dtype=C64)])
case("solve_ex", L.solve_ex, [rnd(2, 3, 3), rnd(2, 3, 1)])
case("inv", L.inv, [rnd(3, 3)])
case("inv", L.inv, [rnd(2, 4, 4)])
case("inv", L.inv, [well(18, dtype=C64)])
case("inv_ex", L.inv_ex, [rnd(3, 3)])
case("inverse", torch.inverse, [rnd(3, 3)])
case("det", L.det, [rnd(3, 3)])
case("det", L.det, [rnd(2, 4, 4)])
case("det", L.det, [rnd(5, 5, dtype=C64)])
case("det", L.det, [well(20)])
case("det", L.det, [rnd(0, 0)], grad=False)
case("slogdet", L.slogdet, [rnd(3, 3)])
case("slogdet", L.slogdet, [rnd(2, 3, 3)])
case("logdet", torch.logdet, [hpd(3)])
case("logdet", torch.logdet, [rnd(2, 3, 3)])
case("cholesky", L.cholesky, [hpd(3)])
case("cholesky", lambda a: L.cholesky(a, upper=True), [hpd(4)], {"upper": True})
case("cholesky", L.cholesky, [hpd(4, (2,))])
case("cholesky", L.cholesky, [hpd(20)])
case("cholesky", lambda a: L.cholesky(a, upper=True), [hpd(18)], {"upper": True})
case("cholesky", L.cholesky, [hpd(4, dtype=C64)])
case("cholesky_ex", L.cholesky_ex, [hpd(3, (2,))])
case("lu_factor", L.lu_factor, [rnd(3, 3)])
case("lu_factor", L.lu_factor, [rnd(2, 4, 4)])
case("lu_factor", L.lu_factor, [rnd(20, 20)])
case("lu_factor", L.lu_factor, [rnd(3, 5)], grad=False)
case("lu_factor", L.lu_factor, [rnd(5, 3)], grad=False)
case("lu", L.lu, [rnd(4, 4)])
case("lu", L.lu, [rnd(2, 3, 3)])
case("lu", L.lu, [rnd(3, 5)])
case("lu", L.lu, [rnd(5, 3)])
case("lu_solve", lambda a, b: L.lu_solve(*L.lu_factor(a), b), [rnd(3, 3), rnd(3, 2)])
case("lu_solve", lambda a, b: L.lu_solve(*L.lu_factor(a), b, adjoint=True), [rnd(2, 3, 3), rnd(3, 2)], {"adjoint": True})
case("lu_solve", lambda a, b: L.lu_solve(*L.lu_factor(a), b, left=False), [rnd(3, 3), rnd(2, 3)], {"left": False})
case("lu_solve", lambda a, b: L.lu_solve(*L.lu_factor(a), b, left=False, adjoint=True), [rnd(20, 20), rnd(2, 20)],
     {"left": False, "adjoint": True})
for upper in [False, True]:
    for left in [True, False]:
        for unit in [False, True]:
            a = well(4)
            b = rnd(4, 2) if left else rnd(2, 4)
            case("solve_triangular", lambda x, y: L.solve_triangular(x, y, upper=upper, left=left, unitriangular=unit),
                 [a, b], {"upper": upper, "left": left, "unitriangular": unit})
case("solve_triangular", lambda x, y: L.solve_triangular(x, y, upper=True), [well(20), rnd(20, 3)],
     {"upper": True, "left": True, "unitriangular": False})
case("solve_triangular", lambda x, y: L.solve_triangular(x, y, upper=False), [well(4, dtype=C64), rnd(4, 2, dtype=C64)],
     {"upper": False, "left": True, "unitriangular": False})
case("cholesky_solve", torch.cholesky_solve, [rnd(3, 2), L.cholesky(hpd(3))])
case("cholesky_solve", lambda b, u: torch.cholesky_solve(b, u, upper=True), [rnd(2, 3, 2), L.cholesky(hpd(3, (2,)), upper=True)],
     {"upper": True})
case("cholesky_inverse", torch.cholesky_inverse, [L.cholesky(hpd(3))])
case("cholesky_inverse", lambda u: torch.cholesky_inverse(u, upper=True), [L.cholesky(hpd(4), upper=True)], {"upper": True})
for n in [3, -2, 0, 1]:
    case("matrix_power", lambda a: L.matrix_power(a, n), [rnd(3, 3)], {"n": n})
case("matrix_power", lambda a: L.matrix_power(a, -3), [rnd(2, 3, 3)], {"n": -3})
for ord in ["fro", 1, float("inf"), -1, float("-inf")]:
    case("matrix_norm", lambda a: L.matrix_norm(a, ord=ord), [rnd(3, 4)], {"ord": ord})
case("matrix_norm", L.matrix_norm, [rnd(2, 3, 4, dtype=C64)], {"ord": "fro"})
for ord in [2, 1, float("inf"), 3, 0.5]:
    case("vector_norm", lambda a: L.vector_norm(a, ord=ord), [rnd(3, 4)], {"ord": ord})
case("vector_norm", lambda a: L.vector_norm(a, ord=2, dim=(1,), keepdim=True), [rnd(3, 4)],
     {"ord": 2, "dim": [1], "keepdim": True})

# ---------------------------------------------------------------- errors


def err(name, f, *inputs):
    """An "error" case with its inputs: the message of the error f raises on them."""
    try:
        f(*inputs)
        raise AssertionError(name)
    except (ValueError, RuntimeError) as e:
        cases.append({"kind": "error", "name": name, "message": str(e), "inputs": [t2j(x) for x in inputs]})


sing = torch.tensor([[1, 2, 3], [2, 4, 6], [1j, 0, 1]], dtype=Z)
err("inv_singular", L.inv, sing)
err("inv_singular_batch", L.inv, torch.stack([well(3), sing]))
err("solve_singular", L.solve, sing, rnd(3, 1))
err("lu_factor_singular", L.lu_factor, torch.zeros(3, 3, dtype=Z))
err("cholesky_not_pd", L.cholesky, torch.tensor([[1, 2j], [-2j, 1]], dtype=Z))
err("cholesky_not_pd_batch", L.cholesky, torch.stack([hpd(2), -hpd(2)]))
err("solve_mixed_dtypes", L.solve, rnd(3, 3), torch.randn(3, 1, dtype=torch.float64))

# ---------------------------------------------------------------- QR, eigh, SVD and what builds on them


def herm(n, batch=(), dtype=Z):
    """A Hermitian matrix."""
    a = rnd(*batch, n, n, dtype=dtype)
    return a + a.mH


for mode in ["reduced", "complete"]:
    for shape in [(4, 3), (3, 5), (2, 3, 3)]:
        if mode == "complete" and shape[-2] > shape[-1]:
            continue
        case("qr", lambda a: L.qr(a, mode=mode), [rnd(*shape)], {"mode": mode})
case("qr", lambda a: L.qr(a, mode="complete"), [rnd(5, 3)], {"mode": "complete"}, grad=False)
case("qr", lambda a: L.qr(a, mode="r"), [rnd(5, 3)], {"mode": "r"}, grad=False)
case("qr", lambda a: L.qr(a), [rnd(5, 3, dtype=C64)], {"mode": "reduced"})
case("qr", lambda a: L.qr(a), [rnd(20, 18)], {"mode": "reduced"}, note="above the order at which LAPACK takes over")
case("eigh", L.eigh, [herm(4)], outs_abs=[1])
case("eigh", L.eigh, [herm(3, (2,))], outs_abs=[1])
case("eigh", lambda a: L.eigh(a, UPLO="U"), [rnd(4, 4)], {"UPLO": "U"}, outs_abs=[1], note="only the upper triangle is read")
case("eigh", L.eigh, [rnd(4, 4)], outs_abs=[1], note="only the lower triangle is read")
case("eigh", L.eigh, [herm(5, dtype=C64)], outs_abs=[1])
case("eigh", L.eigh, [herm(18)], outs_abs=[1])
case("eigvalsh", L.eigvalsh, [herm(4)])
case("eigvalsh", lambda a: L.eigvalsh(a, UPLO="U"), [rnd(2, 3, 3)], {"UPLO": "U"})
for shape in [(4, 3), (3, 5), (2, 3, 3)]:
    case("svd", lambda a: L.svd(a, full_matrices=False), [rnd(*shape)], {"full_matrices": False}, outs_abs=[0, 2])
case("svd", L.svd, [rnd(3, 3)], {"full_matrices": True}, outs_abs=[0, 2])
case("svd", L.svd, [rnd(4, 3)], {"full_matrices": True}, grad=False, outs_abs=[0, 2])
case("svd", L.svd, [rnd(3, 4)], {"full_matrices": True}, grad=False, outs_abs=[0, 2])
case("svd", lambda a: L.svd(a, full_matrices=False), [rnd(6, 4, dtype=C64)], {"full_matrices": False}, outs_abs=[0, 2])
case("svd", lambda a: L.svd(a, full_matrices=False), [rnd(20, 18)], {"full_matrices": False}, outs_abs=[0, 2])
case("svdvals", L.svdvals, [rnd(4, 3)])
case("svdvals", L.svdvals, [rnd(2, 3, 5)])
case("pinv", L.pinv, [rnd(4, 3)])
case("pinv", L.pinv, [rnd(3, 5)])
case("pinv", L.pinv, [rnd(2, 3, 4) @ rnd(4, 3)])
case("pinv", lambda a: L.pinv(a, hermitian=True), [hpd(3)], {"hermitian": True})
case("pinv", L.pinv, [rnd(4, 2) @ rnd(2, 4)], grad=False, note="rank 2")
case("pinverse", torch.pinverse, [rnd(3, 4)])
case("lstsq", lambda a, b: L.lstsq(a, b).solution, [rnd(5, 3), rnd(5, 2)])
for driver in ["gels", "gelsy", "gelsd", "gelss"]:
    case("lstsq", lambda a, b: tuple(L.lstsq(a, b, driver=driver)), [rnd(5, 3), rnd(5, 2)], {"driver": driver}, grad=False)
case("lstsq", lambda a, b: tuple(L.lstsq(a, b, driver="gelsd")), [rnd(3, 5), rnd(3, 2)], {"driver": "gelsd"}, grad=False)
case("matrix_rank", L.matrix_rank, [rnd(5, 2) @ rnd(2, 4)], grad=False)
case("matrix_rank", L.matrix_rank, [rnd(2, 4, 4)], grad=False)
case("matrix_rank", lambda a: L.matrix_rank(a, hermitian=True), [torch.diag(torch.tensor([3, 0, -1, 0], dtype=Z))],
     {"hermitian": True}, grad=False)
for p in [None, 2, -2, "fro", "nuc", 1, float("inf")]:
    # 1.13's cond backward for p outside {None, 2, -2} fails (in-place on inv_ex's output): values only there
    case("cond", lambda a: L.cond(a, p), [rnd(3, 3)], {"p": p}, grad=p in (None, 2, -2))
case("cond", L.cond, [rnd(2, 4, 3)], {"p": None})
for ord in ["nuc", 2, -2]:
    case("matrix_norm", lambda a: L.matrix_norm(a, ord=ord), [rnd(3, 4)], {"ord": ord})
case("matrix_norm", lambda a: L.matrix_norm(a, ord="nuc", dim=(0, 2), keepdim=True), [rnd(3, 2, 4)],
     {"ord": "nuc", "dim": [0, 2], "keepdim": True})
case("norm", lambda a: L.norm(a, ord=2), [rnd(2, 3)], {"ord": 2})
sing = rnd(3, 2) @ rnd(2, 3)
case("det", L.det, [sing], note="rank 2: the gradient is the adjugate, from the SVD")
case("householder_product", L.householder_product, list(torch.geqrf(rnd(4, 3))))
case("geqrf", torch.geqrf, [rnd(4, 3)], grad=False)
case("geqrf", torch.geqrf, [rnd(3, 5)], grad=False)
case("ormqr", lambda a, t, c: torch.ormqr(a, t, c, transpose=True), [*torch.geqrf(rnd(4, 3)), rnd(4, 2)], {"transpose": True},
     grad=False)


def eig_case(inputs, values_only=False, grad=True, note=None):
    """As linalg_goldens.py's: the outputs as view_as_real, the loss weighting view_as_real(L) and |V|."""
    a = inputs.clone().requires_grad_(grad)
    lv = [L.eigvals(a)] if values_only else list(L.eig(a))
    c = {"kind": "eig", "fn": "eigvals" if values_only else "eig", "inputs": [t2j(a)],
         "outputs": [t2j(torch.view_as_real(o)) for o in lv]}
    if note:
        c["note"] = note
    if grad:
        wl = torch.randn(torch.view_as_real(lv[0]).shape, dtype=a.real.dtype)
        loss = (torch.view_as_real(lv[0]) * wl).sum()
        ws = [t2j(wl)]
        if not values_only:
            wv = torch.randn(lv[1].shape, dtype=a.real.dtype)
            loss = loss + (lv[1].abs() * wv).sum()
            ws.append(t2j(wv))
        loss.backward()
        c["w"] = ws
        c["grads"] = [t2j(a.grad)]
        c["grad_fn"] = type(lv[0].grad_fn).__name__
    cases.append(c)


eig_case(rnd(4, 4))
eig_case(rnd(2, 3, 3))
eig_case(rnd(6, 6) + 3 * torch.eye(6, dtype=Z))
eig_case(torch.triu(rnd(3, 3)), note="triangular: the eigenvalues are the diagonal")
eig_case(rnd(4, 4, dtype=C64))
eig_case(rnd(1, 1))
eig_case(rnd(0, 0), grad=False)
eig_case(herm(3), note="Hermitian: real eigenvalues")
eig_case(rnd(4, 4), values_only=True)
eig_case(rnd(2, 3, 3), values_only=True)
eig_case(rnd(20, 20), values_only=True, grad=False)

case("matrix_exp", L.matrix_exp, [rnd(2, 3, 3)])

err("eigh_backward_phase", lambda a: L.eigh(a.requires_grad_())[1].real.sum().backward(), herm(3))
err("svd_backward_phase", lambda a: L.svd(a.requires_grad_())[0].real.sum().backward(), rnd(3, 3))
err("eig_backward_phase", lambda a: L.eig(a.requires_grad_())[1].real.sum().backward(), rnd(3, 3))
err("qr_mode", lambda a: L.qr(a, mode="full"), rnd(3, 3))
err("eigh_uplo", lambda a: L.eigh(a, UPLO="X"), herm(3))
err("eig_not_square", L.eig, rnd(2, 3))
err("eig_nan", L.eig, torch.tensor([[1, float("nan")], [0, 1j]], dtype=Z))

write("complex_linalg", cases)
