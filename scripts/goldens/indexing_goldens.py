#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/indexing.json (t[...], t[...] = v, index_put_, gather/scatter family,
take, masked_select, nonzero) and joining.json (cat, stack, hstack/vstack/dstack, split, chunk) from real PyTorch,
read by dev.torch4j.ops.IndexingGoldenTest and dev.torch4j.ops.JoiningGoldenTest.

Run from the repository root with a Python that has torch (here /usr/bin/python3, PyTorch 1.13):
    /usr/bin/python3 scripts/goldens/indexing_goldens.py

Case layout (tensors as tensor_json.tj, views as tensor_json.apply_view specs):
  getitem:  {"kind", "name", "x", "view"?, "idx": [item...], "out", "basic": bool, "after_fill"?: tensor}
            after_fill is x after out.fill_(-1) (basic indexing returns a view, so the write shows in x).
  setitem:  {"kind", "name", "x", "view"?, "idx", "value": tensor | {"scalar": v}, "accumulate": bool, "out"}
            out is x (the possibly non-contiguous view) after the write.
  op:       {"kind", "name", "op", "x", "view"?, "args": {...}, "out"}
An index item is {"i": int} | {"s": [start, stop, step]} (null bounds) | {"n": 1} (None) | {"e": 1} (Ellipsis)
| {"b": bool} | {"t": tensor} | {"l": python list} (a Java List).

PyTorch 2.x differences followed here: int32 index tensors are valid indices in 2.x (1.13 refuses them); those cases
are computed with the index cast to int64 and carry "note": "2.x-int-index".
"""
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import write  # noqa: E402
from tensor_json import DTYPES, apply_view, tj  # noqa: E402

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float32)

T = torch.tensor


def ar(*shape, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    return torch.arange(n).reshape(shape).to(dtype)


GEN = {}


def gen(shape, mul, mod, dtype="float32"):
    """A tensor whose element k (row-major) is (k * mul) % mod: big inputs are stored as this formula, not data."""
    n = 1
    for d in shape:
        n *= d
    t = (torch.arange(n) * mul % mod).reshape(shape).to(DTYPES[dtype])
    GEN[id(t)] = (t, {"gen": [list(shape), mul, mod, dtype]})  # keeps t alive, so its id is never reused
    return t


def tjx(t):
    g = GEN.get(id(t))
    return g[1] if g is not None and g[0] is t else tj(t)


def enc(item):
    if item is None:
        return {"n": 1}
    if item is Ellipsis:
        return {"e": 1}
    if isinstance(item, bool):
        return {"b": item}
    if isinstance(item, int):
        return {"i": item}
    if isinstance(item, slice):
        return {"s": [item.start, item.stop, item.step]}
    if isinstance(item, torch.Tensor):
        return {"t": tjx(item)}
    if isinstance(item, list):
        return {"l": item}
    raise ValueError(item)


def py_index(idx):
    """int32 index tensors are fine in 2.x; 1.13 needs them as int64 to compute the expected values."""
    out = []
    for i in idx:
        if isinstance(i, torch.Tensor) and i.dtype == torch.int32:
            out.append(i.long())
        else:
            out.append(i)
    return tuple(out)


indexing = []
joining = []


def getitem(name, x, idx, view=None):
    base = x.clone()
    v = apply_view(base, view)
    out = v[py_index(idx)]
    case = {"kind": "getitem", "name": name, "x": tjx(x), "idx": [enc(i) for i in idx], "out": tj(out)}
    if view:
        case["view"] = view
    basic = all(not isinstance(i, (torch.Tensor, list)) or (isinstance(i, torch.Tensor) and i.dim() == 0
                and i.dtype not in (torch.bool, torch.uint8)) for i in idx) and not any(isinstance(i, bool) for i in idx)
    case["basic"] = basic
    if basic:
        assert out.data_ptr() == 0 or out.numel() == 0 or out.storage().data_ptr() == base.storage().data_ptr(), name
        out.fill_(-1)
        case["after_fill"] = tj(apply_view(base, view))
    if any(isinstance(i, torch.Tensor) and i.dtype == torch.int32 for i in idx):
        case["note"] = "2.x-int-index"
    indexing.append(case)


def setitem(name, x, idx, value, view=None, accumulate=False):
    base = x.clone()
    v = apply_view(base, view)
    if accumulate:
        v.index_put_(py_index(idx), value, accumulate=True)
    else:
        v[py_index(idx)] = value
    case = {"kind": "setitem", "name": name, "x": tjx(x), "idx": [enc(i) for i in idx],
            "value": tjx(value) if isinstance(value, torch.Tensor) else {"scalar": value},
            "accumulate": accumulate, "out": tj(v)}
    if view:
        case["view"] = view
    indexing.append(case)


def op(name, opname, x, fn, view=None, **args):
    v = apply_view(x.clone(), view)
    out = fn(v)
    enc_args = {k: (tjx(a) if isinstance(a, torch.Tensor) else a) for k, a in args.items()}
    case = {"kind": "op", "name": name, "op": opname, "x": tjx(x), "args": enc_args}
    if view:
        case["view"] = view
    if isinstance(out, torch.Tensor):
        case["out"] = tj(out)
    indexing.append(case)


# ---------------------------------------------------------------- getitem: basic (views)
x3 = ar(3, 4)
x234 = ar(2, 3, 4)
getitem("int", x3, [1])
getitem("neg_int", x3, [-1])
getitem("int_int", x3, [2, -3])
getitem("slice", x3, [slice(1, None)])
getitem("slice_step", x3, [slice(None, None, 2)])
getitem("slice_neg_bounds", x234, [slice(-1, None), slice(-100, 2), slice(3, 1)])
getitem("slice_clamped", x234, [slice(1, 100), slice(None, None, 5)])
getitem("slice_step3_dim2", x234, [Ellipsis, slice(0, None, 3)])
getitem("none_front", x3, [None])
getitem("none_mid", x234, [0, None, slice(None), None])
getitem("ellipsis_int", x234, [Ellipsis, 1])
getitem("ellipsis_mid", x234, [1, Ellipsis, 2])
getitem("ellipsis_only", x234, [Ellipsis])
getitem("two_ellipses", x3, [Ellipsis, 0, Ellipsis])
getitem("empty_tuple", x3, [])
getitem("zero_dim_int_tensor", x3, [T(2)])
getitem("zero_dim_int_tensor_mid", x234, [slice(None), T(-1)])
getitem("noncontig_slice", x234, [slice(None), 1, slice(None, None, 2)], view=[["permute", [2, 0, 1]]])
getitem("noncontig_int", x3, [1], view=[["t"]])
getitem("scalar_ellipsis", T(5.0), [Ellipsis])
getitem("scalar_none", T(5.0), [None, Ellipsis, None])
getitem("int64_basic", ar(4, 3, dtype=torch.int64), [slice(1, 3), -1])
getitem("bool_dtype_basic", (ar(3, 4) % 3 == 0), [slice(None), 2])

# ---------------------------------------------------------------- getitem: advanced (copies)
getitem("index_1d", x3, [T([2, 0, 2])])
getitem("index_2d", x3, [T([[0, 1], [2, 0]])])
getitem("index_neg", x3, [slice(None), T([-1, -4])])
getitem("index_int32", x3, [T([0, 2], dtype=torch.int32)])
getitem("index_list", x3, [[0, 2]])
getitem("index_empty", x3, [T([], dtype=torch.long)])
getitem("index_empty_of_empty", torch.zeros(0, 3), [T([], dtype=torch.long)])
getitem("two_adjacent", x234, [slice(None), T([0, 2]), T([1, 3])])
getitem("two_broadcast", x234, [T([[0], [1]]), T([0, 1, 2])])
getitem("two_separated_by_slice", x234, [T([0, 1]), slice(None), T([1, 2])])
getitem("two_separated_by_int", x234, [T([0, 1]), 0, T([1, 2])])
getitem("separated_by_none", x234, [T([0, 1]), None, T([1, 2])])
getitem("none_before_adjacent", x234, [None, T([0, 1]), None, T([1, 2])])
getitem("int_then_index", x234, [0, slice(None), T([1, 2])])
getitem("index_then_int", x234, [T([1, 0]), 0])
getitem("slice_index_slice", ar(2, 3, 4, 5), [slice(None), T([2, 0]), slice(1, 3)])
getitem("ellipsis_index", x234, [Ellipsis, T([3, 0])])
getitem("index_ellipsis_index", ar(2, 3, 4, 5), [T([1, 0]), Ellipsis, T([4, 0])])
getitem("mask_1d", x3, [T([True, False, True])])
getitem("mask_dim1", x3, [slice(None), T([True, False, True, False])])
getitem("mask_2d", x3, [x3 > 4])
getitem("mask_full_3d", x234, [x234 % 5 == 0])
getitem("mask_2d_leading", x234, [T([[True, False, True], [False, True, True]])])
getitem("mask_uint8", x3, [T([1, 0, 1], dtype=torch.uint8)])
getitem("mask_all_false", x3, [T([False, False, False])])
getitem("mask_and_index", x234, [T([True, False]), slice(None), T([1, 2])])
getitem("bool_true", x3, [True])
getitem("bool_false", x3, [False])
getitem("bool_after_int", x3, [0, True])
getitem("zero_dim_bool_tensor", x3, [T(True)])
getitem("zero_dim_mask_scalar", T(5.0), [T(True)])
getitem("index_noncontig_self", x234, [T([2, 0]), slice(None)], view=[["permute", [2, 1, 0]]])
getitem("index_noncontig_index", x3, [T([[0, 1, 2], [2, 1, 0]]).t()])
getitem("index_expanded_index", x3, [T([1]).expand(3)])
for dt in ["float64", "int64", "int32", "int16", "int8", "uint8", "bool", "float16", "bfloat16"]:
    getitem("dtype_" + dt, (ar(3, 4) % 7).to(DTYPES[dt]), [T([2, 0]), slice(1, None)])

# ---------------------------------------------------------------- setitem
setitem("set_int_scalar", x3, [0], 5.0)
setitem("set_slice_tensor", x3, [slice(1, None)], torch.ones(1, 1, 4))
setitem("set_row_broadcast", x3, [slice(None)], T([1.0, 2, 3, 4]))
setitem("set_ellipsis_col", x234, [Ellipsis, 1], T(-2.0))
setitem("set_view_t", x3, [0], T([7.0, 8, 9]), view=[["t"]])
setitem("set_step", x3, [slice(None, None, 2), slice(1, None, 2)], T([[10.0, 20], [30, 40]]))
setitem("set_dtype_convert_basic", x3, [1], T([1, 2, 3, 4]))
setitem("set_int_self_float_value", ar(3, 4, dtype=torch.int64), [0], 2.7)
setitem("set_index_rows", x3, [T([0, 2])], T([1.0, 2, 3, 4]))
setitem("set_index_dup", x3, [T([0, 0, 2])], T([[1.0, 2, 3, 4], [1.0, 2, 3, 4], [5, 6, 7, 8]]))
setitem("set_mask_scalar", x3, [x3 > 5], 0.0)
setitem("set_mask_values", x3, [x3 % 2 == 0], -ar(6))
setitem("set_two_separated", torch.zeros(2, 3, 4), [T([0, 1]), slice(None), T([1, 2])], ar(2, 3))
setitem("set_slice_then_index", torch.zeros(2, 3, 4), [slice(None), slice(1, None), T([1, 2])], ar(2, 2, 1))
setitem("set_index_leading_ones", torch.zeros(3, 4), [T([[0, 1]])], torch.ones(1, 1, 1, 2, 4))
setitem("set_index_noncontig", x3, [slice(None), T([0, 2])], (ar(2, 4) + 50).t(), view=[["t"]])
setitem("set_bool_true", x3, [True], T(3.0))
setitem("set_int64_exact", torch.zeros(2, dtype=torch.int64), [T([1])], T([2 ** 62 + 1]))
setitem("acc_dup", torch.zeros(4), [T([[0, 1], [1, 3]])], T([1.0, 2]), accumulate=True)
setitem("acc_rows_dup", x3, [T([0, 0, 2])], T([1.0, 2, 3, 4]), accumulate=True)
setitem("acc_2d_index", torch.zeros(3, 4), [T([0, 0, 2, 0]), T([1, 1, 3, 1])], T([1.0, 2, 3, 4]), accumulate=True)
setitem("acc_mask", torch.ones(3, 4), [x3 > 6], T(2.0), accumulate=True)
setitem("acc_int", torch.zeros(5, dtype=torch.int64), [T([1, 1, 4])], T([3, 4, 5]), accumulate=True)
setitem("acc_bool", torch.zeros(5, dtype=torch.bool), [T([1, 1])], T([True, True]), accumulate=True)
setitem("acc_noncontig", torch.zeros(4, 3), [T([0, 0, 1])], T([1.0, 2, 3, 4]), view=[["t"]], accumulate=True)
setitem("acc_big_parallel", gen([16, 1024], 0, 1), [gen([200], 1, 7, "int64")], gen([200, 1024], 1, 3),
        accumulate=True)
setitem("acc_float64", torch.zeros(3, dtype=torch.float64), [T([2, 2, 0])], T([0.1, 0.2, 0.3], dtype=torch.float64),
        accumulate=True)

# ---------------------------------------------------------------- gather / scatter family
src = ar(3, 4)
op("gather_dim1", "gather", src, lambda v: v.gather(1, T([[0, 0, 3], [1, 2, 1], [3, 3, 0]])),
   dim=1, index=T([[0, 0, 3], [1, 2, 1], [3, 3, 0]]))
op("gather_dim0", "gather", src, lambda v: v.gather(0, T([[2, 0, 1, 2], [0, 0, 0, 1]])),
   dim=0, index=T([[2, 0, 1, 2], [0, 0, 0, 1]]))
op("gather_neg_dim_smaller", "gather", src, lambda v: v.gather(-1, T([[1], [0]])), dim=-1, index=T([[1], [0]]))
op("gather_noncontig", "gather", src, lambda v: v.gather(0, T([[3, 0, 1], [2, 2, 2]])), view=[["t"]],
   dim=0, index=T([[3, 0, 1], [2, 2, 2]]))
op("gather_3d", "gather", ar(2, 3, 4), lambda v: v.gather(1, T([[[2, 1, 0, 0]], [[1, 1, 1, 2]]])),
   dim=1, index=T([[[2, 1, 0, 0]], [[1, 1, 1, 2]]]))
op("gather_scalar", "gather", T(5.0), lambda v: v.gather(0, T(0)), dim=0, index=T(0))
op("gather_empty", "gather", src, lambda v: v.gather(1, torch.zeros(0, 2, dtype=torch.long)), dim=1,
   index=torch.zeros(0, 2, dtype=torch.long))
for dt in ["float64", "int64", "int32", "int16", "int8", "uint8", "bool", "float16", "bfloat16"]:
    s = (ar(3, 4) % 5).to(DTYPES[dt])
    op("gather_" + dt, "gather", s, lambda v: v.gather(1, T([[3, 1], [0, 0], [2, 3]])), dim=1,
       index=T([[3, 1], [0, 0], [2, 3]]))
big = gen([120, 100], 1, 97)
bidx = gen([120, 90], 7919, 100, "int64")
op("gather_big", "gather", big, lambda v: v.gather(1, bidx), dim=1, index=bidx)
op("index_select_big", "index_select", big, lambda v: v.index_select(0, bidx[0]), dim=0, index=bidx[0])

op("scatter_dim0", "scatter", torch.zeros(3, 5), lambda v: v.scatter(0, T([[0, 1, 2, 0, 0], [2, 0, 0, 1, 2]]), ar(2, 5) + 1),
   dim=0, index=T([[0, 1, 2, 0, 0], [2, 0, 0, 1, 2]]), src=ar(2, 5) + 1)
op("scatter_dim1_small_index", "scatter", torch.zeros(2, 4), lambda v: v.scatter(1, T([[2], [3]]), ar(2, 3) + 1),
   dim=1, index=T([[2], [3]]), src=ar(2, 3) + 1)
op("scatter_value", "scatter", ar(3, 4), lambda v: v.scatter(1, T([[0, 1], [3, 3]]), 2.5), dim=1,
   index=T([[0, 1], [3, 3]]), value=2.5)
op("scatter_value_int", "scatter", ar(3, 4, dtype=torch.int64), lambda v: v.scatter(1, T([[0, 1]]), 2.5), dim=1,
   index=T([[0, 1]]), value=2.5)
op("scatter_noncontig_self", "scatter", torch.zeros(4, 3), lambda v: v.scatter(1, T([[3, 0]]), T([[9.0, 8]])),
   view=[["t"]], dim=1, index=T([[3, 0]]), src=T([[9.0, 8]]))
op("scatter_add_dup", "scatter_add", torch.zeros(2, 4), lambda v: v.scatter_add(1, T([[0, 0, 3, 0], [1, 1, 1, 1]]), ar(2, 4) + 1),
   dim=1, index=T([[0, 0, 3, 0], [1, 1, 1, 1]]), src=ar(2, 4) + 1)
op("scatter_add_dim0", "scatter_add", torch.ones(3, 2), lambda v: v.scatter_add(0, T([[2, 2], [2, 0], [1, 2]]), ar(3, 2)),
   dim=0, index=T([[2, 2], [2, 0], [1, 2]]), src=ar(3, 2))
for dt in ["float64", "int64", "int32", "int8", "uint8", "float16", "bfloat16"]:
    d = DTYPES[dt]
    op("scatter_add_" + dt, "scatter_add", torch.zeros(2, 3, dtype=d),
       lambda v: v.scatter_add(1, T([[0, 0, 2], [1, 1, 1]]), (ar(2, 3) + 1).to(d)),
       dim=1, index=T([[0, 0, 2], [1, 1, 1]]), src=(ar(2, 3) + 1).to(d))
sidx = gen([500, 64], 31, 8, "int64")
sones = gen([500, 64], 1, 2)
op("scatter_add_big", "scatter_add", gen([8, 64], 0, 1), lambda v: v.scatter_add(0, sidx, sones),
   dim=0, index=sidx, src=sones)

op("index_select_dim0", "index_select", src, lambda v: v.index_select(0, T([2, 0, 2])), dim=0, index=T([2, 0, 2]))
op("index_select_dim1", "index_select", src, lambda v: v.index_select(1, T([3, 1])), dim=1, index=T([3, 1]))
op("index_select_int32", "index_select", src, lambda v: v.index_select(1, T([0, 2], dtype=torch.int32)), dim=1,
   index=T([0, 2], dtype=torch.int32))
op("index_select_0d_index", "index_select", src, lambda v: v.index_select(1, T(1)), dim=1, index=T(1))
op("index_select_noncontig", "index_select", ar(2, 3, 4), lambda v: v.index_select(2, T([2, 0])), view=[["permute", [2, 0, 1]]],
   dim=2, index=T([2, 0]))
op("index_select_scalar", "index_select", T(3.0), lambda v: v.index_select(0, T([0])), dim=0, index=T([0]))
op("index_select_int8", "index_select", ar(3, 4, dtype=torch.int8), lambda v: v.index_select(0, T([1])), dim=0, index=T([1]))

op("take", "take", src, lambda v: v.take(T([[0, 11], [-1, 5]])), index=T([[0, 11], [-1, 5]]))
op("take_noncontig", "take", src, lambda v: v.take(T([1, 2, 3])), view=[["t"]], index=T([1, 2, 3]))
op("index_add", "index_add", src, lambda v: v.index_add(0, T([0, 0, 2]), torch.ones(3, 4)), dim=0,
   index=T([0, 0, 2]), source=torch.ones(3, 4))
op("index_add_alpha_dim1", "index_add", src, lambda v: v.index_add(1, T([3, 1]), ar(3, 2), alpha=2), dim=1,
   index=T([3, 1]), source=ar(3, 2), alpha=2.0)
op("index_copy", "index_copy", src, lambda v: v.index_copy(0, T([2, 0]), torch.ones(2, 4)), dim=0,
   index=T([2, 0]), source=torch.ones(2, 4))
op("index_fill", "index_fill", src, lambda v: v.index_fill(1, T([2, 0]), -1.0), dim=1, index=T([2, 0]), value=-1.0)
op("masked_select", "masked_select", src, lambda v: v.masked_select(v > 5), mask=src > 5)
op("masked_select_broadcast", "masked_select", src, lambda v: v.masked_select(T([True, False, True, False])),
   mask=T([True, False, True, False]))
op("masked_select_noncontig", "masked_select", src, lambda v: v.masked_select(T([[True, False, True]] * 4)),
   view=[["t"]], mask=T([[True, False, True]] * 4))
op("nonzero", "nonzero", (ar(3, 4) % 3 == 0).float(), lambda v: v.nonzero())
op("nonzero_3d_int", "nonzero", ar(2, 3, 2, dtype=torch.int32) % 4, lambda v: v.nonzero())
op("nonzero_noncontig", "nonzero", (ar(3, 4) % 3).float(), lambda v: v.nonzero(), view=[["t"]])
op("nonzero_scalar", "nonzero", T(3.0), lambda v: v.nonzero())
op("nonzero_scalar_zero", "nonzero", T(0.0), lambda v: v.nonzero())
op("nonzero_neg_zero_half", "nonzero", T([0.0, -0.0, 1.0, float("nan")], dtype=torch.float16), lambda v: v.nonzero())
op("nonzero_big", "nonzero_of_eq0", gen([100000], 1, 9973, "int32"), lambda v: (v == 0).nonzero())

# ---------------------------------------------------------------- joining


def join(name, opname, tensors, fn, **args):
    out = fn([apply_view(t.clone(), v) for t, v in tensors])
    case = {"kind": "op", "name": name, "op": opname, "inputs": [dict({"x": tj(t)}, **({"view": v} if v else {}))
                                                                 for t, v in tensors], "args": args}
    if isinstance(out, torch.Tensor):
        case["out"] = tj(out)
    else:
        case["outs"] = [tj(o) for o in out]
    joining.append(case)


a = ar(2, 3)
join("cat0", "cat", [(a, None), (ar(1, 3) + 10, None)], lambda ts: torch.cat(ts, 0), dim=0)
join("cat1", "cat", [(a, None), (ar(2, 2) + 10, None), (ar(2, 1) - 5, None)], lambda ts: torch.cat(ts, 1), dim=1)
join("cat_neg_dim", "cat", [(a, None), (a, None)], lambda ts: torch.cat(ts, -1), dim=-1)
join("cat_promote_int_float64", "cat", [(ar(2, 2, dtype=torch.int32), None), (ar(1, 2, dtype=torch.float64) / 3, None)],
     lambda ts: torch.cat(ts, 0), dim=0)
join("cat_promote_bool_uint8", "cat", [(ar(1, 2) > 0, None), (ar(1, 2, dtype=torch.uint8), None)],
     lambda ts: torch.cat(ts, 0), dim=0)
join("cat_promote_int8_uint8", "cat", [(ar(1, 2, dtype=torch.int8) - 1, None), (ar(1, 2, dtype=torch.uint8) + 200, None)],
     lambda ts: torch.cat(ts, 0), dim=0)
join("cat_promote_half_bf16", "cat", [(ar(1, 2, dtype=torch.float16) / 3, None), (ar(1, 2, dtype=torch.bfloat16) / 3, None)],
     lambda ts: torch.cat(ts, 0), dim=0)
join("cat_skip_empty_1d", "cat", [(torch.zeros(0), None), (a, None), (torch.zeros(0, dtype=torch.float64), None)],
     lambda ts: torch.cat(ts, 1), dim=1)
join("cat_all_empty", "cat", [(torch.zeros(0, dtype=torch.int32), None), (torch.zeros(0, dtype=torch.int8), None)],
     lambda ts: torch.cat(ts, 0), dim=0)
join("cat_empty_2d", "cat", [(a, None), (torch.zeros(0, 3), None)], lambda ts: torch.cat(ts, 0), dim=0)
join("cat_noncontig", "cat", [(ar(3, 2), [["t"]]), (ar(4, 2, 2), [["select", 2, 1], ["t"]])],
     lambda ts: torch.cat(ts, 1), dim=1)
join("cat_3d_mid", "cat", [(ar(2, 1, 3), None), (ar(2, 2, 3) + 100, None)], lambda ts: torch.cat(ts, 1), dim=1)
join("stack0", "stack", [(a, None), (a + 1, None)], lambda ts: torch.stack(ts, 0), dim=0)
join("stack_last", "stack", [(a, None), (a + 1, None), (a + 2, None)], lambda ts: torch.stack(ts, 2), dim=2)
join("stack_neg", "stack", [(a, None), (a.int(), None)], lambda ts: torch.stack(ts, -2), dim=-2)
join("stack_scalars", "stack", [(T(1.0), None), (T(2), None)], lambda ts: torch.stack(ts, 0), dim=0)
join("hstack_1d", "hstack", [(torch.ones(2), None), (ar(3), None)], lambda ts: torch.hstack(ts))
join("hstack_2d", "hstack", [(ar(2, 1), None), (ar(2, 3), None)], lambda ts: torch.hstack(ts))
join("hstack_scalars", "hstack", [(T(1.0), None), (T(2), None)], lambda ts: torch.hstack(ts))
join("vstack_1d", "vstack", [(ar(3), None), (ar(3) + 5, None)], lambda ts: torch.vstack(ts))
join("vstack_mixed", "vstack", [(ar(3), None), (ar(2, 3), None)], lambda ts: torch.vstack(ts))
join("dstack", "dstack", [(ar(2, 2), None), (ar(2, 2) + 4, None)], lambda ts: torch.dstack(ts))
join("dstack_1d", "dstack", [(ar(3), None), (ar(3), None)], lambda ts: torch.dstack(ts))
x10 = ar(10)
join("split3", "split", [(x10, None)], lambda ts: ts[0].split(3), size=3, dim=0)
join("split_big_size", "split", [(x10, None)], lambda ts: ts[0].split(20), size=20, dim=0)
join("split_dim1", "split", [(ar(2, 5), None)], lambda ts: ts[0].split(2, 1), size=2, dim=1)
join("split_zero_of_empty", "split", [(torch.zeros(0), None)], lambda ts: ts[0].split(0), size=0, dim=0)
join("split_sizes", "split_sizes", [(x10, None)], lambda ts: ts[0].split([3, 0, 7]), sizes=[3, 0, 7], dim=0)
join("split_sizes_noncontig", "split_sizes", [(ar(5, 2), [["t"]])], lambda ts: ts[0].split([1, 4], 1), sizes=[1, 4], dim=1)
join("chunk3", "chunk", [(x10, None)], lambda ts: ts[0].chunk(3), chunks=3, dim=0)
join("chunk4", "chunk", [(x10, None)], lambda ts: ts[0].chunk(4), chunks=4, dim=0)
join("chunk4_of_6", "chunk", [(ar(6), None)], lambda ts: ts[0].chunk(4), chunks=4, dim=0)
join("chunk_more_than_size", "chunk", [(ar(2, 3), None)], lambda ts: ts[0].chunk(5, 1), chunks=5, dim=1)
join("chunk_empty", "chunk", [(torch.zeros(0), None)], lambda ts: ts[0].chunk(3), chunks=3, dim=0)

write("indexing", indexing)
write("joining", joining)
