"""Shared helpers for the golden-file scripts: run with Debian's /usr/bin/python3 (python3-torch).

Each script writes library/src/test/resources/goldens/<name>.json: {"torch": version, "cases": [...]}.
A tensor is stored as {"dtype": "float32", "shape": [2, 3], "data": [...]} with data flattened row-major;
floating values are written as Python floats (exact for every float dtype), NaN/Infinity as JSON extensions,
bool as true/false, integers exactly.
"""
import json
import math
import os

import torch

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "goldens")


def t2j(t):
    """A tensor as a JSON-able dict (moved to the CPU, detached)."""
    t = t.detach().cpu()
    name = str(t.dtype).replace("torch.", "")
    flat = t.reshape(-1)
    if t.dtype.is_floating_point:
        data = [float(v) for v in flat.double().tolist()]
    elif t.dtype == torch.bool:
        data = [bool(v) for v in flat.tolist()]
    else:
        data = [int(v) for v in flat.tolist()]
    return {"dtype": name, "shape": list(t.shape), "data": data}


def write(name, cases):
    os.makedirs(ROOT, exist_ok=True)
    path = os.path.join(ROOT, name + ".json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, allow_nan=True, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)
    print("wrote", path, len(cases), "cases")


def weighted_grad_case(cases, fn, f, inputs, kw=None, grad=True, outs_abs=(), note=None):
    """A "fn" case: f's outputs for the inputs and, with grad, each input's gradient of sum_i (proc(out_i) * w_i).sum()
    for random weights w_i (proc: abs for the outputs in outs_abs, whose signs are free), with the grad_fn names."""
    inputs = [x.clone().requires_grad_(grad and x.dtype.is_floating_point) for x in inputs]
    out = f(*inputs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    c = {"kind": "fn", "fn": fn, "kw": kw or {}, "inputs": [t2j(x) for x in inputs], "outputs": [t2j(o) for o in outs],
         "abs": list(outs_abs)}
    if note:
        c["note"] = note
    if grad:
        ws, loss = [], 0
        for i, o in enumerate(outs):
            if not o.dtype.is_floating_point or not o.requires_grad or o.numel() == 0:
                ws.append(None)
                continue
            w = torch.randn(o.shape, dtype=o.dtype)
            ws.append(t2j(w))
            loss = loss + ((o.abs() if i in outs_abs else o) * w).sum()
        loss.backward()
        c["w"] = ws
        c["grads"] = [t2j(x.grad) if x.grad is not None else None for x in inputs]
        c["grad_fn"] = [type(o.grad_fn).__name__ if o.grad_fn is not None else None for o in outs]
    cases.append(c)
