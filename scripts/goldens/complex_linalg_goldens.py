"""Goldens for torch.linalg on complex matrices -> goldens/complex_linalg.json, read by
dev.torch4j.linalg.ComplexLinalgGoldenTest.

Run: /usr/bin/python3 scripts/goldens/complex_linalg_goldens.py (PyTorch 1.13).

Complex tensors are stored by common.t2j: their real view under the complex dtype's name. Each "fn" case holds a
function name with its keyword arguments, the inputs, the outputs, the grad_fn names and each input's gradient of the
real loss sum_i (real_view(out_i) * w_i).sum() (w_i random over the real view; None for integer outputs), so both
parts of every complex output reach the gradient. Error cases keep PyTorch's message.
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


def case(fn, f, inputs, kw=None, grad=True, note=None):
    weighted_grad_case(cases, fn, f, inputs, kw, grad, (), note)


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

write("complex_linalg", cases)
