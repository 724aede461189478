#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/inplace_layout.json from real PyTorch, read by
dev.torch4j.InplaceLayoutTest: the in-place layout ops (t_, transpose_, swapdims_, swapaxes_, squeeze_, unsqueeze_,
as_strided_, resize_, resize_as_, set_, .data =).

Each case: {"name", "shape" (the input is arange(numel) in float32 with that shape, or "pre": "t" for its
transpose), "op", "args", then either the result {"shape", "stride", "offset", "version", "values" (the tensor
read row-major), "same_storage"} or {"error": message}; "grad_fn": the node PyTorch records when the op runs on
a non-leaf (x * 1 of a leaf that requires grad), with "grad": that leaf's gradient of sum(result * w), w =
arange(1, numel + 1) shaped like the result.

PyTorch 2 names differ from 1.13 for the squeeze_ nodes (squeeze.dims came in 2.0 and shifted them): 1.13 records
SqueezeBackward2/3 for squeeze_() / squeeze_(dim), PyTorch 2 SqueezeBackward3/4 (its matmul of a 1-D and a 2-D
tensor, which ends in squeeze_(0), shows SqueezeBackward4), and SqueezeBackward5 for squeeze_(dims); the script
writes the PyTorch 2 names. squeeze(dims) is PyTorch 2 only: its rows are computed here by squeezing the listed
dims one at a time from the last (and its version is 1: one op in PyTorch 2). resize_ with a negative size fails in 1.13 with an overflow message; PyTorch 2
says "Trying to create tensor with negative dimension -1: [-1]", which the test expects.

Run from the repository root: /usr/bin/python3 scripts/goldens/inplace_layout_goldens.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import t2j, write  # noqa: E402

TORCH2_NAMES = {"SqueezeBackward2": "SqueezeBackward3", "SqueezeBackward3": "SqueezeBackward4"}


def make(shape, pre):
    x = torch.arange(float(torch.Size(shape).numel())).reshape(shape)
    return x.t() if pre == "t" else x


def squeeze_dims_(x, dims):
    """PyTorch 2's squeeze_(dims) from 1.13's squeeze_(dim), last dim first so the earlier ones keep their place."""
    for d in sorted({d % max(x.dim(), 1) for d in dims}, reverse=True):
        x.squeeze_(d)
    return x


def call(x, op, args):
    if op == "squeeze_dims_":
        return squeeze_dims_(x, args)
    if op == "resize_as_":
        return x.resize_as_(torch.empty(args))
    return getattr(x, op)(*args)


cases = []


def case(name, shape, op, args, pre=None, grad=True):
    c = {"name": name, "shape": shape, "op": op, "args": args}
    if pre:
        c["pre"] = pre
    x = make(shape, pre)
    before = x.untyped_storage().data_ptr() if hasattr(x, "untyped_storage") else x.storage().data_ptr()
    try:
        r = call(x, op, args)
    except (RuntimeError, IndexError) as e:
        c["error"] = str(e).split("\n")[0]
        cases.append(c)
        return
    assert r is x
    c.update({"shape_out": list(r.shape), "stride": list(r.stride()), "offset": r.storage_offset(),
              "version": 1 if op == "squeeze_dims_" else r._version, "values": t2j(r.contiguous()),
              "same_storage": r.storage().data_ptr() == before})
    if grad:
        leaf = make(shape, pre).double().requires_grad_(True)
        y = leaf * 1
        out = call(y, op, args)
        name_fn = type(out.grad_fn).__name__
        c["grad_fn"] = TORCH2_NAMES.get(name_fn, name_fn) if op.startswith("squeeze_") else name_fn
        if op == "squeeze_dims_":
            c["grad_fn"] = "SqueezeBackward5"
        w = torch.arange(1.0, out.numel() + 1, dtype=torch.float64).reshape(out.shape)
        (out * w).sum().backward()
        c["grad"] = t2j(leaf.grad)
    cases.append(c)


case("t_ 2-d", [2, 3], "t_", [])
case("t_ of a transpose", [2, 3], "t_", [], pre="t")
case("t_ 1-d", [3], "t_", [])
case("t_ 0-d", [], "t_", [])
case("t_ 3-d", [2, 3, 4], "t_", [])
case("transpose_", [2, 3, 4], "transpose_", [0, 2])
case("transpose_ negative", [2, 3, 4], "transpose_", [-1, 1])
case("transpose_ out of range", [2, 3, 4], "transpose_", [0, 3])
case("swapdims_", [2, 3, 4], "swapdims_", [0, 1])
case("swapaxes_", [2, 3, 4], "swapaxes_", [2, 1])
case("squeeze_", [1, 3, 1], "squeeze_", [])
case("squeeze_ dim", [1, 3, 1], "squeeze_", [2])
case("squeeze_ dim of size 3", [1, 3, 1], "squeeze_", [1])
case("squeeze_ 0-d", [], "squeeze_", [0])
case("squeeze_ dim out of range", [1, 3, 1], "squeeze_", [3])
case("squeeze_ dims", [1, 3, 1, 2], "squeeze_dims_", [0, -2])
case("squeeze_ dims of other sizes", [1, 3, 1, 2], "squeeze_dims_", [1, 3])
case("unsqueeze_ front", [2, 3], "unsqueeze_", [0])
case("unsqueeze_ last", [2, 3], "unsqueeze_", [-1])
case("unsqueeze_ of a transpose", [2, 3], "unsqueeze_", [1], pre="t")
case("unsqueeze_ 0-d", [], "unsqueeze_", [0])
case("unsqueeze_ out of range", [2, 3], "unsqueeze_", [4])
case("as_strided_", [6], "as_strided_", [[2, 2], [1, 2], 1])
case("as_strided_ keeps offset", [6], "as_strided_", [[3], [2]])
case("resize_ shrink", [6], "resize_", [2, 2], grad=False)
case("resize_ same shape keeps strides", [2, 3], "resize_", [3, 2], pre="t", grad=False)
case("resize_ other shape of a transpose", [2, 3], "resize_", [2, 3], pre="t", grad=False)
case("resize_ to empty", [2, 3], "resize_", [0, 4], grad=False)
case("resize_as_", [6], "resize_as_", [3, 1], grad=False)

# resize_ that grows: the old elements keep their values; the new ones are uninitialized in PyTorch, so only the
# old part, shape and strides are recorded
g = torch.arange(6.0)
g.resize_(3, 3)
cases.append({"name": "resize_ grow", "shape": [6], "op": "resize_", "args": [3, 3], "shape_out": list(g.shape),
              "stride": list(g.stride()), "offset": g.storage_offset(), "version": g._version,
              "prefix": t2j(g.reshape(-1)[:6])})
v = torch.arange(6.0)[2:]
v.resize_(2, 2)
cases.append({"name": "resize_ of a view within its storage", "shape": [6], "pre_slice": 2, "op": "resize_", "args": [2, 2],
              "shape_out": list(v.shape), "stride": list(v.stride()), "offset": v.storage_offset(),
              "version": v._version, "values": t2j(v)})

# errors on tensors that require grad (a leaf, and a non-leaf), and the leaf rule for the view-like ops
a = torch.arange(6.0).reshape(2, 3).clone().requires_grad_(True)
errors = {}
for key, fn in {"leaf t_": lambda: a.t_(), "leaf unsqueeze_": lambda: a.unsqueeze_(0), "leaf resize_": lambda: a.resize_(6),
                "non-leaf resize_": lambda: (a * 2).resize_(6), "leaf set_": lambda: a.set_(torch.zeros(2)),
                "view of leaf t_": lambda: a[0:1].t_()}.items():
    try:
        fn()
        errors[key] = None
    except RuntimeError as e:
        errors[key] = str(e).split("\n")[0]
with torch.no_grad():
    errors["leaf t_ under no_grad shape"] = list(a.detach().clone().requires_grad_(True).t_().shape)
cases.append({"name": "grad errors", "errors": errors})

# set_: shares the source's memory and layout; set_() empties; version bumps once
s = torch.arange(6.0)
t = torch.zeros(1)
t.set_(s[1:].view(5)[::2])
cases.append({"name": "set_ tensor", "shape_out": list(t.shape), "stride": list(t.stride()), "offset": t.storage_offset(),
              "version": t._version, "values": t2j(t), "same_storage": t.storage().data_ptr() == s.storage().data_ptr()})
e = torch.ones(3)
e.set_()
cases.append({"name": "set_ empty", "shape_out": list(e.shape), "stride": list(e.stride()), "offset": e.storage_offset(),
              "version": e._version})
q = torch.arange(3.0).requires_grad_(True) * 2
q.set_(s)
cases.append({"name": "set_ non-leaf", "grad_fn": type(q.grad_fn).__name__, "requires_grad": q.requires_grad})

# .data = keeps the tensor object and its requires_grad, takes the new data's shape and dtype
w = torch.randn(2, requires_grad=True)
w.data = torch.arange(5.0)
d_errors = {}
try:
    w.data = torch.ones(5, dtype=torch.int64)
except RuntimeError as ex:
    d_errors["int data on requires_grad"] = str(ex).split("\n")[0]
w2 = torch.randn(2)
w2.data = torch.arange(4)
cases.append({"name": "data setter", "values": t2j(w), "requires_grad": w.requires_grad, "is_leaf": w.is_leaf,
              "errors": d_errors, "values2": t2j(w2)})

write("inplace_layout", cases)
