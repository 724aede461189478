"""Goldens for torch.einsum -> goldens/einsum.json.

Run: /usr/bin/python3 scripts/goldens/einsum_goldens.py

Each case: the equation, the operands, the result and each operand's gradient of (out * w).sum(); error cases keep
PyTorch's message.
"""
import torch

from common import t2j, write

torch.manual_seed(0)
cases = []
r = torch.randn
for eq, shapes in [
    ("ij,jk->ik", [(3, 4), (4, 5)]), ("ij,jk", [(3, 4), (4, 5)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("ii->i", [(4, 4)]), ("ii", [(4, 4)]), ("ij->", [(3, 4)]), ("i,i->", [(5,), (5,)]), ("i,j->ij", [(3,), (4,)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]), ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    ("ijk,ikl->ijl", [(2, 3, 4), (2, 4, 5)]), ("ij,ij->ij", [(3, 4), (3, 4)]), ("ba", [(3, 4)]), ("ij->ji", [(3, 4)]),
    ("abc,cd,de->abe", [(2, 3, 4), (4, 5), (5, 6)]), ("i,i,i->i", [(4,), (4,), (4,)]), ("Ab,bC->AC", [(2, 3), (3, 4)]),
    ("ij,kj->ik", [(2, 1), (3, 4)]), ("...ij->ij", [(2, 3, 4)]), ("iij->ij", [(3, 3, 2)]), ("bii->bi", [(2, 3, 3)]),
    ("i j , j k -> i k", [(2, 3), (3, 2)]), ("...,...->...", [(2, 3), (3,)]), ("ijkl->ljik", [(2, 3, 4, 5)]),
    ("aij,ajk,akl->ail", [(2, 3, 4), (2, 4, 5), (2, 5, 3)]), (",ij->ij", [(), (2, 3)]),
]:
    ops = [r(s).requires_grad_(True) for s in shapes]
    out = torch.einsum(eq, *ops)
    w = r(out.shape)
    (out * w).sum().backward()
    cases.append({"kind": "einsum", "equation": eq, "operands": [t2j(o) for o in ops], "out": t2j(out), "w": t2j(w),
                  "grads": [t2j(o.grad) for o in ops]})
ints = torch.arange(6).reshape(2, 3)
cases.append({"kind": "einsum", "equation": "ij,kj->ik", "operands": [t2j(ints), t2j(ints)], "out": t2j(torch.einsum("ij,kj->ik", ints, ints))})
for name, eq, shapes in [("operands", "ij,jk->ik", [(2, 3)]), ("dims", "ijk->i", [(2, 3)]), ("repeat", "ii->i", [(2, 3)]),
                         ("output_twice", "ij->ii", [(2, 3)]), ("output_unknown", "ij->k", [(2, 3)]), ("broadcast", "ij,ij->ij", [(2, 3), (3, 3)])]:
    try:
        torch.einsum(eq, *[r(s) for s in shapes])
        raise AssertionError(name)
    except RuntimeError as e:
        cases.append({"kind": "error", "name": name, "equation": eq, "shapes": [list(s) for s in shapes], "message": str(e)})
write("einsum", cases)
