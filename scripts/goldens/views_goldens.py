#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/views.json from real PyTorch, read by dev.torch4j.ops.ViewsTest.

cases[0] is {"inputs": {name: tensor}}; then
    {"k": "view", "name", "input", "pre"?: view spec making the input (tensor_json.apply_view), "op", "args",
     then "out": result | "outs": [result...] (unbind) | "error": msg, "expect": fragment}
        a result is {"t": tensor, "stride", "offset", "contig", "shares"} (shares: same storage as the input)
    {"k": "to", "src": tensor, "dtype": target, "out": tensor}       tensor.to(dtype), compared exactly

Casts whose result C++ leaves undefined are not recorded: a floating value whose truncation does not fit an
integral target (NaN, infinities, out-of-range values, negative values to uint8), as PyTorch gives whatever the
CPU's conversion instruction gives there.

Run from the repository root: /usr/bin/python3 scripts/goldens/views_goldens.py
"""
import math
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import write  # noqa: E402
from tensor_json import DTYPES, apply_view, tj  # noqa: E402

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float32)

inputs = {
    "b234": torch.arange(24.0).reshape(2, 3, 4),
    "b161": torch.arange(6.0).reshape(1, 6, 1),
    "sq": torch.arange(16.0).reshape(4, 4),
    "v5": torch.arange(5.0),
    "z": torch.tensor(5.0),
    "e03": torch.zeros(0, 3),
    "i23": torch.arange(6).reshape(2, 3),
}
cases = [{"inputs": {k: tj(v) for k, v in inputs.items()}}]


def result(r, base):
    return {"t": tj(r), "stride": list(r.stride()), "offset": r.storage_offset(), "contig": r.is_contiguous(),
            "shares": r.storage().data_ptr() == base.storage().data_ptr()}


def view_case(name, inp, op, args, pre=None, expect=None):
    if pre and expect is None:
        expect = "auto"  # the loops below apply the same args to inputs of other shapes: some fail, as they should
    base = inputs[inp].clone()
    x = apply_view(base, pre)
    c = {"k": "view", "name": name, "input": inp, "op": op, "args": args}
    if pre:
        c["pre"] = pre
    fn = {"view": lambda: x.view(*args), "reshape": lambda: x.reshape(*args), "flatten": lambda: x.flatten(*args),
          "permute": lambda: x.permute(*args), "transpose": lambda: x.transpose(*args), "t": lambda: x.t(),
          "T": lambda: x.T, "mT": lambda: x.mT, "squeeze": lambda: x.squeeze(*args), "unsqueeze": lambda: x.unsqueeze(*args),
          "expand": lambda: x.expand(*args), "expandAs": lambda: x.expand_as(torch.empty(args)),
          "narrow": lambda: x.narrow(*args), "select": lambda: x.select(*args), "unbind": lambda: x.unbind(*args),
          "diagonal": lambda: x.diagonal(*args), "contiguous": lambda: x.contiguous(),
          # torch4j's clone() is always contiguous; PyTorch's default (preserve_format) keeps a dense permuted layout
          "clone": lambda: x.clone(memory_format=torch.contiguous_format),
          "viewAs": lambda: x.view_as(torch.empty(args)), "reshapeAs": lambda: x.reshape_as(torch.empty(args))}[op]
    try:
        r = fn()
        assert expect in (None, "auto"), (name, "expected an error")
        if isinstance(r, tuple):
            c["outs"] = [result(t, base) for t in r]
        else:
            c["out"] = result(r, base)
    except (RuntimeError, IndexError, ValueError) as e:
        if expect == "auto":
            expect = str(e).split(". ")[0].rstrip(".")
        assert expect is not None and expect in str(e), (name, str(e))
        c["error"] = str(e)
        c["expect"] = expect
    cases.append(c)


T02 = [["transpose", 0, 2]]
NAR = [["narrow", 2, 1, 2]]
PERM = [["permute", [1, 0, 2]]]
for pre in (None, T02, NAR, PERM):
    tag = "" if pre is None else "/" + pre[0][0]
    for shape in ([24], [-1], [4, 6], [2, -1, 2], [6, 4], [1, 24, 1], [3, 8]):
        if pre == NAR:
            shape = [s // 2 if s in (24, 4, 6) else s for s in shape]
        # (most of these fail on the non-contiguous inputs: the message is checked then)
        view_case("view%s%s" % (shape, tag), "b234", "view", shape, pre, expect=None if pre is None else "auto")
    # reshape: a view where the strides allow it, a copy otherwise
    for shape in ([24], [4, -1], [2, 12], [3, 2, 4]):
        view_case("reshape%s%s" % (shape, tag), "b234", "reshape", shape, pre)
    for args in ([], [1], [0, 1], [1, 2], [-2, -1], [0, -1]):
        view_case("flatten%s%s" % (args, tag), "b234", "flatten", args, pre)
    for dims in ([2, 0, 1], [-1, 0, 1], [0, 1, 2]):
        view_case("permute%s%s" % (dims, tag), "b234", "permute", dims, pre)
    for args in ([0, 2], [-1, -2], [1, 1]):
        view_case("transpose%s%s" % (args, tag), "b234", "transpose", args, pre)
    view_case("mT" + tag, "b234", "mT", [], pre)
    for args in ([0], [3], [-1], [-4], [1]):
        view_case("unsqueeze%s%s" % (args, tag), "b234", "unsqueeze", args, pre)
    for args in ([1, 1, 2], [-1, 0, 1], [0, 1, 1], [1, -2, 2], [0, 0, 0]):
        view_case("narrow%s%s" % (args, tag), "b234", "narrow", args, pre)
    for args in ([0, 1], [1, -1], [2, 1], [-1, 0]):
        view_case("select%s%s" % (args, tag), "b234", "select", args, pre)
    for args in ([0], [1], [-1]):
        view_case("unbind%s%s" % (args, tag), "b234", "unbind", args, pre)
    for args in ([0, 0, 2], [1, -1, 0], [-1, 1, 2], [5, 0, 1], [0, 2, 1]):
        view_case("diagonal%s%s" % (args, tag), "b234", "diagonal", args, pre)
    view_case("contiguous" + tag, "b234", "contiguous", [], pre)
    view_case("clone" + tag, "b234", "clone", [], pre)
    view_case("viewAs" + tag, "b234", "reshapeAs", [4, 6], pre)

# view on non-contiguous inputs: works when the dims to merge are contiguous with each other
view_case("view_narrowed_ok", "b234", "view", [6, 2], NAR)
view_case("view_narrowed_split", "b234", "view", [2, 3, 1, 2], NAR)
view_case("view_permuted_ok", "b234", "view", [3, 2, 2, 2], PERM)
view_case("view_expanded", "b161", "view", [3, 6], [["expand", [3, 6, 1]]])
VIEW_ERR = "view size is not compatible with input tensor's size and stride"
view_case("view_transposed_err", "b234", "view", [-1], T02, expect=VIEW_ERR)
view_case("view_narrowed_err", "b234", "view", [12], NAR, expect=VIEW_ERR)
view_case("view_two_minus_one", "b234", "view", [-1, -1], expect="only one dimension can be inferred")
view_case("view_bad_numel", "b234", "view", [5, -1], expect="shape '[5, -1]' is invalid for input of size 24")
view_case("view_bad_numel2", "b234", "view", [5, 5], expect="shape '[5, 5]' is invalid for input of size 24")
view_case("view_zero_numel", "e03", "view", [-1, 0], expect="cannot reshape tensor of 0 elements into shape [-1, 0]")
view_case("view_empty", "e03", "view", [3, 0, 5])
view_case("view_0d", "z", "view", [1, 1])
view_case("view_to_0d", "v5", "narrow", [0, 2, 1])
view_case("reshape_0d", "z", "reshape", [-1])
view_case("flatten_0d", "z", "flatten", [])
view_case("t_2d", "sq", "t", [])
view_case("t_1d", "v5", "t", [])
view_case("t_0d", "z", "t", [])
view_case("t_3d", "b234", "t", [], expect="t() expects a tensor with <= 2 dimensions, but self is 3D")
# tensor.T reverses the dims (PyTorch 2 deprecates it for other than 2 dims, and still computes this)
for name, inp in (("T_2d", "sq"), ("T_1d", "v5"), ("T_0d", "z"), ("T_3d", "b234")):
    view_case(name, inp, "T", [])
view_case("squeeze_all", "b161", "squeeze", [])
for d in (0, 1, 2, -1, -3):
    view_case("squeeze%d" % d, "b161", "squeeze", [d])
view_case("squeeze_0d", "z", "squeeze", [])
view_case("squeeze_0d_dim", "z", "squeeze", [0])
view_case("squeeze_expanded", "b161", "squeeze", [], [["expand", [3, 6, 1]]])
view_case("unsqueeze_0d", "z", "unsqueeze", [0])
view_case("unsqueeze_out_of_range", "b234", "unsqueeze", [4],
          expect="Dimension out of range (expected to be in range of [-4, 3], but got 4)")
for args in ([3, 6, 2], [-1, -1, 5], [2, 1, 6, 1], [2, -1, 6, 4]):
    view_case("expand%s" % args, "b161", "expand", args)
view_case("expand_transposed", "sq", "expand", [2, 4, 4], [["t"]])
view_case("expand_mismatch", "b161", "expand", [2, 5, 1], expect="The expanded size of the tensor (5) must match the "
                                                                 "existing size (6) at non-singleton dimension 1")
view_case("expand_fewer", "b161", "expand", [6, 1], expect="the number of sizes provided (2) must be greater or equal "
                                                           "to the number of dimensions in the tensor (3)")
view_case("expandAs", "b161", "expandAs", [2, 4, 6, 5])
view_case("expand_0d", "z", "expand", [2, 3])
view_case("diagonal_sq", "sq", "diagonal", [])
for args in ([1], [-1], [3], [4], [-5], [0, 1, 0]):
    view_case("diagonal%s" % args, "sq", "diagonal", args)
view_case("diagonal_same_dims", "sq", "diagonal", [0, 1, 1], expect="diagonal dimensions cannot be identical 1, 1")
view_case("narrow_too_long", "b234", "narrow", [1, 2, 5], expect="start (2) + length (5) exceeds dimension size (3)")
view_case("narrow_0d", "z", "narrow", [0, 0, 1], expect="narrow() cannot be applied to a 0-dim tensor.")
view_case("select_out_of_range", "b234", "select", [0, 5],
          expect="select(): index 5 out of range for tensor of size [2, 3, 4] at dimension 0")
view_case("select_negative_out_of_range", "b234", "select", [1, -4],
          expect="select(): index -4 out of range for tensor of size [2, 3, 4] at dimension 1")
view_case("select_dim_out_of_range", "b234", "select", [3, 0],
          expect="Dimension out of range (expected to be in range of [-3, 2], but got 3)")
view_case("permute_dup", "b234", "permute", [0, 0, 1], expect="duplicate dims are not allowed")
view_case("permute_len", "b234", "permute", [0, 1], expect="number of dimensions in the tensor input does not match")
view_case("transpose_dim", "b234", "transpose", [0, 3], expect="Dimension out of range (expected to be in range of [-3, 2], but got 3)")
view_case("flatten_order", "b234", "flatten", [2, 1], expect="flatten() has invalid args: start_dim cannot come after end_dim")
view_case("unbind_empty", "e03", "unbind", [0])
view_case("unbind_int", "i23", "unbind", [1])
view_case("permute_int_transposed", "i23", "contiguous", [], [["t"]])

# ---------------------------------------------------------------- to(dtype) for every pair of dtypes
NAMES = list(DTYPES)
FLOAT_SRC = [float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 1.5, -2.7, 0.1, 2.5, -0.5, 65504.0, 65520.0, 1e10,
             3.4e38, 1e-45, 127.9, -128.9, 255.5, 1e300, 2.0 ** 31, -2.0 ** 31, 2.0 ** 63, 1 / 3, 32767.4, 1e-300]
INT_SRC = [0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768, -32769, 2 ** 31 - 1, 2 ** 31, 2 ** 53 + 1,
           2 ** 62 + 2 ** 40 + 1, -2 ** 63, 2 ** 63 - 1, 16777217, 2049]
INFO = {d: torch.iinfo(DTYPES[d]) for d in ("uint8", "int8", "int16", "int32", "int64")}


def defined(v, dst):
    """Whether C++ defines static_cast<dst>(v) for a floating v (truncation must fit)."""
    if dst not in INFO:
        return True
    if math.isnan(v) or math.isinf(v):
        return False
    t = math.trunc(v)
    return INFO[dst].min <= t <= INFO[dst].max and not (dst == "int64" and abs(t) >= 2 ** 63)


for src in NAMES:
    sd = DTYPES[src]
    if sd.is_floating_point:
        base = torch.tensor(FLOAT_SRC, dtype=torch.float64).to(sd)
    elif sd == torch.bool:
        base = torch.tensor([False, True])
    else:
        info = INFO[src]
        base = torch.tensor([v for v in INT_SRC if info.min <= v <= info.max], dtype=sd)
    for dst in NAMES:
        x = base
        if sd.is_floating_point:
            keep = [i for i, v in enumerate(base.double().tolist()) if defined(v, dst)]
            x = base[keep]
        cases.append({"k": "to", "src": tj(x), "dtype": dst, "out": tj(x.to(DTYPES[dst]))})

write("views", cases)
