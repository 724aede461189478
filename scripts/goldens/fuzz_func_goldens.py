"""Differential fuzz cases for torch.func's transforms -> goldens/fuzz_func.json (FuzzFuncParityTest replays them).

Run: /usr/bin/python3 scripts/goldens/fuzz_func_goldens.py [seed count name]   (no arguments: the committed golden)

A case is a small random program (a list of steps over the inputs, each one op of a fixed table that the Java test
interprets the same way) wrapped in a stack of transforms, innermost first: {"t": "vmap", "in_dims": [...],
"out_dims": int or [...]} (nested vmaps with different dims, batch sizes 0-3), {"t": "grad"|"jacrev"|"jacfwd",
"argnums": int or [...], "has_aux": bool}, {"t": "hessian", "argnums": int}, {"t": "jvp"} (the function of primals
and tangents giving outputs then the products) and {"t": "vjp"} (primals and cotangents giving outputs then the
gradients). Outputs are flattened as the Java API returns them. Kinds: vmap over elementwise ops with broadcasting,
reductions, scans, softmax, matmul family, views, gather/index_select (batched indices too), cat/stack, where,
linear/conv/layer_norm/dropout(eval) and in-place ops; derivative stacks of float64 compositions (values within
1e-10); functional_call of small modules; bad in_dims/out_dims (PyTorch's message, first line).

functorch 1.13 against torch.func (2.x), followed where they differ: an in-place op on an unmapped tensor with a
mapped argument raises 2.x's "vmap: inplace arithmetic(self, *extra_args) is not possible ..." (1.13: the broadcast
error of the op, or nothing for some ops); an unmapped output at a nonzero out_dim is expanded there (1.13 ignores
out_dim or expands to garbage sizes: its _remove_batch_dim is patched below); functional_call replaces tied weights
together (2.x's tie_weights=True: the golden passes both names to 1.13's stateless.functional_call, which has no
tie_weights or strict). Left out as 1.13's bugs: jacfwd/hessian at a negative argnum (zeros; the golden uses the
wrapped argnum), index_select at a negative dim under vmap (the golden wraps it), forward AD of softmax's and
layer_norm's backward, reverse-over-forward of layer_norm (wrong values), process aborts (free(): invalid pointer;
each case runs in a forked child), batching rules that refuse an empty batch. Left out as limits of torch4j's loop:
a mapped value written into an unmapped input with a batch of one or equal values in every sample, a random op that
draws nothing.
"""
import json
import math
import os
import random
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from functorch import grad, hessian, jacfwd, jacrev, jvp, vjp, vmap
from torch.nn.utils.stateless import functional_call
import functorch._src.vmap as functorch_vmap

from common import t2j, write

D = torch.float64
INPLACE_2X = ("vmap: inplace arithmetic(self, *extra_args) is not possible because there exists a Tensor `other` in "
              "extra_args that has more elements than `self`. This happened due to `other` being vmapped over but `self` "
              "not being vmapped over in a vmap. Please try to use out-of-place operators instead of inplace arithmetic. "
              "If said operator is being called inside the PyTorch framework, please file a bug report instead.")

UNARY = ["sin", "cos", "tanh", "exp", "sigmoid", "neg", "square", "abs", "relu", "softplus", "atan", "log1p_abs"]
BINARY = ["add", "sub", "mul", "div", "maximum", "minimum", "atan2", "hypot"]


def run_op(s, a):
    """One step: s is the step dict, a its tensor arguments."""
    op = s["op"]
    if op in ("sin", "cos", "tanh", "exp", "sigmoid", "neg", "square", "abs", "relu", "atan"):
        return getattr(a[0], op)()
    if op == "softplus":
        return F.softplus(a[0])
    if op == "log1p_abs":
        return a[0].abs().log1p()
    if op in BINARY:
        return getattr(a[0], op)(a[1])
    if op == "add_scalar":
        return a[0] + s["v"]
    if op == "mul_scalar":
        return a[0] * s["v"]
    if op == "pow":
        return a[0].pow(s["v"])
    if op in ("sum", "mean", "logsumexp", "amax"):
        return getattr(a[0], op)(s["dims"], keepdim=s["keep"]) if s["dims"] is not None else getattr(a[0], op)()
    if op == "prod":
        return a[0].prod(s["dim"], keepdim=s["keep"])
    if op == "var":
        return a[0].var(s["dims"], unbiased=s["unbiased"], keepdim=s["keep"])
    if op == "cumsum":
        return a[0].cumsum(s["dim"])
    if op == "softmax":
        return a[0].softmax(s["dim"])
    if op == "log_softmax":
        return a[0].log_softmax(s["dim"])
    if op in ("matmul", "mm", "mv", "dot", "outer", "bmm"):
        return getattr(a[0], op)(a[1])
    if op == "reshape":
        return a[0].reshape(s["shape"])
    if op == "transpose":
        return a[0].transpose(s["d0"], s["d1"])
    if op == "permute":
        return a[0].permute(s["perm"])
    if op == "select":
        return a[0].select(s["dim"], s["i"])
    if op == "narrow":
        return a[0].narrow(s["dim"], s["start"], s["len"])
    if op == "unsqueeze":
        return a[0].unsqueeze(s["dim"])
    if op == "expand":
        return a[0].expand(s["shape"])
    if op == "flatten":
        return a[0].flatten(s["start"], s["end"])
    if op == "movedim":
        return a[0].movedim(s["src"], s["dst"])
    if op == "gather":
        return a[0].gather(s["dim"], a[1] if len(a) > 1 else torch.tensor(s["idx"]).reshape(s["ishape"]))
    if op == "index_select":
        # functorch 1.13's batching rule misreads a negative dim (wrong shapes, bogus reshape errors); 2.x does not
        return a[0].index_select(s["dim"] % a[0].dim(), a[1] if len(a) > 1 else torch.tensor(s["idx"], dtype=torch.int64))
    if op == "cat":
        return torch.cat([a[0], a[1]], s["dim"])
    if op == "stack":
        return torch.stack([a[0], a[1]], s["dim"])
    if op == "where":
        return torch.where(a[0] > 0, a[0], a[1])
    if op == "linear":
        return F.linear(a[0], a[1], a[2] if len(a) > 2 else None)
    if op == "conv1d":
        return F.conv1d(a[0], a[1], a[2] if len(a) > 2 else None, s["stride"], s["pad"])
    if op == "conv2d":
        return F.conv2d(a[0], a[1], a[2] if len(a) > 2 else None, s["stride"], s["pad"])
    if op == "layer_norm":
        return F.layer_norm(a[0], s["shape"], a[1] if len(a) > 1 else None, a[2] if len(a) > 2 else None)
    if op == "dropout_eval":
        return F.dropout(a[0], 0.5, training=False)
    if op == "dropout_train":
        return F.dropout(a[0], 0.5, training=True)
    if op == "randn_like_add":
        return a[0] + torch.randn_like(a[0])
    if op == "bernoulli":
        return a[0].sigmoid().bernoulli()
    if op == "add_":
        return a[0].add_(a[1])
    if op == "mul_":
        return a[0].mul_(s["v"])
    if op == "clone":
        return a[0].clone()
    raise ValueError(op)


def program_fn(prog, n_inputs):
    """The program as a Python function of its inputs; a single output is returned bare (grad needs a tensor)."""
    def f(*args):
        vals = []
        get = lambda r: args[r] if r >= 0 else vals[-1 - r]
        for s in prog["steps"]:
            vals.append(run_op(s, [get(i) for i in s["a"]]))
        outs = [get(i) for i in prog["out"]]
        if prog.get("aux"):
            return outs[0], tuple(outs[1:]) if len(outs) > 2 else outs[1]
        return outs[0] if len(outs) == 1 else tuple(outs)
    f.__name__ = "<lambda>"
    return f


def flat(x):
    if isinstance(x, torch.Tensor):
        return [x]
    out = []
    for v in x:
        out += flat(v)
    return out


def wrap(layer, f):
    """One transform around f (a function of flat args returning a tensor or a tuple)."""
    t = layer["t"]
    if t == "vmap":
        od = layer["out_dims"]
        g = vmap(f, in_dims=tuple(layer["in_dims"]), out_dims=tuple(od) if isinstance(od, list) else od,
                 randomness=layer.get("randomness", "error"))
    elif t in ("grad", "jacrev", "jacfwd"):
        an = layer["argnums"]
        tr = {"grad": grad, "jacrev": jacrev, "jacfwd": jacfwd}[t]

        def g(*a):
            # functorch 1.13's jacfwd gives zeros for a negative argnum (2.x wraps it): the golden uses argnum % n
            w = lambda i: i + len(a) if -len(a) <= i < 0 else i  # out of range stays: PyTorch's error
            n = tuple(w(i) for i in an) if isinstance(an, list) else w(an)
            return tuple(flat(tr(f, argnums=n, has_aux=True)(*a) if layer.get("has_aux") else tr(f, argnums=n)(*a)))
    elif t == "hessian":
        g = lambda *a: hessian(f, argnums=layer["argnums"] % len(a))(*a)
    elif t == "jvp":
        n = layer["n"]
        g = lambda *a: tuple(flat(jvp(f, tuple(a[:n]), tuple(a[n:]))))
    elif t == "vjp":
        n = layer["n"]

        def g(*a):
            out, fn = vjp(f, *a[:n])
            cot = a[n:]
            return tuple(flat(out) + flat(fn(cot[0] if isinstance(out, torch.Tensor) else tuple(cot))))
    else:
        raise ValueError(t)

    def h(*a):
        r = g(*a)
        if isinstance(r, tuple) and len(r) == 1:
            return r[0]
        return r
    h.__name__ = "<lambda>"
    return h


# ---------------------------------------------------------------- random programs

def rnd(rng, shape, dtype=D):
    n = math.prod(shape)
    return torch.tensor([round(rng.gauss(0, 1), 4) for _ in range(n)], dtype=torch.float64).to(dtype).reshape(shape)


def rshape(rng, nd=None):
    nd = rng.choice([0, 1, 1, 2, 2, 3]) if nd is None else nd
    return [rng.randint(1, 4) for _ in range(nd)]


class Prog:
    """A program being built: input tensors (one sample each) and steps; vals holds every value so far."""

    def __init__(self):
        self.inputs, self.steps, self.svals = [], [], []

    def val(self, r):
        return self.inputs[r] if r >= 0 else self.svals[-1 - r]

    def inp(self, t):
        self.inputs.append(t)
        return len(self.inputs) - 1

    def step(self, s, args):
        s["a"] = list(args)
        v = run_op(s, [self.val(i) for i in args])
        self.steps.append(s)
        self.svals.append(v)
        return -len(self.steps)

    def earlier(self, rng):
        """A step value before the last, or None."""
        return -1 - rng.randrange(len(self.steps) - 1) if len(self.steps) > 1 else None


def broadcastable(rng, sh):
    out = [d if rng.random() < 0.6 else 1 for d in sh]
    while out and rng.random() < 0.3:
        out = out[1:]
    return out


def first_step(rng, p, smooth):
    """The program's first op, with its own inputs; returns the value's index."""
    kinds = ["unary", "binary", "reduce", "matmul", "nn", "view", "index", "join", "softmax"]
    if not smooth:
        kinds += ["where"]
    k = rng.choice(kinds)
    if k == "unary":
        x = p.inp(rnd(rng, rshape(rng)))
        return p.step({"op": rng.choice(UNARY if not smooth else UNARY[:7] + ["softplus", "atan"])}, [x])
    if k == "binary":
        sh = rshape(rng)
        x, y = p.inp(rnd(rng, sh)), p.inp(rnd(rng, broadcastable(rng, sh)))
        if rng.random() < 0.5:
            x, y = y, x
        op = rng.choice(BINARY if not smooth else ["add", "sub", "mul", "atan2", "hypot"])
        return p.step({"op": op}, [x, y])
    if k == "where":
        sh = rshape(rng)
        x, y = p.inp(rnd(rng, sh)), p.inp(rnd(rng, broadcastable(rng, sh)))
        return p.step({"op": "where"}, [x, y])
    if k == "matmul":
        m, kk, n = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)
        op = rng.choice(["matmul", "matmul", "mm", "mv", "dot", "outer", "bmm"])
        shapes = {"mm": ([m, kk], [kk, n]), "mv": ([m, kk], [kk]), "dot": ([kk], [kk]), "outer": ([m], [n]),
                  "bmm": ([2, m, kk], [2, kk, n])}.get(op)
        if op == "matmul":
            shapes = rng.choice([([m, kk], [kk, n]), ([kk], [kk, n]), ([m, kk], [kk]), ([2, m, kk], [kk, n]),
                                 ([m, kk], [2, kk, n]), ([kk], [kk])])
        x, y = p.inp(rnd(rng, shapes[0])), p.inp(rnd(rng, shapes[1]))
        return p.step({"op": op}, [x, y])
    if k == "nn":
        op = rng.choice(["linear", "conv1d", "conv2d", "layer_norm", "dropout_eval"])
        bias = rng.random() < 0.6
        if op == "linear":
            i, o = rng.randint(1, 4), rng.randint(1, 3)
            x, w = p.inp(rnd(rng, rshape(rng, rng.randint(0, 1)) + [i])), p.inp(rnd(rng, [o, i]))
            return p.step({"op": op}, [x, w] + ([p.inp(rnd(rng, [o]))] if bias else []))
        if op in ("conv1d", "conv2d"):
            nd = 1 if op == "conv1d" else 2
            c, o, kk = rng.randint(1, 2), rng.randint(1, 2), rng.randint(1, 2)
            x = p.inp(rnd(rng, [rng.randint(1, 2), c] + [rng.randint(kk, 4) for _ in range(nd)]))
            w = p.inp(rnd(rng, [o, c] + [kk] * nd))
            args = [x, w] + ([p.inp(rnd(rng, [o]))] if bias else [])
            return p.step({"op": op, "stride": rng.randint(1, 2), "pad": rng.randint(0, 1)}, args)
        if op == "layer_norm":
            sh = rshape(rng, rng.randint(1, 3))
            nl = rng.randint(1, len(sh))
            if math.prod(sh[-nl:]) < 2:  # one element normalises to 0 but for roundings (1e-14 in functorch's batched
                sh[-1] = 2                # kernel), whose signs atan2 and the like then tell apart
            x = p.inp(rnd(rng, sh))
            args = [x] + ([p.inp(rnd(rng, sh[-nl:])), p.inp(rnd(rng, sh[-nl:]))] if bias else [])
            return p.step({"op": op, "shape": sh[-nl:]}, args)
        return p.step({"op": op}, [p.inp(rnd(rng, rshape(rng)))])
    x = p.inp(rnd(rng, rshape(rng, rng.randint(1, 3))))
    if k == "view":
        return after(rng, p, x, "view")
    if k == "softmax":
        return after(rng, p, x, "softmax")
    if k == "index":
        sh = list(p.val(x).shape)
        dim = rng.randrange(-len(sh), len(sh))
        size = sh[dim]
        if rng.random() < 0.5:
            ish = [rng.randint(1, d) for d in sh]
            ish[dim] = rng.randint(1, 3)
            idx = [rng.randrange(size) for _ in range(math.prod(ish))]
            if not smooth and rng.random() < 0.5:
                return p.step({"op": "gather", "dim": dim}, [x, p.inp(torch.tensor(idx).reshape(ish))])
            return p.step({"op": "gather", "dim": dim, "idx": idx, "ishape": ish}, [x])
        idx = [rng.randrange(size) for _ in range(rng.randint(1, 3))]
        if not smooth and rng.random() < 0.5:
            return p.step({"op": "index_select", "dim": dim}, [x, p.inp(torch.tensor(idx))])
        return p.step({"op": "index_select", "dim": dim, "idx": idx}, [x])
    # join
    sh = list(p.val(x).shape)
    op = rng.choice(["cat", "stack"])
    dim = rng.randrange(-len(sh), len(sh)) if op == "cat" else rng.randrange(-len(sh) - 1, len(sh) + 1)
    sh2 = list(sh)
    if op == "cat":
        sh2[dim] = rng.randint(1, 3)
    return p.step({"op": op, "dim": dim}, [x, p.inp(rnd(rng, sh2))])


def after(rng, p, x, kind=None, smooth=False):
    """A follow-up op on value x (shape-aware); may add an input for a binary op."""
    sh = list(p.val(x).shape)
    nd = len(sh)
    kinds = ["unary", "binary", "scalar", "reduce", "view", "softmax"] if kind is None else [kind]
    k = rng.choice(kinds)
    if k == "unary":
        return p.step({"op": rng.choice(UNARY[:7] + ["softplus", "atan"] if smooth else UNARY)}, [x])
    if k == "binary":
        y = p.inp(rnd(rng, broadcastable(rng, sh)))
        return p.step({"op": rng.choice(["add", "sub", "mul", "atan2"] if smooth else BINARY)}, [x, y] if rng.random() < 0.7 else [y, x])
    if k == "scalar":
        op = rng.choice(["add_scalar", "mul_scalar", "pow"])
        v = rng.choice([2, 3]) if op == "pow" else rng.choice([-1.5, 0.5, 2.0, 3])
        return p.step({"op": op, "v": v}, [x])
    if k == "reduce" or (k == "softmax" and nd == 0):
        op = rng.choice(["sum", "mean", "logsumexp", "amax", "prod", "var"] if not smooth else ["sum", "mean", "logsumexp", "prod", "var"])
        keep = rng.random() < 0.4
        if op == "prod":
            if nd == 0:
                return p.step({"op": "sum", "dims": None, "keep": False}, [x])
            return p.step({"op": op, "dim": rng.randrange(-nd, nd), "keep": keep}, [x])
        dims = None if nd == 0 or rng.random() < 0.25 else sorted(rng.sample(range(nd), rng.randint(1, nd)))
        if dims is not None and rng.random() < 0.3:
            dims = [d - nd for d in dims]
        if op == "var":
            if dims is None:
                dims = list(range(nd))
            if math.prod(sh[d] for d in dims) <= 1:  # one element: NaN, and 1.13's 0-d gradient is inf where 2.x's is NaN
                op = "sum"
        if op == "var":
            return p.step({"op": op, "dims": dims, "unbiased": rng.random() < 0.5, "keep": keep}, [x])
        if op in ("logsumexp",) and dims is None:
            dims = list(range(nd))
        return p.step({"op": op, "dims": dims, "keep": keep if dims is not None else False}, [x])
    if k == "softmax":
        op = rng.choice(["softmax", "log_softmax", "cumsum"])
        return p.step({"op": op, "dim": rng.randrange(-nd, nd)}, [x])
    # views
    ops = ["reshape", "unsqueeze", "flatten", "expand"] + (["transpose", "permute", "select", "narrow", "movedim"] if nd else [])
    op = rng.choice(ops)
    if op == "reshape":
        n = math.prod(sh)
        shape = rng.choice([[n], [-1], [1, n], [n, 1]] + ([sh[::-1]] if nd else []))
        return p.step({"op": op, "shape": shape}, [x])
    if op == "unsqueeze":
        return p.step({"op": op, "dim": rng.randrange(-nd - 1, nd + 1)}, [x])
    if op == "flatten":
        if nd == 0:
            return p.step({"op": op, "start": 0, "end": -1}, [x])
        s = rng.randrange(nd)
        return p.step({"op": op, "start": s, "end": rng.randrange(s, nd)}, [x])
    if op == "expand":
        shape = [rng.randint(1, 2)] + [d if d != 1 or rng.random() < 0.5 else rng.randint(1, 3) for d in sh]
        if rng.random() < 0.3:
            shape = [-1 if d == e else d for d, e in zip(shape[1:], sh)]
            shape = [2] + shape
        return p.step({"op": op, "shape": shape}, [x])
    if op == "transpose":
        return p.step({"op": op, "d0": rng.randrange(-nd, nd), "d1": rng.randrange(-nd, nd)}, [x])
    if op == "permute":
        perm = list(range(nd))
        rng.shuffle(perm)
        return p.step({"op": op, "perm": perm}, [x])
    if op == "select":
        dim = rng.randrange(-nd, nd)
        return p.step({"op": op, "dim": dim, "i": rng.randrange(-sh[dim], sh[dim])}, [x])
    if op == "narrow":
        dim = rng.randrange(-nd, nd)
        st = rng.randrange(sh[dim])
        return p.step({"op": op, "dim": dim, "start": st, "len": rng.randint(0 if rng.random() < 0.1 else 1, sh[dim] - st)}, [x])
    return p.step({"op": "movedim", "src": rng.randrange(-nd, nd), "dst": rng.randrange(-nd, nd)}, [x])


def random_program(rng, smooth=False, steps=None):
    """Steps over fresh inputs; returns Prog and the index of the final value."""
    while True:
        p = Prog()
        try:
            v = first_step(rng, p, smooth)
            for _ in range(rng.randint(0, 2) if steps is None else steps):
                v = after(rng, p, v, smooth=smooth)
            return p, v
        except (RuntimeError, IndexError, ValueError, TypeError):
            continue


# ---------------------------------------------------------------- cases

def batched(rng, t, dim, b):
    """A tensor holding b samples (the first is t) stacked at dim."""
    vals = t.reshape(-1).tolist()
    other = lambda: torch.tensor([rng.choice(vals) for _ in vals], dtype=t.dtype).reshape(t.shape)  # indices stay valid
    samples = [t] + [rnd(rng, list(t.shape), t.dtype) if t.dtype == D else other() for _ in range(b - 1)]
    if b == 0:
        return t.unsqueeze(dim).narrow(dim, 0, 0).clone()
    return torch.stack(samples, dim).contiguous()


def vmap_layer(rng, shapes, ranks_out):
    """Random in_dims for inputs of the given ranks (one mapped at least) and out_dims for outputs of ranks_out."""
    in_dims = [None if rng.random() < 0.3 else rng.randrange(-r - 1, r + 1) for r in shapes]
    if all(d is None for d in in_dims):
        in_dims[rng.randrange(len(in_dims))] = 0
    outs = [rng.randrange(-r - 1, r + 1) if rng.random() < 0.7 else 0 for r in ranks_out]
    od = outs[0] if len(outs) == 1 or rng.random() < 0.3 else outs
    return in_dims, od


def evaluate(layers, prog_fn, inputs):
    f = prog_fn
    for l in layers:
        f = wrap(l, f)
    out = f(*inputs)
    return flat(out)


def err(f):
    try:
        f()
    except Exception as e:
        return str(e).split("\n")[0]
    return None


# functorch 1.13's gaps, which torch.func 2.x fills: forward AD of softmax's backward, and an internal failure
LEFT_OUT = ["Trying to use forward AD with", "Could not allocate memory to change Tensor SizesAndStrides",
            "numel: integer multiplication overflow"]


def _remove_batch_dim_2x(t, level, batch_size, out_dim):
    """torch.func 2.x's unwrapping of an output that is not mapped at this level: expanded with the batch at out_dim.
    functorch 1.13's ignores out_dim (or expands to garbage sizes and raises); patched in below."""
    if torch._C._functorch.maybe_get_level(t) == level:
        return _REMOVE_BATCH_DIM(t, level, batch_size, out_dim)
    n = t.dim() + 1
    if not -n <= out_dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {out_dim})")
    out_dim %= n
    sizes = list(t.shape)
    sizes.insert(out_dim, batch_size)
    return t.unsqueeze(out_dim).expand(sizes)


_REMOVE_BATCH_DIM = functorch_vmap._remove_batch_dim
functorch_vmap._remove_batch_dim = _remove_batch_dim_2x


def constant_write(p, layers, inputs):
    """True when the value an add_ writes into an unmapped input is the same in every sample (the loop cannot tell it
    was mapped)."""
    k = max(i for i, s in enumerate(p.steps) if s["op"] == "add_")
    prog = {"steps": p.steps[:k], "out": [p.steps[k]["a"][1]]}
    ls = [dict(l, out_dims=0) for l in layers]
    try:
        r = evaluate(ls, program_fn(prog, len(inputs)), [t.clone() for t in inputs])[0]
    except Exception:
        return False
    k = len(ls)
    first = r.reshape(-1, *r.shape[k:])[0] if r.numel() else r
    return bool(((r - first).abs() <= 1e-12).all())  # layer_norm of one element: roundings of 1e-28 in functorch


def finish(case, p, layers, inputs, outs_idx, aux=False):
    prog = {"steps": p.steps, "out": outs_idx, "aux": aux}
    case.update({"prog": prog, "layers": layers, "inputs": [None if t is None else t2j(t) for t in inputs]})
    if DESCRIBE is not None:  # what the case is, should functorch crash on it
        DESCRIBE.write(json.dumps({"layers": layers, "ops": [s["op"] for s in p.steps]}) + "\n")
        DESCRIBE.flush()
    fn = program_fn(prog, len(inputs))
    work = [None if t is None else t.clone() for t in inputs]
    try:
        outs = evaluate(layers, fn, work)
    except Exception as e:
        msg = str(e).split("\n")[0]
        if any(m in msg for m in LEFT_OUT):
            return None
        if any(t is not None and 0 in t.shape for t in inputs) and case["kind"] == "vmap":
            return None  # an empty batch: functorch runs its batching rules (conv's weight checks, the fallback's select) on no
            # samples and some refuse; torch4j gives the shapes of one sample's outputs
        if "doesn't match the broadcast shape" in msg and any(s["op"] == "add_" for s in p.steps):
            msg, case["note"] = INPLACE_2X, "2.x's message (1.13: the op's broadcast error)"
        if msg == INPLACE_2X and (any(l.get("b") == 1 for l in layers) or constant_write(p, layers, inputs)):
            return None  # torch4j's loop tells a sample-dependent write by comparing samples: one sample, or samples
            # that write the same values, are not told
        case["error"] = msg
        return case
    case["outputs"] = [t2j(o) for o in outs]
    if any(s["op"] in ("add_", "mul_") for s in p.steps):
        case["after"] = [None if t is None else t2j(t) for t in work]
    return case


def vmap_case(rng):
    p, v = random_program(rng)
    outs = [v]
    if rng.random() < 0.25 and p.earlier(rng) is not None:
        outs.append(p.earlier(rng))
    if rng.random() < 0.15:  # an in-place op on an input (mapped or not) before the rest
        x = p.inp(rnd(rng, list(p.val(v).shape)))
        if rng.random() < 0.5:
            w = p.step({"op": "add_", "a": []}, [x, v])
        else:
            w = p.step({"op": "mul_", "v": 2.0}, [x])
        outs = [w] + outs[1:]
    # a random op: the default randomness='error' raises (not after an in-place op: the loop tells a mapped write only at
    # the second sample, after the first sample's random draw)
    # a random op on no elements draws nothing, and the loop tells a random op by its draws
    random_op = rng.random() < 0.06 and not any(s["op"] in ("add_", "mul_") for s in p.steps) and p.val(outs[0]).numel() > 0
    if random_op:
        w = p.step({"op": rng.choice(["dropout_train", "randn_like_add", "bernoulli"])}, [outs[0]])
        outs = [w] + outs[1:]
    layers, inputs = [], list(p.inputs)
    fn = program_fn({"steps": p.steps, "out": outs}, len(inputs))
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        try:
            out_ranks = [o.dim() for o in flat(evaluate(layers, fn, [t.clone() for t in inputs]))]
        except Exception:
            break
        in_dims, od = vmap_layer(rng, [t.dim() for t in inputs], out_ranks)
        b = rng.choice([1, 2, 2, 3, 3]) if rng.random() > 0.05 else 0
        inputs = [t if d is None else batched(rng, t, d if d >= 0 else d + t.dim() + 1, b) for t, d in zip(inputs, in_dims)]
        layers.append({"t": "vmap", "in_dims": in_dims, "out_dims": od, "b": b})
        if not random_op and rng.random() < 0.15:  # no random op: every randomness gives the same values
            layers[-1]["randomness"] = rng.choice(["same", "different"])
        if b == 0:
            break
    return finish({"kind": "vmap"}, p, layers, inputs, outs)


def deriv_layer(rng, t, n_in, float_args):
    if t in ("grad", "jacrev", "jacfwd", "hessian"):
        cand = [i for i in range(n_in) if float_args[i]]
        if t == "hessian" or rng.random() < 0.5:
            a = rng.choice(cand)
            an = a - n_in if rng.random() < 0.2 else a
        else:
            an = rng.sample(cand, rng.randint(1, len(cand)))
        return {"t": t, "argnums": an}
    return {"t": t, "n": n_in}


def deriv_case(rng):
    p, v = random_program(rng, smooth=True)
    layers = []
    inputs = list(p.inputs)
    float_args = [t.dtype == D for t in inputs]
    top = rng.choice(["grad", "grad", "jacrev", "jacfwd", "hessian", "jvp", "vjp"])
    if top in ("grad", "hessian") and p.val(v).dim() > 0:
        op = rng.choice(["sum", "logsumexp", "mean"])
        dims = None if rng.random() < 0.5 and op != "logsumexp" else list(range(p.val(v).dim()))
        v = p.step({"op": op, "dims": dims, "keep": False}, [v])
    outs = [v]
    aux = False
    if top in ("grad", "jacrev", "jacfwd") and rng.random() < 0.25 and p.earlier(rng) is not None:
        aux = True
        outs.append(p.earlier(rng))
    elif top in ("jacrev", "jacfwd", "jvp", "vjp") and rng.random() < 0.2 and p.earlier(rng) is not None:
        outs.append(p.earlier(rng))
    fn = program_fn({"steps": p.steps, "out": outs, "aux": aux}, len(inputs))
    layer = deriv_layer(rng, top, len(inputs), float_args)
    if aux:
        layer["has_aux"] = True
    if top in ("jvp", "vjp"):
        layer = {"t": top, "n": len(inputs)}
        o = flat(fn(*[t.clone() for t in inputs]))
        extra = [rnd(rng, list(t.shape)) for t in (inputs if top == "jvp" else o)]
        inputs = inputs + extra
    layers.append(layer)
    # a second derivative or a vmap around it
    r = rng.random()
    if r < 0.3:
        try:
            o = flat(evaluate(layers, fn, [t.clone() for t in inputs]))
        except Exception:
            o = None
        if o is not None:
            in_dims, od = vmap_layer(rng, [t.dim() for t in inputs], [x.dim() for x in o])
            b = rng.choice([1, 2, 3])
            inputs = [t if d is None else batched(rng, t, d if d >= 0 else d + t.dim() + 1, b) for t, d in zip(inputs, in_dims)]
            layers.append({"t": "vmap", "in_dims": in_dims, "out_dims": od})
    elif r < 0.45 and top in ("jacrev", "jacfwd", "grad") and not aux:
        n = len(inputs)
        t2 = rng.choice(["jacrev", "jacfwd"])
        if "layer_norm" in [s["op"] for s in p.steps] and "jacfwd" in (top, t2):
            return None  # functorch 1.13's reverse-over-forward of layer_norm is wrong (torch.autograd.functional agrees with torch4j)
        layers.append({"t": t2, "argnums": rng.choice([i for i in range(n) if float_args[i]])})
    return finish({"kind": "deriv"}, p, layers, inputs, outs, aux)


def error_case(rng):
    """Bad in_dims/out_dims: wrong structure, out-of-range dims, mismatched batch sizes, out_dims=None."""
    p, v = random_program(rng, steps=0)
    inputs = list(p.inputs)
    outs = [v]
    k = rng.choice(["in_range", "in_struct", "out_range", "out_struct", "sizes", "none_all", "none_arg"])
    ranks = [t.dim() for t in inputs]
    if k == "in_range":
        in_dims = [rng.choice([r + 1, r + 2, -r - 2]) if i == 0 else None for i, r in enumerate(ranks)]
        od = 0
    elif k == "in_struct":
        in_dims = [0] * (len(inputs) + rng.choice([-1, 1])) if len(inputs) > 1 else [0, 0]
        od = 0
    elif k == "out_range":
        in_dims, od = [0] * len(inputs), rng.choice([p.val(v).dim() + 2, -p.val(v).dim() - 3])
        inputs = [t.unsqueeze(0).expand(2, *t.shape).clone() for t in inputs]
    elif k == "out_struct":
        in_dims, od = [0] * len(inputs), [0, 0]
        inputs = [t.unsqueeze(0).expand(2, *t.shape).clone() for t in inputs]
    elif k == "sizes" and len(inputs) > 1:
        in_dims, od = [0] * len(inputs), 0
        inputs = [t.unsqueeze(0).expand(2 + i, *t.shape).clone() for i, t in enumerate(inputs)]
    elif k == "none_arg":  # a non-tensor argument (None) needs in_dim None
        inputs = [t.unsqueeze(0).expand(2, *t.shape).clone() for t in inputs] + [None]
        in_dims, od = [0] * len(inputs), 0
        if rng.random() < 0.5:
            in_dims[-1] = None
    else:
        in_dims, od = [None] * len(inputs), 0
    layers = [{"t": "vmap", "in_dims": in_dims, "out_dims": od}]
    return finish({"kind": "vmap_error"}, p, layers, inputs, outs)


def deriv_error_case(rng):
    """Bad argnums (out of range, repeated, empty), grad of a non-scalar, has_aux without aux, tangents of other shapes."""
    p, v = random_program(rng, smooth=True, steps=0)
    inputs = list(p.inputs)
    n = len(inputs)
    k = rng.choice(["range", "repeat", "empty", "nonscalar", "aux", "tangent"])
    t = rng.choice(["grad", "jacrev", "jacfwd"])
    outs, aux = [v], False
    if k == "range":
        layer = {"t": t, "argnums": rng.choice([n, n + 1, -n - 1])}
    elif k == "repeat":
        layer = {"t": t, "argnums": [0, 0] if n == 1 or rng.random() < 0.5 else [0, 1, -n + 1 if n > 1 else 0]}
    elif k == "empty":
        layer = {"t": t, "argnums": []}
    elif k == "nonscalar":
        if p.val(v).dim() == 0:
            v = p.step({"op": "unsqueeze", "dim": 0}, [v])
            outs = [v]
        layer = {"t": "grad", "argnums": 0}
    elif k == "aux":
        layer = {"t": t, "argnums": 0, "has_aux": True}
        if t == "grad" and p.val(v).dim() > 0:
            v = p.step({"op": "sum", "dims": None, "keep": False}, [v])
            outs = [v]
    else:
        layer = {"t": "jvp", "n": n}
        i = rng.randrange(n)
        inputs = inputs + [rnd(rng, list(x.shape) if j != i else list(x.shape) + [2]) for j, x in enumerate(inputs)]
    return finish({"kind": "deriv_error"}, p, [layer], inputs, outs, aux)


# ---------------------------------------------------------------- functional_call

class Mlp(nn.Module):
    def __init__(self, tied):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(3, 3), nn.Linear(3, 3)
        self.bn = nn.BatchNorm1d(3)
        if tied:
            self.fc2.weight = self.fc1.weight

    def forward(self, x):
        return self.fc2(torch.tanh(self.bn(self.fc1(x))))


def call_case(rng):
    tied = rng.random() < 0.4
    m = Mlp(tied).double()
    training = rng.random() < 0.3
    m.train(training)
    with torch.no_grad():
        for prm in m.parameters():
            prm.copy_(rnd(rng, list(prm.shape)))
        m.bn.running_mean.copy_(rnd(rng, [3]))
        m.bn.running_var.copy_(rnd(rng, [3]).abs() + 0.5)
    state = {k: t.detach().clone() for k, t in m.state_dict().items()}
    names = [n for n in ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"]
             if not (tied and n == "fc2.weight")]
    replaced = sorted(rng.sample(names, rng.randint(1, len(names))), key=names.index)
    repl = {n: rnd(rng, list(state[n].shape)).abs() + (0.5 if n == "bn.running_var" else 0) for n in replaced}
    x = rnd(rng, [rng.randint(2, 4), 3])
    given = dict(repl)
    if tied and "fc1.weight" in given:
        given["fc2.weight"] = given["fc1.weight"]  # 2.x's tie_weights=True
    before = [t2j(repl[n]) for n in replaced] + [t2j(x)]
    vm = rng.random() < 0.3 and not training
    psg = not vm and not training and rng.random() < 0.4  # per-sample gradients of the replaced tensors
    if psg:
        keys = list(repl)

        def loss(*a):
            d = dict(zip(keys, a[:-1]))
            if tied and "fc1.weight" in d:
                d["fc2.weight"] = d["fc1.weight"]
            return functional_call(m, d, (a[-1].unsqueeze(0),)).pow(2).sum()
        # the parameters, and now and then a running statistic (PyTorch refuses to differentiate those)
        argnums = [i for i, k in enumerate(keys) if "running" not in k or rng.random() < 0.15] or [0]
        c = {"kind": "call", "tied": tied, "training": False, "vmap": False, "psg": True, "argnums": argnums,
             "state": {k: t2j(t) for k, t in state.items()}, "names": replaced, "inputs": before, "inputs_after": before[:-1]}
        try:
            outs = vmap(grad(loss, argnums=tuple(argnums)), in_dims=tuple([None] * len(keys) + [0]))(
                *[repl[k] for k in keys], x)
        except RuntimeError as e:  # a running statistic among argnums
            c["error"] = str(e).split("\n")[0]
            return c
        c["outputs"] = [t2j(o) for o in outs]
        return c
    if vm:  # an ensemble: every replaced tensor mapped at 0 over 2 models
        stacked = {n: torch.stack([t, rnd(rng, list(t.shape)).abs() + 0.5]) for n, t in repl.items()}
        keys = list(stacked)

        def f(*a):
            d = dict(zip(keys, a[:-1]))
            if tied and "fc1.weight" in d:
                d["fc2.weight"] = d["fc1.weight"]
            return functional_call(m, d, (a[-1],))
        out = vmap(f, in_dims=tuple([0] * len(keys) + [None]))(*[stacked[k] for k in keys], x)
        repl = stacked
    else:
        out = functional_call(m, given, (x,))
    after = {k: t2j(t) for k, t in m.state_dict().items()}
    return {"kind": "call", "tied": tied, "training": training, "vmap": vm, "state": {k: t2j(t) for k, t in state.items()},
            "names": replaced, "inputs": before if not vm else [t2j(repl[n]) for n in replaced] + [t2j(x)], "outputs": [t2j(out)],
            "after": after, "inputs_after": [t2j(repl[n]) for n in replaced]}


KINDS = [(vmap_case, 0.48), (deriv_case, 0.33), (error_case, 0.06), (deriv_error_case, 0.05), (call_case, 0.08)]


DESCRIBE = None


def one(case_seed):
    """A case from its own seed, made in a forked child: functorch 1.13 aborts the process (free(): invalid pointer)
    on some vmaps of jvp/jacfwd; such cases are left out and counted."""
    global DESCRIBE
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        DESCRIBE = os.fdopen(w, "w")
        rng = random.Random(case_seed)
        torch.manual_seed(case_seed)
        x, acc = rng.random(), 0
        for f, wt in KINDS:
            acc += wt
            if x < acc:
                break
        DESCRIBE.write(json.dumps(f(rng)) + "\n")
        DESCRIBE.flush()
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as fr:
        lines = fr.read().splitlines()
    _, status = os.waitpid(pid, 0)
    if status == 0 and lines and lines[-1] == "null":
        return None
    if status != 0 or not lines or not lines[-1].startswith('{"kind"'):
        print("left out (functorch crashed):", lines[0] if lines else "?", file=sys.stderr)
        return None
    return json.loads(lines[-1])


def main():
    seed, count, name = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]) if len(sys.argv) > 1 else (20261129, 350, "fuzz_func")
    rng = random.Random(seed)
    cases = []
    while len(cases) < count:
        c = one(rng.getrandbits(63))
        if c is not None:
            cases.append(c)
    write(name, cases)


if __name__ == "__main__":
    main()
