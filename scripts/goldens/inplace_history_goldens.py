#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/inplace_history.json from real PyTorch, read by
dev.torch4j.autograd.InplaceHistoryTest: the node an in-place op that overwrites a recorded tensor leaves as its
grad_fn, and the gradient its old history then gets (zeros where the old values are gone).

Each case: x = leaf * 2 (leaf = arange(1, 4), real or complex), the op applied to x, then the gradient of
sum(real(x)) with respect to the leaf. Names are 1.13's, which PyTorch 2.x keeps for these ops (fill_.Scalar is
FillBackward2 in both).

Run from the repository root: /usr/bin/python3 scripts/goldens/inplace_history_goldens.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import t2j, write  # noqa: E402

OPS = {
    "fill_": lambda x: x.fill_(1.5),
    "zero_": lambda x: x.zero_(),
    "copy_": lambda x: x.copy_(torch.full_like(x, 3)),
    "copy_ into a slice": lambda x: x[1:].copy_(torch.zeros_like(x[1:])),
}

cases = []
for dtype in (torch.float64, torch.complex128):
    for name, op in OPS.items():
        if dtype.is_complex and name == "copy_ into a slice":
            continue  # torch4j refuses in-place ops on views of complex tensors while recording (documented)
        leaf = torch.arange(1.0, 4.0, dtype=torch.float64).to(dtype).requires_grad_(True)
        x = leaf * 2
        op(x)
        fn = type(x.grad_fn).__name__
        (x.real if dtype.is_complex else x).sum().backward()
        cases.append({"op": name, "dtype": str(dtype).replace("torch.", ""), "grad_fn": fn, "values": t2j(x),
                      "grad": t2j(leaf.grad)})

write("inplace_history", cases)
