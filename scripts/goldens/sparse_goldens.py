"""Goldens for torch.sparse (COO and CSR tensors) -> goldens/sparse.json.

Run: /usr/bin/python3 scripts/goldens/sparse_goldens.py

Named cases: coalesce / to_dense results, sparse.mm and sparse.addmm with the gradients of the dense operand and
of the values tensor the sparse tensor was built from (weighted sums with stored weights), sparse.sum, sparse
softmax / log_softmax with the values' gradients, printed strings, error messages, and a two-layer GCN trained by
SGD for a few steps (its losses). PyTorch 1.13 prints sparse tensors as 2.x does (_str_intern's sparse branches
are unchanged); its messages are 2.x's for the checks torch4j makes.
"""
import warnings

import torch
import torch.nn.functional as F

from common import error_message as err, t2j, write

warnings.filterwarnings("ignore")  # CSR's "beta state" warning
torch.manual_seed(0)
D = torch.float64
cases = {}


def coo_case(name, indices, values, size):
    s = torch.sparse_coo_tensor(indices, values, size)
    c = s.coalesce()
    cases[name] = {"indices": t2j(indices), "values": t2j(values), "size": list(size),
                   "coalesced_indices": t2j(c.indices()), "coalesced_values": t2j(c.values()),
                   "dense": t2j(s.to_dense()), "t": t2j(s.t().to_dense()) if s.dense_dim() == 0 and s.sparse_dim() == 2 else None}


# unsorted, with duplicates
i2 = torch.tensor([[1, 0, 1, 0, 1, 2], [2, 1, 2, 1, 0, 3]])
coo_case("coalesce_2d", i2, torch.randn(6, dtype=D), (3, 4))
# hybrid: two sparse dims, one dense
coo_case("coalesce_hybrid", i2, torch.randn(6, 2, dtype=D), (3, 4, 2))
# three sparse dims
i3 = torch.tensor([[1, 0, 1, 1], [0, 2, 0, 1], [3, 1, 3, 0]])
coo_case("coalesce_3d", i3, torch.randn(4, dtype=D), (2, 3, 4))


def product_case(name, f, indices, values, size, dense, extra=()):
    v = values.clone().requires_grad_()
    x = dense.clone().requires_grad_()
    extra = [e.clone().requires_grad_() for e in extra]
    out = f(torch.sparse_coo_tensor(indices, v, size), x, *extra)
    w = torch.randn(out.shape, dtype=D)
    (out * w).sum().backward()
    cases[name] = {"indices": t2j(indices), "values": t2j(values), "size": list(size), "dense": t2j(dense),
                   "extra": [t2j(e) for e in extra], "out": t2j(out), "w": t2j(w), "grad_dense": t2j(x.grad),
                   "grad_values": t2j(v.grad), "grad_extra": [t2j(e.grad) for e in extra]}


iu = torch.tensor([[0, 3, 1, 3, 2, 0, 3], [4, 0, 2, 0, 1, 1, 4]])  # uncoalesced: (3, 0) twice
product_case("mm", lambda s, x: torch.sparse.mm(s, x), iu, torch.randn(7, dtype=D), (4, 5), torch.randn(5, 3, dtype=D))
product_case("addmm", lambda s, x, b: torch.sparse.addmm(b, s, x, beta=0.5, alpha=2.0), iu, torch.randn(7, dtype=D), (4, 5),
             torch.randn(5, 3, dtype=D), [torch.randn(4, 3, dtype=D)])
product_case("addmm_broadcast", lambda s, x, b: torch.sparse.addmm(b, s, x), iu, torch.randn(7, dtype=D), (4, 5),
             torch.randn(5, 3, dtype=D), [torch.randn(3, dtype=D)])
product_case("mm_float32", lambda s, x: torch.sparse.mm(s, x), iu, torch.randn(7), (4, 5), torch.randn(5, 3))

# a sparse leaf that requires grad gets a sparse gradient: its values are what torch4j gives the values tensor
ic = torch.tensor([[0, 1, 1, 3], [2, 0, 4, 1]])
vals = torch.randn(4, dtype=D)
leaf = torch.sparse_coo_tensor(ic, vals, (4, 5)).coalesce().requires_grad_()
xd = torch.randn(5, 2, dtype=D)
wl = torch.randn(4, 2, dtype=D)
(torch.sparse.mm(leaf, xd) * wl).sum().backward()
g = leaf.grad.coalesce()
cases["mm_sparse_leaf"] = {"indices": t2j(ic), "values": t2j(vals), "size": [4, 5], "dense": t2j(xd), "w": t2j(wl),
                           "grad_indices": t2j(g.indices()), "grad_values": t2j(g.values())}


def sum_case(name, indices, values, size, dims):
    v = values.clone().requires_grad_()
    s = torch.sparse_coo_tensor(indices, v, size)
    out = torch.sparse.sum(s) if dims is None else torch.sparse.sum(s, dims)
    dense = not out.is_sparse
    od = out if dense else out.to_dense()
    w = torch.randn(od.shape, dtype=D)
    (od * w).sum().backward()
    cases[name] = {"indices": t2j(indices), "values": t2j(values), "size": list(size), "dims": dims, "is_dense": dense,
                   "out": t2j(od), "out_indices": None if dense else t2j(out.indices()), "w": t2j(w),
                   "grad_values": t2j(v.grad)}


hv = torch.randn(6, 2, dtype=D)
sum_case("sum_all", i2, torch.randn(6, dtype=D), (3, 4), None)
sum_case("sum_dim0", i2, torch.randn(6, dtype=D), (3, 4), [0])
sum_case("sum_dim1", i2, torch.randn(6, dtype=D), (3, 4), [1])
sum_case("sum_sparse_dims", i2, hv, (3, 4, 2), [0, 1])
sum_case("sum_dense_dim", i2, hv, (3, 4, 2), [2])
sum_case("sum_mixed", i2, hv, (3, 4, 2), [0, 2])
sum_case("sum_3d", i3, torch.randn(4, dtype=D), (2, 3, 4), [1, -1])


def softmax_case(name, f, indices, values, size, dim):
    v = values.clone().requires_grad_()
    out = f(torch.sparse_coo_tensor(indices, v, size), dim)
    assert out.is_coalesced()
    w = torch.randn(out._values().shape, dtype=D)
    (out.values() * w).sum().backward()
    cases[name] = {"indices": t2j(indices), "values": t2j(values), "size": list(size), "dim": dim,
                   "out_indices": t2j(out._indices()), "out_values": t2j(out._values()), "dense": t2j(out.to_dense()),
                   "w": t2j(w), "grad_values": t2j(v.grad)}


# coalesced input without duplicates (PyTorch's softmax reads an uncoalesced input's values as if coalesced)
sv = torch.randn(5, dtype=D) * 3
isx = torch.tensor([[0, 0, 1, 2, 2], [0, 3, 1, 0, 2]])
softmax_case("softmax_dim1", torch.sparse.softmax, isx, sv, (3, 4), 1)
softmax_case("softmax_dim0", torch.sparse.softmax, isx, sv, (3, 4), 0)
softmax_case("log_softmax_dim1", torch.sparse.log_softmax, isx, sv, (3, 4), 1)
softmax_case("log_softmax_dim0", torch.sparse.log_softmax, isx, sv, (3, 4), 0)
softmax_case("softmax_hybrid_sparse_dim", torch.sparse.softmax, isx, torch.randn(5, 3, dtype=D), (3, 4, 3), 1)
softmax_case("softmax_hybrid_dense_dim", torch.sparse.softmax, isx, torch.randn(5, 3, dtype=D), (3, 4, 3), 2)
softmax_case("softmax_3d", torch.sparse.softmax, i3[:, [1, 3, 0]], torch.randn(3, dtype=D), (2, 3, 4), 2)

# to_sparse / to_sparse_csr / CSR round trips
dn = torch.tensor([[0., 2., 0., 1.], [0., 0., 0., 0.], [3., 0., 4., 0.]], dtype=D)
dh = torch.zeros(3, 2, 2, dtype=D)
dh[0, 1, 0] = 1.5
dh[2, 0, 1] = -2.0
csr = dn.to_sparse_csr()
cases["to_sparse"] = {"dense": t2j(dn), "indices": t2j(dn.to_sparse().indices()), "values": t2j(dn.to_sparse().values()),
                      "hybrid": t2j(dh), "hybrid_indices": t2j(dh.to_sparse(1).indices()),
                      "hybrid_values": t2j(dh.to_sparse(1).values()),
                      "crow": t2j(csr.crow_indices()), "col": t2j(csr.col_indices()), "csr_values": t2j(csr.values())}

# printing: each case is rebuilt by the Java test from the same parts
prints = {}
I = torch.tensor([[0, 1, 1], [2, 0, 2]])
V = torch.tensor([3., 4., 5.])
prints["coo"] = repr(torch.sparse_coo_tensor(I, V, (2, 3)))
prints["coo_inferred"] = repr(torch.sparse_coo_tensor(I, V))
prints["coo_float64"] = repr(torch.sparse_coo_tensor(I, V.double(), (2, 3)))
prints["coo_int32"] = repr(torch.sparse_coo_tensor(I, V.int(), (2, 3)))
prints["coo_grad"] = repr(torch.sparse_coo_tensor(I, V.double().requires_grad_(), (2, 3)))
prints["coo_coalesce_grad"] = repr(torch.sparse_coo_tensor(I[:, [1, 0, 2, 1]], torch.tensor([1., 2., 3., 4.]).requires_grad_(), (2, 3)).coalesce())
prints["coo_t_grad"] = repr(torch.sparse_coo_tensor(I, V.clone().requires_grad_(), (2, 3)).t())
prints["coo_mul_grad"] = repr(torch.sparse_coo_tensor(I, V.clone().requires_grad_(), (2, 3)) * 2)
prints["coo_softmax_grad"] = repr(torch.sparse.softmax(torch.sparse_coo_tensor(I, V.clone().requires_grad_(), (2, 3)), 1))
prints["coo_hybrid"] = repr(torch.sparse_coo_tensor(I, torch.arange(12.).reshape(3, 2, 2) / 3, (2, 3, 2, 2)))
prints["coo_empty"] = repr(torch.zeros(2, 3).to_sparse())
prints["coo_long"] = repr(torch.sparse_coo_tensor(torch.arange(40).reshape(1, 40), torch.arange(40.) * 1.5, (40,)))
prints["coo_3d"] = repr(torch.sparse_coo_tensor(i3, torch.tensor([1., -2., 3.5, 4.]), (2, 3, 4)))
prints["csr"] = repr(torch.sparse_coo_tensor(I, V, (2, 3)).to_dense().to_sparse_csr())
prints["csr_empty"] = repr(torch.zeros(2, 3).to_sparse_csr())
prints["csr_float64"] = repr(dn.to_sparse_csr())
cases["prints"] = prints

CT = lambda cr, co, v, sz=(2, 3): torch.sparse_csr_tensor(torch.tensor(cr), torch.tensor(co), v, sz)  # noqa: E731
S = torch.sparse_coo_tensor(I, V, (2, 3))
cases["errors"] = {
    "index_too_large": err(lambda: torch.sparse_coo_tensor(I, V, (2, 2))),
    "negative_index": err(lambda: torch.sparse_coo_tensor(torch.tensor([[0, -1, 1], [2, 0, 2]]), V, (2, 3))),
    "wrong_ndim": err(lambda: torch.sparse_coo_tensor(I, V, (2,))),
    "nnz_mismatch": err(lambda: torch.sparse_coo_tensor(I, V[:2], (2, 3))),
    "indices_1d": err(lambda: torch.sparse_coo_tensor(I[0], V, (2, 3))),
    "dense_ndim": err(lambda: torch.sparse_coo_tensor(I, torch.ones(3, 2), (2, 3))),
    "dense_size": err(lambda: torch.sparse_coo_tensor(I, torch.ones(3, 2), (2, 3, 3))),
    "indices_uncoalesced": err(lambda: S.indices()),
    "values_uncoalesced": err(lambda: S.values()),
    "csr_last": err(lambda: CT([0, 2, 1], [2, 0, 1], V)),
    "csr_unsorted": err(lambda: CT([0, 1, 3], [2, 1, 0], V)),
    "csr_duplicate": err(lambda: CT([0, 1, 3], [2, 1, 1], V)),
    "csr_nnz": err(lambda: CT([0, 1, 3], [2, 0], V)),
    "csr_col_range": err(lambda: CT([0, 1, 3], [2, 0, -1], V)),
    "csr_first": err(lambda: CT([1, 1, 3], [2, 0, 1], V)),
    "csr_rows": err(lambda: CT([0, 1, 3, 3], [2, 0, 1], V)),
    "csr_dtypes": err(lambda: torch.sparse_csr_tensor(torch.tensor([0, 1, 3]), torch.tensor([2, 0, 1], dtype=torch.int32), V, (2, 3))),
    "mm_size": err(lambda: torch.sparse.mm(S, torch.ones(2, 2))),
    "mm_dtype": err(lambda: torch.sparse.mm(S, torch.ones(3, 2, dtype=D))),
    "to_sparse_dim": err(lambda: torch.ones(2, 3).to_sparse(3)),
    "sum_repeated": err(lambda: torch.sparse.sum(S, (0, 0))),
    "t_3d": err(lambda: torch.sparse_coo_tensor(torch.zeros(3, 1, dtype=torch.long), V[:1], (2, 3, 4)).t()),
    "add_sizes": err(lambda: S + torch.sparse_coo_tensor(I, V, (3, 3))),
    "addmm_bias": err(lambda: torch.sparse.addmm(torch.ones(3, 2), S, torch.ones(3, 2))),
}

# a two-layer GCN (Kipf & Welling): normalized adjacency D^-1/2 (A + I) D^-1/2, trained by plain SGD
N, FIN, HID, CLS = 6, 4, 5, 3
edges = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 0), (0, 3)]
rows = [a for a, b in edges] + [b for a, b in edges] + list(range(N))
cols = [b for a, b in edges] + [a for a, b in edges] + list(range(N))
for dt, tag in ((D, "gcn"), (torch.float32, "gcn_float32")):
    A = torch.sparse_coo_tensor(torch.tensor([rows, cols]), torch.ones(len(rows), dtype=dt), (N, N)).coalesce()
    deg = torch.sparse.sum(A, [1]).to_dense()
    dinv = deg.pow(-0.5)
    ai = A.indices()
    ahat = torch.sparse_coo_tensor(ai, dinv[ai[0]] * A.values() * dinv[ai[1]], (N, N))
    X = torch.randn(N, FIN, dtype=dt)
    y = torch.tensor([0, 1, 2, 0, 1, 2])
    W1 = (torch.randn(FIN, HID, dtype=dt) * 0.5).requires_grad_()
    W2 = (torch.randn(HID, CLS, dtype=dt) * 0.5).requires_grad_()
    w1_0, w2_0 = W1.detach().clone(), W2.detach().clone()
    opt = torch.optim.SGD([W1, W2], lr=0.5)
    losses = []
    for step in range(8):
        opt.zero_grad()
        h = torch.relu(torch.sparse.mm(ahat, X @ W1))
        out = torch.sparse.mm(ahat, h @ W2)
        loss = F.cross_entropy(out, y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    cases[tag] = {"n": N, "rows": rows, "cols": cols, "x": t2j(X), "y": t2j(y), "w1": t2j(w1_0), "w2": t2j(w2_0),
                  "ahat_indices": t2j(ahat._indices()), "ahat_values": t2j(ahat._values()), "lr": 0.5, "losses": losses,
                  "w1_final": t2j(W1), "w2_final": t2j(W2)}

write("sparse", cases)
