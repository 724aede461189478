"""Differential fuzz of the sparse tensors: seeded random COO tensors (1 to 3 sparse dims, 0 to 2 dense dims, sizes
with zeros, 0 to 40 entries with duplicate and unsorted indices, float64 / float32 / int64 values now and then with
NaN, infinities, -0.0 and 1e30, given or inferred sizes, made coalesced or from a dense tensor by
to_sparse(sparse_dim)) through every op torch4j's sparse API has: coalesce, to_dense, to_sparse, t, scalar mul, neg,
add, sub and add with alpha, the product of two sparse tensors (their intersection, dense dims broadcast) and with a
dense tensor (0-d or broadcast to the sparse shape), div by a number or a 0-d tensor (with rounding modes),
transpose(d0, d1), index_select along sparse and dense dims (negative positions, repeats, empty index), narrow_copy,
the zero-preserving unary ops (abs, sqrt, sin, tanh, ..., isnan, signbit, nan_to_num, neg, deg2rad) and pow by a
number, torch.sparse.mm / addmm with a dense matrix, torch.sparse.mm of two sparse matrices, torch.bmm of a 3-D sparse
and a dense tensor, mv / matmul with a vector, dense.sparse_mask(mask), torch.sparse.sum (all, over dims to a sparse
or a dense result), sparse softmax / log_softmax, to_sparse_csr / to_sparse_csc, casts, CSR and CSC tensors from
their parts (int32 or int64 indices, size given or inferred; to_dense, sparse.mm, to_sparse_coo, t(), the other
compressed layout), chains of a few of these, str() after a random op; and inputs PyTorch refuses (parts of the wrong
shapes, sizes or dtypes that do not match, negative and out-of-range indices, broken CSR/CSC parts, repeated dims,
integer softmax, bool subtraction, fractional alpha for integers, divisors of more dims, dense dims in transpose,
bad narrow ranges and index_select indices, sparse products of the wrong shapes or dtypes, pow 0) ->
goldens/fuzz_sparse.json. FuzzSparseParityTest replays each case through the same torch4j calls.

Run: /usr/bin/python3 scripts/goldens/fuzz_sparse_goldens.py [seed count name]   (an exploration: another seed,
more cases, written as goldens/<name>.json and replayed by -Dt4j.fuzzSparse=<name>)

Recorded per output: a dense tensor as is; a sparse one as its dense form, shape, dtype, nnz, is_coalesced,
sparse_dim, dense_dim, its entries as stored and its coalesced indices and values (explicit zeros and cancelled
duplicates included); a CSR (CSC) one as its dense form and crow / col (ccol / row) indices and values; a printed
string as is.
Where the inputs are float64, the gradients of sum_k (dense(out_k) * w_k).sum() with respect to the values tensors
and the dense operands ("grad_error" where 1.13's sparse backward raises: its invalid-gradient errors for hybrid
tensors without entries, sparse.sum over some dims and log_softmax of some hybrids, and most of its backwards for
index_select, bmm, mv, div, the unary ops and narrow_copy, which the replay skips: SparseArithmeticTest gradchecks
those).
Errors: the first line of PyTorch's message. "tol32": float32 inputs, compared with float32's tolerances.

1.13 vs 2.x, followed as 2.x: torch.sparse_coo_tensor validates the indices against an explicit size in 1.13; 2.x
does so with check_invariants=True (torch4j always does): the messages are the same. 1.13 checks the CSR index
invariants only when there are entries (2.x and torch4j always), so CSR parts are broken only where both check.
torch.sparse.softmax / log_softmax wrap a negative dim in 2.x (1.13 refuses it: ": dim must be non-negative"): the
script wraps it and words an out-of-range dim as 2.x does. A CSR tensor converted from values that require grad
prints grad_fn=<NotImplemented> in 1.13 and <ToSparseCsrBackward0> in 2.x (as torch4j): not printed here.
torch.sparse.mm of two sparse matrices: 1.13 returns each row's columns unsorted yet flags the product coalesced;
2.x sorts them (the script records the sorted product, as torch4j gives it). dense.sparse_mask(mask): 2.x takes an
uncoalesced mask (its entries as stored; 1.13 refuses it), returns a mask without entries cast, and words its size
error "sparse_mask(): ..." (1.13: "sparse_mask: ..."): the script computes those as 2.x does. to_sparse_coo of a CSC
tensor: 1.13 keeps the column-major order and flags it coalesced; the script sorts it (torch4j's result is
coalesced).

Left out or relaxed: PyTorch's CPU add of two uncoalesced tensors merges equal indices as it concatenates (torch4j
keeps them apart until coalesce(), as PyTorch's CUDA kernel does), so for those sums the nnz and entries as stored
are not recorded. Scalar mul of a hybrid tensor whose values have no elements (1.13 makes every dim sparse:
sparse_dim 3 / dense_dim 0 for [5, 0, 3] values of 1 sparse dim). to_sparse_csr of hybrid tensors (2.x makes a
hybrid CSR tensor, which torch4j has not). The CSR values' gradient through sparse.mm and to_sparse_coo (1.13 gives
none; torch4j differentiates them as it does for COO). Values near 1e30 in log_softmax (PyTorch's sparse kernel
subtracts max + log(sum), which rounds to max there; torch4j subtracts max, then log(sum), as PyTorch's dense
log_softmax does). Casts of NaN, infinities and 1e30 to integers (undefined in C). Printed float32 sums of
duplicates (their rounding depends on the order of the sum and may show in 4 digits). to_sparse_coo of broken CSR
parts (1.13 may crash). The product of two sparse tensors with an operand without entries, of a hybrid tensor
without elements by a dense one, and deg2rad / rad2deg / sparse_mask of one (1.13 makes every dim sparse there, as
for scalar mul). The order 1.13's unstable sort gives one entry's matches among more than 16 entries of the other
operand of a product (its entries as stored are not recorded there). Integer pow by fractional or negative
exponents (1.13's kernel: "Found dtype Long but expected Float"). A whole-valued float alpha with integer tensors
(Java's one alpha overload counts it as an integer, as torch4j's dense add does). Gradients through a CSR / CSC
tensor's conversions and transpose (1.13 gives none).
"""
import random
import sys
import warnings

import torch

from common import t2j, write

warnings.filterwarnings("ignore")
DTYPES = [torch.float64, torch.float64, torch.float32, torch.int64]
UNARY = ["abs", "sqrt", "square", "sin", "tan", "sinh", "tanh", "asin", "asinh", "atan", "atanh", "expm1", "log1p", "erf",
         "erfinv", "ceil", "floor", "round", "trunc", "sign", "sgn", "nan_to_num", "signbit", "isnan", "isinf", "isposinf",
         "isneginf", "neg", "deg2rad", "rad2deg"]


def rand_values(rng, dtype, shape):
    n = 1
    for d in shape:
        n *= d
    if dtype == torch.int64:
        vals = [rng.randint(-5, 5) for _ in range(n)]
    else:
        special = rng.random() < 0.08  # now and then NaN, infinities, signed zeros, large values
        vals = [rng.choice([float("nan"), float("inf"), -float("inf"), -0.0, 1e30, -1e-30]) if special and rng.random() < 0.3
                else 0.0 if rng.random() < 0.1 else round(rng.gauss(0, 2), rng.choice([1, 3, 8])) for _ in range(n)]
    return torch.tensor(vals, dtype=torch.float64).to(dtype).reshape(shape)


def coo_spec(rng, sd=None, dd=None, size=None, dtype=None):
    """Random COO parts: indices [sd, nnz], values [nnz, dense...], and the size (null: inferred)."""
    if size is None:
        sd = rng.choice([1, 2, 2, 2, 3]) if sd is None else sd
        dd = rng.choice([0, 0, 0, 1, 1, 2]) if dd is None else dd
        size = [rng.choice([0, 1, 2, 3, 4, 5]) if rng.random() < 0.1 else rng.randint(1, 5) for _ in range(sd + dd)]
    sd = sd if sd is not None else len(size) - dd
    dense = size[sd:]
    nnz = 0 if any(s == 0 for s in size[:sd]) or rng.random() < 0.07 else rng.randint(1, 9 if rng.random() < 0.8 else 40)
    idx = [[rng.randrange(size[d]) for _ in range(nnz)] for d in range(sd)]
    if nnz > 1 and rng.random() < 0.4:  # explicit duplicates
        for d in range(sd):
            idx[d][-1] = idx[d][0]
    indices = torch.tensor(idx, dtype=torch.int64).reshape(sd, nnz)
    values = rand_values(rng, dtype or rng.choice(DTYPES), [nnz] + dense)
    infer = rng.random() < 0.1 and nnz > 0
    return {"i": indices, "v": values, "size": None if infer else list(size), "coalesce": rng.random() < 0.2}


def build(spec, v):
    s = torch.sparse_coo_tensor(spec["i"], v, spec["size"]) if spec["size"] is not None else torch.sparse_coo_tensor(spec["i"], v)
    return s.coalesce() if spec["coalesce"] else s


def spec_json(spec):
    return {"i": t2j(spec["i"]), "v": t2j(spec["v"]), "size": spec["size"], "coalesce": spec["coalesce"]}


def out_json(o, raw=True):
    if isinstance(o, torch.Tensor) and o.layout == torch.sparse_coo:
        c = o.coalesce()
        r = {"kind": "coo", "dense": t2j(o.to_dense()), "shape": list(o.shape), "dtype": str(o.dtype)[6:],
             "sparse_dim": o.sparse_dim(), "dense_dim": o.dense_dim(), "ci": t2j(c.indices()), "cv": t2j(c.values())}
        if raw:
            r.update({"nnz": o._nnz(), "coalesced": o.is_coalesced(), "ri": t2j(o._indices()), "rv": t2j(o._values())})
        return r
    if isinstance(o, torch.Tensor) and o.layout == torch.sparse_csr:
        return {"kind": "csr", "dense": t2j(o.to_dense()), "crow": t2j(o.crow_indices()), "col": t2j(o.col_indices()),
                "vals": t2j(o.values())}
    if isinstance(o, torch.Tensor) and o.layout == torch.sparse_csc:
        return {"kind": "csc", "dense": t2j(o.to_dense()), "ccol": t2j(o.ccol_indices()), "row": t2j(o.row_indices()),
                "vals": t2j(o.values())}
    return {"kind": "dense", "t": t2j(o)}


def dense_of(o):
    return o.to_dense() if o.layout != torch.strided else o


def op_case(rng):
    """(op, sparse specs, dense inputs, args, f(sparse tensors, dense tensors)): one random call."""
    op = rng.choice(["coalesce", "to_dense", "to_sparse", "t", "mul", "neg", "add", "add", "mm", "mm", "addmm", "sum",
                     "sum_dims", "sum_dims", "softmax", "log_softmax", "to_csr", "to_dtype", "create", "csr", "chain", "chain",
                     "repr", "repr", "sub", "sub", "mul_sparse", "mul_sparse", "mul_dense", "div", "div", "transpose", "transpose",
                     "index_select", "index_select", "narrow_copy", "spmm", "spmm", "bmm", "mv", "sparse_mask", "sparse_mask",
                     "unary", "unary", "unary", "pow"])
    bad = rng.random() < 0.06
    if op == "create":  # parts PyTorch refuses, or int32 indices (cast to int64)
        a = coo_spec(rng)
        if a["size"] is None:
            a["size"] = list(build(a, a["v"]).shape)
        how = rng.choice(["int32", "1d", "nnz", "vsize", "ndim", "neg", "range"])
        i, v, size = a["i"], a["v"], list(a["size"])
        nnz = i.shape[1]
        if how == "int32":
            a["i"] = i.to(torch.int32)
        elif how == "1d":
            a["i"] = i.reshape(-1)
        elif how == "nnz":
            a["v"] = rand_values(rng, v.dtype, [nnz + rng.choice([-1, 1]) if nnz else 1] + list(v.shape[1:]))
        elif how == "vsize":
            a["v"] = rand_values(rng, v.dtype, [nnz] + [x + 1 for x in v.shape[1:]] + ([] if v.dim() > 1 else [2]))
        elif how == "ndim":
            a["size"] = size + [2] if rng.random() < 0.5 or len(size) < 2 else size[:-1]
        elif nnz and how == "neg":
            i = i.clone()
            i[rng.randrange(i.shape[0]), rng.randrange(nnz)] = -rng.randint(1, 3)
            a["i"] = i
        elif nnz:
            d = rng.randrange(i.shape[0])
            a["size"][d] = max(int(i[d].max()), 0)
        return op, [a], [], {}, lambda s, d: s[0]
    if op == "csr":  # from a random coalesced 2-D tensor's CSR or CSC parts (sometimes broken); to dense, times a dense, ...
        a = coo_spec(rng, sd=2, dd=0, dtype=rng.choice([torch.float64, torch.float32]))
        c = build(a, a["v"]).coalesce()
        n, m = c.shape
        fmt = rng.choice(["csr", "csr", "csc"])
        if fmt == "csr":  # crow and col (named so for both layouts: the compressed and the plain indices)
            crow = torch.zeros(n + 1, dtype=torch.int64)
            crow[1:] = torch.bincount(c.indices()[0], minlength=n).cumsum(0) if c._nnz() else 0
            col, vals, entries, nplain = c.indices()[1].clone(), c.values(), c.indices(), m
        else:  # ccol and row, the entries column by column
            cc = c.to_sparse_csc()
            crow, col, vals, nplain = cc.ccol_indices().clone(), cc.row_indices().clone(), cc.values(), n
            order = torch.argsort(c.indices()[1] * n + c.indices()[0])
            entries = c.indices()[:, order]
        size = [n, m]
        if rng.random() < 0.3:  # int32 indices
            crow, col = crow.int(), col.int()
        if rng.random() < 0.15 and c._nnz():  # the size inferred: rows from crow, columns from the largest index
            size = None
        if bad:
            which = rng.choice(["col", "crow0", "crowlast", "order", "float", "mixed", "ndim", "crowlen", "nnz"])
            if which == "col" and c._nnz():
                col[rng.randrange(len(col))] = nplain
            elif which == "crow0" and c._nnz():
                crow = crow + 1
            elif which == "crowlast" and c._nnz():  # 1.13 checks the index invariants only with entries (2.x always)
                crow[-1] += 1
            elif which == "order" and c._nnz() > 1:
                col[0], col[1] = col[1], col[0]
            elif which == "float":
                crow, col = crow.float(), col.float()
            elif which == "mixed":
                crow, col = crow.int(), col.long()
            elif which == "ndim":
                size = [n * m] if rng.random() < 0.5 else [n, m, 1]
            elif which == "crowlen":
                crow = torch.cat([crow, crow[-1:]])
            else:
                col = torch.cat([col, col[:1] if c._nnz() else torch.zeros(1, dtype=col.dtype)])
        x = rand_values(rng, vals.dtype, [m, rng.randint(1, 3)])
        then = rng.choice(["mm", "to_dense"] + ([] if bad else ["to_coo", "t", "other"]))  # 1.13 may crash converting broken parts
        args = {"crow": t2j(crow), "col": t2j(col), "size": size, "then": then, "layout": fmt}
        spec = {"i": entries, "v": vals.detach().clone(), "size": [n, m], "coalesce": False}

        def csr(s, d):
            f = torch.sparse_csr_tensor if fmt == "csr" else torch.sparse_csc_tensor
            t = f(crow, col, s[0]._values(), size) if size else f(crow, col, s[0]._values())
            if then == "to_coo" and fmt == "csc":  # 1.13 flags its column-major entries coalesced: sorted here (and in torch4j)
                r = t.to_sparse_coo()
                return torch.sparse_coo_tensor(r.indices(), r.values(), r.shape).coalesce()
            if then == "other":  # the other compressed layout (its indices keep their dtype)
                return t.to_sparse_csc() if fmt == "csr" else t.to_sparse_csr()
            return {"mm": lambda: torch.sparse.mm(t, d[0]), "to_dense": lambda: t.to_dense(), "to_coo": lambda: t.to_sparse_coo(),
                    "t": lambda: t.t()}[then]()
        return op, [spec], [x], args, csr
    if op == "repr":  # what str() prints after a random op (values requiring grad or not)
        a = coo_spec(rng)
        if a["v"].dtype == torch.float32 and torch.unique(a["i"], dim=1).shape[1] < a["i"].shape[1]:
            a["v"] = a["v"].double()  # float32 sums of duplicates round by their order, which may show in 4 digits
        grad = a["v"].dtype.is_floating_point and rng.random() < 0.5
        what = rng.choice(["none", "coalesce", "t", "mul", "neg", "add", "softmax", "sum_dims", "to_csr", "to_sparse", "sub",
                           "mul_sparse", "div", "transpose", "index_select", "abs", "pow", "narrow_copy", "sparse_mask"])
        if what == "t" and (a["i"].shape[0] > 2 or a["v"].dim() > 1):
            what = "none"
        if what == "softmax" and not a["v"].dtype.is_floating_point:
            what = "neg"
        if what == "to_csr" and (a["i"].shape[0] != 2 or a["v"].dim() > 1):
            what = "coalesce"
        if what == "to_csr":  # 1.13 prints grad_fn=<NotImplemented>, 2.x (and torch4j) <ToSparseCsrBackward0>
            grad = False
        if what in ("mul", "div") and a["v"].numel() == 0 and a["v"].dim() > 1:  # see mul
            what = "neg"
        if what in ("sparse_mask", "mul_sparse") and a["i"].shape[1] == 0:  # 1.13 makes every dim of an operand without entries sparse
            what = "neg"
        nd = a["v"].dim() - 1 + a["i"].shape[0]
        dim = rng.randrange(nd)
        sd = rng.randint(1, nd)

        def rep(s, d):
            t = s[0]
            r = {"none": lambda: t, "coalesce": lambda: t.coalesce(), "t": lambda: t.t(), "mul": lambda: t * 2.0,
                 "neg": lambda: -t, "add": lambda: t.coalesce() + t.coalesce(), "softmax": lambda: torch.sparse.softmax(t, dim),
                 "sum_dims": lambda: torch.sparse.sum(t, [dim]) if not (a["i"].shape[0] == 1 and dim == 0) else t,
                 "to_csr": lambda: t.to_sparse_csr(), "to_sparse": lambda: t.to_dense().to_sparse(sd),
                 "sub": lambda: t.coalesce() - t.coalesce(), "mul_sparse": lambda: t.coalesce() * t.coalesce(),
                 "div": lambda: t / 2.0, "transpose": lambda: t.transpose(0, a["i"].shape[0] - 1),
                 "index_select": lambda: t.index_select(0, torch.tensor([t.shape[0] - 1] * 2 if t.shape[0] else [], dtype=torch.int64)),
                 "abs": lambda: t.abs(), "pow": lambda: t.pow(2), "narrow_copy": lambda: t.narrow_copy(0, 0, t.shape[0]),
                 "sparse_mask": lambda: t.to_dense().sparse_mask(t.coalesce())}[what]()
            return str(r)
        return op, [a], [], {"what": what, "dim": dim, "sd": sd, "grad": grad}, rep
    if op == "chain":  # a few unary ops in a row, then a dense result
        a = coo_spec(rng, dtype=rng.choice([torch.float64, torch.float64, torch.float32]))
        nd = a["v"].dim() - 1 + a["i"].shape[0]
        steps = []
        for _ in range(rng.randint(1, 4)):
            steps.append(rng.choice([["coalesce"], ["neg"], ["mul", rng.choice([2.0, -0.5])], ["softmax", rng.randrange(nd)],
                                     ["t"], ["to", "float64"], ["abs"], ["div", rng.choice([2.0, -4.0])], ["pow", 2],
                                     ["transpose", 0, a["i"].shape[0] - 1]]))
        if a["i"].shape[0] > 2 or a["v"].dim() > 1:
            steps = [x for x in steps if x[0] != "t"]
        if a["v"].numel() == 0 and a["v"].dim() > 1:  # see mul
            steps = [x for x in steps if x[0] not in ("mul", "div")]
        end = rng.choice(["to_dense", "sum", "coalesce"])
        steps.append([end])

        def chain(s, d):
            t = s[0]
            for st in steps:
                t = {"coalesce": lambda: t.coalesce(), "neg": lambda: -t, "mul": lambda: t * st[-1],
                     "softmax": lambda: torch.sparse.softmax(t, st[-1]), "t": lambda: t.t(), "to": lambda: t.to(torch.float64),
                     "to_dense": lambda: t.to_dense(), "sum": lambda: torch.sparse.sum(t), "abs": lambda: t.abs(),
                     "div": lambda: t / st[-1], "pow": lambda: t.pow(st[-1]), "transpose": lambda: t.transpose(st[1], st[2])}[st[0]]()
            return t
        return op, [a], [], {"steps": steps}, chain
    if op == "sub":  # t - other, t.sub(other, alpha), t.add(other, alpha): the entries of both, scaled
        a = coo_spec(rng)
        size = a["size"] if a["size"] is not None else list(build(a, a["v"]).shape)
        dd = a["v"].dim() - 1
        how = rng.choice(["sub", "sub", "sub_alpha", "add_alpha"])
        alpha = rng.choice([2.0, -0.5, 0.0, 3.0]) if how != "sub" else 1.0
        dt = a["v"].dtype if rng.random() < 0.7 else rng.choice(DTYPES)
        if bad:
            which = rng.choice(["size", "bool", "alpha"])
            if which == "size":
                size = list(size)
                size[rng.randrange(len(size))] += 1
            elif which == "bool":
                a["v"] = a["v"] != 0
                dt = rng.choice([torch.bool, torch.float64])
            else:
                a["v"] = torch.nan_to_num(a["v"], 0.0, 0.0, 0.0).clamp(-1e6, 1e6).to(torch.int64)
                dt, alpha, how = torch.int64, 1.5, "sub_alpha"
        b = coo_spec(rng, dd=dd, size=list(size), dtype=dt if dt != torch.bool else torch.float64)
        if dt == torch.bool:
            b["v"] = b["v"] != 0
        integral = not (a["v"].dtype.is_floating_point or b["v"].dtype.is_floating_point)
        if integral and float(alpha).is_integer():  # Java has one alpha overload: a whole-valued one counts as an integer
            alpha = int(alpha)

        def sub(s, d):
            return s[0] - s[1] if how == "sub" else s[0].sub(s[1], alpha=alpha) if how == "sub_alpha" else s[0].add(s[1], alpha=alpha)
        return op, [a, b], [], {"how": how, "alpha": alpha}, sub
    if op == "mul_sparse":  # the product where both have entries
        while True:
            a = coo_spec(rng)
            if not (a["v"].numel() == 0 and a["v"].dim() > 1):  # 1.13 makes every dim sparse there
                break
        size = a["size"] if a["size"] is not None else list(build(a, a["v"]).shape)
        sd = a["i"].shape[0]
        bsize = list(size)
        if a["v"].dim() > 1 and rng.random() < 0.2:  # dense dims broadcast
            bsize[rng.randrange(sd, len(size))] = 1
        if bad:
            bsize[rng.randrange(len(bsize))] += 1
        while True:
            b = coo_spec(rng, sd=sd, size=list(bsize), dtype=a["v"].dtype if rng.random() < 0.8 else rng.choice(DTYPES))
            if not (b["v"].numel() == 0 and b["v"].dim() > 1):
                break
        if rng.random() < 0.5:
            a, b = b, a
        return op, [a, b], [], {}, lambda s, d: s[0] * s[1]
    if op == "mul_dense":  # times a dense tensor: 0-d, or one that broadcasts to the sparse tensor's shape
        a = coo_spec(rng)
        while a["v"].numel() == 0 and a["v"].dim() > 1:  # 1.13 makes every dim sparse there (see mul)
            a = coo_spec(rng)
        size = a["size"] if a["size"] is not None else list(build(a, a["v"]).shape)
        shape = [] if rng.random() < 0.3 else [x if rng.random() < 0.7 else 1 for x in size[rng.randrange(len(size)):]]
        wide = [k for k, x in enumerate(size) if x > 1]
        if bad and wide:  # a dim that does not broadcast (a size-1 dim of the sparse tensor would)
            shape = list(size)
            shape[rng.choice(wide)] += 1
        x = rand_values(rng, rng.choice([torch.float64, torch.float64, torch.float32, torch.int64]), shape)
        return op, [a], [x], {}, lambda s, d: s[0] * d[0]
    if op == "div":  # by a number or a 0-d tensor, with or without rounding
        a = coo_spec(rng)
        mode = rng.choice([None, None, "trunc", "floor"])
        k = rng.choice([2.0, -0.5, 3.0, 0.0, 1e-3]) if rng.random() < 0.8 else rng.choice([2, -3])
        form = rng.choice(["number", "number", "tensor"])
        dense = []
        if form == "tensor" or bad:
            dense = [rand_values(rng, rng.choice([torch.float64, torch.float32]), [] if not bad else rng.choice([[1], [2, 2]]))]
            if not bad:
                dense[0] = torch.tensor(float(k), dtype=dense[0].dtype)
            form = "tensor"
        if bad and rng.random() < 0.3:
            mode, form, dense = "round", "number", []
        if mode == "floor" and isinstance(k, int) and k != 0 and a["v"].dtype == torch.int64:
            pass
        if a["v"].dtype == torch.int64 and mode is not None and (k == 0 or form == "tensor" and float(dense[0].reshape(-1)[0]) == 0):
            k, dense = 2, [torch.tensor(2.0, dtype=torch.float64)] if form == "tensor" else []  # integer division by zero raises

        def div(s, d):
            return s[0].div(d[0] if form == "tensor" else k, rounding_mode=mode)
        return op, [a], dense, {"k": k, "mode": mode, "form": form}, div
    if op == "transpose":
        a = coo_spec(rng)
        nd = a["v"].dim() - 1 + a["i"].shape[0]
        sd = a["i"].shape[0]
        if bad or rng.random() < 0.15:
            d0, d1 = rng.randrange(-nd, nd), rng.randrange(-nd, nd)
        else:
            d0, d1 = rng.randrange(sd), rng.randrange(sd)
            d0 = d0 - nd if rng.random() < 0.2 else d0
        return op, [a], [], {"d0": d0, "d1": d1}, lambda s, d: s[0].transpose(d0, d1)
    if op == "index_select":
        a = coo_spec(rng)
        size = a["size"] if a["size"] is not None else list(build(a, a["v"]).shape)
        sd = a["i"].shape[0]
        nd = len(size)
        dim = rng.randrange(sd) if rng.random() < 0.8 else rng.randrange(nd)
        n = size[dim]
        L = rng.choice([0, 1, 2, 3, 5, 8, 20]) if n > 0 else 0
        lo = -n if dim < sd else 0
        idx = torch.tensor([rng.randrange(lo, n) for _ in range(L)], dtype=torch.int64)
        if bad:
            which = rng.choice(["range", "dtype", "2d"])
            if which == "range":
                idx = torch.tensor([n + rng.randint(0, 2)] + idx.tolist(), dtype=torch.int64)
            elif which == "dtype":
                idx = idx.to(torch.int32)
            else:
                idx = idx.reshape(1, -1)
        dim_arg = dim - nd if rng.random() < 0.2 else dim
        return op, [a], [], {"dim": dim_arg, "index": t2j(idx)}, lambda s, d: s[0].index_select(dim_arg, idx)
    if op == "narrow_copy":
        a = coo_spec(rng)
        size = a["size"] if a["size"] is not None else list(build(a, a["v"]).shape)
        dim = rng.randrange(len(size))
        n = size[dim]
        start = rng.randint(0, n)
        length = rng.randint(0, n - start)
        if bad:
            start, length = rng.choice([(start, n - start + 1), (-1, 1), (start, -1)])
        return op, [a], [], {"dim": dim, "start": start, "length": length}, lambda s, d: s[0].narrow_copy(dim, start, length)
    if op == "spmm":  # sparse @ sparse: a sparse product
        n, m, k = rng.randint(0 if rng.random() < 0.1 else 1, 4), rng.randint(1, 4), rng.randint(1, 4)
        dt = rng.choice([torch.float64, torch.float64, torch.float32])
        a = coo_spec(rng, sd=2, dd=0, size=[n, m], dtype=dt)
        b = coo_spec(rng, sd=2, dd=0, size=[m, k], dtype=dt)
        a["size"], b["size"] = [n, m], [m, k]
        if bad:
            which = rng.choice(["shape", "dtype", "int", "hybrid"])
            if which == "shape":
                b = coo_spec(rng, sd=2, dd=0, size=[m + 1, k], dtype=dt)
            elif which == "dtype":
                b["v"] = b["v"].to(torch.float32 if dt == torch.float64 else torch.float64)
            elif which == "int":
                a["v"], b["v"] = [torch.nan_to_num(x["v"], 0.0, 0.0, 0.0).clamp(-1e6, 1e6).to(torch.int64) for x in (a, b)]
            else:
                a = coo_spec(rng, sd=1, dd=1, size=[n, m], dtype=dt)

        def spmm(s, d):  # 1.13 flags its unsorted product coalesced; 2.x sorts it (as here)
            r = torch.sparse.mm(s[0], s[1])
            return torch.sparse_coo_tensor(r.indices(), r.values(), r.shape).coalesce()
        return op, [a, b], [], {}, spmm
    if op == "bmm":  # a batch of 3-D sparse @ dense products
        bt, n, m, k = rng.randint(1, 3), rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 3)
        dt = rng.choice([torch.float64, torch.float64, torch.float32])
        a = coo_spec(rng, sd=3, dd=0, size=[bt, n, m], dtype=dt)
        a["size"] = [bt, n, m]
        xs = [bt, m, k]
        if bad:
            which = rng.choice(["batch", "inner", "dims", "dtype"])
            xs = {"batch": [bt + 1, m, k], "inner": [bt, m + 1, k], "dims": [m, k], "dtype": xs}[which]
            if which == "dtype":
                dt = torch.float32 if dt == torch.float64 else torch.float64
        x = rand_values(rng, dt, xs)
        return op, [a], [x], {}, lambda s, d: torch.bmm(s[0], d[0])
    if op == "mv":  # a sparse matrix times a vector (torch.mv / matmul)
        n, m = rng.randint(1, 4), rng.randint(1, 4)
        dt = rng.choice([torch.float64, torch.float64, torch.float32])
        a = coo_spec(rng, sd=2, dd=0, size=[n, m], dtype=dt)
        a["size"] = [n, m]
        x = rand_values(rng, dt, [m + (1 if bad else 0)])
        how = rng.choice(["mv", "matmul"])
        return op, [a], [x], {"how": how}, lambda s, d: s[0].mv(d[0]) if how == "mv" else torch.matmul(s[0], d[0])
    if op == "sparse_mask":  # dense.sparse_mask(mask): the dense elements at the mask's entries
        m = coo_spec(rng)
        size = m["size"] if m["size"] is not None else list(build(m, m["v"]).shape)
        x = rand_values(rng, rng.choice([torch.float64, torch.float64, torch.float32, torch.int64]), list(size))
        if bad:
            x = rand_values(rng, x.dtype, [s + 1 for s in size])
        coal = m["coalesce"]

        def sparse_mask(s, d):
            mask = s[0]
            if d[0].shape != mask.shape:  # 2.x's message ("sparse_mask: ..." in 1.13)
                raise RuntimeError(f"sparse_mask(): operands have incompatible sizes; self has size {list(d[0].shape)} but mask has size {list(mask.shape)}")
            if not mask._nnz():  # 2.x: the mask cast (1.13 makes every dim of a hybrid mask sparse)
                return mask.detach().clone().to(d[0].dtype)  # (the mask is not differentiable)
            if mask.is_coalesced():
                return d[0].sparse_mask(mask)
            # 2.x takes an uncoalesced mask (1.13 refuses it): the elements at its indices as stored, uncoalesced
            idx = mask._indices()
            return torch.sparse_coo_tensor(idx, d[0][tuple(idx)], mask.shape)
        return op, [m], [x], {"coalesced": coal}, sparse_mask
    if op == "unary":  # the zero-preserving unary ops PyTorch has for COO tensors
        a = coo_spec(rng)
        name = rng.choice(UNARY)
        if name in ("deg2rad", "rad2deg") and a["v"].numel() == 0 and a["v"].dim() > 1:  # 1.13's scalar mul there (see mul)
            name = "neg"
        if name in ("sqrt", "asin", "atanh", "erfinv", "log1p") and a["v"].dtype.is_floating_point and rng.random() < 0.7:
            a["v"] = a["v"].abs().clamp(max=0.999) if name in ("asin", "atanh", "erfinv") else a["v"].abs()
        if name in ("sinh", "expm1", "tan") and a["v"].dtype.is_floating_point:  # exp overflows differently near 1e30
            a["v"] = torch.where(a["v"].abs() > 1e3, torch.zeros_like(a["v"]), a["v"])
        return op, [a], [], {"name": name}, lambda s, d: getattr(s[0], name)()
    if op == "pow":
        a = coo_spec(rng)
        e = rng.choice([2, 3, -1, 2.0, 0.5, -2.5, 1.5])
        if a["v"].dtype == torch.int64 and (isinstance(e, float) or e < 0):
            e = 2  # 1.13's integer kernel refuses float exponents ("Found dtype Long but expected Float")
        if bad:
            e = rng.choice([0, 0.0])
        if a["v"].dtype.is_floating_point:
            a["v"] = torch.where(a["v"].abs() > 1e3, torch.zeros_like(a["v"]), a["v"])
        return op, [a], [], {"e": e}, lambda s, d: s[0].pow(e)
    if op in ("coalesce", "to_dense", "neg"):
        a = coo_spec(rng)
        return op, [a], [], {}, {"coalesce": lambda s, d: s[0].coalesce(), "to_dense": lambda s, d: s[0].to_dense(),
                                 "neg": lambda s, d: -s[0]}[op]
    if op == "to_sparse":
        sh = [rng.randint(0 if rng.random() < 0.1 else 1, 4) for _ in range(rng.randint(1, 3))]
        x = rand_values(rng, rng.choice(DTYPES), sh)
        x = x * (torch.rand(sh) < 0.5).to(x.dtype) if rng.random() < 0.7 else x
        sd = rng.randint(0, len(sh) + (1 if bad else 0))
        return op, [], [x], {"sd": sd}, lambda s, d: d[0].to_sparse(sd)
    if op == "t":
        a = coo_spec(rng, sd=rng.choice([1, 2, 2, 2, 3] if bad else [1, 2, 2]), dd=rng.choice([0, 1]) if bad else 0)
        return op, [a], [], {}, lambda s, d: s[0].t()
    if op == "mul":
        a = coo_spec(rng)
        while a["v"].numel() == 0 and a["v"].dim() > 1:  # 1.13 makes every dim sparse there
            a = coo_spec(rng)
        k = rng.randint(-3, 3) if a["v"].dtype == torch.int64 and rng.random() < 0.7 else rng.choice([2.5, -0.5, 0.0, 3.0])
        return op, [a], [], {"k": k}, lambda s, d: s[0] * k
    if op == "add":
        a = coo_spec(rng)
        size = a["size"] if a["size"] is not None else list(build(a, a["v"]).shape)
        dd = a["v"].dim() - 1
        if bad and rng.random() < 0.5:
            size = list(size)
            size[rng.randrange(len(size))] += 1
        if bad and len(size) > 1 and rng.random() < 0.5:  # the same size with other sparse and dense dims
            asd = len(size) - dd
            b = coo_spec(rng, sd=asd - 1 if asd > 1 else asd + 1, size=list(a["size"] or size))
        else:
            b = coo_spec(rng, dd=dd, size=list(size), dtype=a["v"].dtype if rng.random() < 0.8 else rng.choice(DTYPES))
        return op, [a, b], [], {}, lambda s, d: s[0] + s[1]
    if op in ("mm", "addmm"):
        n, m, k = rng.randint(0 if rng.random() < 0.1 else 1, 4), rng.randint(1, 4), rng.randint(1, 4)
        dt = rng.choice([torch.float64, torch.float64, torch.float32])
        a = coo_spec(rng, sd=2, dd=0, size=[n, m], dtype=dt)
        a["size"] = [n, m]
        xd = dt if not bad or rng.random() < 0.5 else (torch.float32 if dt == torch.float64 else torch.float64)
        x = rand_values(rng, xd, [m + (1 if bad and xd == dt else 0), k])
        if op == "mm":
            return op, [a], [x], {}, lambda s, d: torch.sparse.mm(s[0], d[0])
        bsh = rng.choice([[n, k], [k], [1, k], [n, 1], []])
        bias = rand_values(rng, dt, bsh)
        beta, alpha = rng.choice([1.0, 0.5, 0.0, -2.0]), rng.choice([1.0, 2.0, -0.5])
        return op, [a], [x, bias], {"beta": beta, "alpha": alpha}, \
            lambda s, d: torch.sparse.addmm(d[1], s[0], d[0], beta=beta, alpha=alpha)
    if op == "sum":
        a = coo_spec(rng)
        return op, [a], [], {}, lambda s, d: torch.sparse.sum(s[0])
    if op == "sum_dims":
        a = coo_spec(rng)
        nd = a["v"].dim() - 1 + a["i"].shape[0]
        dims = rng.sample(range(nd), rng.randint(1, nd))
        dims = [x - nd if rng.random() < 0.3 else x for x in dims]
        if bad:
            dims = dims + [dims[0]]
        return op, [a], [], {"dims": dims}, lambda s, d: torch.sparse.sum(s[0], dims)
    if op in ("softmax", "log_softmax"):
        a = coo_spec(rng, dtype=rng.choice([torch.float64, torch.float64, torch.float32] + ([torch.int64] if bad else [])))
        if a["v"].dtype.is_floating_point:  # PyTorch subtracts max + log(sum), which rounds to max near 1e30
            a["v"] = torch.where(a["v"].abs() == 1e30, torch.zeros_like(a["v"]), a["v"])
        nd = a["v"].dim() - 1 + a["i"].shape[0]
        dim = rng.randrange(-nd, nd) if not bad or a["v"].dtype == torch.int64 else nd
        f = torch.sparse.softmax if op == "softmax" else torch.sparse.log_softmax

        def sm(s, d):  # 2.x wraps dim (1.13 refuses a negative one)
            if not -nd <= dim < nd:
                raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {dim})")
            return f(s[0], dim % nd)
        return op, [a], [], {"dim": dim}, sm
    if op == "to_csr":
        a = coo_spec(rng, sd=2, dd=0)  # 2.x converts a hybrid (dense dims) to a hybrid CSR, which torch4j has not
        fmt = rng.choice(["csr", "csc"])
        return op, [a], [], {"layout": fmt}, lambda s, d: s[0].to_sparse_csr() if fmt == "csr" else s[0].to_sparse_csc()
    a = coo_spec(rng)
    dt = rng.choice([torch.float64, torch.float32, torch.int64, torch.int32, torch.bool])
    if dt in (torch.int64, torch.int32) and a["v"].dtype.is_floating_point:  # NaN, infinities and 1e30 have no int64 (undefined in C)
        a["v"] = torch.nan_to_num(a["v"], 0.0, 0.0, 0.0).clamp(-1e6, 1e6)
    return op, [a], [], {"dtype": str(dt)[6:]}, lambda s, d: s[0].to(dt)


def case(rng):
    op, specs, dense, args, f = op_case(rng)
    c = {"java": op, "specs": [spec_json(s) for s in specs], "dense": [t2j(x) for x in dense], "args": args}
    if any(s["v"].dtype == torch.float32 for s in specs) or any(x.dtype == torch.float32 for x in dense):
        c["tol32"] = True  # float32 sums, perhaps cast to float64 (add promotes after PyTorch's CPU kernel merges)
    if op == "repr":  # the printed string, built from values that require grad where args say
        vs = [s["v"].clone().requires_grad_(args["grad"]) for s in specs]
        c["text"] = f([build(s, v) for s, v in zip(specs, vs)], dense)
        return c
    try:
        out = f([build(s, s["v"]) for s in specs], dense)
    except (RuntimeError, IndexError, ValueError, TypeError) as e:
        c["error"] = str(e).split("\n")[0]
        return c
    outs = [out]
    # PyTorch's CPU add merges equal indices of uncoalesced inputs (see the docstring)
    raw = not (op in ("add", "sub") and not out.is_coalesced())
    if op == "mul_sparse":  # the order 1.13's unstable sort gives a source entry's matches among more than 16 probed entries
        x, y = [build(sp, sp["v"]) for sp in specs]
        probe = (x if x.is_coalesced() else y) if x.is_coalesced() != y.is_coalesced() else x if x._nnz() >= y._nnz() else y
        raw = raw and (probe._nnz() <= 16 or torch.unique(probe._indices(), dim=1).shape[1] == probe._nnz())
    c["outputs"] = [out_json(o, raw) for o in outs]
    # 1.13's sparse.mm of a CSR tensor gives its values no gradient (2.x does): only the dense operand's is recorded
    value_grads = not (op == "csr" and args["then"] != "to_dense")
    if op == "csr" and args["then"] in ("t", "other"):  # 1.13 gives these conversions no gradient at all
        value_grads = False
    if not value_grads:
        c["no_value_grads"] = True
    vs = [s["v"].clone().requires_grad_(value_grads and s["v"].dtype == torch.float64) for s in specs]
    ds = [x.clone().requires_grad_(x.dtype == torch.float64) for x in dense]
    leaves = [t for t in vs + ds if t.requires_grad]
    if not leaves or op in ("to_csr", "to_dtype"):
        return c
    try:
        outs = [f([build(s, v) for s, v in zip(specs, vs)], ds)]
        loss, ws = 0, []
        for o in outs:
            od = dense_of(o)
            if not od.requires_grad or od.numel() == 0 or not od.dtype.is_floating_point:
                ws.append(None)
                continue
            w = torch.randn(od.shape, dtype=od.dtype)
            ws.append(t2j(w))
            loss = loss + (od * w).sum()
        if not isinstance(loss, torch.Tensor):
            return c
        loss.backward()
        # a dense operand of a sparse product gets a sparse gradient in 1.13: compared densely
        grads_v = [t2j(dense_of(v.grad)) if v.grad is not None else None for v in vs]
        grads_d = [t2j(dense_of(x.grad)) if x.grad is not None else None for x in ds]
        c["w"], c["grads_v"], c["grads_d"] = ws, grads_v, grads_d
    except (RuntimeError, IndexError) as e:
        c["grad_error"] = str(e).split("\n")[0]
    return c


def main():
    seed, count, name = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]) if len(sys.argv) > 1 else (20261129, 400, "fuzz_sparse")
    rng = random.Random(seed)
    torch.manual_seed(seed)
    write(name, [case(rng) for _ in range(count)])


if __name__ == "__main__":
    main()
