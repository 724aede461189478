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
