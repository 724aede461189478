"""Goldens for torch.linalg.ldl_factor, ldl_factor_ex and ldl_solve -> goldens/ldl.json.

Run: /usr/bin/python3 scripts/goldens/ldl_goldens.py

Each "fn" case: the function ("ldl_factor", "ldl_factor_ex" or "ldl_solve"), its keyword arguments (hermitian), the
inputs and PyTorch's outputs: the compact LD (LAPACK sytrf's lower-triangle Bunch-Kaufman format; PyTorch zeroes the
strict upper triangle) and LAPACK's 1-based int32 pivots, negative where a 2x2 block starts. The matrices are
symmetric indefinite ones that need 1x1 and 2x2 pivots (zero diagonals, [[0, 1], [1, 0]] blocks), batched, float32
and float64, all below LAPACK's block size (64), where sytrf is the unblocked sytf2. Error cases keep PyTorch's
message; ldl_factor's for a singular D is the text after PyTorch's internal-assert prefix.
"""
import torch

from common import t2j, write

torch.manual_seed(0)
L = torch.linalg
D = torch.float64
cases = []


def sym(n, batch=(), dtype=D, zero_diag=False):
    a = torch.randn(*batch, n, n, dtype=dtype)
    a = a + a.mT
    if zero_diag:
        a = a - torch.diag_embed(torch.diagonal(a, dim1=-2, dim2=-1))
    return a


def factor(a, hermitian=False, ex=False):
    kw = {"hermitian": True} if hermitian else {}
    r = (L.ldl_factor_ex if ex else L.ldl_factor)(a, hermitian=hermitian)
    cases.append({"kind": "fn", "fn": "ldl_factor_ex" if ex else "ldl_factor", "kw": kw, "inputs": [t2j(a)],
                  "outputs": [t2j(o) for o in r]})
    return r


def solve(a, b, hermitian=False, expand=None):
    LD, piv = L.ldl_factor(a, hermitian=hermitian)
    if expand is None:
        x = L.ldl_solve(LD, piv, b, hermitian=hermitian)
    else:  # torch 1.13 crashes where B's batch is larger than LD's: 2.x broadcasts, the same as expanding LD first
        x = L.ldl_solve(LD.expand(*expand, *LD.shape[-2:]), piv.expand(*expand, piv.shape[-1]), b, hermitian=hermitian)
    cases.append({"kind": "fn", "fn": "ldl_solve", "kw": {"hermitian": True} if hermitian else {},
                  "inputs": [t2j(LD), t2j(piv), t2j(b)], "outputs": [t2j(x)]})


swap = torch.tensor([[0., 1.], [1., 0.]], dtype=D)
three = torch.tensor([[0., 1., 2.], [1., 0., 3.], [2., 3., 0.]], dtype=D)
blocks = torch.block_diag(swap, torch.tensor([[4.]], dtype=D), 2 * swap)
mats = [swap, swap.float(), three, three.float(), blocks, torch.eye(3, dtype=D), torch.tensor([[-2.]], dtype=D),
        sym(5), sym(5, dtype=torch.float32), sym(6, zero_diag=True), sym(6, dtype=torch.float32, zero_diag=True),
        sym(4, (2, 3)), sym(4, (3,), zero_diag=True), sym(20), sym(20, dtype=torch.float32), sym(24, zero_diag=True),
        torch.randn(4, 4, dtype=D)]  # the last one is not symmetric: only its lower triangle is read
for m in mats:
    factor(m)
factor(sym(5), hermitian=True)
factor(sym(4, (2,), zero_diag=True), hermitian=True)
factor(three, ex=True)
factor(torch.zeros(2, 2, dtype=D), ex=True)
factor(torch.stack([sym(3), torch.zeros(3, 3, dtype=D), torch.tensor([[1., 2., 0.], [2., 4., 0.], [0., 0., 1.]], dtype=D)]), ex=True)
factor(torch.empty(0, 0, dtype=D))
factor(torch.empty(2, 0, 0, dtype=D))

solve(three, torch.randn(3, 2, dtype=D))
solve(blocks, torch.randn(5, 3, dtype=D))
solve(swap.float(), torch.randn(2, 1))
solve(sym(6, zero_diag=True), torch.randn(6, 4, dtype=D))
solve(sym(5, dtype=torch.float32), torch.randn(5, 2))
solve(sym(4, (2, 3)), torch.randn(2, 3, 4, 2, dtype=D))
solve(sym(4, (2,)), torch.randn(3, 1, 4, 2, dtype=D), expand=(3, 2))  # B's batch broadcast against LD's
solve(sym(4, (2,)), torch.randn(4, 3, dtype=D))
solve(sym(20), torch.randn(20, 3, dtype=D))
solve(sym(5), torch.randn(5, 2, dtype=D), hermitian=True)


def err(name, fn, f, *inputs, kw=None):
    try:
        f(*inputs)
        raise AssertionError(name)
    except (RuntimeError, ValueError, IndexError) as e:
        msg = str(e)
        if "INTERNAL ASSERT FAILED" in msg:
            msg = msg[msg.index("torch.linalg"):]
        cases.append({"kind": "error", "name": name, "fn": fn, "kw": kw or {}, "inputs": [t2j(x) for x in inputs],
                      "message": msg})


err("factor_singular", "ldl_factor", L.ldl_factor, torch.zeros(2, 2, dtype=D))
err("factor_singular_batch", "ldl_factor", L.ldl_factor, torch.stack([swap, torch.zeros(2, 2, dtype=D)]))
err("factor_not_square", "ldl_factor", L.ldl_factor, torch.zeros(2, 3, dtype=D))
err("factor_1d", "ldl_factor", L.ldl_factor, torch.zeros(3, dtype=D))
err("factor_int", "ldl_factor", L.ldl_factor, torch.zeros(2, 2, dtype=torch.long))
err("factor_ex_not_square", "ldl_factor_ex", L.ldl_factor_ex, torch.zeros(3, 2, dtype=D))
LD, piv = L.ldl_factor(three)
err("solve_dtype", "ldl_solve", L.ldl_solve, LD, piv, torch.ones(3, 1))
err("solve_ld_1d", "ldl_solve", L.ldl_solve, LD[0], piv, torch.ones(3, 1, dtype=D))
err("solve_pivots_float", "ldl_solve", L.ldl_solve, LD, piv.float(), torch.ones(3, 1, dtype=D))
err("solve_rows", "ldl_solve", L.ldl_solve, LD, piv, torch.ones(2, 1, dtype=D))
err("solve_pivots_shape", "ldl_solve", L.ldl_solve, LD, piv[:2], torch.ones(3, 1, dtype=D))
err("solve_pivots_batch", "ldl_solve", L.ldl_solve, LD.expand(2, 3, 3), piv, torch.ones(3, 1, dtype=D))
err("solve_not_square", "ldl_solve", L.ldl_solve, LD[:, :2], piv, torch.ones(3, 1, dtype=D))

write("ldl", cases)
