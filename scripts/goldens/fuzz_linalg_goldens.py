"""Differential fuzz of torch.linalg: seeded random matrices (float32/float64, batch dims including empty ones, 0x0
to 5x5 and rectangular, singular and ill-conditioned ones, symmetric positive definite inputs where the function
needs them, integer and mismatched inputs PyTorch refuses) through the functions whose results are unique (no sign
or phase freedom: det, slogdet, inv, solve, solve_triangular, cholesky, svdvals, eigvalsh, pinv, matrix_rank, norms,
cond, matrix_power, matrix_exp, multi_dot, vecdot, lu_factor on well-separated pivots) -> goldens/fuzz_linalg.json,
with the gradients of float64 cases (PyTorch's autograd through its own formulas). FuzzParityTest's replay runs them
("ns": "linalg" calls Torch.linalg()'s method; a named-tuple result is compared field by field).

Run: /usr/bin/python3 scripts/goldens/fuzz_linalg_goldens.py

Left out: singular inputs of slogdet/inv/solve and ill-conditioned float32 inputs (see below), gradients of singular inputs (PyTorch's formulas there depend on LAPACK's rounding: inf, NaN or huge
values), of svdvals/eigvalsh with repeated values, of matrix_rank/cond with p = +-2 near rank deficiency, and
lu_factor of matrices with near-tied pivots.
"""
import random

import torch

from common import t2j, write
from fuzz_goldens import grads

LA = torch.linalg


def batch(rng):
    return rng.choice([[], [], [2], [1], [0], [2, 2]])


def mat(rng, dt, sh, kind="gauss"):
    g = torch.Generator().manual_seed(rng.randrange(1 << 30))
    a = torch.randn(sh, dtype=torch.float64, generator=g)
    n = sh[-1] if sh else 0
    if kind == "spd" and n:
        a = a @ a.transpose(-1, -2) + n * torch.eye(n, dtype=torch.float64)
    elif kind == "sym" and n:
        a = a + a.transpose(-1, -2)
    elif kind == "singular" and n > 1:
        a[..., -1] = a[..., 0] * 2  # two proportional columns
    elif kind == "tri" and n:
        a = a.triu() + 3 * torch.eye(n, dtype=torch.float64)
    elif kind == "separated" and n:
        a = a + 4 * n * torch.eye(n, dtype=torch.float64)  # diagonally dominant: partial pivoting picks the diagonal
    return a.to(dt)


def case(rng):
    dt = rng.choice([torch.float64, torch.float64, torch.float32])
    b, n = batch(rng), rng.choice([0, 1, 2, 3, 3, 5])
    m = rng.choice([n, n, n + 1, max(n - 1, 0)])
    k = rng.choice(["det", "slogdet", "inv", "solve", "solve_left", "solve_triangular", "cholesky", "svdvals",
                    "eigvalsh", "pinv", "matrix_rank", "norm", "vector_norm", "matrix_norm", "cond", "matrix_power",
                    "matrix_exp", "multi_dot", "vecdot", "lu_factor", "refuse"])
    sq = b + [n, n]
    singular = rng.random() < 0.15
    gauss = "singular" if singular else "gauss"
    if k in ("slogdet", "inv", "solve", "solve_left"):
        # an exactly singular input: whether LU meets an exact zero pivot or a rounding residue depends on the LAPACK
        # build (sign 0 or +-1, an error or 1e15s), so these take regular matrices
        singular, gauss = False, "gauss"
    if k in ("det", "slogdet", "inv", "matrix_exp"):
        a = mat(rng, dt, sq, gauss)
        java = {"matrix_exp": "matrixExp"}.get(k, k)
        return java, [a], [{"t": 0}], lambda x: getattr(LA, k)(x[0]), singular
    if k in ("solve", "solve_left"):
        a = mat(rng, dt, sq, gauss)
        nrhs = rng.choice([1, 2])
        if k == "solve":
            bb = mat(rng, dt, rng.choice([b + [n, nrhs], [n, nrhs]]))
            return "solve", [a, bb], [{"t": 0}, {"t": 1}], lambda x: LA.solve(x[0], x[1]), singular
        bb = mat(rng, dt, b + [nrhs, n])
        return "solve", [a, bb], [{"t": 0}, {"t": 1}, {"b": False}], lambda x: LA.solve(x[0], x[1], left=False), singular
    if k == "solve_triangular":
        upper, left, unit = rng.random() < 0.5, rng.random() < 0.7, rng.random() < 0.3
        a = mat(rng, dt, sq, "tri")
        if not upper:
            a = a.transpose(-1, -2).contiguous()
        bb = mat(rng, dt, b + ([n, 2] if left else [2, n]))
        return "solveTriangular", [a, bb], [{"t": 0}, {"t": 1}, {"b": upper}, {"b": left}, {"b": unit}], \
            lambda x: LA.solve_triangular(x[0], x[1], upper=upper, left=left, unitriangular=unit), False
    if k == "cholesky":
        upper = rng.random() < 0.4
        a = mat(rng, dt, sq, "spd")
        return "cholesky", [a], [{"t": 0}, {"b": upper}], lambda x: LA.cholesky(x[0], upper=upper), False
    if k == "svdvals":
        a = mat(rng, dt, b + [m, n], gauss)
        return "svdvals", [a], [{"t": 0}], lambda x: LA.svdvals(x[0]), singular
    if k == "eigvalsh":
        uplo = rng.choice(["L", "U"])
        a = mat(rng, dt, sq, "sym")
        return "eigvalsh", [a], [{"t": 0}, {"s": uplo}], lambda x: LA.eigvalsh(x[0], UPLO=uplo), False
    if k == "pinv":
        a = mat(rng, dt, b + [m, n])
        return "pinv", [a], [{"t": 0}], lambda x: LA.pinv(x[0]), False
    if k == "matrix_rank":
        a = mat(rng, dt, b + [m, n], gauss)
        return "matrixRank", [a], [{"t": 0}], lambda x: LA.matrix_rank(x[0]), True
    if k == "norm":
        a = mat(rng, dt, b + [m, n], gauss)
        o = rng.choice(["fro", "nuc", 1.0, -1.0, 2.0, -2.0, float("inf"), -float("inf")])
        if isinstance(o, str):
            return "norm", [a], [{"t": 0}, {"s": o}], lambda x: LA.norm(x[0], o), o == "nuc" or singular
        keep = rng.random() < 0.3
        return "norm", [a], [{"t": 0}, {"d": o}, {"la": [-2, -1]}, {"b": keep}], \
            lambda x: LA.norm(x[0], o, (-2, -1), keep), abs(o) == 2 or singular
    if k == "vector_norm":
        a = mat(rng, dt, b + [m, n])
        o = rng.choice([0.0, 1.0, 2.0, 3.5, float("inf"), -float("inf"), -1.0])
        d = rng.choice([[-1], [0], [-2, -1]])
        keep = rng.random() < 0.3
        return "vectorNorm", [a], [{"t": 0}, {"d": o}, {"la": d}, {"b": keep}], \
            lambda x: LA.vector_norm(x[0], o, d, keep), False
    if k == "matrix_norm":
        a = mat(rng, dt, b + [m, n])
        o = rng.choice(["fro", 1.0, float("inf"), -1.0])
        if isinstance(o, str):
            return "matrixNorm", [a], [{"t": 0}, {"s": o}], lambda x: LA.matrix_norm(x[0], o), False
        return "matrixNorm", [a], [{"t": 0}, {"d": o}], lambda x: LA.matrix_norm(x[0], o), False
    if k == "cond":
        a = mat(rng, dt, sq, "separated")
        p = rng.choice([None, "fro", 1.0, float("inf"), -1.0])
        if p is None:
            return "cond", [a], [{"t": 0}], lambda x: LA.cond(x[0]), False
        if isinstance(p, str):
            return "cond", [a], [{"t": 0}, {"s": p}], lambda x: LA.cond(x[0], p), False
        return "cond", [a], [{"t": 0}, {"d": p}], lambda x: LA.cond(x[0], p), False
    if k == "matrix_power":
        e = rng.choice([0, 1, 2, 3, -1, -2, 5])
        a = mat(rng, dt, sq, "separated" if e < 0 else "gauss")
        return "matrixPower", [a], [{"t": 0}, {"l": e}], lambda x: LA.matrix_power(x[0], e), False
    if k == "multi_dot":
        dims = [rng.randint(1, 4) for _ in range(rng.randint(3, 5))]
        ts = [mat(rng, dt, [dims[i], dims[i + 1]]) for i in range(len(dims) - 1)]
        if rng.random() < 0.3:
            ts[0] = ts[0][0]  # a 1-d first operand
        return "multiDot", ts, [{"ta": list(range(len(ts)))}], lambda x: LA.multi_dot(x), False
    if k == "vecdot":
        x, y = mat(rng, dt, b + [m, n]), mat(rng, dt, [n])
        return "vecdot", [x, y], [{"t": 0}, {"t": 1}], lambda x: LA.vecdot(x[0], x[1]), False
    if k == "lu_factor":
        a = mat(rng, dt, sq, "separated")
        return "luFactor", [a], [{"t": 0}], lambda x: LA.lu_factor(x[0]), False
    # refusals: integer input, non-square, mismatched batch or dtype
    r = rng.choice(["int", "rect", "dtype", "batch"])
    a = mat(rng, dt, sq if r != "rect" else b + [n + 1, n + 2])
    if r == "int":
        a = a.round().to(torch.int64)
    f = rng.choice(["inv", "det", "cholesky", "solve"])
    if f == "solve":
        bb = mat(rng, torch.float32 if r == "dtype" and dt == torch.float64 else dt, ([3] if r == "batch" else b) + [n, 1])
        return "solve", [a, bb], [{"t": 0}, {"t": 1}], lambda x: LA.solve(x[0], x[1]), True
    return f, [a], [{"t": 0}], lambda x: getattr(LA, f)(x[0]), True


def main():
    rng = random.Random(20261129)
    cases = []
    while len(cases) < 1500:
        java, inputs, args, fn, no_grad = case(rng)
        if any(t.dtype == torch.float32 and t.dim() >= 2 and t.numel() > 0 and bool(
                (LA.cond(t.double()) > 30).any()) for t in inputs):
            continue  # float32 tolerances hold for well-conditioned inputs only (LAPACK builds round differently)
        c = {"java": java, "static": False, "ns": "linalg", "args": args, "inputs": [t2j(t) for t in inputs]}
        try:
            out = fn(inputs)
        except (RuntimeError, TypeError, IndexError, ValueError) as e:
            c["error"] = type(e).__name__
        else:
            outs = list(out) if isinstance(out, tuple) else [out]
            c["outputs"] = [t2j(o) for o in outs]
            if not no_grad:
                grads(c, fn, inputs, len(cases))
        cases.append(c)
    write("fuzz_linalg", cases)


if __name__ == "__main__":
    main()
