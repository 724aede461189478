#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/grad_indexing.json from real PyTorch: for indexing (basic views and
advanced), index_put, the gather/scatter family and joining/splitting, each case's output, grad_fn name(s), and the
input gradients for a random upstream gradient. Read by dev.torch4j.autograd.IndexingGradTest and JoiningGradTest.

Run from the repository root with a Python that has torch (here /usr/bin/python3, PyTorch 1.13):
    /usr/bin/python3 scripts/goldens/grad_indexing_goldens.py

Case layout:
  {"name", "op", "suite": "indexing" | "joining",
   "inputs": {name: tensor},         leaves; floating ones require grad
   "views": {name: view spec}?,      applied to the leaf before the op (non-contiguous inputs), as tensor_json.apply_view
   "args": {...},                    ints, floats, index tensors, index lists ("idx": items as in indexing_goldens.py)
   "grad_fn": name | [names],        of the output (of each output for split/chunk/unbind)
   "out": tensor | [tensors], "gout": tensor | [tensor | null]   (null: that output gets no gradient)
   "grads": {name: tensor | null}}   gradient of each floating leaf (null: unused)
In-place cases ("*_" ops) run on y = x * 2 (a non-leaf), or on a view of it ("target_view"); "out" is then y, and
"target_grad_fn" is the grad_fn of the view after the write. "no_gradcheck" gives the reason a case skips gradcheck.

PyTorch 2.x notes: grad_fn names of these ops are the same in 2.x as in 1.13 (derivatives.yaml). Python's
`x[bool_mask] = scalar` may take a masked_fill_ fast path in newer 2.x releases (MaskedFillBackward0); the Java
indexPut_ is index_put_ (IndexPutBackward0), which is what these cases call explicitly.
"""
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import write  # noqa: E402
from tensor_json import apply_view, tj  # noqa: E402

warnings.filterwarnings("ignore")
torch.manual_seed(0)
F64 = torch.float64
T = torch.tensor


def rnd(*shape, dtype=F64):
    return torch.randn(*shape, dtype=dtype)


def L(*v):
    return torch.tensor(v, dtype=torch.int64)


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
        return {"t": tj(item)}
    raise ValueError(item)


def gfn(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else None


def ordered_tuple(args, key):
    return tuple(args[key])


# ---------------------------------------------------------------- ops (mirrored by the Java tests' switch)

def run_op(op, X, A):
    """X: inputs after views (by name); A: args. Returns a tensor or a list of tensors."""
    x = X.get("x")
    if op == "getitem":
        return x[tuple(A["idx"])]
    if op == "index_put":
        return x.index_put(tuple(A["indices"]), X["v"], A["accumulate"])
    if op == "index_put_":
        return x.index_put_(tuple(A["indices"]), X["v"], A["accumulate"])
    if op == "setitem_":
        x[tuple(A["idx"])] = X["v"]
        return x
    if op == "gather":
        return x.gather(A["dim"], A["index"])
    if op == "scatter":
        return x.scatter(A["dim"], A["index"], X["src"])
    if op == "scatter_":
        return x.scatter_(A["dim"], A["index"], X["src"])
    if op == "scatter_value":
        return x.scatter(A["dim"], A["index"], A["value"])
    if op == "scatter_value_":
        return x.scatter_(A["dim"], A["index"], A["value"])
    if op == "scatter_add":
        return x.scatter_add(A["dim"], A["index"], X["src"])
    if op == "scatter_add_":
        return x.scatter_add_(A["dim"], A["index"], X["src"])
    if op == "index_select":
        return x.index_select(A["dim"], A["index"])
    if op == "index_add":
        return x.index_add(A["dim"], A["index"], X["src"], alpha=A["alpha"])
    if op == "index_add_":
        return x.index_add_(A["dim"], A["index"], X["src"], alpha=A["alpha"])
    if op == "index_copy":
        return x.index_copy(A["dim"], A["index"], X["src"])
    if op == "index_copy_":
        return x.index_copy_(A["dim"], A["index"], X["src"])
    if op == "index_fill":
        return x.index_fill(A["dim"], A["index"], A["value"])
    if op == "index_fill_":
        return x.index_fill_(A["dim"], A["index"], A["value"])
    if op == "take":
        return x.take(A["index"])
    if op == "masked_select":
        return x.masked_select(A["mask"])
    ts = [X[n] for n in A.get("tensors", [])]
    if op == "cat":
        return torch.cat(ts, A["dim"])
    if op == "stack":
        return torch.stack(ts, A["dim"])
    if op == "hstack":
        return torch.hstack(ts)
    if op == "vstack":
        return torch.vstack(ts)
    if op == "dstack":
        return torch.dstack(ts)
    if op == "split":
        return list(torch.split(x, A["size"], A["dim"]))
    if op == "split_sizes":
        return list(torch.split(x, A["sizes"], A["dim"]))
    if op == "chunk":
        return list(torch.chunk(x, A["chunks"], A["dim"]))
    if op == "unbind":
        return list(torch.unbind(x, A["dim"]))
    raise ValueError(op)


def enc_args(A):
    out = {}
    for k, v in A.items():
        if k == "idx":
            out[k] = [enc(i) for i in v]
        elif k == "indices":
            out[k] = [None if i is None else tj(i) for i in v]
        elif isinstance(v, torch.Tensor):
            out[k] = tj(v)
        else:
            out[k] = v
    return out


CASES = []


def case(suite, name, op, inputs, args=None, views=None, target_view=None, drop=(), gradcheck=None):
    """Runs op on fresh leaves, backprops a random upstream gradient (none for outputs listed in drop).
    gradcheck: None, or the reason the Java test skips gradcheck for this case."""
    args = args or {}
    views = views or {}
    leaves = {k: v.clone().requires_grad_(v.dtype.is_floating_point) for k, v in inputs.items()}
    X = {k: apply_view(t, views.get(k)) for k, t in leaves.items()}
    inplace = op.endswith("_")
    target_fn = None
    if inplace:
        y = X["x"] * 2
        tgt = apply_view(y, target_view) if target_view else y
        X2 = dict(X)
        X2["x"] = tgt
        run_op(op, X2, args)
        target_fn = gfn(tgt) if target_view else None
        out = y
    else:
        out = run_op(op, X, args)
    multi = isinstance(out, list)
    outs = out if multi else [out]
    gouts = [None if i in drop else torch.randn(o.shape, dtype=o.dtype) for i, o in enumerate(outs)]
    used = [(o, g) for o, g in zip(outs, gouts) if g is not None]
    names = [k for k, t in leaves.items() if t.requires_grad]
    grads = torch.autograd.grad([o for o, _ in used], [leaves[k] for k in names], [g for _, g in used],
                                allow_unused=True)
    c = {"suite": suite, "name": name, "op": op,
         "inputs": {k: tj(v) for k, v in inputs.items()},
         "args": enc_args(args),
         "grad_fn": [gfn(o) for o in outs] if multi else gfn(out),
         "out": [tj(o) for o in outs] if multi else tj(out),
         "gout": [None if g is None else tj(g) for g in gouts] if multi else tj(gouts[0]),
         "grads": {k: None if g is None else tj(g) for k, g in zip(names, grads)}}
    if views:
        c["views"] = views
    if gradcheck:
        c["no_gradcheck"] = gradcheck
    if target_view:
        c["target_view"] = target_view
        c["target_grad_fn"] = target_fn
    CASES.append(c)


def I(name, op, inputs, args=None, **kw):
    case("indexing", name, op, inputs, args, **kw)


def J(name, op, inputs, args=None, **kw):
    case("joining", name, op, inputs, args, **kw)


# ---------------------------------------------------------------- basic indexing (views)
x45 = rnd(4, 5)
x345 = rnd(3, 4, 5)
I("x[1:3]", "getitem", {"x": x45}, {"idx": [slice(1, 3, None)]})
I("x[:, ::2]", "getitem", {"x": x45}, {"idx": [slice(None, None, None), slice(None, None, 2)]})
I("x[-1]", "getitem", {"x": x45}, {"idx": [-1]})
I("x[1, 2]", "getitem", {"x": x45}, {"idx": [1, 2]})
I("x[None]", "getitem", {"x": x45}, {"idx": [None]})
I("x[..., None]", "getitem", {"x": x45}, {"idx": [Ellipsis, None]})
I("x[...]", "getitem", {"x": x45}, {"idx": [Ellipsis]})
I("x[1, None, 1::2]", "getitem", {"x": x345}, {"idx": [1, None, slice(1, None, 2)]})
I("xT[1:, -2]", "getitem", {"x": x45}, {"idx": [slice(1, None, None), -2]}, views={"x": [["t"]]})

# ---------------------------------------------------------------- advanced indexing
I("x[dup]", "getitem", {"x": x45}, {"idx": [L(0, 2, 0, 3)]})
I("x[neg]", "getitem", {"x": x45}, {"idx": [L(-1, 0, -1)]})
I("x[mask]", "getitem", {"x": x45}, {"idx": [x45 > 0]})
I("x[:, idx2d]", "getitem", {"x": x45}, {"idx": [slice(None, None, None), T([[0, 4], [4, 1]])]})
I("x[i, j] broadcast", "getitem", {"x": x45}, {"idx": [T([[0], [3]]), T([1, 1, -1])]})
I("x[i, :, j] non-adjacent", "getitem", {"x": x345}, {"idx": [L(2, 0, 2), slice(None, None, None), L(1, 4, 1)]})
I("x[1:, i]", "getitem", {"x": x345}, {"idx": [slice(1, None, None), L(3, 3)]})
I("x[True]", "getitem", {"x": x45}, {"idx": [True]})
I("xT[dup] non-contiguous", "getitem", {"x": x45}, {"idx": [L(4, 1, 4)]}, views={"x": [["t"]]})
I("x[mask row]", "getitem", {"x": x345}, {"idx": [T([True, False, True])]})

# ---------------------------------------------------------------- index_put
I("index_put acc dup", "index_put", {"x": x45, "v": rnd(4, 5)}, {"indices": [L(1, 3, 1, 1)], "accumulate": True})
I("index_put no acc", "index_put", {"x": x45, "v": rnd(3, 5)}, {"indices": [L(2, 0, -1)], "accumulate": False})
I("index_put dup no acc (values grad)", "index_put", {"x": x45, "v": rnd(5)},
  {"indices": [L(2, 2)], "accumulate": False},
  gradcheck="PyTorch's formula gives every duplicate the gradient though one write wins; gradcheck fails in PyTorch too")
I("index_put broadcast v", "index_put", {"x": x45, "v": rnd(5)}, {"indices": [L(0, 2)], "accumulate": True})
I("index_put 0-d v", "index_put", {"x": x45, "v": rnd(())}, {"indices": [L(0, 2), L(4, 1)], "accumulate": False})
I("index_put mask", "index_put", {"x": x45, "v": rnd(int((x45 < 0).sum()))},
  {"indices": [x45 < 0], "accumulate": False})
I("index_put xT", "index_put", {"x": x45, "v": rnd(2, 4)}, {"indices": [L(4, 1)], "accumulate": False},
  views={"x": [["t"]]})
I("index_put_ non-leaf", "index_put_", {"x": x45, "v": rnd(3, 5)}, {"indices": [L(1, 3, 1)], "accumulate": True})
I("index_put_ view of non-leaf", "index_put_", {"x": x45, "v": rnd(2, 4)}, {"indices": [L(1, 0)], "accumulate": False},
  target_view=[["narrow", 1, 1, 4]])
I("index_put_ transposed view of non-leaf", "index_put_", {"x": x45, "v": rnd(2)},
  {"indices": [L(4, 0), L(1, 2)], "accumulate": True}, target_view=[["t"]])
I("y[1:, i] = v", "setitem_", {"x": x45, "v": rnd(3, 2)}, {"idx": [slice(1, None, None), L(0, 3)]})
I("y[mask] = v", "setitem_", {"x": x45, "v": rnd(())}, {"idx": [x45 > 0.5]})
# a full slice given as 0:len is skipped (PyTorch's slice optimization: no view, so IndexPutBackward0 on y itself);
# ':' (stop = max) makes a view, so y's history becomes CopySlices
I("y[0:4, j] = v", "setitem_", {"x": x45, "v": rnd(4, 2)}, {"idx": [slice(0, 4, None), L(3, 0)]})
I("y[:, j] = v", "setitem_", {"x": x45, "v": rnd(2)}, {"idx": [slice(None, None, None), L(3, 0)]})

# ---------------------------------------------------------------- gather / scatter family
g_idx = T([[0, 4, 4], [1, 1, 0], [3, 2, 3], [4, 0, 0]])
I("gather dim 1 dup", "gather", {"x": x45}, {"dim": 1, "index": g_idx})
I("gather dim 0", "gather", {"x": x45}, {"dim": 0, "index": T([[3, 0, 1, 1, 2], [0, 0, 3, 2, 1]])})
I("gather dim -1 xT", "gather", {"x": x45}, {"dim": -1, "index": T([[0, 3], [2, 2], [1, 0], [3, 3], [0, 1]])},
  views={"x": [["t"]]})
s_idx = T([[0, 4], [2, 1], [3, 0]])  # no duplicate within a row: deterministic output
I("scatter src", "scatter", {"x": x45, "src": rnd(3, 2)}, {"dim": 1, "index": s_idx})
I("scatter src dim 0", "scatter", {"x": x45, "src": rnd(2, 5)}, {"dim": 0, "index": T([[3, 0, 1, 2, 2], [1, 2, 0, 0, 3]])})
I("scatter value", "scatter_value", {"x": x45}, {"dim": 1, "index": s_idx, "value": 1.5})
I("scatter_add dup", "scatter_add", {"x": x45, "src": rnd(4, 3)}, {"dim": 1, "index": g_idx})
I("scatter_add xT", "scatter_add", {"x": x45, "src": rnd(2, 3)}, {"dim": 0, "index": T([[4, 4, 0], [1, 4, 2]])},
  views={"x": [["t"]]})
I("index_select dup", "index_select", {"x": x45}, {"dim": 0, "index": L(3, 0, 3, -0)})
I("index_select dim 1 xT", "index_select", {"x": x45}, {"dim": 1, "index": L(2, 2, 0)}, views={"x": [["t"]]})
I("index_add dup", "index_add", {"x": x45, "src": rnd(4, 4)}, {"dim": 1, "index": L(0, 4, 0, 2), "alpha": 1.0},
  views={"src": [["t"]]})
I("index_add alpha", "index_add", {"x": x45, "src": rnd(2, 5)}, {"dim": 0, "index": L(1, 1), "alpha": 2.5})
I("index_copy", "index_copy", {"x": x45, "src": rnd(4, 2)}, {"dim": 1, "index": L(3, 0)})
I("index_fill dup", "index_fill", {"x": x45}, {"dim": 1, "index": L(1, 3, 1), "value": -2.0})
I("take neg dup", "take", {"x": x45}, {"index": T([[0, -1, 7], [7, 19, -20]])})
I("take xT", "take", {"x": x45}, {"index": L(1, 5, 5, 12)}, views={"x": [["t"]]})
I("masked_select", "masked_select", {"x": x345}, {"mask": x345 > 0.3})
I("masked_select broadcast mask", "masked_select", {"x": x45}, {"mask": T([True, False, True, True, False])})
I("masked_select broadcast self", "masked_select", {"x": rnd(5)}, {"mask": x45 > 0})
I("scatter_ non-leaf", "scatter_", {"x": x45, "src": rnd(3, 2)}, {"dim": 1, "index": s_idx})
I("scatter_ value view", "scatter_value_", {"x": x45}, {"dim": 0, "index": T([[1, 0]]), "value": 3.0},
  target_view=[["narrow", 1, 2, 2]])
I("scatter_add_ view", "scatter_add_", {"x": x45, "src": rnd(2, 3)}, {"dim": 0, "index": T([[4, 4, 0], [1, 4, 2]])},
  target_view=[["t"]])
I("index_add_ non-leaf", "index_add_", {"x": x45, "src": rnd(2, 5)}, {"dim": 0, "index": L(3, 3), "alpha": -1.0})
I("index_copy_ view", "index_copy_", {"x": x45, "src": rnd(3, 2)}, {"dim": 1, "index": L(1, 0)},
  target_view=[["narrow", 0, 1, 3]])
I("index_fill_ view", "index_fill_", {"x": x45}, {"dim": 0, "index": L(0, 2), "value": 0.5}, target_view=[["t"]])

# ---------------------------------------------------------------- joining
a23, b23, c13 = rnd(2, 3), rnd(2, 3), rnd(1, 3)
J("cat dim 0", "cat", {"a": a23, "b": b23, "c": c13}, {"tensors": ["a", "b", "c"], "dim": 0})
J("cat dim 1 non-contiguous", "cat", {"a": a23, "b": rnd(4, 2)}, {"tensors": ["a", "b"], "dim": -1},
  views={"b": [["t"]]})
J("cat legacy empty", "cat", {"a": a23, "e": rnd(0), "b": b23}, {"tensors": ["a", "e", "b"], "dim": 1})
J("cat float32 + float64", "cat", {"a": rnd(2, 3, dtype=torch.float32), "b": b23}, {"tensors": ["a", "b"], "dim": 0})
J("stack dim 0", "stack", {"a": a23, "b": b23}, {"tensors": ["a", "b"], "dim": 0})
J("stack dim -1", "stack", {"a": a23, "b": b23, "c": rnd(2, 3)}, {"tensors": ["a", "b", "c"], "dim": -1},
  views={"b": [["transpose", 0, 1], ["t"]]})
J("hstack 1-d", "hstack", {"a": rnd(3), "b": rnd(2)}, {"tensors": ["a", "b"]})
J("hstack 2-d", "hstack", {"a": a23, "b": rnd(2, 1)}, {"tensors": ["a", "b"]})
J("vstack 1-d", "vstack", {"a": rnd(3), "b": rnd(3)}, {"tensors": ["a", "b"]})
J("vstack 0-d and 1-d", "vstack", {"a": rnd(()), "b": rnd(1)}, {"tensors": ["a", "b"]})
J("dstack", "dstack", {"a": a23, "b": b23}, {"tensors": ["a", "b"]})
x57 = rnd(5, 7)
J("split 2", "split", {"x": x57}, {"size": 2, "dim": 0})
J("split 3 dim 1, middle unused", "split", {"x": x57}, {"size": 3, "dim": 1}, drop=(1,))
J("split sizes", "split_sizes", {"x": x57}, {"sizes": [1, 0, 4], "dim": 0}, views={})
J("split sizes xT", "split_sizes", {"x": x57}, {"sizes": [4, 3], "dim": 0}, views={"x": [["t"]]}, drop=(0,))
J("chunk 2", "chunk", {"x": x57}, {"chunks": 2, "dim": 1})
J("chunk 4 dim 0", "chunk", {"x": x57}, {"chunks": 4, "dim": 0}, drop=(2,))
J("unbind 0", "unbind", {"x": rnd(3, 2)}, {"dim": 0})
J("unbind -1, some unused", "unbind", {"x": x345}, {"dim": -1}, drop=(0, 3))

write("grad_indexing", CASES)
