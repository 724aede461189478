#!/usr/bin/python3
"""Goldens for the integer ops and the scans/scatters added with them -> goldens/integer_ops.json, read by
dev.torch4j.ops.IntegerOpsGoldenTest: bitwise and/or/xor/not and shifts with Java integers, in place, mixed dtypes,
non-contiguous operands and edge values; gcd/lcm on every integer dtype; cummax/cummin, scatter_reduce(_), mode,
unique_consecutive; PyTorch's errors. (The elementwise grids of these ops on every dtype are in
elementwise_goldens.py.)

Run from the repository root: /usr/bin/python3 scripts/goldens/integer_ops_goldens.py (PyTorch 1.13).

Each case: {"name": "<op>/<what>" (OPS below and the Java test map <op> to the call), "inputs": [tensor...],
"kwargs"?: the call's other arguments, "views"?: a tensor_json.apply_view spec (or null) per input, then either
  "outputs": [tensor...] (tuples flattened: values, indices; an in-place op (name ending in _): its first input's
  base afterwards), "gradOut"?: w, "grads"?: [tensor or null per input] (d sum(outputs[0] * w) / d input)
or "error": PyTorch's message, "expect": the fragment torch4j's message must contain}, "note"?: where 2.x differs.

PyTorch 2.x differences followed here:
  - shifts by a negative count or by >= the width (torch2x.shift).
  - "not implemented" errors name the kernel as 1.13 does ("bitwise_and_cpu" not implemented for 'Float'); 2.x
    words them the same.
"""
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch2x  # noqa: E402
from common import t2j, write  # noqa: E402
from tensor_json import apply_view  # noqa: E402

warnings.filterwarnings("ignore")
torch.manual_seed(7)
cases = []
NAN = float("nan")
INTS = [torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8]


def flat(out):
    if isinstance(out, torch.Tensor):
        return [out]
    return [o for o in out]


def shifted(a, n, left):
    """2.x's shift (torch2x.shift); records whether 1.13 differs, for the case's note."""
    r, differs = torch2x.shift(a, n, left)
    NOTE[0] = NOTE[0] or differs
    return r


NOTE = [False]
SHIFT_NOTE = "2.x: shifts by a negative count or >= the width are defined (1.13 masked the count)"

# op name -> PyTorch call (args: the inputs after their views, then kw). The Java test maps the same names.
OPS = {
    "and": lambda a, b, kw: a.bitwise_and(b),
    "or": lambda a, b, kw: a.bitwise_or(b),
    "xor": lambda a, b, kw: a.bitwise_xor(b),
    "lshift": lambda a, b, kw: shifted(a, b, True),
    "rshift": lambda a, b, kw: shifted(a, b, False),
    "and_static": lambda a, b, kw: torch.bitwise_and(a, b),
    "and_s": lambda a, kw: a.bitwise_and(kw["n"]),
    "or_s": lambda a, kw: a.bitwise_or(kw["n"]),
    "xor_s": lambda a, kw: a.bitwise_xor(kw["n"]),
    "lshift_s": lambda a, kw: shifted(a, kw["n"], True),
    "rshift_s": lambda a, kw: shifted(a, kw["n"], False),
    "not": lambda a, kw: torch.bitwise_not(a),
    "and_": lambda a, b, kw: a.bitwise_and_(b),
    "or_s_": lambda a, kw: a.bitwise_or_(kw["n"]),
    "xor_": lambda a, b, kw: a.bitwise_xor_(b),
    "not_": lambda a, kw: a.bitwise_not_(),
    "lshift_s_": lambda a, kw: a.copy_(shifted(a, kw["n"], True)),
    "rshift_s_": lambda a, kw: a.copy_(shifted(a, kw["n"], False)),
    "gcd": lambda a, b, kw: torch.gcd(a, b),
    "lcm": lambda a, b, kw: torch.lcm(a, b),
    "gcd_": lambda a, b, kw: a.gcd_(b),
    "lcm_": lambda a, b, kw: a.lcm_(b),
    "cummax": lambda a, kw: torch.cummax(a, kw["dim"]),
    "cummin": lambda a, kw: a.cummin(kw["dim"]),
    "scatter_reduce": lambda a, i, b, kw: a.scatter_reduce(kw["dim"], i, b, kw["reduce"], include_self=kw["include_self"]),
    "scatter_reduce_": lambda a, i, b, kw: a.scatter_reduce_(kw["dim"], i, b, kw["reduce"], include_self=kw["include_self"]),
    "index_reduce": lambda a, i, b, kw: a.index_reduce(kw["dim"], i, b, kw["reduce"], include_self=kw["include_self"]),
    "index_reduce_": lambda a, i, b, kw: a.index_reduce_(kw["dim"], i, b, kw["reduce"], include_self=kw["include_self"]),
    "mode": lambda a, kw: torch.mode(a, kw["dim"], keepdim=kw["keepdim"]) if "dim" in kw else torch.mode(a),
    "unique_consecutive": lambda a, kw: torch.unique_consecutive(a, return_inverse=kw["inverse"],
                                                                 return_counts=kw["counts"], dim=kw.get("dim")),
}


def case(name, *inputs, kw=None, views=None, grad=False, note=None):
    """name is "<op>/<what>"; the op's inputs may be viewed (tensor_json.apply_view specs, one per input)."""
    op = name.split("/")[0]
    kw = kw or {}
    views = views or [None] * len(inputs)
    inplace = op.endswith("_")
    xs = [x.clone().requires_grad_(grad and x.is_floating_point()) for x in inputs]
    bases = [x.clone() if inplace and grad else x for x in xs]  # in place on a non-leaf copy when differentiating
    args = [apply_view(x, v) for x, v in zip(bases, views)]
    NOTE[0] = False
    out = OPS[op](*args, kw)
    if inplace:
        assert out is args[0]
        out = bases[0]  # the whole base after an in-place op on a view of it
    outs = flat(out)
    c = {"name": name, "inputs": [t2j(x) for x in inputs], "outputs": [t2j(o) for o in outs]}
    if kw:
        c["kwargs"] = kw
    if any(v is not None for v in views):
        c["views"] = views
    if grad:
        o = outs[0]
        w = torch.linspace(-1.5, 2.0, o.numel(), dtype=torch.float64).reshape(o.shape).to(o.dtype)
        gs = iter(torch.autograd.grad(o, [x for x in xs if x.requires_grad], w, allow_unused=True))
        c["gradOut"] = t2j(w)
        c["grads"] = [(lambda g: None if g is None else t2j(g))(next(gs)) if x.requires_grad else None for x in xs]
    if NOTE[0] or note:
        c["note"] = note or SHIFT_NOTE
    cases.append(c)


def error(name, *inputs, kw=None, expect):
    op = name.split("/")[0]
    try:
        OPS[op](*inputs, kw or {})
    except (RuntimeError, IndexError, ValueError) as e:
        msg = str(e)
        assert expect in msg, (name, expect, msg)
        c = {"name": name, "inputs": [t2j(x) for x in inputs], "error": msg, "expect": expect}
        if kw:
            c["kwargs"] = kw
        cases.append(c)
        return
    raise AssertionError("expected an error: " + name)


def ints(values, dt):
    return torch.tensor(values, dtype=torch.int64).to(dt)


T = [["t"]]

# ---------------------------------------------------------------- bitwise ops with Java integers, every integer dtype

DT = {torch.int64: "int64", torch.int32: "int32", torch.int16: "int16", torch.int8: "int8", torch.uint8: "uint8"}
for dt in INTS:
    info = torch.iinfo(dt)
    x = ints([0, 1, -1 if dt != torch.uint8 else 255, 12, info.max, info.min, 100], dt)
    n = DT[dt]
    for v in (6, -3, 300):
        case("and_s/%s_%d" % (n, v), x, kw={"n": v})
    case("or_s/" + n, x, kw={"n": 300})
    case("xor_s/" + n, x, kw={"n": -1})
    case("not/" + n, x)
    for v in (0, 1, 3, 7, 8, 15, 31, 63, 64, 70, -1):
        case("lshift_s/%s_%d" % (n, v), x, kw={"n": v})
        case("rshift_s/%s_%d" % (n, v), x, kw={"n": v})
b = torch.tensor([True, False, True, False])
case("and_s/bool", b, kw={"n": 1})  # a Python int promotes bool to int64
case("or_s/bool", b, kw={"n": 2})
case("xor/bool", b, torch.tensor([True, True, False, False]))
case("not/bool", b)
case("and_static/bool_int8", b, ints([3, 3, -2, 5], torch.int8))

# int64 edges: MIN/MAX with -1 and shifts of the sign bit
big = ints([-2 ** 63, 2 ** 63 - 1, -1, 0, 1, -2 ** 62], torch.int64)
case("and/int64_edges", big, ints([-1, -1, -2 ** 63, 5, 2 ** 63 - 1, -1], torch.int64))
case("xor/int64_edges", big, ints([2 ** 63 - 1, -2 ** 63, 2 ** 63 - 1, -1, -1, 2 ** 62], torch.int64))
case("lshift/int64_edges", big, ints([1, 1, 63, 63, 63, 1], torch.int64))
case("rshift/int64_edges", big, ints([63, 63, 63, 64, -5, 62], torch.int64))

# mixed dtypes, broadcasting and non-contiguous operands
u8 = ints([0, 7, 200, 255], torch.uint8)
i8 = ints([-1, 3, -128, 127], torch.int8)
case("and/uint8_int8", u8, i8)  # int16
case("or/int32_int64", ints([1, 2, 4, -8], torch.int32), ints([16, -32, 0, 1], torch.int64))
case("xor/bool_uint8", b, u8)
case("lshift/int8_uint8", i8, ints([1, 7, 8, 200], torch.uint8))  # int16: 200 is in range of neither
m = torch.arange(-12, 12).reshape(4, 6)
col = ints([[1], [-2], [3], [-4], [5], [-6]], torch.int64)
case("and/transposed_col", m, col, views=[T, None])
case("or/narrowed_row", m, ints([8, 16, 32, 64], torch.int64), views=[[["narrow", 1, 1, 4]], None])
case("xor/transposed_both", m, torch.arange(24).reshape(4, 6) * 7, views=[T, T])
case("lshift/transposed", m, ints([[0, 1, 2, 3]], torch.int64), views=[T, None])
case("rshift/broadcast", ints([[-256], [255], [-1]], torch.int32), ints([0, 4, 31, 32, -1], torch.int32))
case("not/transposed", m, views=[T])
case("not/0d", torch.tensor(5, dtype=torch.int16))

# in place (the result cast to self's dtype)
case("and_/int32_int64", ints([7, -1, 12], torch.int32), ints([3, 2 ** 40 + 5, -4], torch.int64))
case("or_s_/int8", ints([0, -128, 8], torch.int8), kw={"n": 5})
case("xor_/bool", b.clone(), torch.tensor([True, True, False, False]))
case("not_/int64", ints([0, -1, 5], torch.int64))
case("not_/bool", b.clone())
case("lshift_s_/uint8", ints([1, 3, 255], torch.uint8), kw={"n": 3})
case("rshift_s_/int16", ints([-32768, 1000, -7], torch.int16), kw={"n": 20})
case("and_/transposed_self", m.clone(), col, views=[T, None])

# errors: floating point has no kernel; shifts refuse bool; an in-place result that cannot be cast
for dt, word in [(torch.float32, "Float"), (torch.float64, "Double"), (torch.float16, "Half"), (torch.bfloat16, "BFloat16")]:
    f = torch.tensor([1.0, 2.0], dtype=dt)
    error("and/float_" + word, f, f, expect="\"bitwise_and_cpu\" not implemented for '%s'" % word)
error("or/float_int", torch.tensor([1.5]), ints([1], torch.int64), expect="\"bitwise_or_cpu\" not implemented for 'Float'")
error("xor_s/double", torch.tensor([1.5], dtype=torch.float64), kw={"n": 3},
      expect="\"bitwise_xor_cpu\" not implemented for 'Double'")
error("not/float", torch.tensor([1.5]), expect="\"bitwise_not_cpu\" not implemented for 'Float'")
error("not_/float", torch.tensor([1.5]), expect="\"bitwise_not_cpu\" not implemented for 'Float'")
error("lshift/float", torch.tensor([1.5]), ints([1], torch.int64), expect="\"lshift_cpu\" not implemented for 'Float'")
error("rshift/bool", b, b, expect="\"rshift_cpu\" not implemented for 'Bool'")
error("lshift/bool", b, b, expect="\"lshift_cpu\" not implemented for 'Bool'")
error("and_/int_float", ints([1], torch.int64), torch.tensor([1.5]),
      expect="result type Float can't be cast to the desired output type Long")

# ---------------------------------------------------------------- gcd and lcm

for dt in INTS:
    info = torch.iinfo(dt)
    n = DT[dt]
    if dt == torch.uint8:
        a, c = [0, 0, 12, 18, 255, 128, 7, 200], [0, 5, 18, 12, 85, 64, 13, 150]
    else:
        a = [0, 0, -12, 12, info.min, info.min, info.min, info.max, -7, 100, info.min]
        c = [0, -5, 18, -18, 6, 0, info.min, info.max, -7, -75, 1]
    case("gcd/" + n, ints(a, dt), ints(c, dt))
    case("lcm/" + n, ints(a, dt), ints(c, dt))
    case("lcm/overflow_" + n, ints([info.max, info.max - 1], dt), ints([info.max - 1, 3], dt))
case("gcd/broadcast", ints([[12], [-18], [0]], torch.int64), ints([8, -27, 0, 35], torch.int64))
case("gcd/mixed_int8_int16", ints([-128, 12], torch.int8), ints([-32768, 30], torch.int16))
case("gcd/transposed", m, col, views=[T, None])
case("lcm/0d", torch.tensor(4, dtype=torch.int32), ints([6, -10, 0], torch.int32))
case("gcd_/int8", ints([-128, 12, 0], torch.int8), ints([6, -18, 0], torch.int8))
case("lcm_/int16", ints([4, -6, 0], torch.int16), ints([6, 4, 9], torch.int16))
error("gcd/float", torch.tensor([4.0]), torch.tensor([6.0]), expect="\"gcd_cpu\" not implemented for 'Float'")
error("gcd/bool", b, b, expect="\"gcd_cpu\" not implemented for 'Bool'")
error("lcm/double", ints([4], torch.int64), torch.tensor([6.0], dtype=torch.float64),
      expect="\"lcm_cpu\" not implemented for 'Double'")

# ---------------------------------------------------------------- cummax / cummin

ties = torch.tensor([1.0, 3.0, 3.0, 2.0, NAN, 5.0, NAN, 3.0], dtype=torch.float64)
r3 = torch.randn(3, 5, 4, dtype=torch.float64).round()  # rounding makes ties
r64 = torch.randn(6, 4, dtype=torch.float64)
for name in ("cummax", "cummin"):
    case(name + "/ties_nan", ties, kw={"dim": 0})
    case(name + "/grad_ties", torch.tensor([2.0, 1.0, 2.0, 0.5, 2.0, 3.0, 0.5], dtype=torch.float64), kw={"dim": 0},
         grad=True)
    for d in (0, 1, -1):
        case("%s/3d_dim%d" % (name, d), r3, kw={"dim": d}, grad=True)
    case(name + "/transposed", r64, kw={"dim": 1}, views=[T], grad=True)
    case(name + "/float32", torch.tensor([0.5, -1.0, float("inf"), -float("inf"), 0.5]), kw={"dim": 0})
    for dt in INTS:
        case("%s/%s" % (name, DT[dt]), ints([3, 1, 1, 3, 0, 7, 7, 2], dt), kw={"dim": 0})
    case(name + "/int64_edges", ints([0, -2 ** 63, 2 ** 63 - 1, -2 ** 63, 2 ** 63 - 1], torch.int64), kw={"dim": 0})
    case(name + "/bool", torch.tensor([False, True, False, True]), kw={"dim": 0})
    case(name + "/0d", torch.tensor(2.5, dtype=torch.float64), kw={"dim": 0}, grad=True)
    case(name + "/empty", torch.zeros(2, 0, dtype=torch.float64), kw={"dim": 1})
    error(name + "/bad_dim", torch.zeros(2, 3), kw={"dim": 2}, expect="Dimension out of range")

# ---------------------------------------------------------------- scatter_reduce

s5 = torch.tensor([1.0, 2.0, 0.0, 4.0, 5.0], dtype=torch.float64)
src6 = torch.tensor([2.0, 3.0, -1.0, 7.0, 0.5, 2.0], dtype=torch.float64)
ix6 = torch.tensor([0, 1, 0, 1, 3, 0])
tie_self = torch.tensor([2.0, 7.0, 1.0, 0.5], dtype=torch.float64)  # ties within src and between self and src
zsrc = torch.tensor([0.0, 3.0, 0.0, 0.0, 2.0, 5.0], dtype=torch.float64)  # one zero sent to index 1, two to index 0
x34, i33 = torch.randn(3, 4, dtype=torch.float64), torch.tensor([[0, 1, 0], [2, 2, 3], [1, 1, 1]])
src33, src35 = torch.randn(3, 3, dtype=torch.float64), torch.randn(3, 5, dtype=torch.float64)
i_int = torch.tensor([[1, 0], [1, 1], [0, 2]])
for red in ("sum", "prod", "mean", "amax", "amin"):
    for inc in (True, False):
        tag = "%s_%s" % (red, "self" if inc else "noself")
        kw0, kw1 = {"dim": 0, "reduce": red, "include_self": inc}, {"dim": 1, "reduce": red, "include_self": inc}
        case("scatter_reduce/" + tag, s5, ix6, src6, kw=kw0, grad=True)
        case("scatter_reduce/ties_" + tag, tie_self, ix6, src6, kw=kw0, grad=True)
        case("scatter_reduce/zeros_" + tag, s5, ix6, zsrc, kw=kw0, grad=True)
        case("scatter_reduce/dim1_" + tag, x34, i33, src33, kw=kw1, grad=True)
        # src larger than index: PyTorch's backward refuses ("invalid gradient ... got [3, 3] but expected shape
        # compatible with [3, 5]"); torch4j pads src's gradient with zeros (checked by gradcheck in the op table)
        case("scatter_reduce/src_larger_" + tag, x34, i33, src35, kw=kw1)
        case("scatter_reduce/int_" + tag, ints([5, -3, 7, 2, 0], torch.int64), ix6, ints([2, -2, -4, 1, 9, 1], torch.int64),
             kw=kw0)
        case("scatter_reduce/int32_2d_" + tag, ints([[4, -5], [3, 3], [-1, 8]], torch.int32), i_int,
             ints([[-7, 2], [5, -2], [6, -9]], torch.int32), kw=kw0)
AMAX, AMIN = {"dim": 0, "reduce": "amax", "include_self": True}, {"dim": 0, "reduce": "amin", "include_self": True}
case("scatter_reduce/nan_amax", s5, ix6, torch.tensor([2.0, NAN, -1.0, 7.0, 0.5, 2.0], dtype=torch.float64), kw=AMAX)
case("scatter_reduce/nan_amin_self", torch.tensor([NAN, 2.0, 0.0, 4.0, 5.0], dtype=torch.float64), ix6, src6, kw=AMIN)
case("scatter_reduce/float32_mean", s5.float(), ix6, src6.float(), kw={"dim": 0, "reduce": "mean", "include_self": True})
case("scatter_reduce/transposed_self", torch.randn(3, 2, dtype=torch.float64), torch.tensor([[0, 1, 1]]),
     torch.randn(1, 3, dtype=torch.float64), kw={"dim": 0, "reduce": "prod", "include_self": True}, views=[T, None, None],
     grad=True)
case("scatter_reduce/empty_index", s5, torch.tensor([], dtype=torch.int64), torch.tensor([], dtype=torch.float64), kw=AMAX)
case("scatter_reduce_/amax", s5, ix6, src6, kw=AMAX, grad=True)
case("scatter_reduce_/int_mean_noself", ints([5, -3, 7, 2, 0], torch.int64), ix6, ints([2, -2, -4, 1, 9, 1], torch.int64),
     kw={"dim": 0, "reduce": "mean", "include_self": False})
error("scatter_reduce/bad_reduce", s5, ix6, src6, kw={"dim": 0, "reduce": "max", "include_self": True},
      expect="reduce argument must be either sum, prod, mean, amax or amin")
error("scatter_reduce/dtype", s5, ix6, src6.float(), kw=AMAX, expect="Expected self.dtype to be equal to src.dtype")
error("scatter_reduce/out_of_bounds", s5, torch.tensor([9]), src6, kw=AMAX,
      expect="index 9 is out of bounds for dimension 0 with size 5")

# ---------------------------------------------------------------- mode

case("mode/ties_smallest", ints([3, 1, 2, 2, 1, 3], torch.int64))
case("mode/most_frequent", ints([4, 4, 1, 4, 1, 1, 1], torch.int64))
case("mode/nan_each_apart", torch.tensor([3.0, NAN, NAN, 1.0], dtype=torch.float64))
case("mode/dim1", ints([[1, 2, 2, 1], [5, 5, 3, 3], [7, 8, 9, 8]], torch.int32), kw={"dim": 1, "keepdim": False})
case("mode/dim0_keepdim", torch.randint(0, 3, (7, 4)).double(), kw={"dim": 0, "keepdim": True}, grad=True)
case("mode/grad", torch.tensor([[0.5, 2.0, 0.5, 1.0], [3.0, 3.0, -1.0, -1.0]], dtype=torch.float64),
     kw={"dim": -1, "keepdim": False}, grad=True)
case("mode/transposed", torch.randint(0, 3, (5, 3)).to(torch.int16), kw={"dim": 1, "keepdim": False}, views=[T])
case("mode/bool", torch.tensor([[True, False], [False, False], [True, True]]), kw={"dim": 0, "keepdim": False})
case("mode/uint8", ints([200, 3, 200, 3, 9], torch.uint8))
case("mode/0d", torch.tensor(4.0, dtype=torch.float64), grad=True)
case("mode/float32_3d", torch.randint(-2, 2, (2, 6, 3)).float(), kw={"dim": 1, "keepdim": False})
case("mode/empty_other_dim", torch.zeros(0, 3), kw={"dim": 1, "keepdim": False})
error("mode/empty_dim", torch.zeros(2, 0), kw={"dim": 1, "keepdim": False},
      expect="mode(): Expected reduction dim 1 to have non-zero size.")

# ---------------------------------------------------------------- unique_consecutive

BOTH = {"inverse": True, "counts": True}
case("unique_consecutive/nan", torch.tensor([1.0, NAN, NAN, 2.0, 2.0, 1.0], dtype=torch.float64), kw=BOTH)
case("unique_consecutive/2d_flat", ints([[1, 1, 2], [2, 3, 3]], torch.int64), kw=BOTH)
case("unique_consecutive/dim0", ints([[1, 2], [1, 2], [3, 4], [1, 2]], torch.int64), kw=dict(BOTH, dim=0))
case("unique_consecutive/dim1", ints([[1, 1, 2], [3, 3, 4]], torch.int64), kw=dict(BOTH, dim=1))
case("unique_consecutive/0d", torch.tensor(5, dtype=torch.int64), kw=BOTH)
case("unique_consecutive/empty", torch.tensor([], dtype=torch.float32), kw=BOTH)
case("unique_consecutive/bool", torch.tensor([True, True, False, True]), kw=BOTH)
case("unique_consecutive/values_only", ints([2, 2, 2, 0, 2], torch.int8), kw={"inverse": False, "counts": False})
case("unique_consecutive/counts_only", ints([2, 2, 2, 0, 2], torch.int8), kw={"inverse": False, "counts": True})
case("unique_consecutive/transposed", torch.tensor([[1, 1], [1, 2], [2, 2]]), kw=BOTH, views=[T])
case("unique_consecutive/empty_dim0", torch.zeros(0, 3), kw=dict(BOTH, dim=0))
error("unique_consecutive/0d_dim", torch.tensor(5), kw=dict(BOTH, dim=0),
      expect="Dimension specified as 0 but tensor has no dimensions")
error("unique_consecutive/empty_other_dim", torch.zeros(2, 0), kw=dict(BOTH, dim=0),
      expect="There are 0 sized dimensions, and they aren't selected, so unique cannot be applied")

# ---------------------------------------------------------------- index_reduce (after every earlier draw)

xr, srcr = torch.randn(5, 3, dtype=torch.float64), torch.randn(4, 3, dtype=torch.float64)
ir = torch.tensor([0, 2, 0, 4])
xc, srcc, ic = torch.randn(2, 4, dtype=torch.float64), torch.randn(2, 3, dtype=torch.float64), torch.tensor([3, 3, 1])
for red in ("prod", "mean", "amax", "amin"):
    for inc in (True, False):
        tag = "%s_%s" % (red, "self" if inc else "noself")
        case("index_reduce/" + tag, xr, ir, srcr, kw={"dim": 0, "reduce": red, "include_self": inc}, grad=True)
        case("index_reduce/dim1_" + tag, xc, ic, srcc, kw={"dim": -1, "reduce": red, "include_self": inc}, grad=True)
        case("index_reduce/int_" + tag, ints([[5, -3], [7, 2], [0, 1]], torch.int64), torch.tensor([2, 2, 0], dtype=torch.int32),
             ints([[2, -2], [-4, 1], [9, 3]], torch.int64), kw={"dim": 0, "reduce": red, "include_self": inc})
case("index_reduce_/mean_self", xr, ir, srcr, kw={"dim": 0, "reduce": "mean", "include_self": True}, grad=True)
case("index_reduce_/amax_transposed", xr, ir, srcr.t().contiguous().t(), kw={"dim": 0, "reduce": "amax", "include_self": False},
     views=[None, None, None])
IR = {"dim": 0, "reduce": "prod", "include_self": True}
error("index_reduce/bad_reduce", xr, ir, srcr, kw={"dim": 0, "reduce": "sum", "include_self": True},
      expect="index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got sum.")
error("index_reduce/index_2d", xr, torch.tensor([[0]]), srcr[:1], kw=IR,
      expect="index_reduce_(): Index is supposed to be a vector, but got dim: 2 with type: Long and size: [1, 1]")
error("index_reduce/count", xr, ir, srcr[:3], kw=IR,
      expect="index_reduce_(): Number of indices (4) should be equal to source.size(dim): (3), for dim: 0")
error("index_reduce/float_index", xr, ir.double(), srcr, kw=IR,
      expect="index_reduce_(): Expected dtype int32/int64 for index but got: Double")
error("index_reduce/out_of_range", xr, torch.tensor([0, 2, 0, 5]), srcr, kw=IR, expect="index out of range in self")
error("index_reduce/dtype", xr, ir, srcr.float(), kw=IR,
      expect="index_reduce_(): self (Double) and source (Float) must have the same scalar type")

write("integer_ops", cases)
