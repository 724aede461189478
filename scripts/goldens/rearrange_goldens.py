"""Goldens for tril, triu, flip, roll, isclose and allclose -> goldens/rearrange.json.

Run: /usr/bin/python3 scripts/goldens/rearrange_goldens.py

Each differentiable case: the input, the op and its arguments, the output, the grad_fn name, and the gradient of
(out * w).sum() for a fixed random w. isclose cases: both inputs (NaN and infinities included), rtol/atol/equal_nan,
the bool result and allclose's answer. Error cases keep PyTorch's message.
"""
import math

import torch

from common import t2j, write

torch.manual_seed(0)
cases = []


def op_case(op, x, *args):
    x = x.clone().requires_grad_(x.dtype.is_floating_point)
    fn = {"tril": torch.tril, "triu": torch.triu, "flip": torch.flip, "roll": torch.roll}[op]
    out = fn(x, *args)
    c = {"kind": "op", "op": op, "args": [list(a) if isinstance(a, (tuple, list)) else a for a in args],
         "input": t2j(x), "out": t2j(out)}
    if x.requires_grad:
        w = torch.randn(out.shape, dtype=out.dtype)
        (out * w).sum().backward()
        c.update(grad_fn=type(out.grad_fn).__name__, w=t2j(w), grad=t2j(x.grad))
    cases.append(c)


a34 = torch.randn(3, 4)
b234 = torch.randn(2, 3, 4)
inf = torch.tensor([[1.0, math.inf, 2.0], [-math.inf, 3.0, math.nan], [4.0, 5.0, 6.0]])
for op in ("tril", "triu"):
    for k in (0, 1, -1, 5, -5):
        op_case(op, a34, k)
    op_case(op, b234, 0)
    op_case(op, b234.transpose(1, 2), 1)
    op_case(op, inf, 0)  # infinities outside the triangle become 0, not NaN
    op_case(op, torch.arange(12).reshape(3, 4), -1)
    op_case(op, torch.zeros(0, 3), 0)
for dims in ([0], [1], [0, 1], [-1], []):
    op_case("flip", a34, dims)
op_case("flip", b234, [0, 2])
op_case("flip", torch.arange(6).reshape(2, 3), [1])
for shifts, dims in ((1, 0), (-1, 1), (5, 1), ((1, 2), (0, 1)), (2, None), (0, 0), (7, None)):
    if dims is None:
        op_case("roll", a34, shifts)
    else:
        op_case("roll", a34, shifts, dims)
op_case("roll", b234, (1, -2), (2, 0))
op_case("roll", torch.arange(5), 2)

for a, b, rtol, atol, equal_nan in [
    (torch.tensor([1.0, 1.0, 1.0, math.nan, math.inf, -math.inf, math.inf, 0.0]),
     torch.tensor([1.0, 1.00001, 1.1, math.nan, math.inf, -math.inf, -math.inf, 1e-9]), 1e-5, 1e-8, False),
    (torch.tensor([1.0, math.nan, 2.0]), torch.tensor([1.0, math.nan, 2.1]), 1e-5, 1e-8, True),
    (torch.tensor([1.0, 2.0]), torch.tensor([1.05, 2.5]), 0.1, 0.0, False),
    (torch.tensor([1.0, 2.0]), torch.tensor([1.05, 2.0]), 0.0, 0.0, False),
    (torch.tensor([1.0, 2.0], dtype=torch.float64), torch.tensor([1.0 + 1e-9, 2.0], dtype=torch.float64), 1e-5, 1e-8, False),
    (torch.tensor([1, 2, 3]), torch.tensor([1, 3, 3]), 0.5, 0.0, False),
    (torch.tensor([True, False]), torch.tensor([True, True]), 1e-5, 1e-8, False),
    (torch.tensor([[1.0], [2.0]]), torch.tensor([1.0, 2.0]), 1e-5, 1e-8, False),
]:
    cases.append({"kind": "isclose", "a": t2j(a), "b": t2j(b), "rtol": rtol, "atol": atol, "equal_nan": equal_nan,
                  "out": t2j(torch.isclose(a, b, rtol, atol, equal_nan)),
                  "allclose": bool(torch.allclose(a, b, rtol, atol, equal_nan))})

# (tril of a 1-d tensor: PyTorch 1.13 says "Dimension out of range", 2.x "tril: input tensor must have at least 2
# dimensions"; torch4j says the latter, tested without a golden)
for name, fn in [("flip_dup", lambda: torch.flip(a34, [0, 0])),
                 ("roll_mismatch", lambda: torch.roll(a34, (1, 2), (0,))),
                 ("isclose_dtypes", lambda: torch.isclose(torch.ones(2), torch.ones(2, dtype=torch.float64)))]:
    try:
        fn()
        raise AssertionError(name)
    except RuntimeError as e:
        cases.append({"kind": "error", "name": name, "message": str(e)})

write("rearrange", cases)
