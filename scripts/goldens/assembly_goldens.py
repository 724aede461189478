"""Goldens for repeat_interleave, meshgrid, diag, trace, unique, bincount, searchsorted and bucketize
-> goldens/assembly.json.

Run: /usr/bin/python3 scripts/goldens/assembly_goldens.py
"""
import torch

from common import t2j, write

torch.manual_seed(0)
cases = []
a = torch.randn(3, 4)


def grad_case(name, fn, x, **extra):
    xi = x.clone().requires_grad_(x.dtype.is_floating_point)
    out = fn(xi)
    c = {"kind": "grad", "name": name, "input": t2j(x), "out": t2j(out), **extra}
    if xi.requires_grad:
        w = torch.randn(out.shape)
        (out * w).sum().backward()
        c.update(w=t2j(w), grad=t2j(xi.grad), grad_fn=type(out.grad_fn).__name__)
    cases.append(c)


grad_case("repeat_interleave_flat", lambda x: torch.repeat_interleave(x, 2), a)
grad_case("repeat_interleave_dim", lambda x: x.repeat_interleave(3, dim=1), a)
grad_case("repeat_interleave_tensor", lambda x: torch.repeat_interleave(x, torch.tensor([1, 0, 2]), dim=0), a)
grad_case("diag_vector", lambda x: torch.diag(x), torch.randn(3))
grad_case("diag_vector_k", lambda x: torch.diag(x, 1), torch.randn(3))
grad_case("diag_vector_neg_k", lambda x: torch.diag(x, -2), torch.randn(3))
grad_case("diag_matrix", lambda x: torch.diag(x), a)
grad_case("diag_matrix_k", lambda x: torch.diag(x, -1), a)
grad_case("trace", lambda x: torch.trace(x).reshape(1), a)
grad_case("trace_int", lambda x: torch.trace(x).reshape(1), torch.arange(12).reshape(3, 4))
x1, x2, x3 = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([4.0, 5.0]), torch.tensor([6.0, 7.0, 8.0, 9.0])
for indexing in ("ij", "xy"):
    grids = torch.meshgrid(x1, x2, x3, indexing=indexing)
    cases.append({"kind": "meshgrid", "indexing": indexing, "inputs": [t2j(x1), t2j(x2), t2j(x3)], "outs": [t2j(g) for g in grids]})
u = torch.tensor([[3, 1, 2], [1, 3, 5]])
vals, inv, cnt = torch.unique(u, return_inverse=True, return_counts=True)
cases.append({"kind": "unique", "input": t2j(u), "values": t2j(vals), "inverse": t2j(inv), "counts": t2j(cnt)})
uf = torch.tensor([0.5, -1.0, 0.5, 2.0, -1.0, 0.25])
vals, inv, cnt = torch.unique(uf, return_inverse=True, return_counts=True)
cases.append({"kind": "unique", "input": t2j(uf), "values": t2j(vals), "inverse": t2j(inv), "counts": t2j(cnt)})
b = torch.tensor([1, 3, 3, 0, 7, 1])
cases.append({"kind": "bincount", "input": t2j(b), "out": t2j(torch.bincount(b))})
cases.append({"kind": "bincount", "input": t2j(b), "minlength": 10, "out": t2j(torch.bincount(b, minlength=10))})
wts = torch.rand(6)
cases.append({"kind": "bincount", "input": t2j(b), "weights": t2j(wts), "out": t2j(torch.bincount(b, weights=wts))})
cases.append({"kind": "bincount", "input": t2j(b), "weights": t2j(wts.double()), "out": t2j(torch.bincount(b, weights=wts.double()))})
seq = torch.tensor([1.0, 3.0, 5.0, 7.0, 9.0])
v = torch.tensor([[3.0, 6.0, 9.0], [0.0, 1.0, 10.0]])
for right in (False, True):
    cases.append({"kind": "searchsorted", "seq": t2j(seq), "values": t2j(v), "right": right, "out": t2j(torch.searchsorted(seq, v, right=right))})
    cases.append({"kind": "bucketize", "input": t2j(v), "boundaries": t2j(seq), "right": right, "out": t2j(torch.bucketize(v, seq, right=right))})
seq2 = torch.tensor([[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]])
v2 = torch.tensor([[3, 6, 9], [3, 6, 9]])
cases.append({"kind": "searchsorted", "seq": t2j(seq2), "values": t2j(v2), "right": False, "out": t2j(torch.searchsorted(seq2, v2))})
for p_, (pp, rr) in [(2.0, (4, 5)), (2.0, (30, 7)), (1.0, (4, 5)), (3.0, (30, 3)), (0.5, (3, 4))]:
    xa, xb = torch.randn(2, pp, 3), torch.randn(2, rr, 3)
    xa[0, 0] = xb[0, 0]  # one zero distance
    ga, gb = xa.clone().requires_grad_(True), xb.clone().requires_grad_(True)
    out = torch.cdist(ga, gb, p=p_)
    w = torch.randn(out.shape)
    (out * w).sum().backward()
    cases.append({"kind": "cdist", "p": p_, "x1": t2j(xa), "x2": t2j(xb), "out": t2j(out), "w": t2j(w), "g1": t2j(ga.grad), "g2": t2j(gb.grad)})
write("assembly", cases)
